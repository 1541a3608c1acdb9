-- Desired state, kept in git: written by hand.
CREATE TABLE orders (
    order_id   BIGINT NOT NULL COMMENT 'order id',
    order_dt   DATETIME NOT NULL,
    customer   VARCHAR(100) NOT NULL COMMENT 'customer name',
    amount     DECIMAL(12, 2) DEFAULT '0',
    channel    STRING COMMENT 'web, app or store',
    tags       ARRAY<STRING>
)
PRIMARY KEY (order_id, order_dt)
PARTITION BY date_trunc('day', order_dt)
DISTRIBUTED BY HASH(order_id) BUCKETS 16
ORDER BY (order_dt, order_id)
PROPERTIES ("replication_num" = "3");
