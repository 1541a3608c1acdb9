#!/bin/sh
# make fuzz: runs each libFuzzer target SECONDS (default 30) and prints its
# executions. A finding -- a crash, a sanitizer report (ASan, UBSan, a
# leak), a timeout (10 s for one input), more than 2 GB of memory, or a
# broken invariant (test/fuzz/common.h) -- fails the run and leaves the
# input in build/fuzz/findings/; `build/fuzz/fuzz_<t> FILE` replays it.
#
#   sh test/fuzz/run.sh SECONDS target...
#
# Seeds are read in place: test/fixtures, test/fuzz/seeds/<t> and
# ../shared/corpus when present; libFuzzer writes what it finds new to the
# first directory only, build/fuzz/corpus/<t>.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-30}
shift
corpus=../shared/corpus
[ -d "$corpus" ] || corpus=""
mkdir -p build/fuzz/findings
rc=0
for t in "$@"; do
    mkdir -p "build/fuzz/corpus/$t"
    case $t in
    types) seeds="test/fuzz/seeds/types"; opts="-max_len=512 -dict=test/fuzz/types.dict" ;;
    ddl)   seeds="test/fixtures test/fuzz/seeds/apply $corpus"; opts="-max_len=16384 -dict=test/fuzz/ddl.dict" ;;
    spec)  seeds="test/fuzz/seeds/spec"; opts="-max_len=4096" ;;
    apply) seeds="test/fuzz/seeds/apply test/fixtures"; opts="-max_len=8192 -dict=test/fuzz/ddl.dict" ;;
    *) echo "fuzz: unknown target $t" >&2; exit 2 ;;
    esac
    log="build/fuzz/$t.log"
    # shellcheck disable=SC2086
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t-" $opts \
        "build/fuzz/corpus/$t" $seeds >"$log" 2>&1
    st=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    units=$(sed -n 's/.*DONE.*corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -1)
    if [ "$st" -eq 0 ]; then
        echo "fuzz_$t: ${execs:-?} executions in ${secs} s, corpus ${units:-?} inputs, no finding"
    else
        echo "fuzz_$t: FINDING (exit $st) after ${execs:-?} executions; log: $log"
        grep -E "^(==[0-9]+==ERROR|SUMMARY|invariant broken|.*runtime error)" "$log" | head -5
        ls build/fuzz/findings/"$t"-* 2>/dev/null | head -3
        rc=1
    fi
done
exit $rc
