#!/bin/bash
# The Xen half of make bench: what IOSUP costs and saves per process on a
# strict PV dom0 (Xen 4.17, or 4.20 with XEN=4.20; QEMU intel-iommu, TCG).
#  - Time: caching off and on alternating inside one boot, the median per
#    phase and the on/off ratio; and the throughput of N parallel process
#    loops on N vCPUs (IOSUP_BENCH_SMP, default "1 2 4"), one boot per N.
#    One guest at a time. The guests run on instruction-counted time
#    (qemu-run.sh --icount): their clock advances one nanosecond per
#    instruction executed, by dom0 and Xen alike, so that a time is the
#    work done, repeatable to a fraction of a percent, and the same
#    whatever else the host runs. It prices every instruction alike,
#    cache misses and the IOTLB flushes QEMU emulates at nothing, which
#    favours the stock paths. IOSUP_BENCH_CLOCK=wall times the TCG guests
#    by the host's clock instead (noisy: tens of percent between rounds).
#  - Warm-up: the mixed workload's invalidations per phase (suite mixed).
#  - Ledger: per process, the IOTLB invalidations QEMU counted, the
#    page-table writes Xen trapped and emulated (QEMU -d int) and the
#    hypercalls of the Xen PV mm code's multicall batch (iosup.ko with
#    count_hypercalls=1, from the xen_mc_flush tracepoint; on the stock
#    kernel iosup_observe.ko), for the stock kernel and for IOSUP
#    off and on, one boot each. A cost model turns it into estimated
#    hardware time.
# Usage: bench-xen.sh [--ledger-only|--timing-only]
# Every figure is also printed as "RESULT xen_<name>=<value>".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

timing=1 ledger=1
case "${1:-}" in
"") ;;
--ledger-only) timing=0 ;;
--timing-only) ledger=0 ;;
*) echo "usage: bench-xen.sh [--ledger-only|--timing-only]" >&2; exit 2 ;;
esac
rounds=${IOSUP_BENCH_ROUNDS:-3}
smp_list_or_exit
case "${IOSUP_BENCH_CLOCK:-icount}" in
icount) clock=--icount clock_name="instruction-counted time (QEMU -icount)" ;;
wall) clock= clock_name="the host's clock (TCG)" ;;
*) echo "IOSUP_BENCH_CLOCK must be icount or wall" >&2; exit 2 ;;
esac
case "$rounds" in ''|*[!0-9]*|0) echo "IOSUP_BENCH_ROUNDS must be a positive number" >&2; exit 2 ;; esac

build_all || exit 1
if [ $ledger = 1 ]; then
	make -s -C "$top" KVER="$kver" kernel-stock || exit 1
	stock_kdir=$(readlink -f "$build/kdir$suffix-stock")
	# The stock guest gets iosup_observe.ko, built against its tree, to
	# count hypercalls.
	stock_initrd=$build/initramfs-ledger-stock$suffix.cpio.gz
	module_initrd "stock$suffix" "$stock_kdir" "$stock_initrd" || exit 1
fi

phases="fork_exit fork_execve fork_sh big16_fork_exit big64_fork_exit big256_fork_exit"
small="iterations=300@big=24@norandmaps"
ledger_args="rounds=1@iterations=100@big=8@norandmaps@hypercalls=1@pinned=1"
mkdir -p "$runs"
# One guest at a time: two TCG guests slow each other down.
if [ $timing = 1 ]; then
	boot xen-bench --xen --smp 2 $clock --suite xen-bench \
		--append "rounds=$rounds ${small//@/ }" > "$runs/xen-bench.log" 2>&1 ||
		echo "bench-xen: the timing run failed; see $runs/xen-bench" >&2
	for n in $smp_list; do
		boot xen-tput-$n --xen --smp $n $clock --suite tput \
			--append "rounds=$rounds seconds=5 jobs=$n" > "$runs/xen-tput-$n.log" 2>&1 ||
			echo "bench-xen: the throughput run on $n vCPUs failed; see $runs/xen-tput-$n" >&2
	done
	boot xen-mixed --xen --smp 2 $clock --suite mixed --append norandmaps \
		> "$runs/xen-mixed.log" 2>&1 ||
		echo "bench-xen: the mixed workload run failed; see $runs/xen-mixed" >&2
	count_invalidations xen-mixed
