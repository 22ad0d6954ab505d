# Native smoke suite: the harness and the workload work at all.
check "proc is mounted" test -r /proc/meminfo
check "kernel $(uname -r) is the release iosup.ko was built for" \
	grep -q "vermagic=$(uname -r) " /lib/modules/iosup.ko
check "running with panic_on_warn" grep -qw panic_on_warn=1 /proc/cmdline
. /etc/iosup/workload.sh
run_workload "${iterations:-200}"
