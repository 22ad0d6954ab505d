#!/bin/bash
# make demo: boot Xen (4.17, or 4.20 with XEN=4.20) PV dom0 on an emulated VT-d IOMMU and run the
# process workload (fork+exit, fork+execve, fork+/bin/sh -c) in each
# configuration, then in two PV domUs that dom0 starts (one with a
# passed-through device), then print the IOTLB invalidations QEMU counted
# side by side, then the native benchmarks (test/bench.sh). Every figure is also
# printed as "RESULT <name>=<value>".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

iters=${IOSUP_DEMO_ITERATIONS:-1000}
case "$iters" in ''|*[!0-9]*|0) echo "IOSUP_DEMO_ITERATIONS must be a positive number" >&2; exit 2 ;; esac

build_all || { echo "demo: build failed" >&2; exit 1; }

# name|qemu-run.sh options|guest arguments
configs=(
	"stock|--xen --suite xen|"
	"relaxed|--xen --dom0-iommu relaxed --suite xen|"
	"disabled|--xen --suite xen-pool|group=disabled"
	"pre_enabled|--xen --suite xen-pool|group=pre"
	"dynamic|--xen --suite xen-pool|group=dynamic"
)
for entry in "${configs[@]}"; do
	IFS='|' read -r name opts args <<< "$entry"
	# shellcheck disable=SC2086
	boot "demo-$name" $opts --append "$args iterations=$iters" ||
		echo "demo: the $name run failed; its figures may be missing" >&2
	count_invalidations "demo-$name" 2>/dev/null
done

# The second user: PV domUs started by dom0 (suite domu), one with q35's
# e1000e passed through, one without, each in the same groups.
domu_iters=${IOSUP_DEMO_DOMU_ITERATIONS:-200}
case "$domu_iters" in ''|*[!0-9]*|[0-3]) echo "IOSUP_DEMO_DOMU_ITERATIONS must be a number above 3" >&2; exit 2 ;; esac
if build_domu_initrd; then
	boot demo-domu --xen --suite domu --initrd "$domu_initrd" \
		--append "iterations=$domu_iters nodev_iterations=$((domu_iters / 4))" ||
		echo "demo: the domU run failed; its figures may be missing" >&2
	count_invalidations demo-domu 2>/dev/null
else
	echo "demo: cannot pack Xen $XEN's toolstack for the domUs (make deps; for 4.20, Debian 13's packages must be reachable)" >&2
fi

