#!/bin/bash
# DKMS builds iosup.ko against the patched tree, declines a tree without
# the hooks, and stops with a message on a tree with older hooks; it
# builds the iosup-observe package's iosup_observe.ko alone, and declines
# a tree without Xen PV for it. Uses
# throwaway DKMS trees, so the host's own DKMS state is untouched. Prints
# TAP; exit status 1 on any failure.
# Usage: dkms_test.sh PATCHED_KDIR [STOCK_KDIR]
# (without STOCK_KDIR, a copy of the patched config without the hooks)
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 PATCHED_KDIR [STOCK_KDIR]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$(readlink -f "$1") stock=${2:+$(readlink -f "$2")}
. "$top/test/ktap.sh"

if ! command -v dkms >/dev/null; then
	not_ok "dkms is installed (make deps)"
	ktap_plan
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define IOSUP_VERSION "\(.*\)"$/\1/p' "$top/module/version.h")
src=$tmp/src/iosup-$version
trees=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/install")
mkdir -p "$tmp/dkms" "$tmp/install"

check "make dkms-source lays out the sources with dkms.conf" \
	make -s -C "$top" dkms-source DKMS_SRC="$src"
check "dkms.conf carries version $version" grep -q "^PACKAGE_VERSION=\"$version\"" "$src/dkms.conf"
check "dkms add" dkms add -m iosup -v "$version" "${trees[@]}"
kver=$(make -s -C "$kdir" kernelrelease)
dkms build -m iosup -v "$version" -k "$kver" --kernelsourcedir "$kdir" "${trees[@]}" \
	> "$tmp/build.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/build.log"
ko=$tmp/dkms/iosup/$version/$kver/x86_64/module/iosup.ko
check "dkms build against the patched tree $kver (exit $rc)" [ $rc = 0 ]
check "modinfo shows the version DKMS installed ($version)" \
	sh -c '[ "$(modinfo -F version "$0")" = "$1" ]' "$ko" "$version"
check "dkms built iosup.ko with the hooks' symbols" \
	sh -c 'modinfo -F vermagic "$0" | grep -q "^$1 " && nm -u "$0" | grep -q iosup_register' "$ko" "$kver"

# A tree without the hooks: the stock tree if given, else the patched
# tree's .config with CONFIG_IOSUP_HOOKS taken out (all dkms reads first).
if [ -z "$stock" ]; then
	stock=$tmp/nohooks
	mkdir -p "$stock"
	# A headers package may carry the config only as auto.conf (6.12's).
	config=$kdir/.config
	[ -e "$config" ] || config=$kdir/include/config/auto.conf
	check "the patched tree's config has the hooks ($config)" \
		grep -qx 'CONFIG_IOSUP_HOOKS=y' "$config"
	grep -v '^CONFIG_IOSUP_HOOKS=' "$config" > "$stock/.config"
	skver=$kver-nohooks
else
	skver=$(make -s -C "$stock" kernelrelease)
fi
# dkms_build NAME KRELEASE KDIR: dkms add and build in a DKMS tree of
# its own (the kernels here may share one release string); DKMS's output
# goes to $tmp/NAME.log, make's to NAME's make.log.
dkms_build() {
	local trees=(--dkmstree "$tmp/dkms-$1" --sourcetree "$tmp/src"
		     --installtree "$tmp/install")

	mkdir -p "$tmp/dkms-$1"
	dkms add -m iosup -v "$version" "${trees[@]}" > /dev/null 2>&1
	dkms build -m iosup -v "$version" -k "$2" --kernelsourcedir "$3" \
		"${trees[@]}" > "$tmp/$1.log" 2>&1
}
dkms_build nohooks "$skver" "$stock"
rc=$?
[ $rc = 77 ] || sed 's/^/# /' "$tmp/nohooks.log"
check "dkms declines a tree without CONFIG_IOSUP_HOOKS (exit $rc, want 77)" [ $rc = 77 ]

# A tree patched with an older hooks series (before v3, whose
# <linux/iosup_hooks.h> registers one cache with enum pgtable_level
# levels): the build stops at once and says what to do. The tree:
# symlinks to the patched one, real directories down to that header, and
# the header written with v2's int levels (PATCHED_KDIR is its own source
# tree, as the cached kernel is; not an O= build directory).
header=include/linux/iosup_hooks.h
old=$tmp/oldhooks from=$kdir to=$tmp/oldhooks
mkdir "$to"
for part in include linux ''; do
	for entry in "$from"/* "$from"/.[!.]*; do
		[ -e "$entry" ] && [ "${entry##*/}" != "$part" ] &&
			ln -s "$entry" "$to/${entry##*/}"
	done
	[ -n "$part" ] || break
	from=$from/$part to=$to/$part
	mkdir "$to"