fi
if [ $ledger = 1 ]; then
	boot xen-ledger --xen --smp 1 --count-traps --suite xen-bench \
		--append "${ledger_args//@/ }" > "$runs/xen-ledger.log" 2>&1 ||
		echo "bench-xen: the ledger run failed; see $runs/xen-ledger" >&2
	"$top/test/qemu-run.sh" --out "$runs/xen-ledger-stock" --xen --smp 1 --count-traps \
		--kernel "$stock_kdir/arch/x86/boot/bzImage" --initrd "$stock_initrd" \
		--suite xen-bench --append "modules=0 ${ledger_args//@/ }" \
		> "$runs/xen-ledger-stock.log" 2>&1 ||
		echo "bench-xen: the stock ledger run failed; see $runs/xen-ledger-stock" >&2
	count_invalidations xen-ledger
	count_invalidations xen-ledger-stock
fi

rounds_of() { sed -n "s/^# RESULT ${1}_${2}_us_round[0-9]*=//p" "$runs/xen-bench/tap.log" 2>/dev/null; }
# ledger RUN CONFIG PHASE FIGURE: one per-process figure of a ledger run.
ledger_of() { result_of "$1" "${2}_${3}_r1_${4}"; }

out=$runs/bench-xen.results
: > "$out"
if [ $timing = 1 ]; then
	echo
	echo "Xen $XEN PV dom0, dom0-iommu=strict, QEMU intel-iommu (TCG, 2 vCPUs):"
	echo "caching off and on alternating at every phase, $rounds rounds in one boot,"
	echo "timed on $clock_name;"
	echo "median us per process, the ratio of the medians, and the median of"
	echo "each round's own on/off (paired)"
	printf '%-18s %10s %10s %8s %8s\n' phase off on on/off paired
	for p in $phases; do
		off=$(rounds_of off $p | median) on=$(rounds_of on $p | median)
		paired=$(paired_ratio xen-bench on_${p}_us off_${p}_us)
		printf '%-18s %10s %10s %8s %8s\n' $p "${off:--}" "${on:--}" \
			"$(ratio "$on" "$off")" "$paired"
		echo "RESULT xen_${p}_on_vs_off=$(ratio "$on" "$off")" >> "$out"
		echo "RESULT xen_${p}_on_vs_off_paired=$paired" >> "$out"
	done

	echo
	echo "Throughput: N parallel loops on N vCPUs (tput_proc, one boot per N),"
	echo "caching off and on in $rounds interleaved rounds, median processes a second"
	echo "of $clock_name (with --icount the vCPUs take turns on one host"
	echo "thread, so that N loops share one clock: a figure counts work, not scaling)"
	tput_header
	for n in $smp_list; do
		tput_rows xen-tput-$n $n xen_tput "$out"
	done

	echo
	echo "Mixed workload (test/guest/suite-mixed.sh), one boot, 2 vCPUs: small"
	echo "processes between dense and sparse parents, caching switched on, off"
	echo "and on; IOTLB invalidations per process from QEMU's trace, the bound"
	echo "make check asserts, and the pool's misses and tables typed anew"
	mixed_table xen-mixed
	for entry in $mixed_bounds; do
		p=${entry%%:*}
		echo "RESULT xen_mixed_${p}_inval_per_proc=$(result_of xen-mixed ${p}_inval_per_proc)" >> "$out"
	done
fi

