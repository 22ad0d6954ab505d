# Host-side helpers shared by check.sh and demo.sh. Sourced, not run.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$top/build
# The kernel series (make KVER=...); 6.1's trees and runs keep plain names.
kver=${KVER:-6.1}
suffix=
[ "$kver" = 6.1 ] || suffix=-$kver
# The Xen series (make XEN=...): 4.17's runs keep plain names too.
export XEN=${XEN:-4.17}
case "$XEN" in 4.17|4.20) ;; *) echo "XEN=$XEN: the Xen series must be 4.17 or 4.20" >&2; exit 2 ;; esac
xsuffix=
[ "$XEN" = 4.17 ] || xsuffix=-xen$XEN
runs=$build/runs$suffix$xsuffix

# build_all [--debug|--debug-xen|--debug-rt]: deps, the cached kernel
# (the test kernel, or a debug one: with KASAN natively, without it for
# Xen PV, or with PREEMPT_RT), userspace, module, initramfs. Sets kdir and
# initrd.
build_all() {
	local flavour=kernel link=kdir$suffix
	case "${1:-}" in
	--debug) flavour=kernel-debug; link=kdir$suffix-debug ;;
	--debug-xen) flavour=kernel-debug-xen; link=kdir$suffix-debug-xen ;;
	--debug-rt) flavour=kernel-debug-rt; link=kdir$suffix-debug-rt ;;
	esac
	make -s -C "$top" KVER="$kver" deps "$flavour" userspace || return 1
	kdir=$(readlink -f "$build/$link")
	if [ -n "$(ls "$top"/module/*.c 2>/dev/null)" ]; then
		make -s -C "$top" module KDIR="$kdir" || return 1
		cp "$top"/*.ko "$build/"
	fi
	initrd=$build/initramfs-$link.cpio.gz
	"$top/test/mkinitramfs.sh" "$initrd" "$kdir" "$build"
}

# build_mm_selftests: the kernel's mm selftests (tools/testing/selftests/mm
# of $kdir; 6.12 and later), static, so that their initramfs needs no
# library but bash's, and that initramfs. Needs build_all first. Sets
# mm_selftests (the directory of tests) and mm_initrd.
build_mm_selftests() {
	local f files=() dir=$build/mm-selftests-bin$suffix
	local initrd=$build/initramfs-mm$suffix.cpio.gz
	local tree=${kdir##*/}
	mm_selftests=$dir/mm
	mm_initrd=
	if [ "$(cat "$dir/built-for" 2>/dev/null)" != "$kdir" ]; then
		# The build writes the uapi headers' staging and the tests'
		# local_config.* into $kdir, a tree of the shared kernel cache:
		# hold the lock build-kernel.sh and the cache's pruning take.
		tree=${tree#linux-}
		(flock 8 && compile_mm_selftests "$dir") \
			8> "${kdir%/*}/.lock-${tree%-*}" || return 1
	fi
	for f in "$mm_selftests"/*; do
		files+=("/mm/${f##*/}=$f")
	done
	"$top/test/mkinitramfs.sh" "$initrd" "$kdir" "$build" /bin/bash "${files[@]}" &&
		mm_initrd=$initrd
}

