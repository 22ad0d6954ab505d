# The process-creation workload, one phase per test, shared by the suites.
# Sourced. Each phase: markers for the host's trace cutter, then lat_proc.

# run_phase NAME TEST ITERATIONS. While a cache is caching, the phase also
# reports its growth (NAME_pool_growth): the pages the caches own, pooled
# or in use, just before its last process ends less just after its first
# mark, so that nothing outside the host's window is counted. A cache
# gets a page only on a miss, from the buddy allocator, and Xen types
# that page once (one invalidation a page under IOMMU sync); it keeps its
# type from then on. So the host can tell the invalidations of a pool
# still growing (a longer RCU grace period than any before keeps more
# tables in flight) from the ones a warm pool lets through.
run_phase() {
	local owned
	phase_begin "$1"
	pool_figures; owned=$v
	out=$(lat_proc "$2" "$3")
	rc=$?
	if [ -n "$owned" ] && pool_figures && [ -n "$v" ]; then
		result "${result_prefix}${1}_pool_growth" $((v - owned))
	fi
	phase_end "$1" "$3"
	us=$(echo "$out" | sed -n 's/.*us_per_iter=\([0-9.]*\)$/\1/p')
	if [ $rc = 0 ] && [ -n "$us" ]; then
		ok "$1: $3 iterations at $us us each"
		result "${result_prefix}${1}_us" "$us"
	else
		not_ok "$1: lat_proc $2 $3 (rc=$rc, output '$out')"
	fi
}

# pool_misses: the cache's misses summed over its levels, into $v; empty
# when no cache is caching (no iosup.ko, observe mode, or enable=0).
pool_misses() {
	local d x
	v=
	[ -r /sys/kernel/iosup/enable ] && read -r x < /sys/kernel/iosup/enable &&
		[ "$x" = 1 ] || return 0
	v=0
	for d in /sys/kernel/iosup/*/misses; do
		[ -r "$d" ] && read -r x < "$d" && v=$((v + x))
	done
}

# pool_figures: from one read of /proc/iosup/stats, which takes each
# level's row from one snapshot, the pages the caches own (in_pool +
# in_use over the levels) into $v and those in use into $u; both empty
# when no cache is caching (no iosup.ko, observe mode, or enable=0).
# in_use counts the tables allocated since caching started less those
# freed, so a table waiting for its RCU grace period is counted once, and
# a free moves a page from in_use to in_pool without changing $v.
pool_figures() {
	local key in_use in_pool rest
	v= u=
	[ -r /proc/iosup/stats ] || return 0
	while read -r key in_use in_pool rest; do
		case "$key" in
		enabled) [ "$in_use" = 1 ] || return 0; v=0 u=0 ;;
		pgd|p4d|pud|pmd|pte)
			[ -z "$v" ] || { v=$((v + in_use + in_pool)); u=$((u + in_use)); } ;;
		esac
	done < /proc/iosup/stats
}

# run_workload ITERATIONS: a warm-up, so that the phases measure the
# steady state, then one phase per test. The warm-up runs rounds of 25
# processes of each test until a round leaves the cache's misses where
# they were (at most 8 rounds; one without a caching cache): a cache
# grows to the most tables a workload keeps in use and waiting for their
# RCU grace period, and fork+sh -c keeps more than the others. It is a
# phase of its own, reported apart. Phase names start with $phase_prefix
# (empty by default).
run_workload() {
	local n=0 before used i=0
	pool_figures; used=$u
	phase_begin "${phase_prefix:-}warmup"
	while :; do
		pool_misses; before=$v
		lat_proc fork 25 >/dev/null && lat_proc exec 25 >/dev/null &&
			lat_proc shell 25 >/dev/null
		n=$((n + 75))
		pool_misses
		[ -n "$before" ] && [ "$v" != "$before" ] && [ $n -lt 600 ] || break
	done
	phase_end "${phase_prefix:-}warmup" $n
	diag "${phase_prefix:-}warm-up: $n processes${v:+, $v pool misses in all}"
	run_phase "${phase_prefix:-}fork_exit" fork "$1"
	run_phase "${phase_prefix:-}fork_execve" exec "$1"
	run_phase "${phase_prefix:-}fork_sh" shell "$1"
	# Every table of the workload's processes comes back to the caches
	# once its grace period ends: a free that missed the cache would
	# leave in_use high, and its next allocation would miss and count as
	# growth, which the host does not bound as tightly.
	[ -n "$used" ] || return 0
	pool_figures
	while [ -n "$u" ] && [ "$u" -gt $((used + 16)) ] && [ $i -lt 100 ]; do
		nap 0.1
		i=$((i + 1))
		pool_figures
	done
	check "${phase_prefix:+${phase_prefix%_}: }the workload's tables came back to the caches (in use: $used before, ${u:-unread} after)" \
		[ -n "$u" -a "${u:-0}" -le $((used + 16)) ]
}
