# Xen PV dom0 with iosup.ko: a mixed workload in one boot, to show how the
# pools warm up and stay warm. Small processes (fork+exit, fork+execve,
# fork+sh -c of a small parent) run between dense and sparse big parents,
# with caching switched on during the run, and off and on again:
#
#   off          99 small, caching off: what stock pays
#   enable       "echo 1 > enable", which fills the pools ahead
#   first        the first 99 small after it
#   small_N      201 small each: warm from here on
#   dense        a parent that wrote all of 64 MiB forks 5 times; it
#                forks and exits the stock way (a fallback)
#   sparse64     one page written per 2 MiB of 64 MiB (32 pte tables
#                holding a pte each), 20 forks; sparse256 four pages per
#                2 MiB of 256 MiB (128 tables), 10 forks
#   reenabled    the first 99 small after "echo 0" and "echo 1"
#   after_pressure  small ones after memory pressure made the shrinker
#                give the pools back
#
# A phase NAME is cut out of the host's trace by its marks; a big parent
# marks only its forks (LAT_PROC_PHASE), not its own setup. Each phase
# reports the pool misses and the tables that became a page table anew
# (allocations less the typed blocks reused: each costs Xen a type
# change, so an IOTLB invalidation under IOMMU sync) as NAME_misses and
# NAME_typed_anew, and the pages the pool gave back as NAME_reclaimed.
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
check "insmod iosup.ko" insmod "$IOSUP_KO"

# pool_counts: misses, fresh types and reclaimed pages over the levels,
# into $misses, $anew and $reclaimed, and the misses of each level into
# $by_level (builtins only: no fork).
pool_counts() {
	local l
	sum_levels misses; misses=$v
	sum_levels allocs; anew=$v
	sum_levels type_changes_avoided; anew=$((anew - v))
	sum_levels reclaimed; reclaimed=$v
	by_level=
	for l in pgd pud pmd pte; do
		lvl $l misses; by_level="$by_level $v"
	done
}

# level_deltas BEFORE AFTER: "pgd A pud B ..." from two $by_level.
level_deltas() {
	set -- $1 $2
	echo "pgd $(($5 - $1)) pud $(($6 - $2)) pmd $(($7 - $3)) pte $(($8 - $4))"
}

# pool_counts_before: the pool's counts as a phase starts.
# phase_counts NAME: once the phase's tables are back, what it took:
# NAME_misses, NAME_typed_anew and NAME_reclaimed, and the stats.
pool_counts_before() {
	pool_counts
	m0=$misses a0=$anew r0=$reclaimed l0=$by_level
}
phase_counts() {
	settle
	pool_counts
	result "${1}_misses" $((misses - m0))
	result "${1}_typed_anew" $((anew - a0))
	result "${1}_reclaimed" $((reclaimed - r0))
	diag "$1: $((misses - m0)) misses ($(level_deltas "$l0" "$by_level")), $((anew - a0)) typed anew, $((reclaimed - r0)) reclaimed"
	stats
}

# stats: /proc/iosup/stats into the TAP log, as comments (no fork).
stats() {
	local line
	while read -r line; do diag "  $line"; done < /proc/iosup/stats
}

# mixed_phase NAME TEST PROCESSES [MIB PAGES]: one phase of the workload;
# with MIB, a big parent that wrote PAGES pages of each 2 MiB of MIB MiB.
mixed_phase() {
	local name=$1 test=$2 n=$3 out
	pool_counts_before
	if [ $# -gt 3 ]; then
		out=$(LAT_PROC_PHASE=$name lat_proc "$test" "$n" "$4" "$5" 3>&3)
	else
		phase_begin "$name"
		out=$(lat_proc "$test" "$n")
		phase_end "$name" "$n"
	fi
	check "$name: $n processes ran ($out)" \
		[ -n "$(echo "$out" | sed -n "s/.*iterations=$n .*/x/p")" ]
	phase_counts "$name"
}

# small NAME PROCESSES: a third each of fork+exit, fork+execve and
# fork+sh -c, as one phase.
small() {
	local name=$1 third=$(($2 / 3)) ok=1
	pool_counts_before
	phase_begin "$name"
	lat_proc fork $third >/dev/null || ok=
	lat_proc exec $third >/dev/null || ok=
	lat_proc shell $((third + $2 % 3)) >/dev/null || ok=
	phase_end "$name" "$2"
	check "$name: $2 small processes ran" [ -n "$ok" ]
	phase_counts "$name"
}

# switch_on NAME: "echo 1 > enable" as a phase of one process's count,
# so that the host counts what filling the pools ahead cost, apart.
switch_on() {
	local p0
	sum_levels prefilled; p0=$v
	phase_begin "$1"
	echo 1 > $IOSUP_SYS/enable
	phase_end "$1" 1
	knob enable
	check "$1: echo 1 > enable switched caching on" [ "$v" = 1 ]
	sum_levels prefilled
	result "${1}_prefilled" $((v - p0))
	diag "$1: $((v - p0)) pages filled in ahead"
	stats
}

small off 99
switch_on enable
small first 99
small small_1 201
small small_2 201
mixed_phase dense fork 5 64 512
small after_dense 99
small after_dense_2 201
mixed_phase sparse64 fork 20 64 1
small after_sparse64 201
mixed_phase sparse256 fork 10 256 4
small after_sparse256 201
mixed_phase sparse64_again fork 20 64 1
small after_sparse64_again 201
check "echo 0 > enable" sh -c "echo 0 > $IOSUP_SYS/enable"
small off_again 99
switch_on enable_again
small reenabled 99
small reenabled_2 201

# Memory pressure: watermarks raised above what is free make kswapd
# reclaim, and the shrinker give the pools back; the small processes
# after it grow them again, paying for the tables they type anew.
sum_levels in_pool; before=$v
min_free=$(cat /proc/sys/vm/min_free_kbytes)
free=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
echo $((free * 9 / 10)) > /proc/sys/vm/min_free_kbytes
dd if=/dev/zero of=/tmp/pressure bs=1M count=16 2>/dev/null
# kswapd runs until the high watermark is met: up to 10 s for it.
i=0
sum_levels in_pool
while [ "$v" -gt $((before / 10)) ] && [ $i -lt 20 ]; do
	sleep 0.5
	i=$((i + 1))
	sum_levels in_pool
done
during=$v
echo "$min_free" > /proc/sys/vm/min_free_kbytes
rm -f /tmp/pressure
result pressure_pooled_before "$before"
result pressure_pooled_after "$during"
check "memory pressure: the shrinker gave the pools back ($before pages pooled before, $during after)" \
	[ "$before" -gt 0 -a "$during" -le $((before / 10)) ]
small after_pressure 201
sum_levels in_pool
check "the pools grew again after the pressure ($v pages pooled)" [ "$v" -gt "$during" ]
cat /proc/iosup/stats | sed 's/^/# /' >&3
for l in pgd pud pmd pte; do
	lvl $l peak; result "${l}_peak" "$v"
done
check "no pooled page is mapped writable or holds entries" pool_clean
