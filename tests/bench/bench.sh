#!/bin/sh
# bench.sh - the driver `make bench` runs: grantsheet's speed, size and memory
# figures, each beside its target (ok / OVER).
#
#   tests/bench/bench.sh BENCH GRANTSHEET PLAN.xml
#
# First the plan is rendered many times in one process (pipeline kept, the
# batch-service case), then once per fresh process (the script case).  The
# counts can be changed with BENCH_N (in-process, default 200) and
# BENCH_PROC_N (processes, default 20).  A missed target is reported, not
# failed: the exit status is non-zero only when a run itself fails.
set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 BENCH GRANTSHEET PLAN.xml" >&2
    exit 2
fi
bench=$1 bin=$2 plan=$3
for f in "$bench" "$bin"; do
    [ -x "$f" ] || { echo "bench.sh: $f is not executable" >&2; exit 2; }
done
[ -r "$plan" ] || { echo "bench.sh: cannot read $plan" >&2; exit 2; }

echo "grantsheet bench ($(uname -m), $(date -u +%Y-%m-%dT%H:%MZ))"
"$bench" "$plan" "${BENCH_N:-200}"
"$bench" --exec "$bin" "$plan" "${BENCH_PROC_N:-20}"
