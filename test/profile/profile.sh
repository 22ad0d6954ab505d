#!/bin/bash
# Where the instructions of a process go, caching on against off: one Xen
# PV dom0 (2 vCPUs, icount) runs test/guest/suite-prof.sh under QEMU with
# test/profile/tbprof.c, which counts the instructions of each translation
# block; report.py sums them per function of the dom0 kernel, iosup.ko
# and Xen (symbols from Debian's xen-*.efi), per process.
# Usage: profile.sh fork|exec|shell [PROCESSES]   (KVER and XEN as for
#   make check). Prints the top functions, on less off.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
usage() { echo "usage: ${0##*/} fork|exec|shell [PROCESSES]" >&2; exit 2; }
case "${1:-}" in fork | exec | shell) ;; *) usage ;; esac
n=${2:-300}
[[ $n =~ ^[1-9][0-9]*$ ]] && [ $# -le 2 ] || usage
out=$build/profile$suffix$xsuffix
runs=$out
mkdir -p "$out"
build_all > "$out/build.log" 2>&1 || { echo "build failed: $out/build.log" >&2; exit 1; }
cc -O2 -Wall -Werror -shared -fPIC -fvisibility=hidden \
	-o "$out/tbprof.so" "$top/test/profile/tbprof.c" || exit 1
trigger=$(awk '$3 == "__x64_sys_sync" { print $1 }' "$kdir/System.map")
[ -n "$trigger" ] || { echo "no __x64_sys_sync in $kdir/System.map" >&2; exit 1; }
# qemu-run.sh calls qemu-system-x86_64 by name: a wrapper first in PATH
# loads the plugin.
mkdir -p "$out/bin"
cat > "$out/bin/qemu-system-x86_64" <<WRAP
#!/bin/sh
exec /usr/bin/qemu-system-x86_64 -plugin "$out/tbprof.so,trigger=$trigger,out=$out/run/prof" "\$@"
WRAP
chmod +x "$out/bin/qemu-system-x86_64"
rm -f "$out"/run/prof.*
PATH=$out/bin:$PATH boot run --xen --smp 2 --icount --timeout 3000 \
	--suite prof --append "test=$1 iterations=$n norandmaps" > "$out/run.log" 2>&1 ||
	{ echo "the guest failed: $out/run.log" >&2; exit 1; }
cp "$top/iosup.ko" "$out/iosup.ko"
grep "^# phase" "$out/run/tap.log"
efi=/boot/xen-$XEN-amd64.efi
[ -r "$efi" ] || efi=-
"$top/test/profile/report.py" "$out/run" "$kdir/System.map" "$efi" "$out/iosup.ko" "$n"
