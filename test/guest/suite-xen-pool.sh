# Xen PV dom0 with iosup.ko: the workload in one of the paper's groups,
# chosen by group= on the kernel command line:
#   disabled  iosup.ko loaded, caching off
#   pre       loaded with enable=1 before the workload (cache-pre-enabled)
#   dynamic   enabled while a workload runs (cache-dynamic-enabled)
# inject=0 skips the fault-injection tests, for a kernel built without
# CONFIG_FAULT_INJECTION_DEBUG_FS (Debian's config: kernel_deb_boot.sh).
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
group=${group:-pre}
iters=${iterations:-1000}
case "$group" in
disabled) check "insmod iosup.ko" insmod "$IOSUP_KO" ;;
pre) check "insmod iosup.ko enable=1" insmod "$IOSUP_KO" enable=1 verify=${verify:-0} ;;
dynamic)
	# The workload runs disabled, caching is switched on between two of
	# its processes, and the next hundreds show how fast it converges.
	check "insmod iosup.ko" insmod "$IOSUP_KO" verify=${verify:-0}
	phase_begin before_enable
	lat_proc exec 200 >/dev/null
	phase_end before_enable 200
	check "echo 1 > enable while the workload runs" \
		sh -c "echo 1 > $IOSUP_SYS/enable"
	for n in 1 2 3 4; do
		phase_begin "after_enable_$n"
		lat_proc exec 100 >/dev/null
		phase_end "after_enable_$n" 100
	done
	;;
*) not_ok "unknown group '$group'" ;;
esac
result_prefix=
. /etc/iosup/workload.sh
run_workload "$iters"
settle
cat /proc/iosup/stats | sed 's/^/# /' >&3
for l in pgd pud pmd pte; do
	lvl $l peak; result "${l}_peak" "$v"
	lvl $l prefilled; result "${l}_prefilled" "$v"
	lvl $l in_pool; result "${l}_in_pool" "$v"
	lvl $l type_changes_avoided; result "${l}_type_changes_avoided" "$v"
	lvl $l alloc_ns; result "${l}_alloc_ns" "$v"
	lvl $l free_ns; result "${l}_free_ns" "$v"
done
knob hypercall_failures
result hypercall_failures "$v"
check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
if [ "$group" != disabled ]; then
	# Blocks filled in ahead count as avoided when handed out: more than
	# those must have been, or no table freed typed came back.
	sum_levels prefilled; prefilled=$v
	sum_levels type_changes_avoided
	check "page-table type changes were avoided beyond the tables filled in ahead ($v, $prefilled filled in)" \
		[ "$v" -gt "$prefilled" ]
	if [ "${verify:-0}" = 1 ]; then
		sum_levels hits; hits=$v
		sum_levels stale
		check "no pooled page handed to a process held an entry ($hits checked)" \
			[ "$v" = 0 -a "$hits" -gt 0 ]
	fi
	# Clean, and caching kept typed pages in the pools.
	typed_pool_clean() {
		pool_clean && ! echo "$pool_report" | grep -qx "typed 0"
	}
	check "no pooled page is mapped writable or holds entries" typed_pool_clean
fi
# A cached pgd is off pgd_list, so sync_global_pgds() skips it: a
# top-level kernel entry added while it waits (memory hotplug would add
# one) must reach it when it is reused. debugfs iosup_kernel_pgd adds one
# and counts the pgds in use whose kernel half is stale.
kpgd=/sys/kernel/debug/iosup_kernel_pgd
# injecting DESCRIPTION: whether the pre group runs a fault-injection
# test; with inject=0 it is reported as skipped.
injecting() {
	[ "$group" = pre ] || return 1
	[ "${inject:-1}" != 0 ] && return 0
	skip "$1" "inject=0: a kernel without the fault-injection debugfs"
	return 1
}
if injecting "reused pgds got a top-level kernel entry added while cached"; then
	check "the kernel-entry injection point is there" [ -f $kpgd ]
	lvl pgd in_pool; pooled=$v
	check "add a top-level kernel entry" sh -c "echo add > $kpgd"
	churn 40
	cat $kpgd | sed 's/^/# iosup_kernel_pgd: /' >&3
	read_pairs kpgd $kpgd
	diag "$pooled pgds were cached; stale pgds in use: ${kpgd_stale:-unread}"
	check "reused pgds got the new kernel entry (stale ${kpgd_stale:-unread}, $pooled cached)" \
		[ "$kpgd_stale" = 0 -a "$pooled" -gt 0 ]
fi
# A failed hypercall leaves its page read-only and typed. Such a page is
# quarantined and counted, never freed: the buddy allocator's next owner
# would oops on its first write. Fault injection fails the next three
# IOSUP hypercalls while the whole pool is given back, through
# fail_function on the hypercall that maps a typed page writable.
fail=/sys/kernel/debug/fail_function
echo xen_iosup_map_writable 2>/dev/null > $fail/inject &&
	printf '%#x' -5 > $fail/xen_iosup_map_writable/retval
