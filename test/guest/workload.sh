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

# run_workload ITERATIONS: a short warm-up, so that the phases measure the
# steady state, then one phase per test. Phase names start with
# $phase_prefix (empty by default).
run_workload() {
	phase_begin "${phase_prefix:-}warmup"
	lat_proc fork 25 >/dev/null && lat_proc exec 25 >/dev/null
	phase_end "${phase_prefix:-}warmup" 50
	run_phase "${phase_prefix:-}fork_exit" fork "$1"
	run_phase "${phase_prefix:-}fork_execve" exec "$1"
	run_phase "${phase_prefix:-}fork_sh" shell "$1"
}
