# The process-creation workload, one phase per test, shared by the suites.
# Sourced. Each phase: markers for the host's trace cutter, then lat_proc.

# run_phase NAME TEST ITERATIONS
run_phase() {
	phase_begin "$1"
	out=$(lat_proc "$2" "$3")
	rc=$?
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

# run_workload ITERATIONS: a warm-up, so that the phases measure the
# steady state, then one phase per test. The warm-up runs rounds of 25
# processes of each test until a round leaves the cache's misses where
# they were (at most 8 rounds; one without a caching cache): a cache
# grows to the most tables a workload keeps in use and waiting for their
# RCU grace period, and fork+sh -c keeps more than the others. It is a
# phase of its own, reported apart. Phase names start with $phase_prefix
# (empty by default).
run_workload() {
	local n=0 before
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
}
