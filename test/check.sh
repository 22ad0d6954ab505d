#!/bin/bash
# make check: build everything, boot native and Xen, run every suite, and
# assert the invalidation bounds from QEMU's real count. Prints TAP, then
# "N passed, M failed"; exit status 1 on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

debug=
case "${1:-}" in
"") ;;
--debug) debug=--debug ;;
*) echo "usage: check.sh [--debug]" >&2; exit 2 ;;
esac

passed=0 failed=0 n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
# expect DESCRIPTION COMMAND...
expect() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# A guest's own TAP counts test by test, plus one line for its verdict.
guest() {
	local name=$1
	shift
	boot "$name" "$@"
	local rc=$?
	passed=$((passed + $(grep -c '^ok ' "$runs/$name/tap.log" 2>/dev/null)))
	failed=$((failed + $(grep -c '^not ok ' "$runs/$name/tap.log" 2>/dev/null)))
	expect "guest $name: clean boot, full plan, no oops" [ $rc = 0 ]
}
# float_cmp A OP B, e.g. float_cmp 14.2 '>=' 10
float_cmp() { awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }" 2>/dev/null; }

start=$(date +%s)
cd "$top"
expect "build: kernel, userspace, module, initramfs" build_all $debug ||
	{ echo "1..$n"; echo "$passed passed, $failed failed"; exit 1; }

unit=$build/policy_test
expect "unit: policy test builds" \
	cc -Wall -Wextra -Werror -o "$unit" test/unit/policy_test.c module/policy.c
"$unit" | sed 's/^/# unit: /'
expect "unit: reclaim policy arithmetic" "$unit"
expect "hooks: include/linux/iosup_hooks.h is the header the series adds" \
	cmp -s include/linux/iosup_hooks.h "$kdir/include/linux/iosup_hooks.h"

guest native --suite smoke --append "iterations=100"
guest native-module --suite module

if [ -z "$debug" ]; then
	iters=${IOSUP_CHECK_ITERATIONS:-200}
	guest xen-strict --xen --dom0-iommu strict --suite xen --append "iterations=$iters"
	guest xen-relaxed --xen --dom0-iommu relaxed --suite xen --append "iterations=$iters"
	for run in xen-strict xen-relaxed; do
		expect "$run: invalidations counted per phase" count_invalidations $run
		cat "$runs/$run/counts.txt" | sed 's/^/# /'
	done
	v=$(result_of xen-strict fork_execve_inval_per_proc)
	expect "strict: fork+execve costs >= 10 invalidations per process (got ${v:-none})" \
		float_cmp "${v:-0}" '>=' 10
	for phase in fork_exit fork_execve fork_sh; do
		v=$(result_of xen-relaxed ${phase}_inval_per_proc)
		expect "relaxed: $phase costs < 0.1 invalidations per process (got ${v:-none})" \
			float_cmp "${v:-1}" '<' 0.1
	done
fi

echo "1..$n"
echo "# make check took $(( $(date +%s) - start ))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
