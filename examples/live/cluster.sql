-- What the cluster prints (SHOW CREATE TABLE, a 3.3 server), after months of
-- hand-made changes: this is the "live" side of the demo.
CREATE TABLE `orders` (
  `order_id` bigint(20) NOT NULL COMMENT "order id",
  `order_dt` datetime NOT NULL COMMENT "",
  `customer` varchar(50) NOT NULL COMMENT "customer name",
  `amount` decimal(10, 2) NULL DEFAULT "0" COMMENT "",
  `channel` varchar(65533) NULL COMMENT "",
  `tags` array<varchar(65533)> NULL COMMENT "",
  `legacy_flag` boolean NULL COMMENT "no longer used"
) ENGINE=OLAP 
PRIMARY KEY(`order_id`, `order_dt`)
PARTITION BY date_trunc('day', `order_dt`)
DISTRIBUTED BY HASH(`order_id`) BUCKETS 8 
ORDER BY(`order_dt`, `order_id`)
PROPERTIES (
"compression" = "LZ4",
"enable_persistent_index" = "true",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "1"
);

CREATE TABLE `daily_stats` (
  `dt` date NOT NULL COMMENT "",
  `site_id` int(11) NOT NULL COMMENT "",
  `pv` bigint(20) SUM NULL DEFAULT "0" COMMENT "",
  `uv_est` hll HLL_UNION NULL COMMENT "",
  `user_ids` bitmap BITMAP_UNION NULL COMMENT ""
) ENGINE=OLAP 
AGGREGATE KEY(`dt`, `site_id`)
COMMENT "per-site daily aggregates"
DISTRIBUTED BY HASH(`site_id`)
PROPERTIES (
"compression" = "LZ4",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "3"
);

CREATE TABLE `events` (
  `event_id` bigint(20) NOT NULL COMMENT "",
  `event_type` varchar(50) NOT NULL COMMENT "",
  `payload` struct<id int(11), labels array<varchar(20)>> NULL COMMENT "",
  `attributes` map<varchar(65533),varchar(65533)> NULL COMMENT ""
) ENGINE=OLAP 
DUPLICATE KEY(`event_id`, `event_type`)
DISTRIBUTED BY RANDOM
PROPERTIES (
"bucket_size" = "1073741824",
"compression" = "LZ4",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "3"
);

CREATE TABLE `tmp_import` (
  `k` int(11) NULL COMMENT ""
) ENGINE=OLAP 
DUPLICATE KEY(`k`)
DISTRIBUTED BY RANDOM
PROPERTIES (
"bucket_size" = "1073741824",
"compression" = "LZ4",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "3"
);
