# Native smoke suite: the harness and the workload work at all.
check "proc is mounted" test -r /proc/meminfo
check "kernel is 6.1" grep -q '^Linux version 6\.1\.' /proc/version
check "running with panic_on_warn" grep -qw panic_on_warn=1 /proc/cmdline
. /etc/iosup/workload.sh
run_workload "${iterations:-200}"
