#!/bin/bash
# Run named mm selftests ROUNDS times in one boot each, to tell a test
# that fails now and then from one that caching breaks: a native guest
# (2 vCPUs, 2 NUMA nodes) and a Xen PV dom0 guest (strict, VT-d) on the
# test kernel turn caching off and on in turn between runs
# (test/guest/suite-mm-repeat.sh), and the same two guests on Debian's
# own kernel of the series run the tests as often. Prints, per test and
# guest, the runs passed off, on and on the stock kernel; the failures'
# output is in the runs' tap.log. Exit status 1 if a guest failed its
# own checks.
# Usage: mm-repeat.sh ROUNDS TEST...   (KVER=6.12 or 7.3, XEN as for
#   make check; a TEST is a command of the selftests' directory, quoted:
#   mm-repeat.sh 20 "ksm_tests -U" "ksm_tests -N -m 1")
set -uo pipefail
. "$(dirname "$0")/lib.sh"
usage() { echo "usage: ${0##*/} ROUNDS TEST..." >&2; exit 2; }
[ $# -ge 2 ] || usage
case $1 in '' | *[!0-9]* | 0) usage ;; esac
rounds=$1
shift
for t in "$@"; do
	case $t in
	*[!a-zA-Z0-9_.\ -]* | " "* | "") echo "${0##*/}: '$t' is not a test command" >&2; usage ;;
	esac
done
[ "$kver" != 6.1 ] || { echo "mm-repeat: KVER=6.12 or 7.3 (6.1's selftests/vm is not built)" >&2; exit 2; }
runs=$build/mm-repeat$suffix$xsuffix
log=$build/mm-repeat-build$suffix.log

mm_guests_setup "$log"
for t in "$@"; do
	[ -x "$mm_selftests/${t%% *}" ] || { echo "mm-repeat: no test '${t%% *}' in $mm_selftests" >&2; exit 2; }
done

rm -rf "$runs"
mkdir -p "$runs"
# QEMU takes no comma in -append: '~' stands for a space.
list=$(printf '%s+' "$@" | tr ' ' '~')
a="rounds=$rounds@tests=${list%+}"
t="--timeout 7200 --initrd $mm_initrd --suite mm-repeat"
lane "native|--smp 2 --numa 2 $t --append config=toggle@$a" \
	"native-stock|--smp 2 --numa 2 $t --kernel $stock_kernel --append config=stock@$a" &
lane1=$!
lane "xen|--xen $t --append config=toggle@$a" \
	"xen-stock|--xen $t --kernel $stock_kernel --append config=stock@$a" &
wait "$lane1" "$!"

bad=0
for g in native native-stock xen xen-stock; do
	if [ "$(cat "$runs/$g.rc" 2>/dev/null)" != 0 ]; then
		echo "$g: the guest failed its checks, see $runs/$g.log"
		case $g in *-stock) ;; *) bad=1 ;; esac
	fi
done
# passed GUEST CONFIG TEST: "passed/runs" of TEST in CONFIG in GUEST.
passed() {
	local verdicts
	verdicts=$(grep -F -- " $2 " "$runs/$1/tap.log" 2>/dev/null |
		sed -n "s/^# mm-repeat: \(pass\|fail\) $2 [0-9]* $3\$/\1/p")
	echo "$(grep -c pass <<< "$verdicts")/$(grep -c . <<< "$verdicts")"
}
printf '%-24s %9s %9s %9s   %9s %9s %9s\n' test n-stock n-off n-on x-stock x-off x-on
for test in "$@"; do
	printf '%-24s %9s %9s %9s   %9s %9s %9s\n' "${test:0:24}" \
		"$(passed native-stock stock "$test")" "$(passed native off "$test")" \
		"$(passed native on "$test")" "$(passed xen-stock stock "$test")" \
		"$(passed xen off "$test")" "$(passed xen on "$test")"
done
exit $bad
