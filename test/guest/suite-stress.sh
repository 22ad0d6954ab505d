# Debian's stress-ng against the hooks, every pool enabled from load and
# each handout checked (verify=1). Natively, a distribution kernel's mm
# runs under it: THP with khugepaged scanning flat out, KSM merging,
# page migration between QEMU's NUMA nodes, compaction, userfaultfd and
# hugetlbfs. As Xen PV dom0 (no THP, hugetlbfs or NUMA there) the same
# stressors meet the typed-table path.
. /etc/iosup/iosup.sh
secs=${seconds:-12}
stress=/usr/bin/stress-ng
xen=0
dmesg | grep -q "Booting kernel on Xen" && xen=1

check "Debian's stress-ng is in the initramfs" $stress --version
# pool=off: the same stressors with the module loaded and caching off, to
# tell a stressor's own failure from one that the pools cause.
pool=${pool:-on}
enable=1
[ "$pool" = off ] && enable=0
check "insmod iosup.ko enable=$enable verify=1" insmod "$IOSUP_KO" enable=$enable verify=1

mm=/sys/kernel/mm
echo 1 > $mm/ksm/run
echo 0 > $mm/ksm/sleep_millisecs
# THP natively, unless the kernel has none (PREEMPT_RT rules it out).
thp=0
[ $xen = 0 ] && [ -d $mm/transparent_hugepage ] && thp=1
if [ $xen = 0 ]; then
	check "two NUMA nodes" [ -d /sys/devices/system/node/node1 ]
fi
if [ $thp = 1 ]; then
	echo always > $mm/transparent_hugepage/enabled
	echo always > $mm/transparent_hugepage/defrag
	echo always > $mm/transparent_hugepage/shmem_enabled
	for f in scan_sleep_millisecs alloc_sleep_millisecs; do
		echo 0 > $mm/transparent_hugepage/khugepaged/$f
	done
fi
if [ $xen = 0 ]; then
	echo 16 > /proc/sys/vm/nr_hugepages
	mkdir -p /mnt/huge
	check "mount hugetlbfs" mount -t hugetlbfs none /mnt/huge
fi
mkdir -p /tmp/stress /dev/shm
# POSIX shared memory lives on /dev/shm; natively with huge pages.
# Bounded, so that shm stressors do not fill memory and call the OOM killer.
shm_opts="-o size=48M"
[ $thp = 1 ] && shm_opts="-o size=48M,huge=always"
check "mount /dev/shm" mount -t tmpfs $shm_opts tmpfs /dev/shm

# vmstat NAME: a /proc/vmstat counter (0 if absent), into $v.
vmstat() {
	v=0
	while read -r key val; do
		[ "$key" = "$1" ] && v=$val && return
	done < /proc/vmstat
}

# stress NAME STRESSOR...: the stressors side by side for $secs seconds.
stress() {
	name=$1
	shift
	(cd /tmp/stress && $stress --timeout "$secs" --oom-avoid --metrics-brief "$@") \
		> /tmp/stress.out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/stress.out >&3
	check "stress-ng $name: every stressor passed" [ $rc = 0 ]
}

vmstat thp_collapse_alloc; collapse0=$v
vmstat pgmigrate_success; migrated0=$v
vmstat compact_migrate_scanned; compact0=$v
stress tables --fork 2 --clone 1 --mmapfork 1 --vm-segv 1 --zombie 1
# No memthrash: in stress-ng 0.15.06 it segfaults on this kernel with
# caching off too (same instruction), so it tells nothing about IOSUP.
stress memory --vm 2 --vm-bytes 16M --vm-madvise mergeable --madvise 1 --mremap 1 \
	--pagemove 1 --mmaphuge 1 --mmaphuge-mmaps 16
stress faults --mmap 1 --mprotect 1 --remap 1 --stack 1 --tlb-shootdown 1
if [ $xen = 0 ]; then
	# NUMA policies and page moves between the two nodes (a Xen PV
	# domain has no NUMA nodes), and userfaultfd.
	stress native --userfaultfd 1 --numa 1
	# THP-advised anonymous memory and POSIX shm on tmpfs with huge
	# pages on: huge pages at fault, or small pages that khugepaged
	# collapses later (and frees their pte tables). Without THP the
	# same stressors run on small pages.
	echo 1 > /proc/sys/vm/compact_memory
	stress hugepages --vm 1 --vm-bytes 32M --vm-madvise hugepage \
		--shm 1 --shm-bytes 8M
	vmstat thp_collapse_alloc
	diag "khugepaged collapses: $((v - collapse0))"
	# Reported, not asserted: in a short run neither NUMA balancing nor
	# compaction reliably finds pages to move.
	vmstat pgmigrate_success
	diag "pages migrated: $((v - migrated0))"
	vmstat compact_migrate_scanned
	diag "compaction scanned: $((v - compact0))"
fi
read -r v < $mm/ksm/full_scans
check "KSM scanned ($v full scans)" [ "$v" -gt 0 ]

settle
sum_levels hits; hits=$v
sum_levels stale
[ "$pool" = off ] && hits=off
check "no pooled page handed to a process held an entry ($hits checked)" \
	[ "$v" = 0 -a "$hits" != 0 ]
sum_levels cleared
diag "tables freed with entries in them, cleared before pooling: $v"
check "no pooled page is mapped writable or holds entries" pool_clean
knob hypercall_failures
check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
echo 0 > $IOSUP_SYS/enable
check "rmmod iosup" rmmod iosup
check "processes still run after unload" churn 20
