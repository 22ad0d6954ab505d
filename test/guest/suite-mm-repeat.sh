# Named mm selftests run again and again in one boot, to tell a test that
# fails now and then from one that caching breaks: with config=toggle,
# caching is off and on in turn (off first in odd rounds, on first in
# even ones), so both configs meet the same boot, the same ksmd and the
# same drift; with config=stock there is no module and every run counts
# as "stock".
#   tests=A+B+...   selftest commands in /mm, with '~' for a space
#                   (ksm_tests~-U+ksm_tests~-N~-m~1)
#   rounds=N        how many times each test runs in each config
#   config=toggle|stock
# Each run's verdict comes as "# mm-repeat: pass|fail CONFIG ROUND TEST";
# a failed run's output follows it, indented with "# | ", then the KSM
# counters the run started from, which the KSM tests assume are zero. With caching
# on, the usual checks close the suite: no stale table, no failed
# hypercall.
. /etc/iosup/iosup.sh
rounds=${rounds:-10}
config=${config:-toggle}
case $config in
toggle) check "insmod iosup.ko verify=1" insmod "$IOSUP_KO" verify=1 ;;
stock) ;;
*)
	not_ok "config=$config is toggle or stock"
	done_testing
	exit 1
	;;
esac
case $rounds in
'' | *[!0-9]*) not_ok "rounds=$rounds is a number"; done_testing; exit 1 ;;
esac
[ -n "${tests:-}" ] || { not_ok "tests= names the tests"; done_testing; exit 1; }

# ksm_state: the KSM figures a test starts from, on one line (system-wide
# counters that a test before may have left nonzero).
ksm_state() {
	k=/sys/kernel/mm/ksm
	[ -d $k ] || return 0
	echo "run=$(cat $k/run) merge_across_nodes=$(cat $k/merge_across_nodes 2>/dev/null)" \
		"pages_shared=$(cat $k/pages_shared) pages_sharing=$(cat $k/pages_sharing)" \
		"full_scans=$(cat $k/full_scans)"
}

# caching VALUE: caching off (0) or on (1), checked.
caching() {
	echo "$1" > "$IOSUP_SYS/enable" && knob enable && [ "$v" = "$1" ]
}

out=/tmp/mm-repeat.out
failed_setup=0
cd /mm || { not_ok "/mm holds the selftests"; done_testing; exit 1; }
round=0
while [ "$round" -lt "$rounds" ]; do
	round=$((round + 1))
	if [ "$config" = stock ]; then
		order=stock
	elif [ $((round % 2)) = 1 ]; then
		order="off on"
	else
		order="on off"
	fi
	for c in $order; do
		case $c in
		off) caching 0 || failed_setup=1 ;;
		on) caching 1 || failed_setup=1 ;;
		esac
		for t in $(echo "$tests" | tr + ' '); do
			cmd=$(echo "$t" | tr '~' ' ')
			state=$(ksm_state)
			# shellcheck disable=SC2086 # the test's words
			if ./$cmd > "$out" 2>&1; then
				diag "mm-repeat: pass $c $round $cmd"
				echo "mm-repeat: pass" >> /tmp/mm-repeat.verdicts
			else
				diag "mm-repeat: fail $c $round $cmd"
				echo "mm-repeat: fail" >> /tmp/mm-repeat.verdicts
				sed 's/^/# | /' "$out" | tail -n 40 >&3
			fi
			[ -z "$state" ] || diag "  before it: $state"
		done
	done
done
runs=$(($(cat /tmp/mm-repeat.verdicts 2>/dev/null | wc -l)))
want=$((rounds * $(echo "$tests" | tr + '\n' | grep -c .)))
[ "$config" = toggle ] && want=$((want * 2))
check "every test ran in every round and config ($runs of $want runs)" \
	[ "${runs:-0}" = "$want" ]
if [ "$config" = toggle ]; then
	check "caching switched off and on at every turn" [ "$failed_setup" = 0 ]
	caching 1
	settle
	sum_levels stale
	check "no table came out of a pool holding entries (stale $v)" [ "$v" = 0 ]
	knob hypercall_failures
	check "no hypercall of the IOSUP paths failed ($v)" [ "$v" = 0 ]
fi
