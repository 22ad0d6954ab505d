#!/bin/bash
# Remove the cached kernel trees of test/build-kernel.sh that no build has
# asked for in two days (the mtime of .iosup-used, else .iosup-built), and
# builds interrupted as long ago. Each tree is 2-3 GB, and every change to
# build-kernel.sh, a config fragment or a patch's diff keys a new one. A
# tree goes only under its lock (.lock-KVER-FLAVOUR), so never while it
# is being built; the caller's own lock, HELD_LOCK, it holds already.
# Usage: prune-kernel-cache.sh CACHE KEEP_TREE HELD_LOCK
set -uo pipefail
[ $# = 3 ] || { echo "usage: $0 CACHE KEEP_TREE HELD_LOCK" >&2; exit 2; }
cache=$1 keep=$2 held=$3
for t in "$cache"/linux-*; do
	# Trees only: linux-KVER-FLAVOUR-KEY, KEY 16 hex digits.
	[ "$t" != "$keep" ] && [[ ${t##*-} =~ ^[0-9a-f]{16}$ ]] || continue
	lock=$cache/.lock-${t#"$cache"/linux-}
	lock=${lock%-*}
	used=$t/.iosup-used
	[ -e "$used" ] || used=$t/.iosup-built
	[ -e "$used" ] || used=$t
	[ -z "$(find "$used" -maxdepth 0 -mtime -2)" ] || continue
	if [ "$lock" = "$held" ]; then
		rm -rf "$t"
	else
		(flock -n 8 && rm -rf "$t") 8> "$lock" || continue
	fi
	echo "kernel cache: removed $t (unused for two days)" >&2
done
exit 0
