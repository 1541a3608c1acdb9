#!/bin/sh
# make bench: each benchmark prints its own figures.
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/out
cc -O2 -o bench/out/bench_load bench/bench_load.c -lsqlite3
[ -f bench/out/schema_a.sql ] || tclsh bench/gen_schema.tcl bench/out/schema_a.sql 10000 30 0
[ -f bench/out/schema_b.sql ] || tclsh bench/gen_schema.tcl bench/out/schema_b.sql 10000 30 1
echo "parse + load: 10,000 tables x 30 columns, SHOW CREATE TABLE form ($(du -m bench/out/schema_a.sql | cut -f1) MB); target < 0.5 s, < 300 MB"
bench/out/bench_load ./libsrschema.so bench/out/schema_a.sql
sh bench/count.sh 1000
tclsh bench/live.tcl ./libsrschema.so
tclsh bench/diff.tcl ./libsrschema.so bench/out/schema_a.sql bench/out/schema_b.sql
tclsh bench/apply.tcl ./libsrschema.so
