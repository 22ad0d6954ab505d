# Where the instructions go (test/profile/profile.sh, not make check): one
# workload, caching on and off alternating, three rounds. A "sync" around
# each timed run lets the host's QEMU plugin (test/profile/tbprof.c) take
# the instruction counts so far: the dumps of a round are 0 before it,
# 1 the timed run, 2 its RCU-deferred frees (settle).
#   iterations=N  processes a phase (default 300); test=fork|exec|shell
. /etc/iosup/iosup.sh
n=${iterations:-300}
t=${test:-exec}
check "insmod iosup.ko" insmod "$IOSUP_KO"
diag "section .text $(cat /sys/module/iosup/sections/.text)"
for c in on off on off on off; do
	case $c in
	off) echo 0 > "$IOSUP_SYS/enable" ;;
	on) echo 1 > "$IOSUP_SYS/enable" && churn 50 ;;
	esac
	settle
	sync
	out=$(lat_proc "$t" "$n")
	case $out in
	*us_per_iter=*) diag "phase $c $out" ;;
	*) not_ok "phase $c: lat_proc $t $n ('$out')" ;;
	esac
	sync
	settle
	sync
done
