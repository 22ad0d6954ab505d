#!/bin/bash
# Show that the warm-pool bounds of make check hold run after run: the
# caching groups they bound, booted as make check boots them, ROUNDS
# times, two guests at a time as make check runs them (one vCPU each).
# One lane boots dom0's pre-enabled and on-demand groups (VT-d), the
# other the domU with a passed-through device (AMD-Vi), which runs both.
# With "busy", two busy loops share the host's two cores with them.
# Prints one line per round, group and phase: invalidations per process
# in all, the pool's growth per process, and what went beyond it; then
# the worst of each. The bound (check.sh's warm_bound): beyond <= 0.1 and
# growth <= 1 per process. Exit status 1 if a run failed or a bound did.
# Usage: bound-runs.sh ROUNDS [busy]   (KVER and XEN as for make check)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
rounds_and_load "$@"
# Runs of their own: make check clears its runs directory when it starts.
runs=$build/bound-runs$suffix$xsuffix

mkdir -p "$build"
build_all > "$build/bound-runs-build.log" 2>&1 ||
	{ echo "build failed: $build/bound-runs-build.log" >&2; exit 1; }
build_domu_initrd >> "$build/bound-runs-build.log" 2>&1 ||
	{ echo "domU initramfs failed: $build/bound-runs-build.log" >&2; exit 1; }
mkdir -p "$runs"
host_load "$load"

# As check.sh boots them: 1000 processes a phase in dom0, 400 in the domU.
a="iterations=1000@norandmaps"
amd_domu="--xen --iommu amd --suite domu --initrd $domu_initrd --append iterations=400@domus=pt"
names=()
for r in $(seq 1 "$rounds"); do
	p=bound-$load-$r
	names+=("$p-xen-pre" "$p-xen-dynamic" "$p-amd-domu")
	lane "$p-xen-pre|--xen --suite xen-pool --append group=pre@verify=1@$a" \
		"$p-xen-dynamic|--xen --suite xen-pool --append group=dynamic@verify=1@$a" &
	lane1=$!
	lane "$p-amd-domu|$amd_domu" &
	wait "$lane1" "$!"
done

{
	printf '%-28s %-8s %-12s %8s %8s %8s\n' run group phase all growth beyond
	for run in "${names[@]}"; do
		if [ "$(cat "$runs/$run.rc")" != 0 ] || ! count_invalidations "$run"; then
			echo "$run: failed, see $runs/$run.log"
			continue
		fi
		case $run in
		*-amd-domu) prefixes="pt_pre pt_dynamic" ;;
		*) prefixes=. ;;
		esac
		for prefix in $prefixes; do
			for phase in fork_exit fork_execve fork_sh; do
				key=$phase group=${run##*-xen-}
				[ "$prefix" = . ] || key=${prefix}_$phase group=${prefix#pt_}
				all=$(result_of "$run" "${key}_inval_per_proc")
				grew=$(result_of "$run" "${key}_growth_per_proc")
				beyond=$(result_of "$run" "${key}_beyond_growth_per_proc")
				printf '%-28s %-8s %-12s %8s %8s %8s\n' "$run" "$group" "$phase" \
					"${all:-none}" "${grew:-none}" "${beyond:-none}"
			done
		done
	done
} | tee "$runs/bound-runs-$load.txt"
awk 'NR > 1 && NF == 6 && $5 != "none" && $6 != "none" { if ($4 > a) a = $4; if ($5 > g) g = $5; if ($6 > b) b = $6; n++ }
     END { printf "%d phases: worst in all %.3f, growth %.3f, beyond %.3f\n", n, a, g, b }' \
	"$runs/bound-runs-$load.txt"
# A failed run, a missing figure or a bound exceeded fails the whole.
awk 'NR > 1 && (NF != 6 || $5 == "none" || $6 == "none" || $6 > 0.1 || $5 > 1) { bad = 1 }
     END { exit bad }' "$runs/bound-runs-$load.txt"
