# The seed paper's evaluation, one group per boot (userspace/eval/):
# iosup-stress churns processes while iosupctl watch samples the pools,
# then iosupctl bench times fork+exit, fork+execve and fork+sh -c.
#   group=disabled  iosup.ko loaded, caching off (also the relaxed run)
#   group=pre       enable=1 at load, before the workload
#   group=dynamic   enabled a third of the way in; total=16 so that the
#                   policy's reclaim shows at this workload's scale
# Knobs: duration= (s), rate= (processes a minute), idle= (s), rounds=.
. /etc/iosup/iosup.sh
group=${group:-pre}
duration=${duration:-120}
rate=${rate:-600}
idle=${idle:-20}
rounds=${rounds:-5}
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
case "$group" in
disabled | dynamic) check "insmod iosup.ko timing=1" insmod "$IOSUP_KO" timing=1 ;;
pre) check "insmod iosup.ko enable=1 timing=1" insmod "$IOSUP_KO" enable=1 timing=1 ;;
*) not_ok "unknown group '$group'" ;;
esac
knob total
total=$v
if [ "$group" = dynamic ]; then
	total=16
	check "iosupctl set total=$total" iosupctl set total=$total
fi
result duration "$duration"
result rate "$rate"
result idle "$idle"
result rounds "$rounds"
result total "$total"

# Warm the caches of the binaries so that the first interval is typical.
lat_proc exec 20 >/dev/null
phase_begin stress
iosupctl watch -i 2 > /tmp/watch.out 2>&1 &
watch=$!
iosup-stress -d "$duration" -r "$rate" -c 8 -m 1024 -t 1 -l 300 \
	> /tmp/stress.out 2>&1 &
stress=$!
if [ "$group" = dynamic ]; then
	sleep $((duration / 3))
	echo "# EVENT enable" >&3
	check "iosupctl enable while the workload runs" iosupctl enable
fi
wait $stress
rc=$?
sleep "$idle"
created=$(sed -n 's/^RESULT created=\([0-9]*\) .*/\1/p' /tmp/stress.out)
phase_end stress "${created:-0}"
kill $watch
wait $watch
sed 's/^/# stress: /' /tmp/stress.out >&3
check "iosup-stress: every process ran (exit $rc)" [ "$rc" = 0 -a -n "$created" ]
result created "${created:-0}"
sed 's/^/# WATCH /' /tmp/watch.out >&3
check "iosupctl watch sampled the whole run" \
	[ "$(wc -l < /tmp/watch.out)" -gt $((duration / 2)) ]

sed 's/^/# /' /proc/iosup/stats >&3
for l in pgd pud pmd pte; do
	for f in peak in_pool allocs frees alloc_ns free_ns hits reclaimed type_changes_avoided; do
		lvl $l $f
		result "${l}_$f" "$v"
	done
done
knob hypercall_failures
result hypercall_failures "$v"
check "no hypercall of the IOSUP paths failed" [ "$v" = 0 ]

phase_begin bench
iosupctl bench -r "$rounds" -n 100 > /tmp/bench.out 2>&1
rc=$?
phase_end bench 0
sed 's/^/# BENCH /' /tmp/bench.out >&3
check "iosupctl bench: $rounds rounds of each test (exit $rc)" \
	[ "$rc" = 0 -a "$(wc -l < /tmp/bench.out)" = 4 ]
