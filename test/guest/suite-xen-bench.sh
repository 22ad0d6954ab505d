# Xen PV dom0: what IOSUP costs and saves per process, caching off and on
# in one boot, in interleaved rounds so that drift hits both alike.
#   rounds=R      rounds of off then on (default 3)
#   iterations=N  processes per small phase (default 300)
#   big=N         processes per 16 MiB-parent phase; 64 MiB gets N/3 and
#                 256 MiB N/8 (default 24)
#   pinned=1      a third config, "pinned": caching on with dense_ptes=0,
#                 so that no mm falls back to the stock fork and teardown
#   modules=0     a stock kernel: one config, "stock"; its iosup.ko, if
#                 any, is the observe-mode build, loaded only to count
#   hypercalls=1  load iosup.ko with count_hypercalls=1 and report the
#                 hypercalls of the Xen PV multicall batch in each phase
#                 (the kernel's xen_mc_flush tracepoint)
# Each phase is marked "<config>_<phase>_r<round>" around the timed part
# only, so the host can count per process: QEMU's IOTLB invalidations,
# and with qemu-run.sh --count-traps the page-table writes Xen trapped.
# Times come as "RESULT <config>_<phase>_us_round<R>=<us>", hypercalls as
# "RESULT <config>_<phase>_r<R>_xen_hypercalls=<n>".
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
rounds=${rounds:-3}
n=${iterations:-300}
big=${big:-24}
configs="off on"
[ "${pinned:-0}" = 1 ] && configs="off on pinned"
args=
[ "${hypercalls:-0}" = 1 ] && args=count_hypercalls=1
if [ "${modules:-1}" = 0 ]; then
	configs=stock
	[ -n "$args" ] && check "insmod iosup.ko (observe mode) $args" insmod "$IOSUP_KO" $args
else
	check "insmod iosup.ko $args" insmod "$IOSUP_KO" $args
fi
[ "${modules:-1}" != 0 ] && knob dense_ptes && dense=$v
if [ -n "$args" ]; then
	export LAT_PROC_COUNTER=/sys/kernel/debug/iosup/xen_hypercalls
	check "the hypercall counter is there" [ -r "$LAT_PROC_COUNTER" ]
fi

# name:test:processes:MiB the parent writes first
phases="fork_exit:fork:$n:0 fork_execve:exec:$n:0 fork_sh:shell:$((n / 2)):0
	big16_fork_exit:fork:$big:16 big64_fork_exit:fork:$((big / 3 + 1)):64
	big256_fork_exit:fork:$((big / 8 + 1)):256"

round=1
while [ $round -le "$rounds" ]; do
	for c in $configs; do
		case $c in
		off) echo 0 > "$IOSUP_SYS/enable" ;;
		on | pinned)
			[ $c = on ] && echo "$dense" > "$IOSUP_SYS/dense_ptes"
			[ $c = pinned ] && echo 0 > "$IOSUP_SYS/dense_ptes"
			echo 1 > "$IOSUP_SYS/enable" && churn 50
			;;
		esac
		[ $c = stock ] || { knob fallbacks; fallbacks=$v; }
		for p in $phases; do
			IFS=: read -r name test procs mib <<-EOF
			$p
			EOF
			mark=${c}_${name}_r$round
			out=$(LAT_PROC_PHASE=$mark lat_proc "$test" "$procs" "$mib")
			us=${out##*us_per_iter=}
			if [ -n "$out" ] && [ "$us" != "$out" ]; then
				result "${c}_${name}_us_round$round" "$us"
			else
				not_ok "$mark: lat_proc $test $procs $mib ('$out')"
			fi
		done
		if [ $c != stock ]; then
			knob fallbacks
			result "${c}_r${round}_fallbacks" $((v - fallbacks))
		fi
	done
	round=$((round + 1))
done
check "benchmark rounds completed ($rounds)" [ "$round" -gt "$rounds" ]
if [ "${modules:-1}" = 0 ]; then
	[ -n "$args" ] && check "rmmod iosup" rmmod iosup
else
	knob hypercall_failures
	check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
	echo 0 > "$IOSUP_SYS/enable"
	echo "$dense" > "$IOSUP_SYS/dense_ptes"
	check "rmmod iosup" rmmod iosup
fi
