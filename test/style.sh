#!/bin/bash
# make style / make sparse: the kernel's own checkers over IOSUP's kernel
# code, from the cached tree (KDIR). Exit status 1 on any complaint.
#   style.sh checkpatch KDIR   checkpatch.pl over module/, include/ and the
#                              hooks/ series of KDIR's version (6.1, 6.12)
#   style.sh sparse KDIR       sparse (C=2) over every file of iosup.ko
set -uo pipefail
[ $# = 2 ] || { echo "usage: $0 checkpatch|sparse KDIR" >&2; exit 2; }
mode=$1 kdir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
case "$mode" in
checkpatch)
	# From inside the tree, as for a patch sent upstream: run elsewhere,
	# checkpatch reads a patch's blank context lines as added ones.
	bad=0
	series=$(make -s -C "$kdir" kernelversion | cut -d. -f1,2)
	[ -d "$top/hooks/$series" ] || { echo "no hooks/$series for $kdir" >&2; exit 1; }
	for f in "$top"/module/*.c "$top"/module/*.h "$top"/include/linux/*.h; do
		(cd "$kdir" && ./scripts/checkpatch.pl -q -f "$f") || bad=1
	done
	for p in "$top"/hooks/"$series"/*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] && continue
		(cd "$kdir" && ./scripts/checkpatch.pl -q "$p") || bad=1
	done
	[ $bad = 0 ] && echo "checkpatch: module/, include/ and hooks/$series are clean"
	exit $bad
	;;
sparse)
	command -v sparse >/dev/null || { echo "sparse missing: run 'make deps'" >&2; exit 1; }
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT
	make -s -C "$kdir" M="$top" C=2 CHECK=sparse modules > "$log" 2>&1
	rc=$?
	# sparse speaks as "file:line:col: warning|error: ...".
	if [ $rc != 0 ] || grep -q ': \(warning\|error\):' "$log"; then
		cat "$log"
		exit 1
	fi
	echo "sparse: iosup.ko is clean"
	;;
*)
	echo "usage: $0 checkpatch|sparse KDIR" >&2
	exit 2
	;;
esac
