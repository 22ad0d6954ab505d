#!/bin/bash
# Build Debian's linux-source-6.1 with the hooks/ series and the test config,
# once, in a cache outside the clone keyed by what determines the result.
# Prints the tree's path as its last line.
# Usage: build-kernel.sh [--debug|--stock]
#   --debug  add test/debug.config (KASAN, kmemleak, lockdep, ...)
#   --stock  no hooks/ series and no CONFIG_IOSUP_HOOKS: the baseline of
#            the hook-overhead benchmark
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
flavour=release
fragments=("$top/test/kernel.config")
patches=("$top"/hooks/*.patch)
case "${1:-}" in
"") ;;
--debug) flavour=debug; fragments+=("$top/test/debug.config") ;;
--stock) flavour=stock; patches=() ;;
*) echo "usage: $0 [--debug|--stock]" >&2; exit 2 ;;
esac

tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || { echo "$tarball missing: run 'make deps'" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)

cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
key=$( { echo "$srcver $flavour"; cat "$0" "${fragments[@]}";
	 cat "${patches[@]}" /dev/null 2>/dev/null || true; } | sha256sum | cut -c1-16)
tree=$cache/linux-$flavour-$key
mkdir -p "$cache"

exec 9>"$cache/.lock-$flavour"
flock 9

if [ -e "$tree/.iosup-built" ]; then
	echo "kernel cache hit: $tree" >&2
	echo "$tree"
	exit 0
fi

echo "kernel cache miss: building $tree (takes minutes)" >&2
rm -rf "$tree" "$tree.tmp"
mkdir -p "$tree.tmp"
tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
cd "$tree.tmp"
for p in "${patches[@]}"; do
	[ -e "$p" ] || continue
	echo "applying $(basename "$p")" >&2
	patch -p1 --batch --forward --quiet < "$p"
done

make -s tinyconfig >&2
if [ $flavour = stock ]; then
	grep -v '^CONFIG_IOSUP_HOOKS=' "${fragments[0]}" > .stock.config
	fragments=("$PWD/.stock.config")
fi
scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
make -s olddefconfig >&2
# Every symbol the fragments ask for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*) ;; *) continue ;; esac
	want=${line}
	sym=${line%%=*}
	if [ "${want#*=}" = n ]; then
		grep -qx "$sym=y" .config && { echo "config: $sym still set" >&2; missing=1; }
	elif ! grep -qx "$want" .config; then
		echo "config: wanted $want, got: $(grep "^$sym=" .config || echo unset)" >&2
		missing=1
	fi
done < <(cat "${fragments[@]}")
[ $missing = 0 ] || exit 1

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
make -s -j"$(nproc)" CC="$cc" all >&2
cd /
mv "$tree.tmp" "$tree"
touch "$tree/.iosup-built"
echo "$tree"
