#!/bin/sh
# Instructions executed to parse and to plan, counted by valgrind's
# callgrind: unlike times, they do not drift with the machine's load
# (doc/bench.md "Instruction counts").
#   sh bench/count.sh [TABLES]   (1000 by default; 10000 reads the inputs
#                                 of make bench)
# parse: the whole bench_load process over TABLES x 30 columns (loading
# SQLite and the extension included); plan: sr_diff_plan alone, once,
# against variant 1 of the same size (300 steps per 1,000 tables).
set -e
cd "$(dirname "$0")/.."
n=${1:-1000}
sh test/install-deps.sh bench >/dev/null
mkdir -p bench/out
cc -O2 -o bench/out/bench_load bench/bench_load.c -lsqlite3
if [ "$n" = 10000 ]; then
    a=bench/out/schema_a.sql b=bench/out/schema_b.sql
else
    a=bench/out/count_a_$n.sql b=bench/out/count_b_$n.sql
fi
[ -f $a ] || tclsh bench/gen_schema.tcl $a $n 30 0
[ -f $b ] || tclsh bench/gen_schema.tcl $b $n 30 1
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
        sed -n 's/.*Collected : //p'
}
parse=$(count bench/out/bench_load ./libsrschema.so $a)
plan=$(count --toggle-collect=sr_diff_plan bench/out/bench_load \
    ./libsrschema.so $a "SELECT count(*) FROM sr_diff(?1, '$b')")
echo "instructions, $n tables x 30 columns: parse + load $parse, plan $plan"
