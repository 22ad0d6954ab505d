#!/bin/bash
# make eval: the seed paper's Section 5 on the real test bed. Four Xen
# boots (Xen 4.17 PV dom0, QEMU intel-iommu): cache-disabled,
# cache-pre-enabled and cache-dynamic-enabled under dom0-iommu=strict, and
# the relaxed-mode baseline; each runs test/guest/suite-eval.sh. Then
# figures.py draws Figures 6, 7, 8, 9 and 11 and writes
# build/eval/report.md (build/eval-6.12-xen4.20/... for KVER=6.12 XEN=4.20), and test/bench-xen.sh --ledger-only adds the
# per-process ledger to it. Exit status 1 if a run or a figure failed.
#
# IOSUP_EVAL_DURATION (s, default 120) and IOSUP_EVAL_RATE (processes a
# minute, default 600) size the workload.
set -uo pipefail
. "$(dirname "$0")/../../test/lib.sh"

duration=${IOSUP_EVAL_DURATION:-120}
rate=${IOSUP_EVAL_RATE:-600}
interval=5
for v in "$duration" "$rate"; do
	case "$v" in ''|*[!0-9]*|0)
		echo "IOSUP_EVAL_DURATION and IOSUP_EVAL_RATE must be positive numbers" >&2
		exit 2 ;;
	esac
done
[ "$duration" -ge 30 ] || { echo "IOSUP_EVAL_DURATION must be at least 30 s" >&2; exit 2; }

start=$(date +%s)
build_all || { echo "eval: build failed" >&2; exit 1; }
out=$build/eval$suffix$xsuffix
mkdir -p "$runs" "$out"
rm -f "$out"/*.png "$out"/*.dat "$out"/report.md "$out"/results.txt \
	"$runs"/eval-*.rc "$runs"/eval-*.log

a="duration=$duration@rate=$rate"
# One guest at a time: the latencies of Figure 11 compare boots, and a
# second guest on the host would add its own noise to each.
lane "eval-disabled|--xen --suite eval --append group=disabled@$a" \
	"eval-pre|--xen --suite eval --append group=pre@$a" \
	"eval-dynamic|--xen --suite eval --append group=dynamic@$a" \
	"eval-relaxed|--xen --dom0-iommu relaxed --suite eval --append group=disabled@$a"

failed=0
for g in disabled pre dynamic relaxed; do
	rc=$(cat "$runs/eval-$g.rc" 2>/dev/null || echo 1)
	if [ "$rc" != 0 ]; then
		echo "eval: the $g run failed (status $rc):" >&2
		tail -n 20 "$runs/eval-$g.log" >&2
		failed=1
	fi
done
[ $failed = 0 ] || exit 1
"$top/userspace/eval/figures.py" "$runs" "$out" "$interval" || exit 1
# The per-process ledger: invalidations, trapped page-table writes and
# hypercalls, for a stock kernel and IOSUP off, on and pinned.
{
	echo
	echo "## Ledger per process (test/bench-xen.sh --ledger-only)"
	echo
	echo '```'
	"$top/test/bench-xen.sh" --ledger-only 2>/dev/null | sed -n '/^Ledger/,/^Dense/p'
	echo '```'
} >> "$out/report.md"
echo
echo "eval: $(ls "$out"/*.png | wc -l) figures and $out/report.md in $(( $(date +%s) - start ))s"
sed -n '/^| figure/,/^$/p' "$out/report.md"
