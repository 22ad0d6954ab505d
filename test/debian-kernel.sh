#!/bin/bash
# Debian's own 6.1 kernel for the observe-mode test: the image that
# linux-image-amd64 points at, unpacked into the cache (apt-get download;
# nothing is installed in /boot), and its headers installed with apt-get
# so that iosup.ko can be built against them. Prints "VMLINUZ HEADERS".
set -euo pipefail
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
[ -n "$pkg" ] || { echo "debian-kernel: linux-image-amd64 is unknown to apt" >&2; exit 1; }
ver=${pkg#linux-image-}
dir=$cache/debian-$ver
if [ ! -s "$dir/vmlinuz-$ver" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q "$pkg" >&2) 2>/dev/null ||
		(cd "$tmp" && apt-get update -q >&2 && apt-get download -q "$pkg" >&2)
	dpkg-deb -x "$tmp"/"$pkg"_*.deb "$tmp/root"
	mkdir -p "$dir"
	cp "$tmp/root/boot/vmlinuz-$ver" "$dir/vmlinuz-$ver.tmp"
	mv "$dir/vmlinuz-$ver.tmp" "$dir/vmlinuz-$ver"
fi
headers=/usr/src/linux-headers-$ver
if [ ! -e "$headers/Makefile" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"linux-headers-$ver" >&2
fi
echo "$dir/vmlinuz-$ver $headers"