done
rm "$old/$header"
sed 's/enum pgtable_level level/int level/g' "$kdir/$header" > "$old/$header"
dkms_build oldhooks "$kver" "$old"
rc=$?
# make's output: in DKMS's make.log (dkms 3), or in what dkms printed.
logs="$tmp/dkms-oldhooks/iosup/$version/build/make.log $tmp/oldhooks.log"
grep -sh "has IOSUP hooks older" $logs | sed 's/^/# /'
check "dkms build against older hooks fails and says to rebuild the kernel (exit $rc)" \
	sh -c '[ $0 != 0 ] && grep -sq "has IOSUP hooks older than this iosup.ko: rebuild that kernel" "$@"' \
	"$rc" $logs

# The observe package: iosup_observe.ko alone, wherever Xen PV is.
osrc=$tmp/src/iosup-observe-$version
check "make dkms-source DKMS_PACKAGE=iosup-observe lays out its sources" \
	make -s -C "$top" dkms-source DKMS_PACKAGE=iosup-observe DKMS_SRC="$osrc"
check "its dkms.conf names iosup-observe $version and builds iosup_observe" \
	sh -c 'grep -q "^PACKAGE_NAME=\"iosup-observe\"" "$0" &&
	       grep -q "^PACKAGE_VERSION=\"$1\"" "$0" &&
	       grep -q "^BUILT_MODULE_NAME\[0\]=\"iosup_observe\"" "$0"' "$osrc/dkms.conf" "$version"
check "make dkms-source refuses an unknown package" \
	sh -c '! make -s -C "$0" dkms-source DKMS_PACKAGE=iosup-bogus DKMS_SRC="$1" 2>/dev/null &&
	       [ ! -e "$1" ]' "$top" "$tmp/src/bogus"
otrees=(--dkmstree "$tmp/dkms-observe" --sourcetree "$tmp/src" --installtree "$tmp/install")
mkdir -p "$tmp/dkms-observe"
dkms add -m iosup-observe -v "$version" "${otrees[@]}" > /dev/null 2>&1
dkms build -m iosup-observe -v "$version" -k "$kver" --kernelsourcedir "$kdir" "${otrees[@]}" \
	> "$tmp/observe.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$tmp/observe.log"
check "dkms builds iosup-observe against $kver (exit $rc)" [ $rc = 0 ]
# DKMS removes its build directory after a build: make's log says what
# Kbuild linked (in log/ with dkms 3, build/ before).
olog=$(ls "$tmp"/dkms-observe/iosup-observe/"$version"/{"$kver"/x86_64/log,build}/make.log 2>/dev/null | head -n 1)
check "it linked iosup_observe.ko and not iosup.ko (${olog:-no make.log})" \
	sh -c 'grep -Eq "LD \[M\] +(.*/)?iosup_observe\.ko\$" "$0" &&
	       ! grep -Eq "LD \[M\] +(.*/)?iosup\.ko\$" "$0"' "${olog:-/nonexistent}"
ko=$tmp/dkms-observe/iosup-observe/$version/$kver/x86_64/module/iosup_observe.ko
check "modinfo: iosup_observe.ko $version for $kver" \
	sh -c '[ "$(modinfo -F version "$0")" = "$1" ] &&
	       modinfo -F vermagic "$0" | grep -q "^$2 "' "$ko" "$version" "$kver"
# A tree without Xen PV: the patched config without CONFIG_XEN_PV.
nopv=$tmp/noxenpv
mkdir -p "$nopv"
config=$kdir/.config
[ -e "$config" ] || config=$kdir/include/config/auto.conf
grep -v '^CONFIG_XEN_PV=' "$config" > "$nopv/.config"
mkdir -p "$tmp/dkms-noxenpv"
otrees=(--dkmstree "$tmp/dkms-noxenpv" --sourcetree "$tmp/src" --installtree "$tmp/install")
dkms add -m iosup-observe -v "$version" "${otrees[@]}" > /dev/null 2>&1
dkms build -m iosup-observe -v "$version" -k "$kver-noxenpv" --kernelsourcedir "$nopv" \
	"${otrees[@]}" > "$tmp/noxenpv.log" 2>&1
rc=$?
[ $rc = 77 ] || sed 's/^/# /' "$tmp/noxenpv.log"
check "dkms declines iosup-observe on a tree without CONFIG_XEN_PV (exit $rc, want 77)" [ $rc = 77 ]
ktap_plan
[ $ktap_failed = 0 ]
