#!/bin/bash
# make deb: IOSUP's own Debian packages (debian/). Builds them into a
# throwaway directory (not build/deb-packages, the operator's), checks
# what each installs, that their version is module/version.h's and that
# a changelog behind it stops the build, that lintian finds no error and
# no warning but the listed ones, and that DKMS builds the packaged
# iosup-observe sources against KDIR (throwaway DKMS trees: the host's
# DKMS state is untouched). Nothing is installed. Prints TAP; exit
# status 1 on any failure.
# Usage: deb_test.sh KDIR [DEB_DIR]
# (DEB_DIR: packages make deb built already; without it, it builds them)
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 KDIR [DEB_DIR]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$(readlink -f "$1")
. "$top/test/ktap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define IOSUP_VERSION "\(.*\)"$/\1/p' "$top/module/version.h")
arch=$(dpkg --print-architecture)
# The lintian warnings allowed, one "package: tag [what]" a line: none.
# (debian/*.lintian-overrides holds the info tags kept, each with why.)
allowed=$tmp/lintian-allowed
: > "$allowed"

check "debian/changelog is at module/version.h's $version" \
	sh -c '[ "$(dpkg-parsechangelog -l "$0/debian/changelog" -S Version)" = "$1" ]' \
	"$top" "$version"

# A changelog behind version.h stops make deb, and debian/rules, at once:
# a copy of what both read, with version.h a release ahead.
drift=$tmp/drift
mkdir -p "$drift/module"
cp -r "$top/Makefile" "$top/debian" "$drift/"
sed 's/^#define IOSUP_VERSION ".*"$/#define IOSUP_VERSION "'"$version"'.1"/' \
	"$top/module/version.h" > "$drift/module/version.h"
make -s -C "$drift" deb DEB_OUT="$drift/out" > "$tmp/drift.log" 2>&1
rc=$?
check "make deb stops when debian/changelog is not at version.h's (exit $rc)" \
	sh -c '[ $0 != 0 ] && [ ! -e "$1" ] && grep -q "add a changelog entry" "$2"' \
	"$rc" "$drift/out" "$tmp/drift.log"
(cd "$drift" && ./debian/rules clean) > "$tmp/drift-rules.log" 2>&1
rc=$?
check "debian/rules stops too (exit $rc)" \
	sh -c '[ $0 != 0 ] && grep -q "add a changelog entry" "$1"' "$rc" "$tmp/drift-rules.log"

# The packages.
debs=${2:-}
if [ -z "$debs" ]; then
	debs=$tmp/debs
	# nocheck: no tools_test.sh in debian/rules. check.sh runs it on
	# the static build, and its timing checks (a parent's memory a
	# second after its start) would make this test as flaky as the
	# load beside it.
	DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }nocheck" \
		make -s -C "$top" deb DEB_OUT="$debs" > "$tmp/build.log" 2>&1
	rc=$?
	[ $rc = 0 ] || tail -n 30 "$tmp/build.log" | sed 's/^/# /'
	check "make deb builds the packages (exit $rc)" [ $rc = 0 ]
fi
dkms_deb=$debs/iosup-dkms_${version}_all.deb
observe_deb=$debs/iosup-observe-dkms_${version}_all.deb
tools_deb=$debs/iosup-tools_${version}_$arch.deb
changes=$debs/iosup_${version}_$arch.changes
for f in "$dkms_deb" "$observe_deb" "$tools_deb" "$changes"; do
	check "${f##*/} is there" [ -f "$f" ]
done
for deb in "$dkms_deb" "$observe_deb" "$tools_deb"; do
	[ -f "$deb" ] || continue
	check "${deb##*/}: version $version" \
		sh -c '[ "$(dpkg-deb -f "$0" Version)" = "$1" ]' "$deb" "$version"
	dpkg-deb -x "$deb" "$tmp/root"
	dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' > "$tmp/${deb##*/}.list"
done
root=$tmp/root
# has PACKAGE PATH: PACKAGE's .deb lists PATH.
has() { grep -qx "$2" "$tmp/$1.list"; }

# iosup-dkms: make dkms-source's tree (but LICENSE, in copyright),
# dkms.conf versioned and confined to kernels with the hooks.
src=/usr/src/iosup-$version
make -s -C "$top" dkms-source DKMS_SRC="$tmp/ref/iosup" > /dev/null 2>&1
rm -f "$tmp/ref/iosup/LICENSE"
check "iosup-dkms: $src is make dkms-source's tree but LICENSE" \
	diff -r "$tmp/ref/iosup" "$root$src"
