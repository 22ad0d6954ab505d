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
# ok, not_ok, skip, check and the counts: /etc/iosup/ktap.sh (test/ktap.sh).
. /etc/iosup/ktap.sh
ktap_line() {
	echo "$*" >&3
	[ -z "$tap_echo" ] || echo "$*"
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

done_testing() { ktap_plan; }
