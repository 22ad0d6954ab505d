# iosup.ko on a native kernel: lifecycle, counters, policy, bad input.
. /etc/iosup/iosup.sh

kmemleak=/sys/kernel/debug/kmemleak
# On the debug kernel: forget what boot left, so that only leaks from
# here on are reported at the end.
[ -e $kmemleak ] && echo clear > $kmemleak

# --- load disabled (the cache-dynamic-enabled mode) ---
check "insmod iosup.ko (caching off)" insmod "$IOSUP_KO"
# On a kernel with KUnit built in (the debug kernels: its executor logs
# "KTAP version 1" at boot), iosup.ko's KUnit suite of the magazines,
# shared lists and reclaim ran as it loaded.
kunit=/sys/kernel/debug/kunit/iosup_pool/results
if dmesg | grep -q 'KTAP version'; then
	kunit_built_in=1
	while read -r line; do diag "kunit: $line"; done < $kunit
	check "KUnit: every case of iosup_pool ran and passed" \
		grep -q '^# iosup_pool: pass:[1-9][0-9]* fail:0 skip:0 ' $kunit
else
	kunit_built_in=0
	skip "KUnit: iosup_pool" "no KUnit in this kernel"
fi
knob enable
check "/sys/kernel/iosup/enable reads 0" [ "$v" = 0 ]
check "/proc/iosup/stats has a row per level" \
	sh -c 'for l in pgd pud pmd pte; do grep -q "^$l " /proc/iosup/stats || exit 1; done'
# The layout module/Documentation/ABI/testing/procfs-iosup promises.
check "/proc/iosup/stats: knob lines, then the documented header, 15 fields a row" \
	awk 'BEGIN { split("enabled ratio total hypercall_failures quarantined level_total verify timing", k) }
	     NR <= 8 && $1 != k[NR] { bad = 1 }
	     NR == 9 && $0 !~ /^level +in_use +in_pool +peak +hits +misses +frees_to_pool +reclaimed +cleared +type_changes_avoided +stale +alloc_ns +free_ns +allocs +frees$/ { bad = 1 }
	     NR > 9 { rows++; if (NF != 15) bad = 1 }
	     END { exit bad || rows < 4 }' /proc/iosup/stats
churn 50
sum_levels hits
check "caching off: no hits" [ "$v" = 0 ]
sum_levels in_pool
check "caching off: nothing pooled" [ "$v" = 0 ]

# --- enable at run time, churn: hits rise ---
check "echo 1 > enable" sh -c "echo 1 > $IOSUP_SYS/enable"
churn 100
lvl pte hits; h1=$v; lvl pte misses; m1=$v
churn 100
lvl pte hits; h2=$v; lvl pte misses; m2=$v
# Freed tables reach the pool a grace period late, so a loop as fast as
# lat_proc's outruns them by however many grace periods take: its misses
# are a figure (0-35 of ~500 seen), not a pass mark.
diag "pte after warm-up: hits=$h1 misses=$m1; after steady state: hits=$h2 misses=$m2"
check "steady state: pte hits rise" [ $((h2 - h1)) -gt 100 ]
# With each process started once the last one's tables are back, every
# allocation must be a hit.
settle
lvl pte hits; h3=$v; lvl pte misses; m3=$v
paced_churn 40; paced=$?
lvl pte hits; h4=$v; lvl pte misses; m4=$v
diag "paced churn of 40: pte hits +$((h4 - h3)), misses +$((m4 - m3)), late $late"
check "steady state: paced churn takes every pte page from the pool" \
	[ "$paced" = 0 -a "$m4" = "$m3" -a $((h4 - h3)) -ge 40 ]
lvl pgd hits
check "pgd blocks are reused too" [ "$v" -gt 0 ]
sum_levels cleared
check "nothing freed to the pool needed clearing" [ "$v" = 0 ]

# --- tables freed with their entries in them (issue 12, D2) ---
# pte_free() may hand the cache a table that still holds entries (6.1's
# collapse_pte_mapped_thp() frees one so). debugfs free_dirty_pte stands
# in for it: N pte blocks taken from the cache, filled with entries and
# freed. The cache must clear each before pooling it, also while caching
# is being switched on under the free; with verify=1 every handout is
# checked again, and none may hold an entry.
dirty=/sys/kernel/debug/iosup/free_dirty_pte
check "the dirty-free injection point is there" [ -e $dirty ]
check "free_dirty_pte refuses 4097 pages" sh -c "[ -e $dirty ] && ! echo 4097 > $dirty"
echo 1 > /sys/module/iosup/parameters/verify
lvl pte cleared; c0=$v
sum_levels stale; s0=$v
echo 64 > $dirty
lvl pte cleared; c1=$v
check "caching on: each of 64 pte blocks freed full was cleared (cleared +$((c1 - c0)))" \
	[ $((c1 - c0)) = 64 ]
