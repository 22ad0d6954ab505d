#!/bin/bash
# Boot one test guest under QEMU (TCG) and judge it.
#
# Native, or Xen (Debian 12's 4.17 or Debian 13's 4.20) with dom0 booted PV on an emulated IOMMU. The guest's
# TAP arrives on its second serial port; each line is stamped with the host
# clock so that the QEMU trace (stamped with -msg timestamp=on) can be cut
# into the workload's phases. Exit status 0 only for a clean pass.
set -uo pipefail

usage() {
	cat >&2 <<'USAGE'
usage: qemu-run.sh --out DIR --kernel BZIMAGE --initrd CPIO [options]
  --xen                 boot under Xen as PV dom0 (default: native)
  --xen-version 4.17|4.20   which Debian Xen (default: $XEN, else 4.17)
  --iommu intel|amd     emulated IOMMU under Xen (default: intel)
  --dom0-iommu strict|relaxed   dom0's IOMMU mode (default: strict)
  --suite NAME          guest suite to run (default: smoke)
  --append "ARGS"       extra guest kernel arguments (no commas)
  --smp N               vCPUs (default: 2)
  --numa N              native only: N NUMA nodes, memory and vCPUs split
                        evenly (default: 1, no NUMA)
  --timeout SECONDS     fail the boot after this long (default: 900)
  --count-traps         also log the page faults Xen takes from dom0's kernel
                        (QEMU -d int) into trace.log, for test/inval-count.py
  --icount              run on instruction-counted time (QEMU -icount
                        shift=0,sleep=off): the guest's clock advances one
                        nanosecond per instruction executed, so that its
                        times count work, free of the host's noise
USAGE
	exit 2
}

out= kernel= initrd= xen=0 iommu=intel dom0_iommu=strict suite=smoke
extra= smp=2 timeout=900 count_traps=0 icount=0 numa=1 xen_version=${XEN:-4.17}
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=${2:-} ;;
	--kernel) kernel=${2:-} ;;
	--initrd) initrd=${2:-} ;;
	--xen) xen=1; shift; continue ;;
	--count-traps) count_traps=1; shift; continue ;;
	--icount) icount=1; shift; continue ;;
	--iommu) iommu=${2:-} ;;
	--xen-version) xen_version=${2:-} ;;
	--dom0-iommu) dom0_iommu=${2:-} ;;
	--suite) suite=${2:-} ;;
	--append) extra=${2:-} ;;
	--smp) smp=${2:-} ;;
	--numa) numa=${2:-} ;;
	--timeout) timeout=${2:-} ;;
	*) echo "qemu-run.sh: unknown option '$1'" >&2; usage ;;
	esac
	[ $# -ge 2 ] || { echo "qemu-run.sh: $1 needs a value" >&2; usage; }
	shift 2
done
[ -n "$out" ] && [ -r "$kernel" ] && [ -r "$initrd" ] || usage
case "$iommu" in intel|amd) ;; *) echo "bad --iommu '$iommu'" >&2; usage ;; esac
case "$dom0_iommu" in strict|relaxed) ;; *) echo "bad --dom0-iommu" >&2; usage ;; esac
case "$xen_version" in 4.17|4.20) ;; *) echo "bad --xen-version '$xen_version'" >&2; usage ;; esac
case "$smp$timeout$numa" in *[!0-9]*) echo "bad --smp/--timeout/--numa" >&2; usage ;; esac
case "$numa" in
1) ;;
2|4) [ $xen = 0 ] && [ $((smp % numa)) = 0 ] ||
	{ echo "--numa $numa: native only, and --smp a multiple of it" >&2; usage; } ;;
*) echo "--numa must be 1, 2 or 4" >&2; usage ;;
esac
case "$extra" in *,*) echo "--append must not contain commas" >&2; usage ;; esac

top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
rm -f "$out"/{console.log,tap.log,tap.stamped,trace.log,tap.fifo,trace.fifo,verdict,console.boot-hang.log,count-traps}

guest_args="panic_on_warn=1 panic=-1 oops=panic suite=$suite $extra"
# With NUMA, one socket per node: CPUs of one socket share a last-level
# cache, and the kernel warns when such CPUs sit on different nodes.
topology=$smp
[ $numa -gt 1 ] && topology="$smp,sockets=$numa,cores=$((smp / numa)),threads=1"
qemu=(qemu-system-x86_64 -machine q35 -accel tcg -smp "$topology"
	-display none -monitor none -no-reboot -msg timestamp=on
	-serial "file:$out/console.log" -serial "file:$out/tap.fifo")
[ $icount = 1 ] && qemu+=(-icount shift=0,sleep=off)

