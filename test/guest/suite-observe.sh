# Debian's own kernel (no IOSUP hooks) as Xen PV dom0: iosup.ko loads in
# observe mode and counts the pages that become page tables, phase by
# phase; the host compares those counts with QEMU's invalidation count.
. /etc/iosup/iosup.sh
iters=${iterations:-300}
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
check "the kernel has no IOSUP hooks" sh -c '! grep -q iosup_register /proc/kallsyms'
check "insmod source=bogus fails with EINVAL and loads nothing" \
	sh -c '! insmod "$0" source=bogus 2>/dev/null &&
	       dmesg | grep -q "source=bogus: use auto, tracepoints or kprobes" &&
	       [ ! -d '$IOSUP_SYS' ]' "$IOSUP_KO"
check "insmod iosup.ko (observe mode)" insmod "$IOSUP_KO"
knob mode
check "/sys/kernel/iosup/mode reads observe" [ "$v" = observe ]
# Debian's kernels have the Xen tracepoints: no kprobe on a static
# function that the compiler may have inlined or cloned.
knob source
check "observe mode counts with the kernel's Xen tracepoints" [ "$v" = tracepoints ]
find $IOSUP_SYS -type f | sed 's/^/# SYSFS /' >&3

# observed_phase NAME TEST: the phase between marks, with the counters
# read by shell builtins right at the marks (no fork outside lat_proc).
observed_phase() {
	sum_levels to_pagetable
	before=$v
	echo "# PHASE begin $1" >&3
	lat_proc "$2" "$iters" > /dev/null
	rc=$?
	echo "# PHASE end $1 procs=$iters" >&3
	sum_levels to_pagetable
	check "$1: $iters processes ran" [ $rc = 0 ]
	result "${1}_to_pagetable" $((v - before))
	diag "$1: $((v - before)) pages became page tables"
}
lat_proc exec 20 > /dev/null
observed_phase fork_exit fork
observed_phase fork_execve exec
observed_phase fork_sh shell
per_tp=$(( (v - before) * 100 / iters ))

# The kprobe fallback on the same kernel: each probed symbol must be the
# entry of a function with no compiler clone, else it refuses to load.
sed -n 's/^\([0-9a-f]* [tT] xen_\(un\)\{0,1\}pin_page.*\)/# KALLSYMS \1/p' /proc/kallsyms >&3
check "rmmod the tracepoint observer" rmmod iosup
if insmod "$IOSUP_KO" source=kprobes 2>/tmp/insmod.err; then
	knob source
	check "source=kprobes counts with kprobes" [ "$v" = kprobes ]
	observed_phase fork_sh_kprobes shell
	per_kp=$(( (v - before) * 100 / iters ))
	knob missed
	diag "fork_sh: $per_tp/100 pages per process with tracepoints, $per_kp/100 with kprobes, $v missed"
	check "kprobes and tracepoints count fork_sh alike (within 10%)" \
		[ $((per_kp * 10)) -ge $((per_tp * 9)) -a $((per_kp * 10)) -le $((per_tp * 11)) ]
	check "rmmod the kprobe observer" rmmod iosup
else
	dmesg | tail -n 3 | sed 's/^/# /' >&3
	check "a refused kprobe fallback says why" \
		sh -c 'dmesg | grep -q "compiler clone\|not the entry of an out-of-line\|cannot probe"'
fi
check "insmod iosup.ko again (source=auto)" insmod "$IOSUP_KO" source=auto

lat_proc exec 1000 > /dev/null &
check "iosupctl diagnose -i 3 under churn" sh -c 'iosupctl diagnose -i 3 > /tmp/diag.out'
wait
sed 's/^/# /' /tmp/diag.out >&3
check "diagnose saw page tables made and says the patch would help" \
	sh -c 'grep -q "^RESULT diagnose_seconds=.* to_pagetable=[1-9]" /tmp/diag.out &&
	       grep -q "^Verdict: the IOSUP hook patch would help" /tmp/diag.out'
check "iosupctl status in observe mode" sh -c 'iosupctl status | grep -q "^iosup: observe mode"'
check "rmmod iosup" rmmod iosup
check "processes still run after unload" churn 20
