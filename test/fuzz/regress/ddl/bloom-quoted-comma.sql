CREATE TABLE t (k INT, `a,b` INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) PROPERTIES ("bloom_filter_columns" = "k,`a,b`");
