# Guest helpers around iosup.ko and its files. Sourced.
#
# Forking changes the pools (every fork and exit allocates and frees page
# tables), so the readers below use only shell builtins and return their
# value in $v, and settle() lets pending RCU table frees land first.
IOSUP_SYS=/sys/kernel/iosup
IOSUP_KO=/lib/modules/iosup.ko
# Observe mode, a module of its own with a directory of its own.
IOSUP_OBSERVE_SYS=/sys/kernel/iosup_observe
IOSUP_OBSERVE_KO=/lib/modules/iosup_observe.ko

# lvl LEVEL FIELD: one counter of one level, into $v.
lvl() { read -r v < "$IOSUP_SYS/$1/$2"; }

# sum_levels FIELD: a counter summed over the levels present, into $v.
sum_levels() {
	v=0
	for d in "$IOSUP_SYS"/*/; do
		read -r x < "$d$1"
		v=$((v + x))
	done
}

# knob NAME: a top-level knob, into $v.
knob() { read -r v < "$IOSUP_SYS/$1"; }

# pagetables: /proc/meminfo's PageTables in 4 KiB pages, into $v, with
# the per-cpu vmstat deltas folded in first.
pagetables() {
	echo 1 > /proc/sys/vm/stat_refresh
	while read -r key val unit; do
		[ "$key" = PageTables: ] && v=$((val / 4)) && return
	done < /proc/meminfo
}

# kreclaimable: /proc/meminfo's KReclaimable in 4 KiB pages, into $v.
kreclaimable() {
	echo 1 > /proc/sys/vm/stat_refresh
	while read -r key val unit; do
		[ "$key" = KReclaimable: ] && v=$((val / 4)) && return
	done < /proc/meminfo
}

# read_pairs PREFIX FILE: each "key value" line of FILE into $PREFIX_key.
read_pairs() {
	local key val

	while read -r key val; do eval "${1}_$key=\$val"; done < "$2"
}

# drain_report TEXT: the last "caching stopped for a sleep" line of the
# kernel log TEXT, passed to the host, and its figures into $given and
# $left (empty if there is none).
drain_report() {
	local line

	line=$(printf '%s\n' "$1" | grep "caching stopped for a sleep" | tail -n 1)
	echo "# $line" >&3
	set -- $(echo "$line" |
		sed -n 's/.*: \([0-9]*\) pooled pages given back, \([0-9]*\) left.*/\1 \2/p')
	given=${1:-} left=${2:-}
}

# pool_clean: debugfs pool_check (a walk of every pool, printed to
# stderr) finds no pooled page mapped writable or holding entries. Sets
# $pool_report to what it printed. It forks (cat, grep), unlike the
# readers above: call it only where a fork cannot disturb a figure.
pool_clean() {
	pool_report=$(cat /sys/kernel/debug/iosup/pool_check) || return 1
	printf '%s\n' "$pool_report" >&2
	printf '%s\n' "$pool_report" | grep -qx "writable 0" &&
		printf '%s\n' "$pool_report" | grep -qx "nonzero 0"
}

# nap SECONDS: sleep without forking (read times out on an empty fifo).
nap_fifo=/tmp/iosup-nap.fifo
[ -p $nap_fifo ] || mkfifo $nap_fifo
nap() { read -t "$1" _ <> $nap_fifo; }

# settle: return once every table freed so far has reached its pool, the
# core having freed it after an RCU grace period: iosup.ko's debugfs
# settle waits for that with rcu_barrier(). Without it (observe mode, or
# no debugfs), wait a second. No fork either way. Not covered: the pgd
# (on Xen, and its user pgd) of a process whose mm another CPU still holds
# as its lazy-TLB mm, freed at that CPU's next switch to a task; checks
# that compare pgd counts allow for a page or two.
settle() {
	if [ -w /sys/kernel/debug/iosup/settle ]; then
		echo 1 > /sys/kernel/debug/iosup/settle
	else
		nap 1
	fi
}

# json_field KEY JSON: the value of KEY in the one-line JSON object that
# "iosupctl -j" printed, JSON: a number, or a string without its quotes
# (escapes left as they are); empty if there is none. Keys of iosupctl's
# flat objects (diagnose, set, reclaim) are unique. It forks (sed).
json_field() {
	printf '%s\n' "$2" |
		sed -n -e "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" \
		       -e "s/.*\"$1\":\([-0-9.]*\).*/\1/p"
}

# churn N: N fork+exit and N/4 fork+execve, output dropped.
churn() {
	lat_proc fork "$1" >/dev/null && lat_proc exec $(($1 / 4 + 1)) >/dev/null
}

# paced_churn N: N fork+execve, each started only once the page tables of
# the one before are back (pte in_use down to where it was), so that how
# long RCU grace periods take plays no part. Sets $late to the processes
# whose tables were not back within 5 s.
paced_churn() {
	local i=0 tries base
	late=0
	lvl pte in_use; base=$v
	while [ $i -lt "$1" ]; do
		lat_proc exec 1 >/dev/null || return 1
		tries=0
		lvl pte in_use
		while [ "$v" -gt "$base" ] && [ $tries -lt 100 ]; do
			nap 0.05
			tries=$((tries + 1))
			lvl pte in_use
		done
		# The shell itself may have grown a table: wait for that once.
		[ "$v" -gt "$base" ] && late=$((late + 1)) && base=$v
		i=$((i + 1))
	done
}

# rejects KNOB VALUE: writing VALUE fails and leaves KNOB as it was.
rejects() {
	knob "$1"
	before=$v
	if echo "$2" > "$IOSUP_SYS/$1" 2>/dev/null; then
		return 1
	fi
	knob "$1"
	[ "$v" = "$before" ]
}

# start_sleepers N: start N processes, and return once each sleeps in
# sleep (busybox runs the applet in the forked shell, whose comm becomes
# "sleep"), so that none is still setting up; their pids in $pids. One
# that is not asleep within 10 s, or died, is a failed test.
# end_sleepers: end them.
start_sleepers() {
	local pid stat tries late=0
	pids=
	i=0
	while [ $i -lt "$1" ]; do
		sleep 1000 &
		pids="$pids $!"
		i=$((i + 1))
	done
	for pid in $pids; do
		tries=0
		while :; do
			# /proc/PID/stat: "PID (sleep) S ..." once it sleeps.
			read -r stat < /proc/$pid/stat 2>/dev/null ||
				{ late=$((late + 1)); break; }
			[ "${stat#* (sleep) S }" = "$stat" ] || break
			[ $tries -lt 200 ] || { late=$((late + 1)); break; }
			nap 0.05
			tries=$((tries + 1))
		done
	done
	[ $late = 0 ] || not_ok "start_sleepers: $late of $1 not asleep within 10 s"
}

end_sleepers() {
	kill $pids 2>/dev/null
	wait $pids 2>/dev/null
}

# sleepers N: start N processes, let them become sleep, end them.
sleepers() {
	start_sleepers "$1"
	end_sleepers
}