if [ $xen = 1 ]; then
	xen_img=$("$top/test/debian-xen.sh" "$xen_version") || exit 1
	guest_args+=" expect_xen=$xen_version"
	if [ "$iommu" = intel ]; then
		qemu+=(-device intel-iommu,intremap=off)
		events="vtd_inv_desc_iotlb_pages vtd_inv_desc_iotlb_domain vtd_inv_desc_iotlb_global"
	else
		qemu+=(-device amd-iommu)
		events="amdvi_pages_inval amdvi_all_inval"
	fi
	xen_args="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M iommu=1 loglvl=all guest_loglvl=all"
	[ "$dom0_iommu" = strict ] && xen_args+=" dom0-iommu=strict"
	# -d int lines carry no stamp: serial_write events give each guest
	# output line one, so inval-count.py can place the faults in phases.
	# The log goes through a filter that keeps the stamped lines and the
	# PV kernel's write faults (test/iotrace.py has the exact pattern),
	# and drops every other exception and its register dump (a gigabyte
	# a run).
	trace_file=$out/trace.log
	if [ $count_traps = 1 ]; then
		qemu+=(-d int)
		touch "$out/count-traps"
		events+=" serial_write"
		trace_file=$out/trace.fifo
	fi
	printf '%s\n' $events > "$out/trace-events"
	qemu+=(-m 2048 -kernel "$xen_img" -append "$xen_args"
		-initrd "$kernel console=hvc0 earlyprintk=xen $guest_args,$initrd"
		-trace "events=$out/trace-events,file=$trace_file")
else
	qemu+=(-m 1024 -kernel "$kernel" -initrd "$initrd"
		-append "console=ttyS0 $guest_args")
	per=$((smp / numa))
	for ((node = 0; numa > 1 && node < numa; node++)); do
		qemu+=(-object "memory-backend-ram,id=mem$node,size=$((1024 / numa))M"
			-numa "node,nodeid=$node,cpus=$((node * per))-$((node * per + per - 1)),memdev=mem$node")
	done
fi

# run_qemu: one boot. TAP lines are stamped with the host clock as they
# leave the guest. A guest that has written no TAP line after
# $boot_timeout seconds never reached its suite: it is stopped (status 125).
boot_timeout=${IOSUP_BOOT_TIMEOUT:-180}
run_qemu() {
	rm -f "$out"/{console.log,tap.stamped,trace.log,tap.fifo,trace.fifo}
	local filter=
	if [ $count_traps = 1 ]; then
		mkfifo "$out/trace.fifo"
		LC_ALL=C grep -a -E '^[0-9]+@|v=0e e=0007 i=0 cpl=3 IP=e033:' \
			< "$out/trace.fifo" > "$out/trace.log" &
		filter=$!
	fi
	mkfifo "$out/tap.fifo"
	perl -MTime::HiRes=time -ne '$| = 1; printf "%.6f %s", time, $_' \
		< "$out/tap.fifo" > "$out/tap.stamped" &
	local stamper=$! start=$SECONDS
	timeout --kill-after=10 "$timeout" "${qemu[@]}" < /dev/null > "$out/qemu.log" 2>&1 &
	local qpid=$!
	while kill -0 $qpid 2>/dev/null; do
		if [ ! -s "$out/tap.stamped" ] && [ $((SECONDS - start)) -ge "$boot_timeout" ]; then
			pkill -P $qpid 2>/dev/null
			wait $qpid
			wait $stamper $filter
			return 125
		fi
		sleep 1
	done
	wait $qpid
	local rc=$?
	wait $stamper $filter
	return $rc
}

echo "qemu-run: $([ $xen = 1 ] && echo "xen $xen_version $iommu dom0-iommu=$dom0_iommu" || echo native) suite=$suite -> $out" >&2
start=$(date +%s)
run_qemu
rc=$?
if [ $rc = 125 ]; then
	# A hang before the suite's first line is a boot hang of the test bed
	# (seen rarely under TCG on a loaded host, with no module loaded yet).
	# Say so and boot once more; a second hang fails the run.
	echo "qemu-run: no TAP after ${boot_timeout}s: boot hang, console tail:" >&2
	tail -n 5 "$out/console.log" >&2
	cp "$out/console.log" "$out/console.boot-hang.log"
	echo "qemu-run: booting once more" >&2
	run_qemu
	rc=$?
	[ $rc = 125 ] && rc=124
fi
echo "qemu-run: finished in $(( $(date +%s) - start ))s (qemu exit $rc)" >&2
cut -d' ' -f2- "$out/tap.stamped" > "$out/tap.log"

"$top/test/tap-verdict.sh" "$out" "$rc"
