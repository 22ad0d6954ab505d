# Xen PV dom0 suite: we really are dom0 on the Xen the host booted
# (expect_xen=4.17 or 4.20), then the workload.
check "booted as a Xen PV domain" \
	sh -c 'dmesg | grep -q "Booting kernel on Xen"'
check "hypervisor is Xen ${expect_xen:-4.17}" \
	sh -c "dmesg | grep -qF 'Xen version: ${expect_xen:-4.17}.'"
. /etc/iosup/workload.sh
run_workload "${iterations:-1000}"
