CREATE TABLE daily_stats (
    dt       DATE NOT NULL,
    site_id  INT NOT NULL,
    pv       BIGINT SUM DEFAULT '0',
    uv_est   HLL HLL_UNION,
    user_ids BITMAP BITMAP_UNION
)
AGGREGATE KEY (dt, site_id)
COMMENT 'per-site daily aggregates'
DISTRIBUTED BY HASH(site_id)
PROPERTIES ("replication_num" = "3", "storage_medium" = "SSD");

CREATE VIEW top_sites AS
SELECT site_id, sum(pv) AS pv FROM daily_stats GROUP BY site_id;
