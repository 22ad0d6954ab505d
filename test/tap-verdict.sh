#!/bin/bash
# Judge one guest boot: the TAP it wrote and the console it left.
# Usage: tap-verdict.sh DIR QEMU_EXIT_STATUS
# Fails on a missing or short plan, any "not ok", a timeout, or an oops,
# WARN, BUG or panic in the console; prints the console tail then.
set -u
dir=$1 qemu_rc=$2
tap=$dir/tap.log console=$dir/console.log
reasons=()

[ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ] && reasons+=("guest timed out (hung)")
[ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ] || [ "$qemu_rc" = 0 ] ||
	reasons+=("qemu exited with status $qemu_rc")
plan=$(sed -n 's/^1\.\.\([0-9]\+\)$/\1/p' "$tap" 2>/dev/null | tail -n1)
. "$(dirname "$0")/ktap.sh"
ktap_file_counts "$tap"
saw=$((ktap_file_passed + ktap_file_failed + ktap_file_skipped))
if [ -z "$plan" ]; then
	reasons+=("no TAP plan: the suite did not finish")
elif [ "$plan" != "$saw" ] || [ "$plan" = 0 ]; then
	reasons+=("plan says $plan tests, saw $saw")
fi
[ "$ktap_file_failed" = 0 ] || reasons+=("$ktap_file_failed test(s) not ok")
if grep -E -q 'Oops|BUG:|WARNING:|Kernel panic|general protection|Call Trace' \
	"$console" 2>/dev/null; then
	reasons+=("the console shows a kernel error")
fi
# Xen runs with guest_loglvl=all: anything the guest made it complain of,
# from the moment dom0 starts (Xen's own boot lists features such as the
# AMD IOMMU's "Hardware Error Registers").
if sed -n '/^(XEN) \*\*\* Serial input to DOM0/,$p' "$console" 2>/dev/null |
	grep -E '^\(XEN\)' |
	grep -E -q 'Bad type|already pinned|not pinned|Bad L[1-4]|[Ee]rror|Attempt to|Could not|mm\.c:|Unhandled|crash|[Ff]ail'; then
	reasons+=("the Xen console shows an error caused by the guest")
fi

if [ ${#reasons[@]} = 0 ]; then
	echo "PASS $dir ($ktap_file_passed passed, $ktap_file_skipped skipped)" | tee "$dir/verdict"
	exit 0
fi
{
	echo "FAIL $dir"
	for r in "${reasons[@]}"; do echo "  - $r"; done
} | tee "$dir/verdict"
grep '^not ok' "$tap" 2>/dev/null | sed 's/^/  /'
echo "---- console tail ($console) ----"
tail -n 40 "$console" 2>/dev/null
echo "----"
exit 1
