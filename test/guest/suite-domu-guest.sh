# Inside a PV domU that suite domu started in dom0: the process workload
# in the paper's four groups, one after the other in one boot, with the
# phases named GROUP_PHASE:
#   stock     no iosup.ko
#   disabled  iosup.ko loaded, caching off; iosupctl diagnose over a workload
#   pre       loaded with enable=1 before the workload
#   dynamic   enabled while a workload runs, then the workload
# TAP goes to the console (TAP_PORT=/dev/hvc0); dom0 forwards it, and
# the host counts this domain's invalidations by its VT-d domain id.
# device=1 when dom0 passed a PCI device through.
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c '[ "$(cat /sys/hypervisor/guest_type)" = PV ]'
# A PV domU sees PCI devices only through pcifront: those dom0 passed.
devices=$(ls /sys/bus/pci/devices 2>/dev/null | wc -l)
if [ "${device:-0}" = 1 ]; then
	check "the passed-through device is visible through pcifront ($devices)" \
		[ "$devices" -gt 0 ]
	[ "$devices" -gt 0 ] ||
		dmesg | grep -i -E "pcifront|xenbus|pci" | tail -n 20 |
		while read -r line; do diag "dmesg: $line"; done
else
	check "no PCI device is visible ($devices)" [ "$devices" = 0 ]
fi
iters=${iterations:-200}
result_prefix=
. /etc/iosup/workload.sh

# group_workload GROUP: the workload with its phases named GROUP_PHASE.
group_workload() {
	phase_prefix=${1}_
	run_workload "$iters"
	phase_prefix=
}

# pool_checks GROUP: what caching must have left behind.
pool_checks() {
	settle
	knob hypercall_failures
	check "$1: no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
	sum_levels type_changes_avoided
	result "${1}_type_changes_avoided" "$v"
	check "$1: page-table type changes were avoided ($v)" [ "$v" -gt 0 ]
	sum_levels hits; hits=$v
	sum_levels stale
	check "$1: no pooled page handed out held an entry ($hits checked)" \
		[ "$v" = 0 -a "$hits" -gt 0 ]
	check "$1: no pooled page is mapped writable or holds entries" pool_clean
	# Misses, reclaims and shrinker calls, for an invalidation count to
	# be read against.
	sed "s/^/# $1 stats: /" /proc/iosup/stats >&3
}

group_workload stock

check "disabled: insmod iosup.ko" insmod "$IOSUP_KO"
group_workload disabled
# What iosupctl diagnose tells the guest's operator, over a workload.
# The host compares its page tables per process with QEMU's count of
# this phase, and reads its verdict: from its JSON object (-j), since
# the text is for people.
phase_begin disabled_diagnose
lat_proc exec 150 > /dev/null &
worker=$!
out=$(iosupctl -j diagnose -i 1)
rc=$?
wait $worker
phase_end disabled_diagnose 150
printf '%s\n' "$out" | sed 's/^/# diagnose: /' >&3
check "disabled: iosupctl -j diagnose runs (rc=$rc)" [ "$rc" = 0 ]
processes=$(json_field processes "$out")
to_pagetable=$(json_field to_pagetable "$out")
iommu_sync=$(json_field iommu_sync "$out")
verdict=$(json_field verdict "$out")
result diagnose_processes "${processes:-0}"
result diagnose_to_pagetable "${to_pagetable:-0}"
result diagnose_iommu_sync "${iommu_sync:-none}"
if [ "${device:-0}" = 1 ]; then
	check "disabled: diagnose finds the IOMMU in sync and says IOSUP would help" \
		[ "$iommu_sync" = yes -a "$verdict" = would-help ]
else
	check "disabled: diagnose finds no IOMMU sync and says IOSUP saves no flush" \
		[ "$iommu_sync" = no -a "$verdict" = no-iommu-sync ]
fi
check "disabled: rmmod iosup" rmmod iosup

check "pre: insmod iosup.ko enable=1 verify=1" insmod "$IOSUP_KO" enable=1 verify=1
group_workload pre
pool_checks pre
# save=1: dom0 saves this domain with xl and restores it, while the pools
# are full. Xen's do_suspend() runs the sleep callbacks, so no pooled
# page-table page crosses the save (pooled pgds are pinned L4s off
# pgd_list, which xen_mm_pin_all() would skip). dom0 does it when it reads
# the request; this shell learns of the resume from sleep_drains.
if [ "${save:-0}" = 1 ]; then
	churn 50
	settle
	sum_levels in_pool; pooled=$v
	knob sleep_drains; d0=$v
	echo "# REQUEST save" >&3
	i=0
	while knob sleep_drains && [ "$v" = "$d0" ] && [ $i -lt 3000 ]; do
		nap 0.1
		i=$((i + 1))
	done
	d1=$v
	# The resume callback runs after the drain: wait for caching.
	i=0
	while knob enable && [ "$v" != 1 ] && [ $i -lt 100 ]; do
		nap 0.1
		i=$((i + 1))
	done
	enabled=$v
	drain_report "$(dmesg)"
	diag "save: $pooled pages pooled before, $given given back, $left left, drains $d0 -> $d1"
	check "save: restored, the pools were given back before the save ($given of about $pooled, ${left:-?} left)" \
		[ "${given:-0}" -gt 0 -a "$left" = 0 -a $((d1 - d0)) = 1 ]
	check "save: caching is on again after the restore" [ "$enabled" = 1 ]
	check "save: processes run and the pools refill after the restore" churn 100
	knob hypercall_failures
	check "save: no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
	check "save: no pooled page is mapped writable or holds entries" pool_clean
fi
check "pre: rmmod iosup" rmmod iosup

check "dynamic: insmod iosup.ko verify=1" insmod "$IOSUP_KO" verify=1
phase_begin dynamic_before_enable
lat_proc exec 100 > /dev/null
phase_end dynamic_before_enable 100
check "dynamic: echo 1 > enable while the workload runs" \
	sh -c "echo 1 > $IOSUP_SYS/enable"
for n in 1 2; do
	phase_begin "dynamic_after_enable_$n"
	lat_proc exec 100 > /dev/null
	phase_end "dynamic_after_enable_$n" 100
done
group_workload dynamic
pool_checks dynamic
check "dynamic: rmmod iosup" rmmod iosup
# Linux 6.12's pcifront adds the passed-through device's sysfs files
# twice at boot (a stack from sysfs_warn_dup() under
# pcifront_rescan_root(), before iosup.ko is loaded; 6.1 does not): that
# stack is reported, not failed. Any other is an error.
dmesg > /tmp/dmesg.txt
traces=$(grep -c "Call Trace:" /tmp/dmesg.txt)
known=$(grep -c "sysfs_warn_dup" /tmp/dmesg.txt)
# Shown without the words the consoles are scanned for: this line goes
# to the console too.
grep -B2 -A12 -E "Oops|BUG:|WARNING:|Call Trace:" /tmp/dmesg.txt | head -n 40 |
	sed -e 's/Call Trace:/stack:/' -e 's/Oops/0ops/' -e 's/BUG:/bug:/' \
	    -e 's/WARNING:/warning:/' -e 's/^/# dmesg: /' >&3
check "no kernel error in this domain's log ($traces stacks, $known of them pcifront's duplicate sysfs files)" \
	sh -c '! grep -E -q "Oops|BUG:|WARNING:" /tmp/dmesg.txt && [ "$0" = "$1" ] &&
	       { [ "$0" = 0 ] || grep -q "pcifront_rescan_root" /tmp/dmesg.txt; }' "$traces" "$known"
