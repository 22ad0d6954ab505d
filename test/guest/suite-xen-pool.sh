# Xen PV dom0 with iosup.ko: the workload in one of the paper's groups,
# chosen by group= on the kernel command line:
#   disabled  iosup.ko loaded, caching off
#   pre       loaded with enable=1 before the workload (cache-pre-enabled)
#   dynamic   enabled while a workload runs (cache-dynamic-enabled)
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
group=${group:-pre}
iters=${iterations:-1000}
case "$group" in
disabled) check "insmod iosup.ko" insmod "$IOSUP_KO" ;;
pre) check "insmod iosup.ko enable=1" insmod "$IOSUP_KO" enable=1 ;;
dynamic)
	check "insmod iosup.ko" insmod "$IOSUP_KO"
	phase_begin before_enable
	lat_proc exec "$((iters / 2))" >/dev/null
	phase_end before_enable "$((iters / 2))"
	lat_proc exec 100000 >/dev/null &
	churner=$!
	sleep 2
	echo 1 > $IOSUP_SYS/enable
	phase_begin after_enable
	lat_proc exec "$((iters / 2))" >/dev/null
	phase_end after_enable "$((iters / 2))"
	kill $churner
	wait $churner 2>/dev/null
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
	lvl $l in_pool; result "${l}_in_pool" "$v"
	lvl $l type_changes_avoided; result "${l}_type_changes_avoided" "$v"
	lvl $l alloc_ns; result "${l}_alloc_ns" "$v"
	lvl $l free_ns; result "${l}_free_ns" "$v"
done
knob hypercall_failures
result hypercall_failures "$v"
check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
if [ "$group" != disabled ]; then
	sum_levels type_changes_avoided
	check "page-table type changes were avoided ($v)" [ "$v" -gt 0 ]
	check "no pooled page is mapped writable or holds entries" \
		sh -c 'cat /sys/kernel/debug/iosup/pool_check >&2;
		       grep -qx "writable 0" /sys/kernel/debug/iosup/pool_check &&
		       grep -qx "nonzero 0" /sys/kernel/debug/iosup/pool_check &&
		       ! grep -qx "typed 0" /sys/kernel/debug/iosup/pool_check'
fi
echo 0 > $IOSUP_SYS/enable
check "rmmod iosup" rmmod iosup
check "processes still run after unload" churn 20
