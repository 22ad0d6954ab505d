# Process-creation throughput with caching off and on, as figures (no
# pass/fail on speed): N parallel loops on the N vCPUs of the boot, one
# bound to each (tput_proc), the configurations interleaved in rounds.
#   rounds=R    rounds of off then on (default 3)
#   seconds=S   seconds each loop runs per test (default 5)
#   jobs=N      parallel loops (default: the online CPUs)
# Figures: "RESULT <config>_<test>_j<N>_procs_per_sec_round<R>=<rate>",
# tests fork_exit and fork_execve, and the share of CPU time left idle as
# "<config>_<test>_j<N>_idle_pct_round<R>". Runs native and on Xen alike.
. /etc/iosup/iosup.sh
rounds=${rounds:-3}
seconds=${seconds:-5}
jobs=${jobs:-$(grep -c '^processor' /proc/cpuinfo)}
diag "tput: $jobs loops, $(grep -c '^processor' /proc/cpuinfo) CPUs online"
check "insmod iosup.ko" insmod "$IOSUP_KO"

# cpu_ticks: busy and idle ticks of all CPUs so far, into $busy $idle.
cpu_ticks() {
	local cpu user nice sys idl iow irq sirq steal rest
	read -r cpu user nice sys idl iow irq sirq steal rest < /proc/stat
	busy=$((user + nice + sys + irq + sirq)) idle=$((idl + iow))
}

round=1 timed=0
while [ $round -le "$rounds" ]; do
	for c in off on; do
		case $c in
		off) echo 0 > "$IOSUP_SYS/enable" ;;
		on) echo 1 > "$IOSUP_SYS/enable" && churn 50 ;;
		esac
		for t in fork:fork_exit exec:fork_execve; do
			test=${t%%:*} name=${t#*:}
			cpu_ticks; busy0=$busy idle0=$idle
			out=$(tput_proc "$test" "$jobs" "$seconds")
			cpu_ticks
			rate=${out##*procs_per_sec=}
			if [ -n "$out" ] && [ "$rate" != "$out" ]; then
				timed=$((timed + 1))
				result "${c}_${name}_j${jobs}_procs_per_sec_round$round" "$rate"
				# Idle time says the loops waited rather than worked.
				result "${c}_${name}_j${jobs}_idle_pct_round$round" \
					$((100 * (idle - idle0) / (busy - busy0 + idle - idle0 + 1)))
			else
				not_ok "$c: tput_proc $test $jobs $seconds ('$out')"
			fi
		done
	done
	round=$((round + 1))
done
check "every round measured both tests caching off and on ($timed of $((rounds * 4)))" \
	[ "$timed" = $((rounds * 4)) ]
knob hypercall_failures
check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
echo 0 > "$IOSUP_SYS/enable"
check "rmmod iosup" rmmod iosup