check "iosup-dkms: its dkms.conf names iosup $version, CONFIG_IOSUP_HOOKS" \
	sh -c 'grep -qx "PACKAGE_NAME=\"iosup\"" "$0" &&
	       grep -qx "PACKAGE_VERSION=\"$1\"" "$0" &&
	       grep -qx "BUILD_EXCLUSIVE_CONFIG=\"CONFIG_IOSUP_HOOKS\"" "$0"' \
	"$root$src/dkms.conf" "$version"
dpkg-deb -e "$dkms_deb" "$tmp/dkms-control" 2>/dev/null
check "iosup-dkms: postinst runs DKMS, then enables and starts iosup.service" \
	sh -c 'grep -q "common.postinst" "$0" &&
	       grep -q "deb-systemd-helper enable .iosup.service." "$0" &&
	       grep -q "deb-systemd-invoke \$_dh_action .iosup.service." "$0"' \
	"$tmp/dkms-control/postinst"
check "iosup-dkms: prerm stops the unit, then removes the DKMS module" \
	sh -c 'grep -q "deb-systemd-invoke stop .iosup.service." "$0" &&
	       grep -q "dkms remove" "$0"' "$tmp/dkms-control/prerm"
check "iosup-dkms: /etc/modprobe.d/iosup.conf, a conffile: options iosup enable=1" \
	sh -c 'grep -qx /etc/modprobe.d/iosup.conf "$0" &&
	       grep -qx "options iosup enable=1" "$1"' \
	"$tmp/dkms-control/conffiles" "$root/etc/modprobe.d/iosup.conf"
# debhelper 13.11 installs units in /lib; later ones in /usr/lib.
unit=
for dir in /lib/systemd/system /usr/lib/systemd/system; do
	has "${dkms_deb##*/}" "$dir/iosup.service" && unit=$root$dir/iosup.service
done
check "iosup-dkms: iosup.service" [ -n "$unit" ]
if [ -n "$unit" ]; then
	check "iosup.service: oneshot, stays active, after systemd-modules-load" \
		sh -c 'grep -qx "Type=oneshot" "$0" && grep -qx "RemainAfterExit=yes" "$0" &&
		       grep -qx "After=systemd-modules-load.service" "$0" &&
		       grep -qx "WantedBy=multi-user.target" "$0"' "$unit"
	check "iosup.service: only where modinfo finds iosup; modprobe, modprobe -r" \
		sh -c 'grep -qx "ExecCondition=/sbin/modinfo -F filename iosup" "$0" &&
		       grep -qx "ExecStart=/sbin/modprobe iosup" "$0" &&
		       grep -qx "ExecStop=/sbin/modprobe -r iosup" "$0"' "$unit"
	if command -v systemd-analyze > /dev/null; then
		systemd-analyze verify "$unit" > "$tmp/verify.log" 2>&1
		rc=$?
		sed 's/^/# /' "$tmp/verify.log"
		check "systemd-analyze verify iosup.service: clean (exit $rc)" \
			sh -c '[ $0 = 0 ] && [ ! -s "$1" ]' "$rc" "$tmp/verify.log"
	else
		skip "systemd-analyze verify iosup.service" "no systemd-analyze"
	fi
fi
check "iosup-dkms: README.Debian says how to turn it off" \
	grep -q "systemctl disable iosup" "$root/usr/share/doc/iosup-dkms/README.Debian"

# iosup-observe-dkms: the same for iosup_observe.ko, any Xen PV kernel;
# nothing loads it.
osrc=/usr/src/iosup-observe-$version
make -s -C "$top" dkms-source DKMS_PACKAGE=iosup-observe DKMS_SRC="$tmp/ref/observe" \
	> /dev/null 2>&1
rm -f "$tmp/ref/observe/LICENSE"
check "iosup-observe-dkms: $osrc is make dkms-source's tree but LICENSE" \
	diff -r "$tmp/ref/observe" "$root$osrc"
check "iosup-observe-dkms: its dkms.conf builds iosup_observe $version, CONFIG_XEN_PV" \
	sh -c 'grep -qx "PACKAGE_NAME=\"iosup-observe\"" "$0" &&
	       grep -qx "PACKAGE_VERSION=\"$1\"" "$0" &&
	       grep -qx "BUILT_MODULE_NAME\[0\]=\"iosup_observe\"" "$0" &&
	       grep -qx "BUILD_EXCLUSIVE_CONFIG=\"CONFIG_XEN_PV\"" "$0"' \
	"$root$osrc/dkms.conf" "$version"