toggle() {
	i=0
	while [ $i -lt 200 ]; do
		echo 0 > $IOSUP_SYS/enable; echo 1 > $IOSUP_SYS/enable
		i=$((i + 1))
	done
}
toggle &
toggler=$!
rounds=0
while kill -0 $toggler 2>/dev/null; do
	echo 16 > $dirty
	rounds=$((rounds + 1))
done
wait $toggler
lvl pte cleared; c2=$v
diag "$rounds writes of 16 dirty pte blocks while caching went off and on 200 times; cleared +$((c2 - c1))"
check "dirty frees ran beside the switching ($rounds rounds)" [ $rounds -gt 0 ]
churn 200
sum_levels stale
check "no pooled block was handed out with an entry in it (stale +$((v - s0)))" [ "$v" = "$s0" ]
check "no pooled block holds an entry" pool_clean
echo 0 > /sys/module/iosup/parameters/verify

# --- counters agree with the kernel's NR_PAGETABLE ---
# It counts pte and pmd pages; pud pages too from 6.10 on, where the pud
# got a ptdesc constructor; and p4d and pgd pages too from 6.14 on, where
# every level did (7.3).
counted="pte pmd"
case "$(uname -r)" in
6.[0-9].*) ;;
6.1[0-3].*) counted="$counted pud" ;;
*) counted="$counted pud p4d pgd" ;;
esac
# A level the module does not show (p4d without 5-level paging) has none.
counted_in_use() {
	local l n=0
	for l in $counted; do
		[ -d "$IOSUP_SYS/$l" ] || continue
		lvl $l in_use; n=$((n + v))
	done
	v=$n
}
settle
pagetables; pt0=$v
counted_in_use; use0=$v
start_sleepers 16
settle
pagetables; pt1=$v
counted_in_use; use1=$v
diag "16 sleepers: PageTables +$((pt1 - pt0)) pages, in_use of $counted +$((use1 - use0))"
check "in_use grows with NR_PAGETABLE (16 processes)" \
	[ $((pt1 - pt0)) -ge 16 -a $((use1 - use0)) -ge $((pt1 - pt0 - 2)) \
	  -a $((use1 - use0)) -le $((pt1 - pt0 + 2)) ]
sum_levels in_pool; pool0=$v
kill $pids
wait $pids 2>/dev/null
settle
pagetables; pt2=$v
counted_in_use; use2=$v
diag "after exit: PageTables -$((pt1 - pt2)) pages, in_use -$((use1 - use2))"
check "exited tables leave NR_PAGETABLE and in_use alike" \
	[ $((use1 - use2)) -ge $((pt1 - pt2 - 2)) -a $((use1 - use2)) -le $((pt1 - pt2 + 2)) ]
sum_levels in_pool
check "exited tables went to the pool" [ "$v" -gt "$pool0" ]

# --- manual reclaim ---
settle
lvl pte in_pool; p0=$v
echo 3 > $IOSUP_SYS/reclaim
lvl pte in_pool; p1=$v
diag "manual reclaim: pte in_pool $p0 -> $p1"
check "echo 3 > reclaim frees 3 pte pages" [ "$p0" -ge 3 -a "$p1" = $((p0 - 3)) ]
# Tables still waiting for their RCU grace period would refill the pool
# right after the reclaim: let them land first.
settle
sum_levels reclaimed; r0=$v
# Pooled pages show in /proc/meminfo as KReclaimable.
sum_levels in_pool; pooled=$v
kreclaimable; k0=$v
echo 1000000 > $IOSUP_SYS/reclaim
kreclaimable; k1=$v
sum_levels in_pool; left=$v
sum_levels reclaimed; r1=$v
# A table whose grace period ends after the reclaim lands in the pool
# again (more often on 6.1, where the hooks send every table through
# RCU): so what must hold is that every page pooled before went back.
check "a large reclaim gives back every pooled page ($((r1 - r0)) of $pooled; $left pooled since)" \
	[ "$pooled" -gt 0 -a $((r1 - r0)) -ge "$pooled" ]
diag "large reclaim of $pooled pooled pages: KReclaimable -$((k0 - k1)) pages"
check "KReclaimable drops by the pages the pool gave back" \
	[ "$pooled" -ge 8 -a $((k0 - k1)) -ge $((pooled * 3 / 4)) ]

