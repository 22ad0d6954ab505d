#!/bin/bash
# Boot the kernel of make kernel-deb's packages in the test bed, as Xen's
# PV dom0 with dom0-iommu=strict on the emulated IOMMU: iosup.ko built
# against the packages' own headers, suite xen-pool loaded and off, then
# with enable=1, and the invalidations QEMU traced per process printed.
# inject=0: distribution configs leave the fault-injection debugfs out.
# For a Debian-config build (hours on 2 cores), not run by make check.
# Runs land in build/runs*/kdeb-GROUP. Needs no guest running beside it.
# Usage: kernel_deb_boot.sh DEBDIR RELEASE [ITERATIONS]
set -euo pipefail
[ $# -ge 2 ] && [ -n "$2" ] && [[ "${3:-300}" =~ ^[1-9][0-9]*$ ]] ||
	{ echo "usage: $0 DEBDIR RELEASE [ITERATIONS]" >&2; exit 2; }
debs=$1 rel=$2 iters=${3:-300}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ktap.sh"
image=$(ls "$debs"/linux-image-"$rel"_*.deb 2>/dev/null | head -n1) || true
headers=$(ls "$debs"/linux-headers-"$rel"_*.deb 2>/dev/null | head -n1) || true
[ -n "$image" ] && [ -n "$headers" ] ||
	{ echo "kernel_deb_boot: no linux-image/headers-$rel packages in $debs" >&2; exit 1; }
root=$build/kdeb-packages
rm -rf "$root"
mkdir -p "$root" "$runs"
dpkg-deb -x "$image" "$root"
dpkg-deb -x "$headers" "$root"
build_all > "$build/kdeb-build.log" 2>&1 ||
	{ tail -n 20 "$build/kdeb-build.log" >&2; exit 1; }
kdeb_initrd=$build/initramfs-kdeb.cpio.gz
module_initrd kdeb "$root/usr/src/linux-headers-$rel" "$kdeb_initrd"
rc=0
for group in disabled pre; do
	"$top/test/qemu-run.sh" --out "$runs/kdeb-$group" \
		--kernel "$root/boot/vmlinuz-$rel" --initrd "$kdeb_initrd" \
		--smp 1 --xen --suite xen-pool \
		--append "group=$group iterations=$iters norandmaps inject=0" \
		> "$runs/kdeb-$group.log" 2>&1 || rc=1
	count_invalidations "kdeb-$group" || rc=1
	ktap_file_counts "$runs/kdeb-$group/tap.log"
	echo "== $rel, group $group: $ktap_file_passed passed, $ktap_file_failed failed," \
		"$ktap_file_skipped skipped"
	grep '^not ok' "$runs/kdeb-$group/tap.log" || true
	sed -n '1,/^fork_sh/p' "$runs/kdeb-$group/counts.txt" || true
done
exit $rc
