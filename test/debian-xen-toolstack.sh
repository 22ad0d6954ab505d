#!/bin/bash
# The Xen toolstack that dom0 runs in suite domu, matched to the
# hypervisor: xl, xenstored, xenconsoled, xen-init-dom0, xenstore-read and
# xl's save helper, with every library they load. Prints one DEST=FILE line
# a file, for mkinitramfs.sh.
#   4.17: Debian 12's, installed on the host (make deps); libraries as ldd
#         finds them.
#   4.20: Debian 13's, fetched with apt-get download (test/debian13-apt.sh)
#         with the libraries it depends on, Debian 13's C library among
#         them, and unpacked into the cache; libraries as Debian 13's own
#         dynamic loader finds them there. Nothing is installed.
# Usage: debian-xen-toolstack.sh [4.17|4.20]
set -euo pipefail
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
top=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-4.17}
case "$version" in
4.17|4.20) ;;
*) echo "usage: $0 [4.17|4.20]" >&2; exit 2 ;;
esac
bin=/usr/lib/xen-$version/bin
# The programs by the name suite domu calls them, and their paths.
programs="xl=$bin/xl xenstored=$bin/xenstored xenconsoled=$bin/xenconsoled
	xen-init-dom0=$bin/xen-init-dom0 xenstore-read=/usr/bin/xenstore-read"
# glibc loads libgcc_s for pthread_cancel, so ldd does not name it; xl runs
# its save helper by its full path.
extra="/lib/x86_64-linux-gnu/libgcc_s.so.1 $bin/libxl-save-helper"

if [ "$version" = 4.17 ]; then
	root=
	list_libraries() { ldd "$1"; }
else
	ver=$("$top/test/debian13-apt.sh" candidate xen-utils-4.20)
	root=$cache/xen-$ver/toolstack
	mkdir -p "$cache"
	exec 9>"$cache/.lock-xen-toolstack"
	flock 9
	if [ ! -e "$root/.complete" ]; then
		# The two packages and, transitively, the libraries they
		# depend on; not their scripts, Python or init system.
		pkgs="xen-utils-4.20 xenstore-utils" todo=$pkgs
		while [ -n "$todo" ]; do
			new=$("$top/test/debian13-apt.sh" depends $todo |
				sed -n 's/^ *Depends: \(lib[^ <]*\|zlib1g\)$/\1/p' | sort -u)
			todo=
			for p in $new; do
				case " $pkgs " in *" $p "*) ;; *) pkgs+=" $p"; todo+=" $p" ;; esac
			done
		done
		tmp=$(mktemp -d "$cache/toolstack.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		(cd "$tmp" && "$top/test/debian13-apt.sh" download $pkgs >&2)
		# After a stale list was refreshed, the version fetched names
		# the tree, which may be there already.
		root=$cache/xen-$(dpkg-deb -f "$tmp"/xen-utils-4.20_*.deb Version)/toolstack
		if [ ! -e "$root/.complete" ]; then
			mkdir -p "$tmp/root"
			for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
			touch "$tmp/root/.complete"
			mkdir -p "$(dirname "$root")"
			rm -rf "$root"
			mv "$tmp/root" "$root"
		fi
	fi
	flock -u 9
	loader=$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
	libpath=$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu
	list_libraries() { "$loader" --library-path "$libpath" --list "$1"; }
	extra="/usr/lib/x86_64-linux-gnu/libgcc_s.so.1 $bin/libxl-save-helper"
fi

{
	for p in $programs; do
		echo "/usr/bin/${p%%=*}=$root${p#*=}"
		list_libraries "$root${p#*=}"
	done
	for f in $extra; do
		echo "$f=$root$f"
		list_libraries "$root$f"
	done
} | awk -v root="$root" '
	/^\// { print; next }
	# The loader, by the path the programs name it by.
	/^\t\/lib64\/ld-linux-x86-64\.so\.2 / {
		print $1 "=" root "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"; next }
	# "libfoo.so.1 => /path/libfoo.so.1 (0x...)": a library of the
	# unpacked packages, never the host'"'"'s.
	$2 == "=>" {
		if (substr($3, 1, length(root) + 1) != root "/") {
			print "debian-xen-toolstack: " $1 " not found in " root > "/dev/stderr"
			bad = 1
		}
		print substr($3, length(root) + 1) "=" $3
	}
	END { exit bad }
' | sort -u | while IFS= read -r line; do
	# A FILE that is a link must not lead out of the unpacked packages.
	if [ -n "$root" ]; then
		case "$(readlink -f "${line#*=}")" in
		"$(readlink -f "$root")"/*) ;;
		*) echo "debian-xen-toolstack: ${line#*=} leads out of $root" >&2; exit 1 ;;
		esac
	fi
	echo "$line"
done
