#!/bin/bash
# make bench: native benchmarks of iosup.ko, as figures, not pass/fail.
#  - fork+exit, fork+execve, fork+sh -c with the pool on vs off, as ratios
#    of medians measured in one boot;
#  - hook overhead: the patched kernel without the module vs the stock
#    kernel (two kernels cannot share a boot: boots alternate, and the
#    spread of the rounds inside each boot is printed beside the ratio);
#  - throughput of N parallel process loops on N vCPUs, pool on vs off
#    (IOSUP_BENCH_SMP, default "1 2 4"), one boot per N.
# Every figure is also printed as "RESULT <name>=<value>".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${IOSUP_BENCH_ROUNDS:-5}
smp_list_or_exit
case "$rounds" in ''|*[!0-9]*|0) echo "IOSUP_BENCH_ROUNDS must be a positive number" >&2; exit 2 ;; esac
build_all || exit 1
make -s -C "$top" KVER="$kver" kernel-stock || exit 1
stock_kdir=$(readlink -f "$build/kdir$suffix-stock")
stock_initrd=$build/initramfs-kdir$suffix-stock.cpio.gz
"$top/test/mkinitramfs.sh" "$stock_initrd" "$stock_kdir" "$build"

for i in 1 2; do
	boot bench-patched-$i --suite bench --append "rounds=$rounds" || exit 1
	"$top/test/qemu-run.sh" --out "$runs/bench-stock-$i" \
		--kernel "$stock_kdir/arch/x86/boot/bzImage" --initrd "$stock_initrd" \
		--suite bench --append "rounds=$rounds modules=0" || exit 1
done

# rounds CONFIG TEST RUN...: every round's figure from those runs, sorted.
rounds_of() {
	local config=$1 test=$2
	shift 2
	for run in "$@"; do
		sed -n "s/^# RESULT ${config}_${test}_us_round[0-9]*=//p" "$runs/$run/tap.log"
	done | sort -n
}
spread() {
	rounds_of "$@" | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f%%", 100 * (v[NR] - v[1]) / v[1] }'
}

echo
echo "Native (QEMU TCG, 2 vCPUs), $rounds rounds per boot, medians in us per process"
printf '%-12s %9s %9s %9s %9s %9s %9s %13s\n' test stock hooks off on \
	"on/off" "hooks/stock" "stock spread"
for test in fork_exit fork_execve fork_sh; do
	st=$(rounds_of stock $test bench-stock-1 bench-stock-2 | median)
	hk=$(rounds_of hooks $test bench-patched-1 bench-patched-2 | median)
	off=$(rounds_of off $test bench-patched-1 bench-patched-2 | median)
	on=$(rounds_of on $test bench-patched-1 bench-patched-2 | median)
	sp=$(spread stock $test bench-stock-1 bench-stock-2)
	printf '%-12s %9s %9s %9s %9s %9s %9s %13s\n' $test "$st" "$hk" "$off" "$on" \
		"$(ratio "$on" "$off")" "$(ratio "$hk" "$st")" "$sp"
	echo "RESULT bench_${test}_pool_on_vs_off=$(ratio "$on" "$off")" >> "$runs/bench.results"
	echo "RESULT bench_${test}_hooks_vs_stock=$(ratio "$hk" "$st")" >> "$runs/bench.results"
	echo "RESULT bench_${test}_stock_spread=$sp" >> "$runs/bench.results"
done

echo
echo "Native throughput: N parallel loops on N vCPUs (tput_proc, one boot per N),"
echo "caching off and on in $rounds interleaved rounds, median processes a second"
tput_header
for n in $smp_list; do
	boot bench-tput-$n --smp $n --suite tput \
		--append "rounds=$rounds seconds=5 jobs=$n" > "$runs/bench-tput-$n.log" 2>&1 ||
		echo "bench: the throughput run on $n vCPUs failed; see $runs/bench-tput-$n" >&2
	tput_rows bench-tput-$n $n bench_tput "$runs/bench.results"
done
cat "$runs/bench.results"
rm -f "$runs/bench.results"
