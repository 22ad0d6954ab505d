#!/bin/bash
# Installable Debian kernel packages (bindeb-pkg: linux-image, linux-headers,
# linux-libc-dev) of Debian's linux-source-KVER with the hooks/KVER series.
# Usage: kernel-deb.sh [--config FILE | --tree BUILT_TREE] KVER OUTDIR
#   --config FILE  the kernel config (default: the config of Debian's own
#                  kernel of that series, from its linux-image package as
#                  test/debian-kernel.sh fetches it), with CONFIG_IOSUP_HOOKS=y
#                  merged in, the Debian signing keys dropped and debug info
#                  off; built in a cache outside the clone, keyed by source,
#                  series, config and this script.
#   --tree DIR     package a tree test/build-kernel.sh already built, in a
#                  copy, so that only the version stamp is rebuilt: what
#                  make check does instead of a second full build.
# The packages land in OUTDIR; the last line printed is the kernel release.
set -euo pipefail
usage() { echo "usage: $0 [--config FILE | --tree BUILT_TREE] 6.1|6.12 OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
config= tree=
while [ $# -gt 0 ]; do
	case "$1" in
	--config) [ $# -ge 2 ] && [ -r "$2" ] || { echo "kernel-deb: --config needs a readable file" >&2; usage; }
		config=$(readlink -f "$2"); shift 2 ;;
	--tree) [ $# -ge 2 ] && [ -e "$2/.iosup-built" ] ||
			{ echo "kernel-deb: --tree needs a tree build-kernel.sh built" >&2; usage; }
		tree=$(readlink -f "$2"); shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# = 2 ] || usage
kver=$1 out=$2
case "$kver" in 6.1|6.12|7.3) ;; *) echo "kernel-deb: KVER must be 6.1, 6.12 or 7.3" >&2; usage ;; esac
[ -z "$config" ] || [ -z "$tree" ] || { echo "kernel-deb: --config or --tree, not both" >&2; usage; }
command -v dpkg-buildpackage >/dev/null || { echo "kernel-deb: dpkg-buildpackage missing: apt-get install dpkg-dev debhelper (README, operator guide)" >&2; exit 1; }
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
mkdir -p "$out" "$cache"
out=$(readlink -f "$out")
# make kernel-deb's own variables (KVER, CONFIG, ...) must not reach the
# kernel's make.
unset MAKEFLAGS MFLAGS MAKELEVEL
# The compiler as build-kernel.sh ran it, so that a copied tree is not
# rebuilt; a full build leaves ccache alone (it would evict the test
# kernels for objects built once).
cc=gcc
[ -n "$tree" ] && command -v ccache >/dev/null && cc="ccache gcc"

if [ -n "$tree" ]; then
	work=$(mktemp -d "$cache/deb-tree.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	# A copy keeps the cached tree (and its bzImage) as the tests use it.
	# objtool's build (tools/build, not Kbuild) records its commands with
	# the tree's absolute path: renamed to the copy's, so that the copy
	# does not rebuild objtool and then, through it, every object.
	work=$(readlink -f "$work")
	cp -a "$tree" "$work/linux"
	mapfile -d '' cmds < <(grep -rlZ --include='.*.cmd' -F "$tree/" "$work/linux/tools/objtool")
	if [ ${#cmds[@]} = 0 ]; then
		echo "kernel-deb: objtool's commands do not name $tree: the copy may rebuild every object" >&2
	else
		OLD=$tree/ NEW=$work/linux/ perl -pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "${cmds[@]}"
	fi
else
	if [ "$kver" = 7.3 ]; then
		# Debian 13's, fetched into the cache (build-kernel.sh does the same).
		read -r srcver tarball <<< "$("$top/test/debian-kernel-source.sh" "$kver")"
	else
		tarball=/usr/src/linux-source-$kver.tar.xz
		[ -r "$tarball" ] || { echo "kernel-deb: $tarball missing: apt-get install linux-source-$kver" >&2; exit 1; }
		srcver=$(dpkg-query -W -f='${Version}' linux-source-$kver)
	fi
	if [ -z "$config" ]; then
		read -r vmlinuz headers <<< "$("$top/test/debian-kernel.sh" "$kver")"
		# Debian 13 ships the config in the headers only.
		config=$(dirname "$vmlinuz")/root/boot/config-${vmlinuz##*/vmlinuz-}
		[ -r "$config" ] || config=$headers/.config
		[ -r "$config" ] || { echo "kernel-deb: no Debian config at $config" >&2; exit 1; }
	fi
	patches=()
	for p in "$top"/hooks/$kver/*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] || patches+=("$p")
	done
	key=$(cat <(echo "$srcver") "$0" "$config" "${patches[@]}" | sha256sum | cut -c1-16)
	work=$cache/deb-$kver-$key
	exec 9>"$cache/.lock-deb-$kver"
	flock 9
	if [ ! -e "$work/.complete" ]; then
		echo "kernel-deb: building in $work (Debian's config takes hours on 2 cores)" >&2
		rm -rf "$work"
		mkdir -p "$work/linux"
		tar -xf "$tarball" -C "$work/linux" --strip-components=1
		cd "$work/linux"
		for p in "${patches[@]}"; do patch -p1 --batch --forward --quiet < "$p"; done
		cp "$config" .config
		# Debian's configs name its own signing certificates, which
		# linux-source does not carry; a release of our own; no debug
		# info (it would triple the build and add a -dbg package).
		scripts/config --enable IOSUP_HOOKS \
			--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
			--set-str LOCALVERSION "-iosup" --disable LOCALVERSION_AUTO \
			--disable DEBUG_INFO --disable DEBUG_INFO_DWARF4 --disable DEBUG_INFO_DWARF5 \
			--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_BTF \
			--enable DEBUG_INFO_NONE
		make -s olddefconfig >&2
		grep -qx CONFIG_IOSUP_HOOKS=y .config ||
			{ echo "kernel-deb: CONFIG_IOSUP_HOOKS=y did not survive olddefconfig" >&2; exit 1; }
		TIMEFORMAT="kernel-deb: bindeb-pkg took %0R s, %0U s user and %0S s system CPU on $(nproc) cores"
		{ time make -s -j"$(nproc)" CC="$cc" bindeb-pkg >&3 2>&3; } 3>&2 2> "$work/build-time"
		cat "$work/build-time" >&2
		touch "$work/.complete"
	fi
fi

cd "$work/linux"
if [ -n "$tree" ]; then
	make -s -j"$(nproc)" CC="$cc" bindeb-pkg >&2
fi
release=$(make -s kernelrelease)
rm -f "$out"/*.deb
cp "$work"/*.deb "$out/"
ls "$out"/*.deb >&2
echo "$release"
