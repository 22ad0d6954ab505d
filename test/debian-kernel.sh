#!/bin/bash
# Debian's own kernel for the observe-mode test: the image that
# linux-image-amd64 or linux-image-6.12-amd64 points at, and its
# headers to build iosup.ko against, fetched with apt-get download and
# unpacked into the cache: nothing is installed. Prints "VMLINUZ HEADERS".
# Usage: debian-kernel.sh [6.1|6.12|7.3]
#   7.3 comes from Debian 13's trixie-backports (test/debian13-apt.sh),
#   whose image package keeps vmlinuz in linux-binary-VERSION.
set -euo pipefail
case "${1:-6.1}" in
6.1|6.12|7.3) series=${1:-6.1} ;;
*) echo "usage: $0 [6.1|6.12|7.3]" >&2; exit 2 ;;
esac
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
top=$(cd "$(dirname "$0")/.." && pwd)
# The image a meta package points at, if it is of the series: Debian 12
# has 6.1 as linux-image-amd64 and 6.12 as linux-image-6.12-amd64;
# Debian 13 has 6.12 as linux-image-amd64, and trixie-backports 7.3.
apt_cache=apt-cache apt_get=apt-get metas="linux-image-$series-amd64 linux-image-amd64"
if [ "$series" = 7.3 ]; then
	apt_cache="$top/test/debian13-apt.sh" apt_get="$top/test/debian13-apt.sh"
	metas=linux-image-amd64/trixie-backports
fi
pkg=
for meta in $metas; do
	pkg=$($apt_cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1) || true
	case "$pkg" in linux-image-$series.[0-9]*) break ;; *) pkg= ;; esac
done
[ -n "$pkg" ] || { echo "debian-kernel: apt knows no Debian kernel of the $series series" >&2; exit 1; }
ver=${pkg#linux-image-}
dir=$cache/debian-$ver
headers=$dir/root/usr/src/linux-headers-$ver
if [ ! -e "$dir/.complete" ]; then
	# The headers with what they need to build a module (their common
	# part and kbuild), without the image that apt-get install would add.
	hdr=linux-headers-$ver
	debs=("$pkg" "$hdr" $($apt_cache depends "$hdr" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-\(headers-[^ ]*-common\|kbuild-[^ ]*\)\)$/\1/p'))
	[ ${#debs[@]} = 4 ] || { echo "debian-kernel: cannot resolve ${debs[*]}" >&2; exit 1; }
	[ "$series" != 7.3 ] || debs+=("linux-binary-$ver")
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	if [ "$series" = 7.3 ]; then
		(cd "$tmp" && $apt_get download "${debs[@]}" >&2)
	else
		(cd "$tmp" && apt-get download -q "${debs[@]}" >&2) 2>/dev/null ||
			(cd "$tmp" && apt-get update -q >&2 && apt-get download -q "${debs[@]}" >&2)
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dir/root"; done
	for img in "$dir/root/boot/vmlinuz-$ver" "$dir/root/usr/lib/modules/$ver/vmlinuz"; do
		[ -e "$img" ] && cp "$img" "$dir/vmlinuz-$ver"
	done
	[ -e "$dir/vmlinuz-$ver" ] || { echo "debian-kernel: no vmlinuz in ${debs[*]}" >&2; exit 1; }
	# The arch headers include the common part by its absolute path.
	sed -i "s|/usr/src/|$dir/root/usr/src/|" "$headers/Makefile"
	touch "$dir/.complete"
fi
echo "$dir/vmlinuz-$ver $headers"
