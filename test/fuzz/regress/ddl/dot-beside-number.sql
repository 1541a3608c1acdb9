CREATE TABLE t0 (
  v1 bigint NOT NULL,
  g1 bigint NULL AS v1 . 10,
  g2 bigint NULL AS v1 .10,
  g3 bigint NULL AS 1 . v1
) DUPLICATE KEY(v1) DISTRIBUTED BY HASH(v1) BUCKETS 1;