# --- reclaim by policy ---
echo 1000 > $IOSUP_SYS/ratio
echo 100000 > $IOSUP_SYS/total
sleepers 20
settle
lvl pte in_pool; pooled=$v; lvl pte in_use; inuse=$v
diag "lax policy: pte in_pool=$pooled in_use=$inuse"
check "a lax policy keeps the pool" [ "$pooled" -ge 16 ]
echo 1 > $IOSUP_SYS/ratio
echo 0 > $IOSUP_SYS/total
lvl pte in_pool; pooled=$v; lvl pte in_use; inuse=$v
diag "strict policy: pte in_pool=$pooled in_use=$inuse"
# in_use goes below 0 when tables older than the module are freed; the
# policy counts that as 0.
[ "$inuse" -ge 0 ] || inuse=0
check "policy trims the pool to in_use" [ "$pooled" -le "$inuse" ]

# A spill under the limit the last check set asks for a check within
# IOSUP_CHECK_DELAY (1 s): a pool that grows below that limit while in_use
# falls is trimmed with no knob written. The check is set while 40
# processes are alive, so its limit counts their tables; their exits then
# fill the lists below it. Blocks still in a CPU's magazine are checked
# only when it spills: up to 2 kinds x 16 a CPU.
start_sleepers 40
lvl pte in_use; alive=$v
echo 1 > $IOSUP_SYS/ratio
end_sleepers
settle
sleep 2
lvl pte in_pool; pooled=$v; lvl pte in_use; inuse=$v
[ "$inuse" -ge 0 ] || inuse=0
slack=$(($(nproc) * 2 * 16))
check "a burst of exits is trimmed by the check a spill asks for (pte in_pool $pooled, in_use $inuse with 40 alive $alive, magazines up to $slack)" \
	[ "$alive" -gt $((inuse + slack)) -a "$pooled" -le $((inuse + slack)) ]
echo 1000 > $IOSUP_SYS/ratio
echo 100000 > $IOSUP_SYS/total

# --- shrinker ---
sleepers 8
settle
# Counted by what the shrinker gave back: a pgd that another CPU held as
# its lazy-TLB mm may reach the pool just after (see settle).
sum_levels in_pool; before=$v
sum_levels reclaimed; r0=$v
echo 2 > /proc/sys/vm/drop_caches
sum_levels in_pool; after=$v
sum_levels reclaimed
diag "drop_caches: $before pages pooled before, $after after, $((v - r0)) given back"
check "the shrinker empties the pools (drop_caches: $((v - r0)) of $before given back)" \
	[ "$before" -gt 0 -a $((v - r0)) -ge "$before" ]

sleepers 8
settle
events=/sys/kernel/tracing/events/iosup
echo > /sys/kernel/tracing/trace
echo 1 > $events/iosup_reclaim/enable
# Raise the watermarks above what is free: kswapd wakes and reclaims, and
# allocations stay above the min watermark, so nothing is OOM-killed.
min_free=$(cat /proc/sys/vm/min_free_kbytes)
free=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
sum_levels in_pool
diag "memory pressure: min_free_kbytes $min_free -> $((free * 9 / 10)) with $v pages pooled"
echo $((free * 9 / 10)) > /proc/sys/vm/min_free_kbytes
dd if=/dev/zero of=/tmp/pressure bs=1M count=16 2>/dev/null
sleep 2
echo "$min_free" > /proc/sys/vm/min_free_kbytes
rm -f /tmp/pressure
echo 0 > $events/iosup_reclaim/enable
check "the shrinker gives pages back under real memory pressure" \
	grep -q 'iosup_reclaim: .*reason=shrinker' /sys/kernel/tracing/trace
echo 4 > $IOSUP_SYS/ratio
echo 1024 > $IOSUP_SYS/total

# --- tracepoints ---
echo > /sys/kernel/tracing/trace
echo 1 > $events/enable
churn 10
echo 5 > $IOSUP_SYS/reclaim
echo 0 > $events/enable
check "tracepoint iosup_alloc fires" grep -q 'iosup_alloc: level=4' /sys/kernel/tracing/trace
check "tracepoint iosup_free fires" grep -q 'iosup_free: level=' /sys/kernel/tracing/trace
check "tracepoint iosup_reclaim fires" grep -q 'iosup_reclaim: .*reason=manual' /sys/kernel/tracing/trace

# --- bad input on every knob: an error, and nothing changes ---
# One place for every knob: level_total and its first name total are one
# value; verify and timing are the module parameters' switches.
check "level_total and its alias total are one value" \
	sh -c "echo 2048 > $IOSUP_SYS/total && grep -qx 2048 $IOSUP_SYS/level_total &&
	       echo 1024 > $IOSUP_SYS/level_total && grep -qx 1024 $IOSUP_SYS/total &&
	       grep -qx 'level_total 1024' /proc/iosup/stats"
