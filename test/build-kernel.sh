#!/bin/bash
# Build Debian's linux-source-KVER with the hooks/KVER series and the test
# config, once, in a cache outside the clone keyed by what determines the
# result. Prints the tree's path as its last line.
# Usage: build-kernel.sh [--debug|--debug-xen|--debug-rt|--stock] [KVER]
#   --debug      add test/debug.config (kmemleak, lockdep, ...) with
#                test/debug-KVER.config and test/kasan.config: the native
#                debug kernel
#   --debug-xen  add test/debug.config and test/debug-KVER.config only: the
#                debug kernel that boots as Xen PV dom0, where Linux has no
#                KASAN
#   --debug-rt   add test/debug.config, test/debug-KVER.config and
#                test/rt.config: the native PREEMPT_RT debug kernel (7.3
#                only: in 6.12 PREEMPT_RT is still a preemption model)
#   --stock  no hooks/ series and no CONFIG_IOSUP_HOOKS: the baseline of
#            the hook-overhead benchmark
#   KVER     the source series: 6.1 (default) or 6.12, Debian 12's, from
#            /usr/src (make deps); or 7.3, Debian 13's from trixie-backports,
#            fetched into the cache by test/debian-kernel-source.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: $0 [--debug|--debug-xen|--debug-rt|--stock] [6.1|6.12|7.3]" >&2; exit 2; }
flavour=release kver=6.1 extra=()
for arg in "$@"; do
	case "$arg" in
	--debug) flavour=debug ;;
	--debug-xen) flavour=debug-xen ;;
	--debug-rt) flavour=debug-rt ;;
	--stock) flavour=stock ;;
	6.1|6.12|7.3) kver=$arg ;;
	*) usage ;;
	esac
done
# Symbols renamed or retyped between the series live in kernel-KVER.config
# and debug-KVER.config.
case $flavour in
debug) extra=("$top/test/debug.config" "$top/test/debug-$kver.config" "$top/test/kasan.config") ;;
debug-xen) extra=("$top/test/debug.config" "$top/test/debug-$kver.config") ;;
debug-rt)
	[ "$kver" = 7.3 ] || { echo "$0: --debug-rt: 7.3 only (test/rt.config)" >&2; exit 2; }
	extra=("$top/test/debug.config" "$top/test/debug-$kver.config" "$top/test/rt.config") ;;
esac
fragments=("$top/test/kernel.config" "$top/test/kernel-$kver.config" "${extra[@]}")
# The series' patches, without a cover letter (0000-cover-letter.patch).
patches=()
for p in "$top"/hooks/$kver/*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patches+=("$p")
done
[ $flavour = stock ] && patches=()
# Fixes to Debian's source that the test bed needs and that are not IOSUP's
# (test/kernel-fixes/KVER): every flavour gets them, stock included.
fixes=()
for p in "$top"/test/kernel-fixes/$kver/*.patch; do
	[ -e "$p" ] && fixes+=("$p")
done

case $kver in
6.1|6.12)
	tarball=/usr/src/linux-source-$kver.tar.xz
	[ -r "$tarball" ] || { echo "$tarball missing: run 'make deps'" >&2; exit 1; }
	srcver=$(dpkg-query -W -f='${Version}' linux-source-$kver)
	;;
*)
	# Not installable on Debian 12: fetched once into the cache.
	src=$("$top/test/debian-kernel-source.sh" "$kver")
	read -r srcver tarball <<< "$src"
	;;
esac

cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
# Of a patch, only its diff builds: rewording a commit message keeps the key.
key=$( { echo "$srcver $flavour"; cat "$0" "${fragments[@]}";
	 sed -s -n '/^diff --git /,$p' "${fixes[@]}" "${patches[@]}" /dev/null; } |
	sha256sum | cut -c1-16)
tree=$cache/linux-$kver-$flavour-$key
mkdir -p "$cache"

exec 9>"$cache/.lock-$kver-$flavour"
flock 9

# Trees and interrupted builds that no build asked for in two days go.
"$top/test/prune-kernel-cache.sh" "$cache" "$tree" "$cache/.lock-$kver-$flavour"

if [ -e "$tree/.iosup-built" ]; then
	echo "kernel cache hit: $tree" >&2
	touch "$tree/.iosup-used"
	echo "$tree"
	exit 0
fi

echo "kernel cache miss: building $tree (takes minutes)" >&2
# Built where it stays: objtool's build records absolute paths, and a
# tree built elsewhere and moved makes every copy of it (kernel-deb.sh
# --tree) rebuild objtool and, after it, every object. .iosup-built marks
# a finished tree; what an interrupted build left is started over.
rm -rf "$tree"
mkdir -p "$tree"
tar -xf "$tarball" -C "$tree" --strip-components=1
cd "$tree"
for p in "${fixes[@]}" "${patches[@]}"; do
	[ -e "$p" ] || continue
	echo "applying $(basename "$p")" >&2
	patch -p1 --batch --forward --quiet < "$p"
done

make -s tinyconfig >&2
if [ $flavour = stock ]; then
	cat "${fragments[@]}" | grep -v '^CONFIG_IOSUP_HOOKS=' > .stock.config
	fragments=("$PWD/.stock.config")
fi
scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
make -s olddefconfig >&2
# Every symbol the fragments ask for must have survived olddefconfig: as
# the last fragment that names it asks (merge_config.sh's rule).
missing=0
while IFS= read -r line; do
	want=${line}
	sym=${line%%=*}
	if [ "${want#*=}" = n ]; then
		grep -qx "$sym=y" .config && { echo "config: $sym still set" >&2; missing=1; }
	elif ! grep -qx "$want" .config; then
		echo "config: wanted $want, got: $(grep "^$sym=" .config || echo unset)" >&2
		missing=1
	fi
done < <(cat "${fragments[@]}" | awk -F= '/^CONFIG_/ { last[$1] = $0 } END { for (s in last) print last[s] }')
[ $missing = 0 ] || exit 1

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
make -s -j"$(nproc)" CC="$cc" all >&2
touch "$tree/.iosup-built"
echo "$tree"
