#!/bin/bash
# Build every prefix of a hooks series, to show that it bisects: in TREE,
# a kernel git tree holding the series as commits on top of BASE (for
# instance the branch `git am hooks/7.3/000[1-9]*` made on Debian's
# pristine source), check out BASE and each commit up to TIP in turn and
# build vmlinux incrementally in one O= directory, with a small Xen PV
# config: tinyconfig plus 64BIT SMP PARAVIRT XEN XEN_PV IOSUP_HOOKS
# DEBUG_FS. Then TIP again with IOSUP_HOOKS=n and with XEN=n. One line per
# build: commit, ok or FAILED, compiler warnings, seconds.
# TREE's checkout moves: use a worktree of your own.
# Usage: prefix-builds.sh TREE BASE [TIP] [OUT]   (TIP: HEAD; OUT: TREE/../prefix-build)
set -uo pipefail
usage() { echo "usage: $0 TREE BASE [TIP] [OUT]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || usage
src=$(cd "$1" && pwd) || usage
base=$2
tip=$(git -C "$src" rev-parse "${3:-HEAD}") || usage
out=${4:-$src/../prefix-build}
git -C "$src" rev-parse -q --verify "$base^{commit}" > /dev/null || usage
mkdir -p "$out"
out=$(cd "$out" && pwd)
cfg=$out/prefix.config

# The config, made once from TIP, where IOSUP_HOOKS exists.
git -C "$src" checkout -q --detach "$tip" || exit 1
make -s -C "$src" O="$out" tinyconfig > /dev/null || exit 1
"$src/scripts/config" --file "$out/.config" -e 64BIT -e SMP \
	-e HYPERVISOR_GUEST -e PARAVIRT -e XEN -e XEN_PV -e IOSUP_HOOKS \
	-e DEBUG_FS -e PRINTK
make -s -C "$src" O="$out" olddefconfig > /dev/null || exit 1
cp "$out/.config" "$cfg"

failed=0
# build LABEL COMMIT [scripts/config options]
build() {
	local label=$1 commit=$2 t0 result warnings
	shift 2
	git -C "$src" checkout -q --detach "$commit" || return 1
	cp "$cfg" "$out/.config"
	[ $# = 0 ] || "$src/scripts/config" --file "$out/.config" "$@"
	t0=$(date +%s)
	if make -s -C "$src" O="$out" olddefconfig > /dev/null 2>&1 &&
	   make -s -C "$src" O="$out" -j"$(nproc)" vmlinux > "$out/build-$label.log" 2>&1; then
		result=ok
	else
		result=FAILED
		failed=$((failed + 1))
	fi
	warnings=$(grep -sc "warning:" "$out/build-$label.log")
	echo "$label $(git -C "$src" log -1 --format='%h %s') : $result, $warnings warnings, $(( $(date +%s) - t0 )) s, IOSUP_HOOKS=$(grep -c '^CONFIG_IOSUP_HOOKS=y' "$out/.config") XEN_PV=$(grep -c '^CONFIG_XEN_PV=y' "$out/.config")"
}

build base "$base"
i=1
for commit in $(git -C "$src" rev-list --reverse "$base..$tip"); do
	build "prefix$i" "$commit"
	i=$((i + 1))
done
build nohooks "$tip" -d IOSUP_HOOKS
build noxen "$tip" -d XEN
[ $failed = 0 ]
