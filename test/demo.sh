#!/bin/bash
# make demo: boot Xen 4.17 with an emulated VT-d IOMMU and run the process
# workload in each configuration, then print the IOTLB invalidations that
# QEMU counted side by side. Each figure is also printed as
# "RESULT <config>_<figure>=<value>".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

iters=${IOSUP_DEMO_ITERATIONS:-1000}
case "$iters" in ''|*[!0-9]*) echo "IOSUP_DEMO_ITERATIONS must be a number" >&2; exit 2 ;; esac

build_all || { echo "demo: build failed" >&2; exit 1; }

# config name, then qemu-run.sh options
configs=(
	"strict-stock|--xen --dom0-iommu strict --suite xen"
	"relaxed-stock|--xen --dom0-iommu relaxed --suite xen"
)
for entry in "${configs[@]}"; do
	name=${entry%%|*}
	# shellcheck disable=SC2086
	boot "demo-$name" ${entry#*|} --append "iterations=$iters" ||
		echo "demo: the $name run failed; its figures may be missing" >&2
	count_invalidations "demo-$name" 2>/dev/null
done

echo
echo "IOTLB invalidations per process created (QEMU intel-iommu trace), $iters iterations each"
printf '%-16s %12s %12s %12s %14s %14s %14s\n' config fork+exit fork+execve fork+sh-c \
	"exit us" "execve us" "sh-c us"
for entry in "${configs[@]}"; do
	name=${entry%%|*}
	row=()
	for phase in fork_exit fork_execve fork_sh; do
		row+=("$(result_of "demo-$name" ${phase}_inval_per_proc)")
	done
	for phase in fork_exit fork_execve fork_sh; do
		row+=("$(result_of "demo-$name" ${phase}_us)")
	done
	printf '%-16s %12s %12s %12s %14s %14s %14s\n' "$name" "${row[@]/#/}"
done
echo
for entry in "${configs[@]}"; do
	name=${entry%%|*}
	sed -n "s/^RESULT /RESULT ${name//-/_}_/p" "$runs/demo-$name/counts.txt" 2>/dev/null
	sed -n "s/^# RESULT /RESULT ${name//-/_}_/p" "$runs/demo-$name/tap.log" 2>/dev/null
done