for name in verify timing; do
	check "$name in /sys/kernel/iosup is the module parameter's switch" \
		sh -c "p=/sys/module/iosup/parameters/$name &&
		       echo 1 > $IOSUP_SYS/$name && grep -qx Y \$p && grep -qx '$name 1' /proc/iosup/stats &&
		       echo N > \$p && grep -qx 0 $IOSUP_SYS/$name"
	# Off for the rest of the suite, whatever the check found.
	echo N > /sys/module/iosup/parameters/$name
done

long=$(head -c 5000 /dev/zero | tr '\0' 7)
for name in enable ratio total level_total dense_ptes prefill verify timing; do
	for bad in -1 99999999999999999999999 abc "" 1x 0x10 "$long"; do
		check "$name rejects '$(echo "$bad" | cut -c1-24)' and keeps its value" \
			rejects $name "$bad"
	done
done
check "enable rejects 2" rejects enable 2
check "verify rejects 2" rejects verify 2
check "timing rejects 2" rejects timing 2
check "ratio rejects 0" rejects ratio 0
check "ratio rejects 1001" rejects ratio 1001
check "dense_ptes rejects 513" rejects dense_ptes 513
check "dense_ptes takes 0 and 512, and 128 back" \
	sh -c "echo 0 > $IOSUP_SYS/dense_ptes && echo 512 > $IOSUP_SYS/dense_ptes &&
	       echo 128 > $IOSUP_SYS/dense_ptes && grep -qx 128 $IOSUP_SYS/dense_ptes"
knob fallbacks
check "fallbacks reads 0 natively (got $v)" [ "$v" = 0 ]
sleepers 4
for bad in -1 0 99999999999999999999999 abc "" 1x 0x10 "$long"; do
	desc="reclaim rejects '$(echo "$bad" | cut -c1-24)'"
	settle
	sum_levels in_pool; p=$v
	sum_levels reclaimed; r=$v
	if echo "$bad" > $IOSUP_SYS/reclaim 2>/dev/null; then
		not_ok "$desc"
	else
		sum_levels reclaimed
		check "$desc, nothing given back ($p pages pooled)" [ "$v" = "$r" -a "$p" -gt 0 ]
	fi
done

# --- disable drains; enable fills ahead; rmmod under load ---
churn 20
check "echo 0 > enable" sh -c "echo 0 > $IOSUP_SYS/enable"
sum_levels in_pool
check "disabling drains every pool" [ "$v" = 0 ]
# What each pool held at the switch-off counts only if more than prefill.
echo 300 > $IOSUP_SYS/prefill
lvl pte prefilled; p0=$v
echo 1 > $IOSUP_SYS/enable
lvl pte prefilled; p1=$v
lvl pte in_pool
check "enable filled the pte pool ahead to prefill (300): prefilled +$((p1 - p0)), $v pooled" \
	[ $((p1 - p0)) -ge 250 -a "$v" -ge 250 ]
echo 192 > $IOSUP_SYS/prefill
lat_proc fork 1000000 >/dev/null 2>&1 &
load1=$!
lat_proc exec 1000000 >/dev/null 2>&1 &
load2=$!
sleep 3
check "rmmod while processes fork" rmmod iosup
sleep 1
check "the load survives rmmod" kill -0 $load1 $load2
check "sysfs is gone after rmmod" [ ! -e $IOSUP_SYS ]

# --- load pre-enabled (the cache-pre-enabled mode), under the same load ---
check "insmod iosup.ko enable=1 while processes fork" insmod "$IOSUP_KO" enable=1
knob enable
check "enable reads 1 after enable=1" [ "$v" = 1 ]
sleep 3
lvl pte hits
check "pre-enabled: hits under load" [ "$v" -gt 0 ]
kill $load1 $load2
wait $load1 $load2 2>/dev/null
check "rmmod after the load" rmmod iosup
check "a page-table-heavy workload still runs after unload" churn 50
# The KUnit suite ran again at the second load, caching on, under load.
if [ $kunit_built_in = 1 ]; then
	passes="# iosup_pool: pass:[1-9][0-9]* fail:0 skip:0 "
	check "KUnit: iosup_pool passed at both loads ($(dmesg | grep -c "$passes") passes)" \
		sh -c "[ \$(dmesg | grep -c '$passes') -ge 2 ] && ! dmesg | grep -q 'not ok [0-9]* iosup_pool'"
fi

if [ -e $kmemleak ]; then
	echo scan > $kmemleak
	sleep 6
	echo scan > $kmemleak
	cat $kmemleak >&2
	check "kmemleak reports no leak" [ -z "$(cat $kmemleak)" ]
fi
