# iosup.ko on a native kernel: lifecycle, counters, policy, bad input.
. /etc/iosup/iosup.sh

# --- load disabled (cache-dynamic-enabled mode) ---
check "insmod iosup.ko (caching off)" insmod "$IOSUP_KO"
check "/sys/kernel/iosup/enable reads 0" [ "$(cat $IOSUP_SYS/enable)" = 0 ]
check "/proc/iosup/stats has a row per level" \
	sh -c 'for l in pgd pud pmd pte; do grep -q "^$l " /proc/iosup/stats || exit 1; done'
churn 50
check "caching off: no hits" [ "$(sum_levels hits)" = 0 ]
check "caching off: nothing pooled" [ "$(sum_levels in_pool)" = 0 ]

# --- enable at run time, churn: hits rise, misses fall ---
check "echo 1 > enable" sh -c "echo 1 > $IOSUP_SYS/enable"
churn 100
h1=$(lvl pte hits) m1=$(lvl pte misses)
churn 100
h2=$(lvl pte hits) m2=$(lvl pte misses)
diag "pte after warm-up: hits=$h1 misses=$m1; after steady state: hits=$h2 misses=$m2"
check "steady state: pte hits rise" [ $((h2 - h1)) -gt 100 ]
check "steady state: pte misses stay below 5% of allocations" \
	[ $(((m2 - m1) * 20)) -lt $((h2 - h1 + m2 - m1)) ]
check "pgd blocks are reused too" [ "$(lvl pgd hits)" -gt 0 ]
check "nothing freed to the pool needed clearing" [ "$(sum_levels cleared)" = 0 ]

# --- counters agree with the kernel's NR_PAGETABLE ---
pt0=$(meminfo_pages PageTables)
use0=$(($(lvl pte in_use) + $(lvl pmd in_use)))
pids=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	sleep 1000 &
	pids="$pids $!"
done
sleep 1
pt1=$(meminfo_pages PageTables)
use1=$(($(lvl pte in_use) + $(lvl pmd in_use)))
diag "16 sleepers: PageTables +$((pt1 - pt0)) pages, pte+pmd in_use +$((use1 - use0))"
check "in_use grows with NR_PAGETABLE (16 processes)" \
	[ $((pt1 - pt0)) -ge 16 -a $((use1 - use0)) -ge $((pt1 - pt0 - 2)) \
	  -a $((use1 - use0)) -le $((pt1 - pt0 + 2)) ]
pool0=$(sum_levels in_pool)
kill $pids
wait 2>/dev/null
sleep 1
pt2=$(meminfo_pages PageTables)
use2=$(($(lvl pte in_use) + $(lvl pmd in_use)))
diag "after exit: PageTables $pt2 pages (was $pt0), in_use $use2 (was $use0)"
check "exited tables leave NR_PAGETABLE and in_use alike" \
	[ $((use1 - use2)) -ge $((pt1 - pt2 - 2)) -a $((use1 - use2)) -le $((pt1 - pt2 + 2)) ]
check "exited tables went to the pool" [ "$(sum_levels in_pool)" -gt "$pool0" ]

# --- manual reclaim ---
p0=$(lvl pte in_pool)
if [ "$p0" -ge 3 ]; then
	echo 3 > $IOSUP_SYS/reclaim
	check "echo 3 > reclaim frees 3 pte pages" [ "$(lvl pte in_pool)" = $((p0 - 3)) ]
else
	not_ok "pte pool too small to test manual reclaim ($p0)"
fi
r0=$(sum_levels reclaimed)
echo 1000000 > $IOSUP_SYS/reclaim
check "a large reclaim empties every pool" [ "$(sum_levels in_pool)" = 0 ]
check "reclaimed counts what left" [ "$(sum_levels reclaimed)" -gt "$r0" ]

# --- reclaim by policy ---
echo 1000 > $IOSUP_SYS/ratio
echo 100000 > $IOSUP_SYS/total
sleepers 20
sleep 1
pooled=$(lvl pte in_pool) inuse=$(lvl pte in_use)
diag "lax policy: pte in_pool=$pooled in_use=$inuse"
check "a lax policy keeps the pool" [ "$pooled" -ge 16 ]
echo 1 > $IOSUP_SYS/ratio
echo 0 > $IOSUP_SYS/total
sleep 1
pooled=$(lvl pte in_pool) inuse=$(lvl pte in_use)
diag "strict policy: pte in_pool=$pooled in_use=$inuse"
check "policy trims the pool to in_use" [ "$pooled" -le "$inuse" ]
echo 4 > $IOSUP_SYS/ratio
echo 1024 > $IOSUP_SYS/total

