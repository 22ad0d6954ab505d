#!/bin/bash
# Pack the test guest's initramfs with the kernel's own gen_init_cpio.
# Usage: mkinitramfs.sh OUT.cpio.gz KDIR BUILD_DIR [HOST_PROGRAM | DEST=FILE]...
#   BUILD_DIR holds the static init, the userspace binaries and any *.ko.
#   Each HOST_PROGRAM (a dynamically linked Debian binary, such as
#   /usr/bin/stress-ng) goes to /usr/bin with the libraries ldd names.
#   Each DEST=FILE puts FILE at the absolute path DEST, as it is.
set -euo pipefail
usage() { echo "usage: $0 OUT.cpio.gz KDIR BUILD_DIR [HOST_PROGRAM | DEST=FILE]..." >&2; exit 2; }
[ $# -ge 3 ] || usage
out=$1 kdir=$2 build=$3
shift 3
progs=() files=()
for arg in "$@"; do
	case "$arg" in
	/*=*) [ -r "${arg#*=}" ] || { echo "${arg#*=} missing" >&2; exit 1; }
		files+=("$arg") ;;
	*=*) usage ;;
	*) [ -x "$arg" ] || { echo "$arg missing: run 'make deps'" >&2; exit 1; }
		progs+=("$arg") ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
busybox=/bin/busybox
[ -x "$busybox" ] && "$busybox" --list >/dev/null ||
	{ echo "static busybox missing: run 'make deps'" >&2; exit 1; }

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /bin /sbin /usr /usr/bin /proc /sys /tmp /etc /etc/iosup /lib /lib/modules; do
		echo "dir $d 0755 0 0"
	done
	echo "file /init $build/init 0755 0 0"
	echo "file /bin/busybox $busybox 0755 0 0"
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || echo "slink /bin/$applet busybox 0777 0 0"
	done
	for prog in "$build"/bin/*; do
		[ -x "$prog" ] && echo "file /bin/$(basename "$prog") $prog 0755 0 0"
	done
	for f in "$top"/test/guest/* "$top"/test/ktap.sh; do
		echo "file /etc/iosup/$(basename "$f") $f 0644 0 0"
	done
	for ko in "$build"/*.ko; do
		[ -e "$ko" ] && echo "file /lib/modules/$(basename "$ko") $ko 0644 0 0"
	done
	if [ ${#progs[@]} -gt 0 ] || [ ${#files[@]} -gt 0 ]; then
		echo "dir /lib/x86_64-linux-gnu 0755 0 0"
		echo "dir /lib64 0755 0 0"
	fi
	# The parents of each DEST that the list above does not create.
	for f in "${files[@]}"; do
		d=${f%%=*}
		while d=${d%/*}; [ -n "$d" ]; do echo "$d"; done
	done | sort -u | grep -vxE '/(dev|bin|sbin|usr|usr/bin|proc|sys|tmp|etc|etc/iosup|lib|lib/modules|lib/x86_64-linux-gnu|lib64)' |
		while read -r d; do echo "dir $d 0755 0 0"; done || true
	for f in "${files[@]}"; do
		mode=0644
		[ -x "${f#*=}" ] && mode=0755
		echo "file ${f%%=*} $(readlink -f "${f#*=}") $mode 0 0"
	done
	if [ ${#progs[@]} -gt 0 ]; then
		for prog in "${progs[@]}"; do
			echo "file /usr/bin/$(basename "$prog") $(readlink -f "$prog") 0755 0 0"
		done
		ldd "${progs[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }' |
			sort -u | while read -r lib; do
				echo "file $lib $(readlink -f "$lib") 0755 0 0"
			done
	fi
} > "$list"
"$kdir/usr/gen_init_cpio" "$list" | gzip -9 > "$out.tmp"
mv "$out.tmp" "$out"
