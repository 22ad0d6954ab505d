# Xen PV dom0: what IOSUP costs and saves per process, caching off and on
# in one boot, alternating at every phase so that drift hits both alike.
#   rounds=R      rounds of off then on (default 3)
#   iterations=N  processes per small phase (default 300)
#   big=N         processes per 16 MiB-parent phase; 64 MiB gets N/3 and
#                 256 MiB N/8 (default 24)
#   pinned=1      a third config, "pinned": caching on with dense_ptes=0,
#                 so that no mm falls back to the stock fork and teardown
#   modules=0     a stock kernel: one config, "stock"; its iosup.ko, if
#                 any, is the observe-mode build, loaded only to count
#   hypercalls=1  load iosup.ko with count_hypercalls=1 and report the
#                 hypercalls of the Xen PV multicall batch in each phase,
#                 and the page-table entries they wrote (the kernel's
#                 xen_mc_* tracepoints)
#   only=P1+P2    run only these phases (by name, e.g. fork_exit)
#   timing=1      load iosup.ko with timing=1 and print /proc/iosup/stats
#                 (time spent in the pool's alloc and free) at the end
# Each phase is marked "<config>_<phase>_r<round>" around the timed part
# only, so the host can count per process: QEMU's IOTLB invalidations,
# and with qemu-run.sh --count-traps the page-table writes Xen trapped.
# Times come as "RESULT <config>_<phase>_us_round<R>=<us>", hypercalls as
# "RESULT <config>_<phase>_r<R>_xen_hypercalls=<n>" and _xen_pt_updates.
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
[ "${timing:-0}" = 1 ] && [ "${modules:-1}" != 0 ] && args="$args timing=1"
# The hypercall counters are in the loaded module's debugfs directory.
counters=/sys/kernel/debug/iosup
if [ "${modules:-1}" = 0 ]; then
	configs=stock
	counters=/sys/kernel/debug/iosup_observe
	[ -n "$args" ] && check "insmod iosup_observe.ko $args" insmod "$IOSUP_OBSERVE_KO" $args
else
	check "insmod iosup.ko $args" insmod "$IOSUP_KO" $args
fi
[ "${modules:-1}" != 0 ] && knob dense_ptes && dense=$v
if [ "${hypercalls:-0}" = 1 ]; then
	export LAT_PROC_COUNTER=$counters/xen_hypercalls:$counters/xen_pt_updates
	check "the hypercall counters are there" \
		[ -r $counters/xen_hypercalls -a -r $counters/xen_pt_updates ]
fi

# name:test:processes:MiB the parent writes first
phases="fork_exit:fork:$n:0 fork_execve:exec:$n:0 fork_sh:shell:$((n / 2)):0
	big16_fork_exit:fork:$big:16 big64_fork_exit:fork:$((big / 3 + 1)):64
	big256_fork_exit:fork:$((big / 8 + 1)):256"
if [ -n "${only:-}" ]; then
	kept=
	for p in $phases; do
		case "+$only+" in *"+${p%%:*}+"*) kept="$kept $p" ;; esac
	done
	phases=$kept
	check "phases chosen by only=$only exist" [ -n "$phases" ]
fi

# use CONFIG: switch caching to what CONFIG measures.
use() {
	case $1 in
	off) echo 0 > "$IOSUP_SYS/enable" ;;
	on | pinned)
		echo 0 > "$IOSUP_SYS/enable"
		[ $1 = on ] && echo "$dense" > "$IOSUP_SYS/dense_ptes"
		[ $1 = pinned ] && echo 0 > "$IOSUP_SYS/dense_ptes"
		echo 1 > "$IOSUP_SYS/enable" && churn 50
		;;
	esac
}

# Configs alternate at every phase, not once a round: a round takes
# minutes, and TCG drifts by tens of percent over that long.
round=1 timed=0
while [ $round -le "$rounds" ]; do
	fb_off=0 fb_on=0 fb_pinned=0
	for p in $phases; do
		IFS=: read -r name test procs mib <<-EOF
		$p
		EOF
		for c in $configs; do
			use $c
			[ $c = stock ] || { knob fallbacks; fallbacks=$v; }
			mark=${c}_${name}_r$round
			out=$(LAT_PROC_PHASE=$mark lat_proc "$test" "$procs" "$mib")
			us=${out##*us_per_iter=}
			if [ -n "$out" ] && [ "$us" != "$out" ]; then
				timed=$((timed + 1))
				result "${c}_${name}_us_round$round" "$us"
			else
				not_ok "$mark: lat_proc $test $procs $mib ('$out')"
			fi
			[ $c = stock ] && continue
			knob fallbacks
			case $c in
			off) fb_off=$((fb_off + v - fallbacks)) ;;
			on) fb_on=$((fb_on + v - fallbacks)) ;;
			pinned) fb_pinned=$((fb_pinned + v - fallbacks)) ;;
			esac
		done
	done
	case " $configs " in *" off "*) result "off_r${round}_fallbacks" "$fb_off" ;; esac
	case " $configs " in *" on "*) result "on_r${round}_fallbacks" "$fb_on" ;; esac
	case " $configs " in *" pinned "*) result "pinned_r${round}_fallbacks" "$fb_pinned" ;; esac
	round=$((round + 1))
done
want=$((rounds * $(echo $phases | wc -w) * $(echo $configs | wc -w)))
check "every round timed each phase in each config ($timed of $want)" \
	[ "$timed" = "$want" ]
if [ "${modules:-1}" = 0 ]; then
	[ -n "$args" ] && check "rmmod iosup" rmmod iosup
else
	knob hypercall_failures
	check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]
	if [ "${timing:-0}" = 1 ]; then
		while read -r line; do diag "stats: $line"; done < /proc/iosup/stats
	fi
	echo 0 > "$IOSUP_SYS/enable"
	echo "$dense" > "$IOSUP_SYS/dense_ptes"
	check "rmmod iosup" rmmod iosup
fi