# cost_model INVAL TRAPS HCALLS: estimated hardware microseconds per
# process that the three counts stand for. The unit costs are parameters,
# not measurements of this test bed (TCG times are no guide to hardware);
# the defaults are order-of-magnitude estimates, to be replaced by
# figures measured on the operator's own hardware:
#   IOSUP_COST_FLUSH_US  one synchronous page-selective IOTLB invalidation
#                        with its wait descriptor (VT-d queued
#                        invalidation); default 1.0.
#   IOSUP_COST_TRAP_US   one page-table write Xen traps and emulates (page
#                        fault into Xen, decode, validate, return); default
#                        1.0, the same order as a flush, as issue 11 took it.
#   IOSUP_COST_HCALL_US  one hypercall's entry and exit, with the work of
#                        its entries left out; default 0.5.
#   IOSUP_COST_PTUPD_US  one page-table entry written through mmu_update,
#                        beyond validating it: the request's copy, the
#                        table's lookup and lock; default 0.02 (some 50
#                        instructions).
# Validating a pte is left out: stock and IOSUP validate the same entries,
# stock in bulk when it pins, IOSUP one update at a time.
flush_us=${IOSUP_COST_FLUSH_US:-1.0} trap_us=${IOSUP_COST_TRAP_US:-1.0}
hcall_us=${IOSUP_COST_HCALL_US:-0.5} ptupd_us=${IOSUP_COST_PTUPD_US:-0.02}
cost_model() {
	awk -v i="$1" -v t="$2" -v h="$3" -v p="$4" -v f="$flush_us" -v c="$trap_us" \
		-v u="$hcall_us" -v w="$ptupd_us" \
		'BEGIN { if (i == "" || t == "" || h == "" || p == "") print "-"
			 else printf "%.1f", i * f + t * c + h * u + p * w }'
}

if [ $ledger = 1 ]; then
	echo
	echo "Ledger per process, one boot each (1 vCPU): inval = IOTLB invalidations"
	echo "(QEMU's trace), traps = page-table writes Xen trapped and emulated (QEMU"
	echo "-d int: write faults taken from dom0's kernel), hcall = hypercalls of the"
	echo "Xen PV mm code's multicall batch (xen_mc_flush tracepoint), ptupd = the"
	echo "page-table entries those wrote through Xen (xen_mc_entry and"
	echo "xen_mc_extend_args tracepoints), est = the cost model in us (flush"
	echo "$flush_us us, trapped write $trap_us us, hypercall $hcall_us us, entry written"
	echo "$ptupd_us us; IOSUP_COST_FLUSH_US, _TRAP_US, _HCALL_US, _PTUPD_US)"
	echo "Configs: stock kernel; IOSUP loaded, caching off; caching on; caching on"
	echo "with dense_ptes=0 (pinned: no mm falls back to the stock fork and exit)."
	printf '%-17s' ""
	for c in stock off on pinned; do printf ' | %-35s' $c; done
	echo
	printf '%-17s' phase
	for c in stock off on pinned; do printf ' | %6s %6s %6s %7s %6s' inval traps hcall ptupd est; done
	echo
	for p in $phases; do
		printf '%-17s' $p
		for c in stock off on pinned; do
			run=xen-ledger
			[ $c = stock ] && run=xen-ledger-stock
			i=$(ledger_of $run $c $p inval_per_proc)
			t=$(ledger_of $run $c $p traps_per_proc)
			h=$(ledger_of $run $c $p hypercalls_per_proc)
			u=$(ledger_of $run $c $p pt_updates_per_proc)
			e=$(cost_model "$i" "$t" "$h" "$u")
			printf ' | %6s %6s %6s %7s %6s' "${i:--}" "${t:--}" "${h:--}" "${u:--}" "$e"
			echo "RESULT xen_ledger_${c}_${p}_inval_per_proc=${i:--}" >> "$out"
			echo "RESULT xen_ledger_${c}_${p}_traps_per_proc=${t:--}" >> "$out"
			echo "RESULT xen_ledger_${c}_${p}_hypercalls_per_proc=${h:--}" >> "$out"
			echo "RESULT xen_ledger_${c}_${p}_pt_updates_per_proc=${u:--}" >> "$out"
			echo "RESULT xen_ledger_${c}_${p}_model_us=$e" >> "$out"
		done
		echo
	done
	fb_on=$(result_of xen-ledger on_r1_fallbacks) fb_pinned=$(result_of xen-ledger pinned_r1_fallbacks)
	echo "Dense mms forked or torn down the stock way in the ledger boot: on ${fb_on:--}, pinned ${fb_pinned:--}"
	echo "RESULT xen_ledger_on_fallbacks=${fb_on:--}" >> "$out"
fi
echo
cat "$out"
rm -f "$out"