# --- shrinker ---
churn 50
sleepers 8
sleep 1
before=$(sum_levels in_pool)
echo 2 > /proc/sys/vm/drop_caches
diag "shrinker: pooled $before pages before drop_caches, $(sum_levels in_pool) after"
check "the shrinker empties the pools (drop_caches)" \
	[ "$before" -gt 0 -a "$(sum_levels in_pool)" = 0 ]
churn 50
before=$(sum_levels in_pool)
memhog=$(($(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024 - 8))
diag "memory pressure: touching $memhog MiB with $before pages pooled"
mkdir -p /tmp/hog && mount -t tmpfs -o size=100% tmpfs /tmp/hog
dd if=/dev/zero of=/tmp/hog/fill bs=1M count=$memhog 2>/dev/null
after=$(sum_levels in_pool)
rm -f /tmp/hog/fill
umount /tmp/hog
diag "memory pressure: $after pages pooled under pressure"
check "the shrinker gives pages back under real memory pressure" [ "$after" -lt "$before" ]

# --- tracepoints ---
if [ -d /sys/kernel/tracing/events/iosup ]; then
	echo 1 > /sys/kernel/tracing/events/iosup/enable
	churn 10
	echo 5 > $IOSUP_SYS/reclaim
	echo 0 > /sys/kernel/tracing/events/iosup/enable
	check "tracepoint iosup_alloc fires" grep -q 'iosup_alloc: level=4' /sys/kernel/tracing/trace
	check "tracepoint iosup_free fires" grep -q 'iosup_free: level=' /sys/kernel/tracing/trace
	check "tracepoint iosup_reclaim fires" grep -q 'iosup_reclaim: .*reason=manual' /sys/kernel/tracing/trace
else
	not_ok "events/iosup exists in tracefs"
fi

# --- bad input on every knob: -EINVAL and no change ---
long=$(head -c 5000 /dev/zero | tr '\0' 7)
for knob in enable ratio total reclaim; do
	for bad in -1 99999999999999999999999 abc "" 1x 0x10 "$long"; do
		[ "$knob" = reclaim ] && [ "$bad" = "" ] && continue
		if [ "$knob" = reclaim ]; then
			# write-only: the pools must be left alone
			p=$(sum_levels in_pool)
			if printf '%s\n' "$bad" > $IOSUP_SYS/reclaim 2>/dev/null; then
				not_ok "reclaim rejects '$(echo "$bad" | cut -c1-24)'"
			else
				check "reclaim rejects '$(echo "$bad" | cut -c1-24)', pool kept" \
					[ "$(sum_levels in_pool)" = "$p" ]
			fi
		else
			check "$knob rejects '$(echo "$bad" | cut -c1-24)' and keeps its value" \
				rejects $knob "$bad"
		fi
	done
done
check "enable rejects 2" rejects enable 2
check "ratio rejects 0" rejects ratio 0
check "ratio rejects 1001" rejects ratio 1001
check "reclaim rejects 0" sh -c "! echo 0 > $IOSUP_SYS/reclaim 2>/dev/null"

# --- disable drains; rmmod under load ---
churn 20
check "echo 0 > enable" sh -c "echo 0 > $IOSUP_SYS/enable"
check "disabling drains every pool" [ "$(sum_levels in_pool)" = 0 ]
echo 1 > $IOSUP_SYS/enable
lat_proc fork 1000000 >/dev/null 2>&1 &
load1=$!
lat_proc exec 1000000 >/dev/null 2>&1 &
load2=$!
sleep 3
check "rmmod while processes fork" rmmod iosup
sleep 1
check "the load survives rmmod" kill -0 $load1 $load2
check "sysfs is gone after rmmod" [ ! -e $IOSUP_SYS ]

# --- load pre-enabled (cache-pre-enabled mode), under the same load ---
check "insmod iosup.ko enable=1 while processes fork" insmod "$IOSUP_KO" enable=1
check "enable reads 1 after enable=1" [ "$(cat $IOSUP_SYS/enable)" = 1 ]
sleep 3
check "pre-enabled: hits under load" [ "$(lvl pte hits)" -gt 0 ]
kill $load1 $load2
wait 2>/dev/null
check "rmmod after the load" rmmod iosup
check "a page-table-heavy workload still runs after unload" churn 50
