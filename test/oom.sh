#!/bin/sh
# make test-oom: starts a fake FE for the live cases, then runs the
# allocation-failure driver over test/oom.cases twice: the Nth allocation
# failing alone, then it and every later one. Options given replace the
# two runs by one with them (test/oom.c lists them).
set -eu
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/srschema-oom.XXXXXX)
tclsh test/fakefe.tcl --portfile "$dir/port" --db shop=test/fixtures/live \
    --db cloud=test/fixtures/shared \
    --parent $$ --lifetime 3600 >/dev/null 2>"$dir/fakefe.log" &
fe=$!
trap 'kill $fe 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
# Up to a minute (it was 10 s), so that a loaded machine does not make the
# live cases be skipped.
i=0
while [ ! -s "$dir/port" ] && [ $i -lt 3000 ]; do sleep 0.02; i=$((i + 1)); done
if [ -s "$dir/port" ]; then
    OOM_FAKEFE="127.0.0.1:$(cat "$dir/port")"
    export OOM_FAKEFE
else
    echo "test-oom: the fake FE did not start; live cases are skipped" >&2
fi
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rc=0
if [ $# -gt 0 ]; then
    build/oom/oomtest "$@" test/oom.cases || rc=1
else
    build/oom/oomtest test/oom.cases || rc=1
    # OOM_PERSIST_STRIDE=K: every Kth point of the second run (CI uses 4)
    build/oom/oomtest --persist --stride "${OOM_PERSIST_STRIDE:-1}" \
        test/oom.cases || rc=1
fi
exit $rc
