# Xen PV dom0 suite: we really are dom0 on Xen 4.17, then the workload.
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
check "hypervisor is Xen 4.17" sh -c 'dmesg | grep -q "Xen version: 4\.17"'
. /etc/iosup/workload.sh
run_workload "${iterations:-1000}"
