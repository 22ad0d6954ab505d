# Native benchmarks, as figures (no pass/fail on speed). Each round runs
# fork+exit, fork+execve and fork+sh -c once per configuration, the
# configurations interleaved so that drift hits them alike:
#   hooks   iosup.ko not loaded (the hooks' static branches off)
#   off     iosup.ko loaded, caching off
#   on      iosup.ko loaded, caching on
# With modules=0 (the stock kernel) only "hooks" runs, named "stock".
. /etc/iosup/iosup.sh
rounds=${rounds:-5}
configs="hooks off on"
[ "${modules:-1}" = 0 ] && configs=stock

# bench CONFIG: one round of the three tests, each as a RESULT line.
timed=0
bench() {
	for t in fork:fork_exit:1000 exec:fork_execve:300 shell:fork_sh:150; do
		test=${t%%:*} n=${t##*:} name=${t#*:}
		name=${name%:*}
		out=$(lat_proc "$test" "$n") || { not_ok "lat_proc $test $n"; continue; }
		result "${1}_${name}_us_round$round" "${out##*us_per_iter=}"
		timed=$((timed + 1))
	done
}

# A config whose module did not load is not timed: its row would be
# another config's.
round=1
while [ $round -le "$rounds" ]; do
	for c in $configs; do
		case $c in
		off)
			if ! insmod "$IOSUP_KO"; then
				not_ok "round $round: insmod iosup.ko"
				continue
			fi
			;;
		on)
			if ! insmod "$IOSUP_KO" enable=1; then
				not_ok "round $round: insmod iosup.ko enable=1"
				continue
			fi
			churn 20
			;;
		esac
		bench $c
		case $c in
		off | on)
			rmmod iosup || not_ok "round $round: rmmod iosup after $c"
			;;
		esac
	done
	round=$((round + 1))
done
want=$((rounds * 3 * $(echo $configs | wc -w)))
check "every round timed the three tests in each config ($timed of $want)" \
	[ "$timed" = "$want" ]
