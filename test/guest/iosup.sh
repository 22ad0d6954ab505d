# Guest helpers around iosup.ko and its files. Sourced.
IOSUP_SYS=/sys/kernel/iosup
IOSUP_KO=/lib/modules/iosup.ko

# lvl LEVEL FIELD: one counter of one level.
lvl() { cat "$IOSUP_SYS/$1/$2"; }

# sum_levels FIELD: a counter summed over the levels present.
sum_levels() {
	s=0
	for d in "$IOSUP_SYS"/*/; do
		s=$((s + $(cat "$d$1")))
	done
	echo $s
}

# meminfo_pages KEY: a /proc/meminfo figure in 4 KiB pages.
meminfo_pages() {
	echo $(($(sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo) / 4))
}

# churn N: N fork+exit and N/4 fork+execve, output dropped.
churn() {
	lat_proc fork "$1" >/dev/null && lat_proc exec $(($1 / 4 + 1)) >/dev/null
}

# rejects KNOB VALUE: writing VALUE fails and leaves KNOB as it was.
rejects() {
	before=$(cat "$IOSUP_SYS/$1" 2>/dev/null)
	if printf '%s\n' "$2" > "$IOSUP_SYS/$1" 2>/dev/null; then
		return 1
	fi
	[ "$(cat "$IOSUP_SYS/$1" 2>/dev/null)" = "$before" ]
}

# sleepers N: start N processes, let them live a second, end them.
sleepers() {
	pids=
	i=0
	while [ $i -lt "$1" ]; do
		sleep 1000 &
		pids="$pids $!"
		i=$((i + 1))
	done
	sleep 1
	kill $pids 2>/dev/null
	wait $pids 2>/dev/null
}
