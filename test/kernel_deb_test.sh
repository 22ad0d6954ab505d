#!/bin/bash
# The packages of make kernel-deb, as an operator would use them: they are
# well-formed Debian packages that dpkg would install on this Debian
# machine (dpkg --dry-run: dependencies and conflicts checked, nothing
# written), their image carries the hooks, and DKMS builds iosup.ko against
# their headers unpacked into a scratch root (test/dkms_test.sh).
# Prints TAP; exit status 1 on any failure.
# Usage: kernel_deb_test.sh DEBDIR RELEASE [HEADER]
#   HEADER: the iosup_hooks.h the packaged series adds (default: include/'s,
#   the 7.3 series' header; a backport's differs)
set -uo pipefail
[ $# = 2 ] || [ $# = 3 ] && [ -n "$2" ] || { echo "usage: $0 DEBDIR RELEASE [HEADER]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
debs=$1 rel=$2 header=${3:-$top/include/linux/iosup_hooks.h}
. "$top/test/ktap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root

image=$(ls "$debs"/linux-image-"$rel"_*.deb 2>/dev/null | head -n1)
headers=$(ls "$debs"/linux-headers-"$rel"_*.deb 2>/dev/null | head -n1)
check "linux-image-$rel package built" [ -n "$image" ]
check "linux-headers-$rel package built" [ -n "$headers" ]
for deb in $image $headers; do
	check "$(basename "$deb"): an amd64 package dpkg-deb reads" \
		sh -c '[ "$(dpkg-deb -f "$0" Architecture)" = amd64 ]' "$deb"
	dpkg-deb -x "$deb" "$root"
done
dpkg --dry-run -i $image $headers > "$tmp/dry-run.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/dry-run.log"
check "dpkg --dry-run -i: both would install here (exit $rc)" [ $rc = 0 ]
check "the image has /boot/vmlinuz-$rel" [ -s "$root/boot/vmlinuz-$rel" ]
check "the image's config has the hooks" grep -qx CONFIG_IOSUP_HOOKS=y "$root/boot/config-$rel"
check "the image has its modules directory" [ -e "$root/lib/modules/$rel/modules.order" ]
hdir=$root/usr/src/linux-headers-$rel
check "the headers carry the hooks' header" \
	cmp -s "$header" "$hdir/include/linux/iosup_hooks.h"

# DKMS against the unpacked headers, with its own throwaway trees.
"$top/test/dkms_test.sh" "$hdir" > "$tmp/dkms.tap" 2>&1
rc=$?
sed 's/^/# dkms: /' "$tmp/dkms.tap"
ktap_file_counts "$tmp/dkms.tap"
check "dkms_test.sh against the packaged headers: $ktap_file_passed passed, $ktap_file_failed failed" \
	sh -c '[ "$0" = 0 ] && grep -q "^1\.\.[1-9]" "$1"' $rc "$tmp/dkms.tap"
ktap_plan
[ $ktap_failed = 0 ]
