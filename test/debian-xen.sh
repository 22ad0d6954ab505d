#!/bin/bash
# The Xen hypervisor the test bed boots, unpacked (QEMU boots Xen as
# Multiboot only uncompressed). Prints the image's path.
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
	gz=/boot/xen-4.17-amd64.gz
	[ -r "$gz" ] || { echo "debian-xen: $gz missing: run 'make deps'" >&2; exit 1; }
	unpack "$gz" "$top/build/xen-4.17" ||
		{ echo "debian-xen: cannot unpack $gz" >&2; exit 1; }
	echo "$top/build/xen-4.17"
	;;
4.20)
	pkg=xen-hypervisor-4.20-amd64
	ver=$("$top/test/debian13-apt.sh" policy "$pkg" | sed -n 's/^ *Candidate: //p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		{ echo "debian-xen: $pkg is not in Debian 13's package list" >&2; exit 1; }
	dir=$cache/xen-$ver
	if [ ! -s "$dir/xen" ]; then
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' EXIT
		(cd "$tmp" && "$top/test/debian13-apt.sh" download "$pkg=$ver" >&2)
		dpkg-deb -x "$tmp"/*.deb "$tmp/root"
		unpack "$tmp/root/boot/xen-4.20-amd64.gz" "$dir/xen" ||
			{ echo "debian-xen: cannot unpack $pkg $ver" >&2; exit 1; }
	fi
	echo "$dir/xen"
	;;
*) echo "usage: $0 [4.17|4.20]" >&2; exit 2 ;;
esac