phases="fork_exit fork_execve fork_sh"
fig() { result_of "demo-$1" "$2"; }
# row LABEL RUN PREFIX: one line of the table below.
row() {
	printf '%-20s |' "$1"
	for p in $phases; do printf ' %8s' "$(fig $2 $3${p}_inval_per_proc)"; done
	printf ' |'
	for p in $phases; do printf ' %8s' "$(fig $2 $3${p}_inval_per_sec)"; done
	printf ' |'
	for p in $phases; do printf ' %6.0f' "$(fig $2 $3${p}_us)"; done
	echo
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "IOSUP demo: Xen $XEN PV dom0, dom0-iommu=strict unless relaxed, QEMU intel-iommu,"
echo "$iters processes per test in dom0, $domu_iters in the domU with a device and $((domu_iters / 4))"
echo "in the one without. Invalidations are QEMU's count (page + domain + global);"
echo "a domU's rows count only its own IOMMU domain, read from the trace."
echo
printf '%-20s | %27s | %27s | %20s\n' "" "invalidations per process" "invalidations per second" "latency (us)"
printf '%-20s | %8s %9s %8s | %8s %9s %8s | %6s %6s %6s\n' config \
	exit execve sh-c exit execve sh-c exit execve sh-c
# every_row ROW: ROW LABEL RUN PREFIX for each dom0 config, then each
# domU group.
every_row() {
	local entry d g
	for entry in "${configs[@]}"; do
		"$1" "dom0 ${entry%%|*}" "${entry%%|*}" ""
	done
	for d in pt nodev; do
		for g in stock disabled pre dynamic; do
			"$1" "domU $d $g" domu "${d}_${g}_"
		done
	done
}
every_row row
echo "(domU pt: a PV domU with q35's e1000e passed through; nodev: without a device)"
echo
# The same, by kind: page-selective ones, one per page-table type change,
# and domain-wide ones, which Xen issues when it merges IOMMU mappings
# back into a superpage, as often as freed tables happen to complete a
# 2 MiB run (QEMU's AMD-Vi trace gives a page invalidation no size, so
# there a merge's flush counts as page-selective).
echo "By kind, per process: page-selective / domain-wide / global"
printf '%-20s | %20s %20s %20s\n' config exit execve sh-c
kinds_row() {
	printf '%-20s |' "$1"
	for p in $phases; do
		printf ' %20s' "$(fig $2 $3${p}_pages_per_proc) / $(fig $2 $3${p}_domain_per_proc) / $(fig $2 $3${p}_global_per_proc)"
	done
	echo
}
every_row kinds_row
echo
echo "Latency ratios inside this run (pre_enabled / disabled, pre_enabled / relaxed):"
for p in $phases; do
	printf '  %-12s %6s %6s\n' "$p" \
		"$(ratio "$(fig pre_enabled ${p}_us)" "$(fig disabled ${p}_us)")" \
		"$(ratio "$(fig pre_enabled ${p}_us)" "$(fig relaxed ${p}_us)")"
done
for name in pre_enabled dynamic; do
	peak=0 steady=0
	for l in pgd pud pmd pte; do
		peak=$((peak + $(fig $name ${l}_peak || echo 0)))
		steady=$((steady + $(fig $name ${l}_in_pool || echo 0)))
	done
	echo "Pool size, $name: peak $peak pages, $steady pages at the end"
	echo "RESULT ${name}_pool_peak_pages=$peak"
	echo "RESULT ${name}_pool_steady_pages=$steady"
done
echo
for entry in "${configs[@]}" domu; do
	name=${entry%%|*}
	sed -n "s/^RESULT /RESULT ${name}_/p" "$runs/demo-$name/counts.txt" 2>/dev/null
	sed -n "s/^# RESULT /RESULT ${name}_/p" "$runs/demo-$name/tap.log" 2>/dev/null
done
for p in $phases; do
	echo "RESULT ${p}_latency_ratio_vs_disabled=$(ratio "$(fig pre_enabled ${p}_us)" "$(fig disabled ${p}_us)")"
	echo "RESULT ${p}_latency_ratio_vs_relaxed=$(ratio "$(fig pre_enabled ${p}_us)" "$(fig relaxed ${p}_us)")"
done

# The per-process ledger: invalidations and trapped page-table writes,
# stock and IOSUP off and on, and the cost model's estimate.
echo
"$top/test/bench-xen.sh" --ledger-only 2>/dev/null | sed -n '/^Ledger/,$p'

# The native rows: pool on vs off, and hook overhead against a stock kernel.
echo
IOSUP_BENCH_ROUNDS=${IOSUP_BENCH_ROUNDS:-3} "$top/test/bench.sh" 2>/dev/null |
	sed -n '/^Native/,$p'

# The seed paper's figures come from make eval (about 15 minutes); show
# the last one's summary if there is one.
echo
eval_dir=$build/eval$suffix$xsuffix
if [ -r "$eval_dir/report.md" ]; then
	echo "From the last 'make eval' ($(date -r "$eval_dir/report.md" '+%F %R'), Xen $XEN, figures in $eval_dir):"
	sed -n '/^| figure/,/^$/p' "$eval_dir/report.md"
	cat "$eval_dir/results.txt"
else
	echo "Run 'make eval KVER=$kver XEN=$XEN' for the seed paper's Figures 6-11 and ${eval_dir#$top/}/report.md."
fi

# Every count of the table must be a number: name each one that is not.
missing=0
check_row() {
	local p v
	for p in $phases; do
		v=$(fig "$2" "$3${p}_inval_per_proc")
		[[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] && continue
		echo "demo: $1, ${p}: no invalidation count (got '$v')" >&2
		missing=1
	done
}
every_row check_row
exit $missing
