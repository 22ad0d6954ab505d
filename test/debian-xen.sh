#!/bin/bash
# The Xen hypervisor the test bed boots, unpacked (QEMU boots Xen as
# Multiboot only uncompressed), in the cache under its package version.
# Prints the image's path.
#   4.17: Debian 12's, from the host's xen-hypervisor-4.17-amd64 (make deps).
#   4.20: Debian 13's, fetched with apt-get download through a package list
#         of Debian 13 kept in the cache: nothing is installed on the host.
# Usage: debian-xen.sh [4.17|4.20]
set -euo pipefail
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
top=$(cd "$(dirname "$0")/.." && pwd)

# unpack GZ IMAGE: GZ uncompressed into IMAGE. Several runs may unpack
# at once: each into its own file, renamed into place.
unpack() {
	[ -s "$2" ] && return 0
	mkdir -p "$(dirname "$2")"
	local tmp
	tmp=$(mktemp "$2.XXXXXX")
	zcat "$1" > "$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$2" || { rm -f "$tmp"; return 1; }
}

case "${1:-4.17}" in
4.17)
	pkg=xen-hypervisor-4.17-amd64
	# A removed package still has a record, with its files gone.
	ver=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$pkg" 2>/dev/null) || ver=
	[ "${ver%% *}" = installed ] ||
		{ echo "debian-xen: $pkg is not installed: run 'make deps'" >&2; exit 1; }
	ver=${ver#* }
	image=$cache/xen-$ver/xen
	unpack /boot/xen-4.17-amd64.gz "$image" ||
		{ echo "debian-xen: cannot unpack /boot/xen-4.17-amd64.gz" >&2; exit 1; }
	;;
4.20)
	pkg=xen-hypervisor-4.20-amd64
	ver=$("$top/test/debian13-apt.sh" candidate "$pkg")
	image=$cache/xen-$ver/xen
	if [ ! -s "$image" ]; then
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' EXIT
		(cd "$tmp" && "$top/test/debian13-apt.sh" download "$pkg" >&2)
		deb=$(ls "$tmp"/*.deb)
		# After a stale list was refreshed, the version fetched names
		# the image.
		image=$cache/xen-$(dpkg-deb -f "$deb" Version)/xen
		dpkg-deb -x "$deb" "$tmp/root"
		unpack "$tmp/root/boot/xen-4.20-amd64.gz" "$image" ||
			{ echo "debian-xen: cannot unpack $pkg" >&2; exit 1; }
	fi
	;;
*) echo "usage: $0 [4.17|4.20]" >&2; exit 2 ;;
esac
echo "$image"
