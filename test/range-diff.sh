#!/bin/bash
# Print `git range-diff` of each backport (hooks/6.1, hooks/6.12) against
# the 7.3 series: the same patch list and logic, differing only where the
# kernel's API differs. Each series is applied with git am, in a scratch
# repository, to the pristine files it touches, taken from Debian's
# linux-source tarball (6.1 and 6.12 from /usr/src, 7.3 through
# test/debian-kernel-source.sh).
# Usage: range-diff.sh [6.1|6.12]...   (default: both)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: $0 [6.1|6.12]..." >&2; exit 2; }
for k in "$@"; do
	case $k in 6.1|6.12) ;; *) usage ;; esac
done
[ $# -gt 0 ] || set -- 6.1 6.12

tarball_of() {
	case $1 in
	7.3) "$top/test/debian-kernel-source.sh" 7.3 | cut -d' ' -f2 ;;
	*) echo /usr/src/linux-source-$1.tar.xz ;;
	esac
}

git_() {
	git -c user.name="IOSUP developers" -c user.email="iosup@example.org" \
		-c advice.detachedHead=false "$@"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
git init -q "$repo"

# apply_series KVER: a branch KVER-base holding the pristine files that
# hooks/KVER touches, and KVER on top of it with the series applied.
apply_series() {
	local kver=$1 tarball files top_dir p patches=()
	for p in "$top"/hooks/$kver/*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] || patches+=("$p")
	done
	tarball=$(tarball_of "$kver")
	[ -r "$tarball" ] || { echo "$tarball missing: run 'make deps'" >&2; exit 1; }
	files=$(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "${patches[@]}" | sort -u)
	top_dir=$( (tar -tf "$tarball" || true) | head -1 | cut -d/ -f1)
	mkdir "$tmp/$kver"
	# Files the series creates are not in the tarball: tar reports them
	# missing, which is expected.
	tar -xf "$tarball" -C "$tmp/$kver" --strip-components=1 \
		$(sed "s|^|$top_dir/|" <<< "$files") 2>/dev/null || true
	git_ -C "$repo" checkout -q --orphan "$kver-base"
	git_ -C "$repo" rm -rqf --ignore-unmatch .
	cp -a "$tmp/$kver/." "$repo/"
	git_ -C "$repo" add -A
	git_ -C "$repo" commit -qm "pristine files of linux-source-$kver"
	git_ -C "$repo" checkout -q -b "$kver"
	git_ -C "$repo" am -q "${patches[@]}"
}

apply_series 7.3
for kver in "$@"; do
	apply_series "$kver"
	echo "=== git range-diff hooks/7.3 hooks/$kver"
	git_ -C "$repo" range-diff --no-color --creation-factor=100 7.3-base..7.3 "$kver-base..$kver"
done