check "iosup-observe-dkms: no unit, no /etc" \
	sh -c '! grep -q "^/etc/\|systemd" "$0"' "$tmp/${observe_deb##*/}.list"

# iosup-tools: iosupctl (an administrator's) in /usr/sbin, iosup-stress
# in /usr/bin, dynamically linked, with their manual pages.
tools=${tools_deb##*/}
check "iosup-tools: /usr/sbin/iosupctl and /usr/bin/iosup-stress" \
	sh -c 'grep -qx /usr/sbin/iosupctl "$0" && grep -qx /usr/bin/iosup-stress "$0"' \
	"$tmp/$tools.list"
check "iosup-tools: both dynamically linked against libc" \
	sh -c 'for b; do readelf -d "$b" | grep -q "NEEDED.*libc\.so" || exit 1; done' \
	_ "$root/usr/sbin/iosupctl" "$root/usr/bin/iosup-stress"
check "iosup-tools: iosupctl --help runs" sh -c '"$0" --help > /dev/null' "$root/usr/sbin/iosupctl"
check "iosup-tools: iosupctl(8) and iosup-stress(1)" \
	sh -c 'grep -qx /usr/share/man/man8/iosupctl.8.gz "$0" &&
	       grep -qx /usr/share/man/man1/iosup-stress.1.gz "$0"' "$tmp/$tools.list"
# Every manual page in userspace/ is listed for the package, and in it.
for page in "$top"/userspace/*.[1-8]; do
	[ -e "$page" ] || continue
	name=${page##*/}
	check "iosup-tools: $name listed in debian/iosup-tools.manpages and packaged" \
		sh -c 'grep -qx "userspace/$1" "$0/debian/iosup-tools.manpages" &&
		       grep -qx "/usr/share/man/man${1##*.}/$1.gz" "$2"' \
		"$top" "$name" "$tmp/$tools.list"
done

# lintian, as pedantic as it goes: no error, no warning but the allowed.
if command -v lintian > /dev/null && [ -f "$changes" ]; then
	lintian --pedantic "$changes" > "$tmp/lintian.log" 2> "$tmp/lintian.err"
	rc=$?
	sed 's/^/# lintian: /' "$tmp/lintian.log"
	grep -v "running with root privileges" "$tmp/lintian.err" | sed 's/^/# lintian: /'
	# 0: nothing to say; 1: tags (the checks below judge them); more:
	# lintian itself failed, and an empty log would prove nothing.
	check "lintian ran (exit $rc)" [ $rc -le 1 ]
	check "lintian: no error" sh -c '! grep -q "^E: " "$0"' "$tmp/lintian.log"
	check "lintian: no warning but the allowed ($(wc -l < "$allowed"))" \
		sh -c '! grep "^W: " "$0" | sed "s/^W: //" | grep -qvxF -f "$1"' \
		"$tmp/lintian.log" "$allowed"
else
	not_ok "lintian is installed (make deps), and there is a .changes"
fi

# DKMS builds the packaged iosup-observe sources against KDIR.
if ! command -v dkms > /dev/null; then
	not_ok "dkms is installed (make deps)"
else
	kver=$(make -s -C "$kdir" kernelrelease)
	trees=(--dkmstree "$tmp/dkms" --sourcetree "$root/usr/src" --installtree "$tmp/install")
	mkdir -p "$tmp/dkms" "$tmp/install"
	dkms add -m iosup-observe -v "$version" "${trees[@]}" > "$tmp/observe.log" 2>&1 &&
		dkms build -m iosup-observe -v "$version" -k "$kver" --kernelsourcedir "$kdir" \
			"${trees[@]}" >> "$tmp/observe.log" 2>&1
	rc=$?
	[ $rc = 0 ] || sed 's/^/# /' "$tmp/observe.log"
	check "dkms builds the packaged iosup-observe against $kver (exit $rc)" [ $rc = 0 ]
	ko=$tmp/dkms/iosup-observe/$version/$kver/$(uname -m)/module/iosup_observe.ko
	check "modinfo: iosup_observe.ko $version for $kver" \
		sh -c '[ "$(modinfo -F version "$0")" = "$1" ] &&
		       modinfo -F vermagic "$0" | grep -q "^$2 "' "$ko" "$version" "$kver"
fi
ktap_plan
[ $ktap_failed = 0 ]
