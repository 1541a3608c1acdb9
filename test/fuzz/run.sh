#!/bin/sh
# make fuzz / make fuzz-ci: runs each libFuzzer target and prints its
# executions. A finding -- a crash, a sanitizer report (ASan, UBSan, a
# leak), a timeout (10 s for one input), more than 2 GB of memory, or a
# broken invariant (test/fuzz/common.h) -- fails the run and leaves the
# input in build/fuzz/findings/; `build/fuzz/fuzz_<t> FILE` replays it.
#
#   sh test/fuzz/run.sh time SECONDS target...   (make fuzz)
#   sh test/fuzz/run.sh runs target...           (make fuzz-ci)
#
# Either way each target first replays test/fuzz/regress/<t>/, every input
# that was ever a finding: one that fails again is a finding too.
#
# time: open-ended, SECONDS per target, a random seed; libFuzzer keeps
# what it finds new in build/fuzz/corpus/<t> (its first directory) and
# later runs start from it. Seeds are read in place: test/fixtures,
# test/fuzz/seeds/<t> and ../shared/corpus when present.
#
# runs: the same verdict for the same commit (CI): a fixed -seed and a fixed
# number of executions per target (about 20 s each on the 2-core machine
# this was measured on), the seeds alone given in a fixed order
# (-seed_inputs, sorted names), nothing carried over from earlier runs, and
# no wall-clock limit but the 10 s per input, and address randomisation off
# (setarch -R): libFuzzer takes values the code compares, addresses
# included, as dictionary words, so with random addresses two runs of the
# same seed part after a few thousand executions. FUZZ_RUNS_SCALE=k
# multiplies the counts (a longer but still repeatable run).
set -u
cd "$(dirname "$0")/../.."
mode=$1
shift
secs=30
if [ "$mode" = time ]; then
    secs=${1:-30}
    shift
elif [ "$mode" != runs ]; then
    echo "usage: run.sh time SECONDS target... | run.sh runs target..." >&2
    exit 2
fi
scale=${FUZZ_RUNS_SCALE:-1}
corpus=../shared/corpus
[ -d "$corpus" ] || corpus=""
mkdir -p build/fuzz/findings
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rc=0
norand=""
if [ "$mode" = runs ]; then
    if setarch "$(uname -m)" -R true 2>/dev/null; then
        norand="setarch $(uname -m) -R"
    else
        echo "fuzz: setarch -R fails here: addresses are random, so runs may differ" >&2
    fi
fi

# The lines of a log that say what the finding is.
why() {
    grep -E "^(==[0-9]+==ERROR|SUMMARY|invariant broken|.*runtime error)" "$1" | head -5
}

for t in "$@"; do
    # runs: executions for about 20 s each here (make fuzz-ci; the figures
    # are in doc/testing.md).
    case $t in
    types) seeds="test/fuzz/seeds/types"; runs=1200000
           opts="-max_len=512 -dict=test/fuzz/types.dict" ;;
    ddl)   seeds="test/fixtures test/fuzz/seeds/apply $corpus"; runs=14000
           opts="-max_len=16384 -dict=test/fuzz/ddl.dict" ;;
    spec)  seeds="test/fuzz/seeds/spec"; runs=400000
           opts="-max_len=4096" ;;
    apply) seeds="test/fuzz/seeds/apply test/fixtures"; runs=3600
           opts="-max_len=8192 -dict=test/fuzz/ddl.dict" ;;
    *) echo "fuzz: unknown target $t" >&2; exit 2 ;;
    esac
    bin="build/fuzz/fuzz_$t"
    log="build/fuzz/$t.log"

    # every input that was ever a finding
    regress=$(find "test/fuzz/regress/$t" -type f 2>/dev/null | LC_ALL=C sort)
    if [ -n "$regress" ]; then
        # shellcheck disable=SC2086
        "$bin" -timeout=10 -rss_limit_mb=2048 $regress >"$log" 2>&1
        st=$?
        if [ "$st" -ne 0 ]; then
            echo "fuzz_$t: REGRESSION (exit $st): an input of test/fuzz/regress/$t fails again; log: $log"
            grep -E "^Running: " "$log" | tail -1
            why "$log"
            rc=1
            continue
        fi
    fi

    if [ "$mode" = time ]; then
        mkdir -p "build/fuzz/corpus/$t"
        # shellcheck disable=SC2086
        "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t-" $opts \
            "build/fuzz/corpus/$t" $seeds >"$log" 2>&1
        st=$?
        what="in ${secs} s"
    else
        list="build/fuzz/$t.seeds"
        # shellcheck disable=SC2086
        find $seeds -type f | LC_ALL=C sort | paste -sd, - >"$list"
        runs=$((runs * scale))
        t0=$(date +%s)
        # shellcheck disable=SC2086
        $norand "$bin" -seed=1 -runs="$runs" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$t-" $opts \
            -seed_inputs=@"$list" >"$log" 2>&1
        st=$?
        what="(-seed=1 -runs=$runs) in $(($(date +%s) - t0)) s"
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    units=$(sed -n 's/.*DONE.*corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -1)
    if [ "$st" -eq 0 ]; then
        echo "fuzz_$t: ${execs:-?} executions $what, corpus ${units:-?} inputs, no finding"
    else
        echo "fuzz_$t: FINDING (exit $st) after ${execs:-?} executions; log: $log"
        why "$log"
        ls build/fuzz/findings/"$t"-* 2>/dev/null | head -3
        rc=1
    fi
done
exit $rc