if injecting "each failed hypercall quarantined its block"; then
	check "the hypercall fault injection point is there" [ -f $fail/probability ]
	knob quarantined; q0=$v
	knob hypercall_failures; f0=$v
	sum_levels in_pool; pooled=$v
	echo 1 > $fail/verbose
	echo 3 > $fail/times
	echo 100 > $fail/probability
	echo 1000000 > $IOSUP_SYS/reclaim
	echo 0 > $fail/probability
	knob quarantined; q1=$v
	knob hypercall_failures; f1=$v
	sum_levels in_pool
	diag "reclaim of $pooled pooled pages with 3 failing hypercalls: quarantined +$((q1 - q0)), failures +$((f1 - f0)), left in pool $v"
	check "each failed hypercall quarantined its block (3 and 3)" \
		[ $((q1 - q0)) = 3 -a $((f1 - f0)) = 3 ]
	check "processes run on the memory given back" churn 200
	check "the pool refills without a failure" \
		sh -c '[ "$(cat '$IOSUP_SYS'/hypercall_failures)" = '$f1' ]'
fi
# Before a system sleep the pools are given back and caching stops until
# the resume: a Xen save or migration of a PV domain runs the same
# callbacks (dpm_suspend_start() in Xen's do_suspend()), and no pooled
# page-table page may cross it. pm_test=devices runs every device's
# suspend and resume callbacks without sleeping; without it, writing
# "freeze" would sleep for good, so the test needs it.
if [ "$group" = pre ]; then
	if echo devices 2>/dev/null > /sys/power/pm_test &&
	   grep -q '\[devices\]' /sys/power/pm_test; then
		churn 50
		settle
		sum_levels in_pool; pooled=$v
		sum_levels in_use; used0=$v
		knob sleep_drains; d0=$v
		echo 1 2>/dev/null > /sys/module/suspend/parameters/pm_test_delay
		log0=$(dmesg | wc -l)
		check "a test sleep (pm_test=devices, freeze)" \
			sh -c 'echo freeze > /sys/power/state'
		echo none > /sys/power/pm_test
		knob sleep_drains; d1=$v
		knob enable; enabled=$v
		drain_report "$(dmesg | tail -n +$((log0 + 1)))"
		diag "sleep: $pooled pages pooled before, $given given back, $left left, drains $d0 -> $d1"
		check "the pools were given back before the sleep ($given of about $pooled, $left left)" \
			[ "${given:-0}" -gt 0 -a "$left" = 0 -a $((d1 - d0)) = 1 ]
		check "caching is on again after the resume" [ "$enabled" = 1 ]
		sum_levels in_use
		diag "in_use $used0 before the sleep, $v after (not reset by the resume)"
		check "processes run and the pools refill after the sleep" churn 50
		check "no pooled page is mapped writable or holds entries" typed_pool_clean
	else
		not_ok "the sleep test mode (pm_test=devices) is there"
	fi
fi
# A typed pgd can outlive the module: an open /proc/PID/mem holds a dead
# process's mm, which its exit tore down pinned, for the cache. Its
# pgd_free() runs at the close, with the hooks off by then, and must make
# the pgd and its user pgd writable before the buddy allocator has them
# (without that, the page's next owner oopses on its first write).
log0=$(dmesg | wc -l)
held=
if [ "$group" != disabled ]; then
	sleep 1000 &
	sleeper=$!
	if [ -r /proc/$sleeper/mem ] && exec 5< /proc/$sleeper/mem; then
		held=1
	fi
	kill $sleeper
	wait $sleeper 2>/dev/null
	check "a dead process's mm is held over the unload" [ -n "$held" ]
fi
echo 0 > $IOSUP_SYS/enable
check "rmmod iosup" rmmod iosup
if [ -n "$held" ]; then
	exec 5<&-
	diag "closed the last reference to a process's mm after the unload"
fi
check "processes still run after unload" churn 20
check "no oops or BUG since the unload" \
	sh -c "! dmesg | tail -n +$((log0 + 1)) | grep -q -e Oops -e 'BUG:'"
# The hooks stay on after an unload, for the typed tables still in
# flight (the /proc/PID/mem test above is theirs); a second load
# registers again.
check "insmod iosup.ko again" insmod "$IOSUP_KO"
check "rmmod iosup again" rmmod iosup
check "processes run after the second unload" churn 20

# Observe mode beside the cache on this kernel with the hooks: each
# module keeps to directories of its own, and both unload.
check "insmod iosup.ko enable=1, then iosup_observe.ko beside it" \
	sh -c 'insmod "$0" enable=1 && insmod "$1"' "$IOSUP_KO" "$IOSUP_OBSERVE_KO"
check "each has its own sysfs and debugfs directory" \
	sh -c 'grep -qx full "$0/mode" && grep -qx observe "$1/mode" &&
	       [ -d /sys/kernel/debug/iosup ] && [ -d /sys/kernel/debug/iosup_observe ]' \
	"$IOSUP_SYS" "$IOSUP_OBSERVE_SYS"
churn 20
full_sys=$IOSUP_SYS IOSUP_SYS=$IOSUP_OBSERVE_SYS
sum_levels to_pagetable
IOSUP_SYS=$full_sys
diag "with caching on, observe mode saw $v pages become page tables over churn 20"
check "rmmod both" sh -c 'rmmod iosup_observe && rmmod iosup'
check "processes run after both unloads" churn 20
