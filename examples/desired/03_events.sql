CREATE TABLE events (
    event_id   BIGINT NOT NULL,
    event_type VARCHAR(50) NOT NULL,
    payload    STRUCT<id INT, labels ARRAY<VARCHAR(20)>, source VARCHAR(32)>,
    attributes MAP<STRING, STRING>
)
DUPLICATE KEY (event_id, event_type)
DISTRIBUTED BY RANDOM;
