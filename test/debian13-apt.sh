#!/bin/bash
# apt-get and apt-cache on Debian 13's (trixie) package list, kept in the
# cache beside the kernels, for a host that runs Debian 12: the test bed
# fetches Debian 13's Xen from it without installing anything. The host's
# apt sources, pins and default release do not apply. The list is fetched
# on first use, and again when a download fails (a stale list names
# versions the mirror no longer has).
# Usage: debian13-apt.sh depends PACKAGE... | download PACKAGE... | update
#        | candidate PACKAGE (its version; exit 1 if the list has none)
set -euo pipefail
usage() { echo "usage: $0 depends PACKAGE... | download PACKAGE... | update | candidate PACKAGE" >&2; exit 2; }
[ $# -ge 1 ] || usage
cache=${IOSUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iosup}
dir=$cache/apt-debian13
mirror=${IOSUP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
	-o APT::Default-Release= -o "Dir::State=$dir/state"
	-o "Dir::State::status=$dir/state/status" -o "Dir::Cache=$dir/cache"
	-o APT::Architecture=amd64 -o APT::Architectures=amd64
	-o APT::Sandbox::User=root -q)

# update [if-missing]: fetch the list, one caller at a time; .updated
# marks a list that was fetched whole. With if-missing, a list that
# another caller fetched while this one waited for the lock is kept.
update() {
	mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial"
	exec 8>"$dir/.lock"
	flock 8
	if [ "${1:-}" = if-missing ] && [ -e "$dir/.updated" ]; then
		flock -u 8
		return
	fi
	touch "$dir/state/status"
	# trixie-backports carries the newest kernel source (linux-source-7.3);
	# its NotAutomatic pin keeps every other candidate on trixie itself.
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
		"$mirror" trixie "$mirror" trixie-backports > "$dir/sources.list"
	rm -f "$dir/.updated"
	apt-get "${opts[@]}" update >&2 && touch "$dir/.updated"
	flock -u 8
	[ -e "$dir/.updated" ] ||
		{ echo "debian13-apt: cannot fetch Debian 13's package list from $mirror" >&2; exit 1; }
}

cmd=$1
shift
case "$cmd" in
update) update ;;
depends)
	[ $# -ge 1 ] || usage
	[ -e "$dir/.updated" ] || update if-missing
	apt-cache "${opts[@]}" "$cmd" "$@" ;;
candidate)
	[ $# = 1 ] || usage
	[ -e "$dir/.updated" ] || update if-missing
	ver=$(apt-cache "${opts[@]}" policy "$1" | sed -n 's/^ *Candidate: //p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		{ echo "debian13-apt: $1 is not in Debian 13's package list" >&2; exit 1; }
	echo "$ver" ;;
download)
	[ $# -ge 1 ] || usage
	[ -e "$dir/.updated" ] || update if-missing
	apt-get "${opts[@]}" download "$@" >&2 ||
		{ update && apt-get "${opts[@]}" download "$@" >&2; } ;;
*) usage ;;
esac
