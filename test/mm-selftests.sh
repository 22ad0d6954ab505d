#!/bin/bash
# The kernel's own mm selftests (tools/testing/selftests/mm of the source
# the test kernel is built from), run by their run_vmtests.sh in six
# guests: native and Xen PV dom0 (strict, VT-d), each on the test kernel
# with caching off and on, and on Debian's own kernel of the series
# (stock). Prints one row per test with its verdict in each guest; exit
# status 1 if a guest failed its own checks, or a test that passes with
# caching off fails with it on.
# Usage: mm-selftests.sh [CATEGORY+CATEGORY...]   (KVER and XEN as for
#   make check; categories as run_vmtests.sh -t takes them; default all
#   but hugevm, whose virtual_address_range fills a 1 GiB guest with
#   page tables until the OOM killer stops it)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
case "${1:-}" in
*[!a-z0-9_+-]*) echo "usage: ${0##*/} [CATEGORY+CATEGORY...]" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "usage: ${0##*/} [CATEGORY+CATEGORY...]" >&2; exit 2; }
categories=${1:-}
# 6.1's tests (selftests/vm) come with a run_vmtests.sh that has no
# categories and no TAP of its own.
[ "$kver" != 6.1 ] || { echo "mm-selftests: KVER=6.12 or 7.3 (6.1's run_vmtests.sh has no categories)" >&2; exit 2; }
runs=$build/mm-selftests$suffix$xsuffix
log=$build/mm-selftests-build$suffix.log

mm_guests_setup "$log"
echo "$(find "$mm_selftests" -type f -perm -u+x ! -name '*.sh' | wc -l) mm selftests built (log: $log)"
if [ -z "$categories" ]; then
	categories=$(mm_categories | grep -vx hugevm | paste -sd+)
fi
for c in ${categories//+/ }; do
	mm_categories | grep -qx -- "$c" ||
		{ echo "mm-selftests: no category '$c' in $kver's run_vmtests.sh:" $(mm_categories) >&2; exit 2; }
done

rm -rf "$runs"
mkdir -p "$runs"
a=${categories:+@categories=$categories}
t="--timeout 3600 --initrd $mm_initrd --suite mm"
# Native guests keep 2 vCPUs and 2 NUMA nodes, for migration and ksm_numa.
lane "native-off|--smp 2 --numa 2 $t --append config=off$a" \
	"native-on|--smp 2 --numa 2 $t --append config=on$a" \
	"native-stock|--smp 2 --numa 2 $t --kernel $stock_kernel --append config=stock$a" &
lane1=$!
lane "xen-off|--xen $t --append config=off$a" \
	"xen-on|--xen $t --append config=on$a" \
	"xen-stock|--xen $t --kernel $stock_kernel --append config=stock$a" &
wait "$lane1" "$!"

# Every run's verdicts, read once: verdict[GUEST/TEST], tests in order.
declare -A verdict seen
tests=()
guests="native-stock native-off native-on xen-stock xen-off xen-on"
for g in $guests; do
	while IFS=$'\t' read -r v test; do
		[ -n "${seen[$test]:-}" ] || { tests+=("$test"); seen[$test]=1; }
		verdict[$g/$test]=$v
	done < <(mm_verdicts "$runs/$g/tap.log")
done

bad=0
# A stock guest's failure (say, a WARN of Debian's kernel) is reported;
# only the test kernel's guests and the off/on comparison decide.
for g in $guests; do
	if [ "$(cat "$runs/$g.rc" 2>/dev/null)" != 0 ]; then
		echo "$g: the guest failed its checks, see $runs/$g.log"
		case $g in *-stock) ;; *) bad=1 ;; esac
	fi
done
printf '%-44s %6s %6s %6s   %6s %6s %6s\n' test \
	n-stock n-off n-on x-stock x-off x-on
for test in "${tests[@]}"; do
	row=()
	for g in $guests; do
		row+=("${verdict[$g/$test]:--}")
	done
	flag=
	for side in 1 4; do
		if [ "${row[side]}" = pass ] && [ "${row[side + 1]}" != pass ]; then
			flag=" <- passes off, not on"
			bad=1
		fi
	done
	printf '%-44s %6s %6s %6s   %6s %6s %6s%s\n' "${test:0:44}" "${row[@]}" "$flag"
done
for g in $guests; do
	declare -A count=([pass]=0 [fail]=0 [skip]=0)
	for test in "${tests[@]}"; do
		v=${verdict[$g/$test]:-}
		[ -n "$v" ] && count[$v]=$((count[$v] + 1))
	done
	printf '%s: %s passed, %s failed, %s skipped\n' "$g" \
		"${count[pass]}" "${count[fail]}" "${count[skip]}"
done
exit $bad
