# TAP helpers for the guest suites (busybox sh). Sourced, not run.
# Results go to fd 3, the second serial port; the host reads them from a file.
# A Xen domU has only its console: there TAP_PORT=/dev/hvc0 (raw, so no
# CR is added), and the lines are not repeated on stdout, the same console.
tap_port=${TAP_PORT:-/dev/ttyS1}
if ! exec 3>"$tap_port"; then
	echo "tap: cannot open $tap_port" >&2
	exec 3>&2
fi
stty -F "$tap_port" raw -echo 115200 2>/dev/null
tap_echo=1
[ "$tap_port" = /dev/hvc0 ] && tap_echo=
# Seconds of quiet either side of a phase mark: the host stamps a mark
# when it arrives, and a domU's marks arrive through dom0.
phase_guard=${phase_guard:-1}
tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*" >&3
	[ -z "$tap_echo" ] || echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*" >&3
	[ -z "$tap_echo" ] || echo "not ok $tap_n - $*"
}

# skip DESCRIPTION REASON: a TAP skip, which counts as passed.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2" >&3
	[ -z "$tap_echo" ] || echo "ok $tap_n - $1 # SKIP $2"
}

# check DESCRIPTION COMMAND...: ok if COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

diag() {
	echo "# $*" >&3
	[ -z "$tap_echo" ] || echo "# $*"
}

# Lines the host reads, stamps and uses to cut the QEMU trace into phases.
phase_begin() {
	sleep "$phase_guard"
	echo "# PHASE begin $1" >&3
	sleep "$phase_guard"
}

phase_end() {
	sleep "$phase_guard"
	echo "# PHASE end $1 procs=$2" >&3
	sleep "$phase_guard"
}

# Keep a result line for the host: "# RESULT name=value".
result() {
	echo "# RESULT $1=$2" >&3
}

done_testing() {
	echo "1..$tap_n" >&3
	[ -z "$tap_echo" ] || echo "1..$tap_n"
}