# compile_mm_selftests DIR: build_mm_selftests' compile, into DIR/mm.
compile_mm_selftests() {
	local src=$kdir/tools/testing/selftests/mm

	rm -rf "$1" && mkdir -p "$1/mm" || return 1
	make -s -C "$kdir" headers_install INSTALL_HDR_PATH="$1/hdr" || return 1
	# Debian's 6.12.118 khugepaged.c uses KSFT_SKIP without its header.
	# A test that does not build is missing from the run.
	make -k -C "$src" OUTPUT="$1/mm" KHDR_INCLUDES="-isystem $1/hdr/include" \
		EXTRA_CFLAGS="-static -include ../kselftest.h" LDFLAGS=-static
	cp "$src"/*.sh "$src"/settings "$1/mm/" || return 1
	strip "$1/mm"/* 2>/dev/null
	# Xen PV has no hugetlbfs, at which 6.12's run_vmtests.sh gives up
	# (7.3's goes on): run the rest, and let the hugetlb tests fail there.
	sed -i '/no hugetlbfs support in kernel?/{n;s/exit 1/true/}' \
		"$1/mm/run_vmtests.sh"
	echo "$kdir" > "$1/built-for"
}

# mm_guests_setup LOG: what the mm selftests' guests boot: build_all,
# Debian's own kernel of the series and build_mm_selftests, their output
# into LOG. Sets stock_kernel too. Exits 1, saying which, on a failure.
mm_guests_setup() {
	mkdir -p "$build"
	build_all > "$1" 2>&1 || { echo "build failed: $1" >&2; exit 1; }
	stock_kernel=$("$top/test/debian-kernel.sh" "$kver" 2>> "$1") ||
		{ echo "no Debian kernel of $kver: $1" >&2; exit 1; }
	stock_kernel=${stock_kernel%% *}
	build_mm_selftests >> "$1" 2>&1 ||
		{ echo "selftests build failed: $1" >&2; exit 1; }
}

# mm_verdicts TAP_LOG: the verdicts of a mm suite's run, in order, each
# "VERDICT<tab>TEST" from its "# mm: pass|fail|skip TEST" lines.
mm_verdicts() {
	sed -n 's/^# mm: \(pass\|fail\|skip\) \(.*\)$/\1\t\2/p' "$1" 2>/dev/null
}

# mm_categories: run_vmtests.sh's categories, one a line (from its usage).
mm_categories() {
	sed -n 's/^- \([a-z_0-9-]*\)$/\1/p' "$mm_selftests/run_vmtests.sh"
}

# boot NAME [qemu-run.sh options]: one guest run into $runs/NAME.
boot() {
	local name=$1
	shift
	"$top/test/qemu-run.sh" --out "$runs/$name" --kernel "$kdir/arch/x86/boot/bzImage" \
		--initrd "$initrd" "$@"
}

# result RUN NAME: a "RESULT NAME=value" figure from a run, or empty.
result_of() {
	sed -n "s/^# RESULT $2=//p; s/^RESULT $2=//p" \
		"$runs/$1/tap.log" "$runs/$1/counts.txt" 2>/dev/null | tail -n1
}

# count_invalidations RUN: the per-phase table into $runs/RUN/counts.txt.
count_invalidations() {
	"$top/test/inval-count.py" "$runs/$1" > "$runs/$1/counts.txt"
}

# lane RUN...: boot the runs one after the other, each "name|options",
# where @ stands for a space inside an option; two lanes run side by side,
# one per host core, so each guest gets one vCPU (two 2-vCPU TCG guests on
# two cores slow each other down six-fold, measured). The native suites
# keep 2 vCPUs. Each run leaves its output and exit status in $runs.
lane() {
	local entry name words
	for entry in "$@"; do
		name=${entry%%|*}
		read -r -a words <<< "${entry#*|}"
		boot "$name" --smp 1 "${words[@]//@/ }" > "$runs/$name.log" 2>&1
		echo $? > "$runs/$name.rc"
	done
}

# build_observe: iosup_observe.ko built against Debian's own kernel
# headers (no hooks) and an initramfs with it. Needs build_all first.
# Sets debian_kernel and observe_initrd.
build_observe() {
	local paths headers series=$kver
	# Debian 13's 7.3 headers are for gcc-14 (-fmin-function-alignment),
	# which a Debian 12 host lacks: there observe mode runs on Debian's 6.12.
	[ "$kver" = 7.3 ] && series=6.12
	paths=$("$top/test/debian-kernel.sh" "$series") || return 1
	read -r debian_kernel headers <<< "$paths"
	module_initrd "observe$suffix" "$headers" "$build/initramfs-observe$suffix.cpio.gz" ||
		return 1
	observe_initrd=$build/initramfs-observe$suffix.cpio.gz
}

# build_domu_initrd: dom0's initramfs for suite domu: the test initramfs,
# the Xen toolstack that matches the hypervisor, with its libraries
# (test/debian-xen-toolstack.sh), the kernel's two Xen backend modules,
# and the domUs' kernel and initramfs (the test kernel and initramfs
# themselves). Needs build_all first. Sets domu_initrd.
build_domu_initrd() {
	local drv=$kdir/drivers/xen toolstack
	toolstack=$("$top/test/debian-xen-toolstack.sh" "$XEN") || return 1
	local out=$build/initramfs-domu$suffix$xsuffix.cpio.gz
	"$top/test/mkinitramfs.sh" "$out" "$kdir" "$build" $toolstack \
		"/lib/modules/xen-gntdev.ko=$drv/xen-gntdev.ko" \
		"/lib/modules/xen-pciback.ko=$drv/xen-pciback/xen-pciback.ko" \
		"/boot/domu-kernel=$kdir/arch/x86/boot/bzImage" \
		"/boot/domu-initrd=$initrd" || return 1
	domu_initrd=$out
}

# build_stress_initrd: the test initramfs plus Debian's stress-ng and its
# libraries, into $stress_initrd. Needs build_all first.
build_stress_initrd() {
	local out=$build/initramfs-stress$suffix.cpio.gz
	"$top/test/mkinitramfs.sh" "$out" "$kdir" "$build" /usr/bin/stress-ng &&
		stress_initrd=$out
}

# module_initrd NAME TREE INITRD: the modules built from module/ against
# TREE (headers or a kernel tree; without the hooks, iosup_observe.ko
# alone) in $build/NAME-src, and INITRD packed with them and the
# userspace. Needs build_all first.
module_initrd() {
	local src=$build/$1-src root=$build/$1-root
	rm -rf "$src" "$root"
	mkdir -p "$src/module" "$root"
	cp "$top/Kbuild" "$src/"
	cp "$top"/module/*.[ch] "$src/module/"
	make -s -C "$2" M="$src" modules > "$src/build.log" 2>&1 ||
		{ cat "$src/build.log" >&2; return 1; }
	cp "$src"/*.ko "$root/"
	ln -s "$build/bin" "$root/bin"
	ln -s "$build/init" "$root/init"
	"$top/test/mkinitramfs.sh" "$3" "$kdir" "$root"
}

# median: the median of the numbers on stdin, one a line ("" if none).
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to three places, or "-" if either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", a / b; else print "-" }'; }

# round_figures RUN NAME: the figures "RESULT NAME_round<R>=X" of a run,
# as "R X" lines in round order.
round_figures() {
	sed -n "s/^# RESULT ${2}_round\([0-9]*\)=/\1 /p" "$runs/$1/tap.log" 2>/dev/null | sort -n
}

# smp_list_or_exit: the vCPU counts of the throughput runs
# (IOSUP_BENCH_SMP, default "1 2 4") into $smp_list; exits 2 if malformed.
smp_list_or_exit() {
	smp_list=${IOSUP_BENCH_SMP:-1 2 4}
	case "$smp_list" in ''|*[!0-9\ ]*) echo "IOSUP_BENCH_SMP must be vCPU counts, e.g. \"1 2 4\"" >&2; exit 2 ;; esac
}

# tput_header: the header of the rows tput_rows prints.
tput_header() { printf '%-4s %-12s %10s %10s %8s %8s\n' N test off on on/off paired; }

# tput_rows RUN N PREFIX OUT: a throughput run's rows (suite tput, N
# loops), and "RESULT PREFIX_<test>_j<N>_on_vs_off[_paired]" lines
# appended to OUT.
tput_rows() {
	local run=$1 n=$2 prefix=$3 out=$4 t off on paired
	for t in fork_exit fork_execve; do
		off=$(round_figures "$run" "off_${t}_j${n}_procs_per_sec" | cut -d' ' -f2 | median)
		on=$(round_figures "$run" "on_${t}_j${n}_procs_per_sec" | cut -d' ' -f2 | median)
		paired=$(paired_ratio "$run" on_${t}_j${n}_procs_per_sec off_${t}_j${n}_procs_per_sec)
		printf '%-4s %-12s %10s %10s %8s %8s\n' "$n" $t "${off:--}" "${on:--}" \
			"$(ratio "$on" "$off")" "$paired"
		echo "RESULT ${prefix}_${t}_j${n}_on_vs_off=$(ratio "$on" "$off")" >> "$out"
		echo "RESULT ${prefix}_${t}_j${n}_on_vs_off_paired=$paired" >> "$out"
	done
}

# paired_ratio RUN A B: the median over rounds of A's figure over B's in
# the same round (A and B are NAMEs as for round_figures). Pairing each
# round cancels the drift between rounds.
paired_ratio() {
	join <(round_figures "$1" "$2") <(round_figures "$1" "$3") |
		awk '$2 > 0 && $3 > 0 { printf "%.4f\n", $2 / $3 }' | median |
		awk '{ printf "%.3f", $1 } END { if (!NR) print "-" }'
}

# The phases of the mixed workload (test/guest/suite-mixed.sh), each with
# its bound in IOTLB invalidations per process, or "-" where there is none:
# the first 100 small processes after a start of caching, or after a dense
# parent's fallback, <= 0.5; every later small phase, and a sparse parent
# seen before, <= 0.1. Caching off (off) costs what stock does, >= 10.
# After memory pressure made the shrinker give the pools back, they grow
# again on misses: reported, not bounded.
mixed_bounds="off:>=10 enable:- first:0.5 small_1:0.1 small_2:0.1 dense:-
after_dense:0.5 after_dense_2:0.1 sparse64:- after_sparse64:0.1 sparse256:-
after_sparse256:0.1 sparse64_again:0.1 after_sparse64_again:0.1 off_again:>=10
enable_again:- reenabled:0.5 reenabled_2:0.1 after_pressure:-"

# mixed_within VALUE BOUND: VALUE meets BOUND ("-", ">=N" or a maximum).
mixed_within() {
	case $2 in
	-) return 0 ;;
	'>='*) awk -v v="$1" -v b="${2#>=}" 'BEGIN { exit !(v != "" && v >= b) }' ;;
	*) awk -v v="$1" -v b="$2" 'BEGIN { exit !(v != "" && v <= b) }' ;;
	esac
}

# mixed_table RUN: the mixed workload's phases of a counted run: processes,
# invalidations per process and the bound, the pool's misses and the
# tables typed anew; then what the starts of caching cost.
mixed_table() {
	local run=$1 entry phase bound v verdict
	printf '%-22s %6s %9s %6s %7s %6s %s\n' phase procs inval/proc bound misses anew ""
	for entry in $mixed_bounds; do
		phase=${entry%%:*} bound=${entry#*:}
		v=$(result_of "$run" "${phase}_inval_per_proc")
		verdict=
		[ "$bound" = - ] || { mixed_within "$v" "$bound" && verdict=ok || verdict=FAILED; }
		printf '%-22s %6s %9s %6s %7s %6s %s\n' "$phase" \
			"$(sed -n "s/^# PHASE end $phase procs=//p" "$runs/$run/tap.log")" \
			"${v:-none}" "$bound" "$(result_of "$run" "${phase}_misses")" \
			"$(result_of "$run" "${phase}_typed_anew")" "$verdict"
	done
	for phase in enable enable_again; do
		echo "$phase: $(result_of "$run" "${phase}_invalidations") invalidations," \
			"$(result_of "$run" "${phase}_prefilled") pages filled in ahead"
	done
}

# host_load LOAD: with "busy", two busy loops share the host's two cores
# with what follows; either way the loops and the caller's lanes (with
# their QEMU) are stopped when the caller exits.
host_load() {
	host_load_pids=()
	trap 'kill "${host_load_pids[@]}" 2>/dev/null; pkill -P $$ 2>/dev/null' EXIT
	[ "$1" = busy ] || return 0
	for _ in 1 2; do
		sh -c 'while :; do :; done' &
		host_load_pids+=($!)
	done
}

# rounds_and_load ARGS...: the "ROUNDS [busy]" arguments of bound-runs.sh
# and mixed-runs.sh into $rounds and $load (quiet or busy), or their
# usage line and exit status 2.
rounds_and_load() {
	case $# in 1 | 2) ;; *) set -- x ;; esac
	if ! [[ $1 =~ ^[1-9][0-9]*$ ]] || { [ $# = 2 ] && [ "$2" != busy ]; }; then
		echo "usage: ${0##*/} ROUNDS [busy]" >&2
		exit 2
	fi
	rounds=$1 load=${2:-quiet}
}
