#!/bin/bash
# Debian 13's linux-source-SERIES for a series Debian 12 does not carry
# (7.3, from trixie-backports): fetched once with apt-get download through
# test/debian13-apt.sh, and its tarball kept in the cache under the
# package's version; nothing is installed on the host. Prints
# "VERSION TARBALL". test/build-kernel.sh calls it for KVER=7.3.
# Usage: debian-kernel-source.sh SERIES
set -euo pipefail
usage() { echo "usage: $0 SERIES (e.g. 7.3)" >&2; exit 2; }
[ $# = 1 ] || usage
series=$1
[[ $series =~ ^[0-9]+\.[0-9]+$ ]] || usage
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
top=$(cd "$(dirname "$0")/.." && pwd)
apt13=$top/test/debian13-apt.sh
pkg=linux-source-$series
name=$pkg.tar.xz

# A list fetched before debian13-apt.sh named trixie-backports lacks the
# package: fetch the list again, once.
ver=$("$apt13" candidate "$pkg" 2>/dev/null) ||
	{ "$apt13" update && ver=$("$apt13" candidate "$pkg"); }
tarball=$cache/$pkg-$ver/$name

# A version's directory appears only whole (renamed into place), so a
# readable tarball in it is a complete one.
if [ ! -r "$tarball" ]; then
	mkdir -p "$cache"
	exec 9>"$cache/.lock-$pkg"
	flock 9
	if [ ! -r "$tarball" ]; then
		# What a run killed mid-way left; none is in use under the lock.
		rm -rf "$cache/.$pkg".*
		tmp=$(mktemp -d "$cache/.$pkg.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		echo "debian-kernel-source: fetching $pkg $ver (about 160 MB)" >&2
		(cd "$tmp" && "$apt13" download "$pkg" >&2)
		deb=$(ls "$tmp"/*.deb)
		# After a stale list was refreshed, the version fetched names
		# the directory.
		ver=$(dpkg-deb -f "$deb" Version)
		tarball=$cache/$pkg-$ver/$name
		if [ ! -r "$tarball" ]; then
			dpkg-deb -x "$deb" "$tmp/root"
			[ -s "$tmp/root/usr/src/$name" ] ||
				{ echo "debian-kernel-source: $deb holds no usr/src/$name" >&2; exit 1; }
			mkdir "$tmp/dir"
			mv "$tmp/root/usr/src/$name" "$tmp/dir/"
			rm -rf "${tarball%/*}"
			mv "$tmp/dir" "${tarball%/*}"
		fi
	fi
	flock -u 9
fi
echo "$ver $tarball"
