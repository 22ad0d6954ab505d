#!/bin/bash
# Host tests of iosupctl and iosup-stress: argument parsing and bad input,
# -j/--json parsed back against the documented keys (iosupctl_schema.py),
# help, metrics, every exit status. iosupctl runs against a stand-in
# /sys/kernel/iosup (IOSUP_SYSFS) and /proc/iosup/stats (IOSUP_PROC_STATS);
# test/guest/suite-tools.sh runs it against the real module. Prints TAP;
# exit status 1 on any failure.
# IOSUP_TIMING_TESTS=0 skips the checks that a loaded host can fail (a
# rate, a process's memory a second in, an interval's length), as a
# package build does.
# Usage: tools_test.sh BIN_DIR
set -uo pipefail
[ $# = 1 ] || { echo "usage: $0 BIN_DIR" >&2; exit 2; }
bin=$(cd "$1" && pwd)
ctl=$bin/iosupctl stress=$bin/iosup-stress
top=$(cd "$(dirname "$0")/../.." && pwd)
schema=$top/test/unit/iosupctl_schema.py
. "$(dirname "$0")/../ktap.sh"
# status_is WANT COMMAND...: COMMAND exits WANT; its output is in $out.
status_is() {
	local want=$1
	shift
	out=$("$@" 2>&1)
	local rc=$?
	[ $rc = "$want" ] || { echo "# '$*' exited $rc, want $want: $out"; return 1; }
}
# json_is SCHEMA COMMAND...: COMMAND exits 0 and prints on stdout only
# JSON lines of SCHEMA (iosupctl_schema.py); its stdout is in $out.
json_is() {
	local want=$1
	shift
	out=$("$@" 2>"$fake/stderr")
	local rc=$?
	[ $rc = 0 ] || { echo "# '$*' exited $rc: $(cat "$fake/stderr")"; return 1; }
	"$schema" "$want" <<< "$out" || { echo "# '$*' printed: $out"; return 1; }
}
# prints WANT COMMAND...: COMMAND exits 0 and prints WANT on stdout.
prints() {
	local want=$1
	shift
	out=$("$@" 2>"$fake/stderr") ||
		{ echo "# '$*' failed: $(cat "$fake/stderr")"; return 1; }
	[ "$out" = "$want" ] || { echo "# '$*' printed: $out"; return 1; }
}
# bad_number WANT COMMAND...: COMMAND exits 2 and says why the number is
# refused (parse_number.c's words).
bad_number() {
	status_is 2 "${@:2}" &&
		grep -q "'.*' is $1 (want " <<< "$out" && grep -q "^usage: " <<< "$out"
}

fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
chmod 755 "$fake"
export IOSUP_SYSFS=$fake/iosup
# The stand-in /proc/iosup/stats of a stand-in directory D is D.stats.
export IOSUP_PROC_STATS=$IOSUP_SYSFS.stats
counters="in_use in_pool peak hits misses frees_to_pool reclaimed cleared
	  type_changes_avoided stale alloc_ns free_ns allocs frees"
# sync_stats [D]: write D.stats (D: $IOSUP_SYSFS) from D's files, in
# module/procfs.c's layout (the ABI's procfs-iosup): knob lines, the
# header, a row per level directory. iosupctl reads its counters and
# knobs there only; what it writes goes to D.
sync_stats() {
	local d=${1:-$IOSUP_SYSFS} l c v row
	{
		for c in enable:enabled ratio total hypercall_failures quarantined \
			 level_total; do
			read -r v < "$d/${c%%:*}"
			echo "${c#*:} $v"
		done
		echo "verify 0"
		echo "timing 0"
		echo "level" $counters
		for l in pgd p4d pud pmd pte; do
			[ -d "$d/$l" ] || continue
			row=$l
			for c in $counters; do
				read -r v < "$d/$l/$c"
				row="$row $v"
			done
			echo "$row"
		done
	} > "$d.stats.tmp"
	# A whole file at once: diagnose may be reading it meanwhile.
	mv "$d.stats.tmp" "$d.stats"
}
# at D COMMAND...: COMMAND with the stand-in D: its directory, D.stats.
at() {
	IOSUP_SYSFS=$1 IOSUP_PROC_STATS=$1.stats "${@:2}"
}
# A stand-in with a distinct value in every file, so a swapped field shows.
make_fake() {
	rm -rf "$IOSUP_SYSFS"
	mkdir -p "$IOSUP_SYSFS"
	echo 0 > "$IOSUP_SYSFS/enable"
	echo 4 > "$IOSUP_SYSFS/ratio"
	echo 1024 > "$IOSUP_SYSFS/level_total"
	# total is level_total's first name, an alias in the module.
	ln -s level_total "$IOSUP_SYSFS/total"
	echo 0 > "$IOSUP_SYSFS/hypercall_failures"
	echo 0 > "$IOSUP_SYSFS/quarantined"
	: > "$IOSUP_SYSFS/reclaim"
	local l c v=1
	for l in pgd pud pmd pte; do
		mkdir "$IOSUP_SYSFS/$l"
		for c in $counters; do
			echo $v > "$IOSUP_SYSFS/$l/$c"
			v=$((v + 1))
		done
	done
	echo -3 > "$IOSUP_SYSFS/pud/in_use"
	sync_stats
	chmod -R a+rX "$IOSUP_SYSFS" "$IOSUP_PROC_STATS"
}
make_fake
knob() { cat "$IOSUP_SYSFS/$1"; }

# --- iosupctl: usage, help and version ---
commands="status enable disable set reclaim watch bench diagnose metrics"
check "iosupctl --help is the manual, exit 0" \
	sh -c '"$0" --help | grep -q "^EXIT STATUS" && "$0" --help | grep -q "^SYNOPSIS"' "$ctl"
check "iosupctl -h and iosupctl help print the same manual" \
	bash -c '"$0" -h | cmp -s - <("$0" --help) && "$0" help | cmp -s - <("$0" --help)' "$ctl"
check "the manual has an entry for every command: $commands" \
	bash -c 'm=$("$0" --help); for c in $1; do grep -q "^    iosupctl \[-j\] $c\( \|$\)" <<< "$m" || exit 1; done' "$ctl" "$commands"
for c in $commands; do
	check "help $c: exit 0" status_is 0 "$ctl" help $c
	check "help $c: its synopsis first, then its description" \
		bash -c '[ "$(sed -n 1p <<< "$0")" = "$("$1" --help | grep -m1 "^    iosupctl \[-j\] $2\( \|$\)" | sed "s/^    /usage: /")" ] &&
			 [ -z "$(sed -n 2p <<< "$0")" ] && [ "$(wc -l <<< "$0")" -ge 3 ]' "$out" "$ctl" $c
	check "$c --help and $c -h print help $c, exit 0" \
		bash -c 'h=$("$0" help $1) && [ "$("$0" $1 --help)" = "$h" ] && [ "$("$0" $1 -h)" = "$h" ] &&
			 [ "$("$0" -j $1 --help)" = "$h" ]' "$ctl" $c
done
check "help of an unknown command: exit 2" status_is 2 "$ctl" help frobnicate
check "help with two commands: exit 2" status_is 2 "$ctl" help status set
version=$(sed -n 's/^#define IOSUP_VERSION "\(.*\)"$/\1/p' "$top/module/version.h")
check "--version prints module/version.h's $version, exit 0" \
	bash -c '[ "$("$0" --version)" = "iosupctl $1" ] && [ "$("$0" -V)" = "iosupctl $1" ]' "$ctl" "$version"
check "-j --version: {\"version\": \"$version\"}" json_is version "$ctl" -j --version
check "-j --version parses back to the version" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == {"version": sys.argv[2]}' "$out" "$version"
check "no command: usage, exit 2" status_is 2 "$ctl"
check "no command prints a usage line" grep -q "^usage: iosupctl" <<< "$out"
check "-j alone: exit 2" status_is 2 "$ctl" -j
check "unknown command: exit 2" status_is 2 "$ctl" frobnicate
check "unknown command: says so, and a usage line" \
	bash -c 'grep -q "unknown command .frobnicate." <<< "$0" && grep -q "^usage: iosupctl" <<< "$0"' "$out"
# "hello" is what the benchmark's exec'd children are run with: it alone
# made iosupctl exit 0 without a word.
check "iosupctl hello: unknown command, exit 2" status_is 2 "$ctl" hello
check "iosupctl hello: says so, and a usage line" \
	bash -c 'grep -q "unknown command .hello." <<< "$0" && grep -q "^usage: iosupctl" <<< "$0"' "$out"
check "unknown option before the command: exit 2" status_is 2 "$ctl" --bogus status
check "status --bogus: exit 2" status_is 2 "$ctl" status --bogus
check "status --bogus: the usage of status" grep -q "^usage: iosupctl \[-j\] status$" <<< "$out"
check "enable with an argument: exit 2" status_is 2 "$ctl" enable now

# --- status ---
check "status: exit 0" status_is 0 "$ctl" status
check "status: a row per level and a total" \
	bash -c 'for l in pgd pud pmd pte all; do grep -q "^$l " <<< "$0" || exit 1; done' "$out"
check "status: the knobs, level_total as the level total" \
	grep -qx "iosup: disabled, ratio 4, level total 1024 pages, hypercall failures 0, quarantined 0 pages" <<< "$out"
check "-j status: the full mode's documented keys" json_is status-full "$ctl" -j status
status_json=$out
check "status --json and status -j print the same as -j status" \
	bash -c '[ "$("$0" status --json)" = "$1" ] && [ "$("$0" status -j)" = "$1" ] &&
		 [ "$("$0" --json status)" = "$1" ]' "$ctl" "$status_json"
check "-j status parses back to the files' values" python3 - "$status_json" "$IOSUP_SYSFS" <<'PY'
import json, os, sys
doc, root = json.loads(sys.argv[1]), sys.argv[2]
def val(*p):
    return int(open(os.path.join(root, *p)).read())
assert doc["mode"] == "full"
assert doc["enabled"] is False and doc["ratio"] == 4 and doc["level_total"] == 1024
assert doc["hypercall_failures"] == 0
assert doc["quarantined"] == 0
assert doc["levels_present"] == ["pgd", "pud", "pmd", "pte"], doc["levels_present"]
for level in doc["levels_present"]:
    for name, v in doc["levels"][level].items():
        assert v == val(level, name), (level, name, v)
# The stand-in has no p4d, as 4-level paging: there, but all zeros.
assert set(doc["levels"]["p4d"].values()) == {0}, doc["levels"]["p4d"]
for name, v in doc["all"].items():
    assert v == sum(doc["levels"][l][name] for l in doc["levels"]), name
assert doc["levels"]["pud"]["in_use"] == -3
PY
# What make check runs on a real guest's status --json, run here on the
# stand-in's with caching on.
cp -a "$IOSUP_SYSFS" "$fake/on"
echo 1 > "$fake/on/enable"
sync_stats "$fake/on"
check "status_json_check.py takes status --json's output" bash -c '
	echo "# JSON $(IOSUP_SYSFS="$1" IOSUP_PROC_STATS="$1.stats" "$0" status --json)" > "$2/tap.log" &&
	"$3/test/unit/status_json_check.py" "$2/tap.log" >/dev/null' "$ctl" "$fake/on" "$fake" "$top"
# The same keys whatever the data: another level missing, every count 0.
cp -a "$IOSUP_SYSFS" "$fake/sparse"
rm -r "$fake/sparse/pmd"
for f in "$fake/sparse"/*/*; do echo 0 > "$f"; done
sync_stats "$fake/sparse"
check "-j status with a level missing and every count 0: the same keys" \
	json_is status-full at "$fake/sparse" "$ctl" -j status
check "... and levels_present without it" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1])["levels_present"] == ["pgd", "pud", "pte"]' "$out"
check "the schema check fails on a key left out" \
	bash -c '! "$0" status-full <<< "$(sed "s/\"quarantined\":0,//" <<< "$1")" 2>/dev/null' "$schema" "$status_json"
check "the schema check fails on a level left out" \
	bash -c '! "$0" status-full <<< "$(sed "s/\"p4d\":{[^}]*},//" <<< "$1")" 2>/dev/null' "$schema" "$status_json"
check "not loaded: exit 3" status_is 3 at "$fake/none" "$ctl" status
check "not loaded: says to load iosup.ko or iosup_observe.ko" \
	grep -q "load iosup.ko, or iosup_observe.ko" <<< "$out"
check "enable when not loaded: exit 3" status_is 3 at "$fake/none" "$ctl" enable
check "watch when not loaded (no directory, no stats file): exit 3" \
	status_is 3 at "$fake/none" "$ctl" watch -n 1

# --- /proc/iosup/stats: one read a sample, its columns by name ---
# The knobs and counters come from the stats file alone: a directory
# without a file in it reads the same.
mkdir "$fake/bare"
cp "$IOSUP_PROC_STATS" "$fake/bare.stats"
check "-j status reads the stats file, not the directory's files" \
	prints "$status_json" at "$fake/bare" "$ctl" -j status
if strace -o /dev/null true 2>/dev/null; then
	check "watch -n 3: three opens of the stats file, none under the directory" \
		bash -c 'strace -f -e trace=open,openat -o "$2" "$0" watch -i 0.1 -n 3 >/dev/null &&
			 [ "$(grep -c "\"$1\"" "$2")" = 3 ] && ! grep -q "\"$3/" "$2" ||
			 { sed "s/^/# /" "$2"; exit 1; }' \
		"$ctl" "$IOSUP_PROC_STATS" "$fake/strace" "$IOSUP_SYSFS"
	check "status: one open of the stats file" \
		bash -c 'strace -f -e trace=open,openat -o "$2" "$0" status >/dev/null &&
			 [ "$(grep -c "\"$1\"" "$2")" = 1 ]' "$ctl" "$IOSUP_PROC_STATS" "$fake/strace"
else
	skip "watch and status: the files they open" "strace cannot trace here"
fi
# stats_variant NAME PYTHON: D=$fake/NAME, an empty directory, and
# D.stats, the stand-in's stats with PYTHON applied to its lines (a list
# of lists of fields, "lines"; h is the header's index).
stats_variant() {
	mkdir -p "$fake/$1"
	python3 - "$IOSUP_PROC_STATS" "$2" > "$fake/$1.stats" <<'PY'
import sys
lines = [l.split() for l in open(sys.argv[1]).read().splitlines()]
h = [l[0] for l in lines].index("level")
exec(sys.argv[2])
print("\n".join(" ".join(l) for l in lines))
PY
}
# Columns in another order, rows too, a column and a knob line iosupctl
# does not know: the header's names say where each is.
stats_variant shuffled '
order = [0] + list(range(len(lines[h]) - 1, 0, -1))
rows = [[l[i] for i in order] + ["future" if l[0] == "level" else "-1"]
        for l in lines[h:]]
lines = lines[:h] + [["future_knob", "not", "a", "number"]] + rows[:1] + rows[:0:-1]'
check "columns in another order, one more, a knob line more: the same -j status" \
	prints "$status_json" at "$fake/shuffled" "$ctl" -j status
stats_variant no-columns '
for name in ("stale", "hits"):
    i = lines[h].index(name)
    lines[h:] = [l[:i] + l[i + 1:] for l in lines[h:]]'
check "columns missing: exit 1" status_is 1 at "$fake/no-columns" "$ctl" status
check "... naming both" grep -q "no-columns.stats: the header lacks the columns hits, stale$" <<< "$out"
stats_variant no-knob 'lines = [l for l in lines if l[0] != "quarantined"]'
check "a knob line missing: exit 1" status_is 1 at "$fake/no-knob" "$ctl" -j status
check "... naming it, and nothing else (no JSON)" [ "$out" = "$fake/no-knob.stats: no quarantined line" ]
# level_total, not its alias total: a stats file where they differ.
stats_variant alias-differs '
lines = [["total", "77"] if l[0] == "total" else l for l in lines]'
check "status takes level_total's line, not total's" \
	prints "$status_json" at "$fake/alias-differs" "$ctl" -j status
stats_variant no-level-total 'lines = [l for l in lines if l[0] != "level_total"]'
check "no level_total line (total alone): exit 1" \
	status_is 1 at "$fake/no-level-total" "$ctl" status
check "... naming it" [ "$out" = "$fake/no-level-total.stats: no level_total line" ]
stats_variant bad-field 'lines[-1][2] = "12x"'
check "a field that is no integer: exit 1" status_is 1 at "$fake/bad-field" "$ctl" watch -n 1
check "... naming its level and column" grep -q "bad-field.stats: pte in_pool is not an integer: '12x'" <<< "$out"

# --- enable, disable, set ---
check "enable: exit 0" status_is 0 "$ctl" enable
check "enable wrote 1" [ "$(knob enable)" = 1 ]
check "disable wrote 0" sh -c '"$0" disable >/dev/null && [ "$(cat "$1/enable")" = 0 ]' "$ctl" "$IOSUP_SYSFS"
# The stand-in's total is a link to level_total, as the module's alias:
# to see which one set writes, it is a file of its own here.
rm "$IOSUP_SYSFS/total"
echo 1024 > "$IOSUP_SYSFS/total"
check "set ratio=7 level_total=2048: exit 0" status_is 0 "$ctl" set ratio=7 level_total=2048
check "set wrote both" [ "$(knob ratio)/$(knob level_total)" = 7/2048 ]
check "set said so, by the knobs' names" \
	[ "$out" = "iosup: ratio = 7"$'\n'"iosup: level_total = 2048" ]
check "set level_total= writes level_total, not its alias total" [ "$(knob total)" = 1024 ]
check "set total=3072, level_total's alias: exit 0" status_is 0 "$ctl" set total=3072
check "set total=3072 wrote level_total" [ "$(knob level_total)/$(knob total)" = 3072/1024 ]
echo 2048 > "$IOSUP_SYSFS/level_total"
rm "$IOSUP_SYSFS/total"
ln -s level_total "$IOSUP_SYSFS/total"
for bad in ratio=0 ratio=1001 ratio=-1 ratio=x ratio= level_total=1e3 total=1e3 "ratio 5" \
	   foo=1 ratio level_totals=5 "ratio=5 ratio=6" "ratio=5 level_total=abc"; do
	# shellcheck disable=SC2086
	check "set $bad: exit 2" status_is 2 "$ctl" set $bad
	check "set $bad: nothing changed" [ "$(knob ratio)/$(knob level_total)" = 7/2048 ]
done
check "set level_total=5 total=6 (the alias): exit 2" status_is 2 "$ctl" set level_total=5 total=6
check "... says level_total is given twice" grep -q "level_total. is given twice" <<< "$out"
check "... and changes nothing" [ "$(knob ratio)/$(knob level_total)" = 7/2048 ]
check "set with nothing: exit 2" status_is 2 "$ctl" set
# A refused second write puts the first back (here: level_total cannot
# be opened).
mv "$IOSUP_SYSFS/level_total" "$IOSUP_SYSFS/level_total.real"
mkdir "$IOSUP_SYSFS/level_total"
check "set ratio=9 level_total=5 with level_total unwritable: fails" \
	status_is 1 "$ctl" set ratio=9 level_total=5
check "the failed set restored ratio" [ "$(knob ratio)" = 7 ]
rmdir "$IOSUP_SYSFS/level_total"
mv "$IOSUP_SYSFS/level_total.real" "$IOSUP_SYSFS/level_total"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	# A copy nobody can run: the checkout may sit in a 0700 directory.
	cp "$ctl" "$fake/iosupctl"
	chmod 755 "$fake/iosupctl"
	check "enable as a user: exit 4" status_is 4 as_nobody env IOSUP_SYSFS="$IOSUP_SYSFS" "$fake/iosupctl" enable
	check "enable as a user: says permission denied" grep -q "permission denied" <<< "$out"
	check "enable as a user changed nothing" [ "$(knob enable)" = 0 ]
	check "status as a user works" status_is 0 as_nobody env IOSUP_SYSFS="$IOSUP_SYSFS" "$fake/iosupctl" status
else
	skip "permission tests" "they need root and setpriv"
fi
check "-j enable: the documented keys" json_is enable "$ctl" -j enable
check "-j enable said {\"enabled\": true} and wrote 1" \
	bash -c '[ "$0" = "{\"enabled\":true}" ] && [ "$(cat "$1/enable")" = 1 ]' "$out" "$IOSUP_SYSFS"
check "disable -j: the documented keys" json_is disable "$ctl" disable -j
check "disable -j said {\"enabled\": false} and wrote 0" \
	bash -c '[ "$0" = "{\"enabled\":false}" ] && [ "$(cat "$1/enable")" = 0 ]' "$out" "$IOSUP_SYSFS"
check "-j set level_total=4096: the documented keys" json_is set "$ctl" -j set level_total=4096
check "-j set level_total=4096: the policy in force, ratio untouched" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == {"ratio": 7, "level_total": 4096}' "$out"
check "-j set total=3072: the same keys, level_total set" json_is set "$ctl" -j set total=3072
check "... {\"ratio\": 7, \"level_total\": 3072}" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == {"ratio": 7, "level_total": 3072}' "$out"
check "set ratio=007 writes 7" bash -c '"$0" set ratio=007 >/dev/null && [ "$(cat "$1/ratio")" = 7 ]' "$ctl" "$IOSUP_SYSFS"
mv "$IOSUP_SYSFS/level_total" "$IOSUP_SYSFS/level_total.real"
mkdir "$IOSUP_SYSFS/level_total"
check "-j set with a failed write: exit 1, nothing on stdout" \
	bash -c 'o=$("$0" -j set ratio=9 level_total=5 2>/dev/null); rc=$?
		 [ $rc = 1 ] && [ -z "$o" ] && [ "$(cat "$1/ratio")" = 7 ]' "$ctl" "$IOSUP_SYSFS"
rmdir "$IOSUP_SYSFS/level_total"
mv "$IOSUP_SYSFS/level_total.real" "$IOSUP_SYSFS/level_total"
echo 2048 > "$IOSUP_SYSFS/level_total"
check "set ratio=x: says it is not a whole number" bad_number "not a whole number" "$ctl" set ratio=x
check "set ratio=1001: says it is out of range" bad_number "out of range" "$ctl" set ratio=1001
check "set level_total=+5: says it is not a whole number" bad_number "not a whole number" "$ctl" set level_total=+5
check "set total=' 5': says it is not a whole number" bad_number "not a whole number" "$ctl" set "total= 5"

# --- reclaim ---
for bad in 0 -1 x 1.5 "1 2"; do
	# shellcheck disable=SC2086
	check "reclaim $bad: exit 2" status_is 2 "$ctl" reclaim $bad
done
check "reclaim 5 writes 5" sh -c '"$0" reclaim 5 >/dev/null && [ "$(cat "$1/reclaim")" = 5 ]' "$ctl" "$IOSUP_SYSFS"
pooled=$(cat "$IOSUP_SYSFS"/*/in_pool | paste -sd+ | bc)
check "reclaim without PAGES asks for all $pooled pooled" \
	sh -c '"$0" reclaim >/dev/null && [ "$(cat "$1/reclaim")" = "$2" ]' "$ctl" "$IOSUP_SYSFS" "$pooled"
check "reclaim x: says it is not a whole number" bad_number "not a whole number" "$ctl" reclaim x
check "reclaim 0: says it is out of range" bad_number "out of range" "$ctl" reclaim 0
check "-j reclaim 5: the documented keys" json_is reclaim "$ctl" -j reclaim 5
check "-j reclaim 5: asked 5, the stand-in reclaimed nothing" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == {"asked": 5, "reclaimed": 0}' "$out"
check "-j reclaim with the pools empty: the same keys" \
	json_is reclaim at "$fake/sparse" "$ctl" -j reclaim
check "-j reclaim with the pools empty: asked 0, reclaimed 0" \
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == {"asked": 0, "reclaimed": 0}' "$out"

# --- watch ---
for bad in "-i 0" "-i 0.05" "-i x" "-i" "-n 0" "-n -2" "-q" "extra"; do
	# shellcheck disable=SC2086
	check "watch $bad: exit 2" status_is 2 "$ctl" watch $bad
done
check "watch -i 0.1 -n 3: exit 0" status_is 0 "$ctl" watch -i 0.1 -n 3
check "watch printed a header and 3 samples" [ "$(wc -l <<< "$out")" = 4 ]
check "watch's header names the levels" grep -q "time_s.*pool.*pgd.*pud.*pmd.*pte.*hits/s" <<< "$out"
check "watch's pool column is the sum of the levels" \
	awk -v want="$pooled" 'NR == 2 { exit !($2 == want && $2 == $3 + $4 + $5 + $6) }' <<< "$out"
check "watch -i 1e1: says it is not a number" bad_number "not a number" "$ctl" watch -i 1e1
check "watch -i 0.05: says it is out of range" bad_number "out of range" "$ctl" watch -i 0.05
check "watch -n 0: says it is out of range" bad_number "out of range" "$ctl" watch -n 0
check "watch -n 0x10: says it is not a whole number" bad_number "not a whole number" "$ctl" watch -n 0x10
check "-j watch -i 0.1 -n 3: a line a sample, each with the documented keys" \
	json_is watch "$ctl" -j watch -i 0.1 -n 3
check "-j watch: 3 samples, rates null in the first only, pools summed" python3 - "$out" "$pooled" <<'PY'
import json, sys
docs = [json.loads(l) for l in sys.argv[1].splitlines()]
assert len(docs) == 3, docs
assert docs[0]["hits_per_s"] is None and docs[0]["reclaimed_per_s"] is None
assert all(d["hits_per_s"] == 0 and d["misses_per_s"] == 0 for d in docs[1:]), docs
assert all(d["in_pool"] == int(sys.argv[2]) for d in docs)
assert all(d["in_pool"] == sum(l["in_pool"] for l in d["levels"].values()) for d in docs)
assert docs[0]["time_s"] < docs[1]["time_s"] < docs[2]["time_s"]
PY

# --- bench ---
for bad in "-r 0" "-r 1001" "-n 0" "-n x" "nope" "fork fork fork fork" "-z"; do
	# shellcheck disable=SC2086
	check "bench $bad: exit 2" status_is 2 "$ctl" bench $bad
done
check "bench -r 3 -n 5 fork exec shell: exit 0" status_is 0 "$ctl" bench -r 3 -n 5 fork exec shell
check "bench: a row per test with min <= median <= max" \
	awk 'NR > 1 { rows++; if (!($4 > 0 && $4 <= $5 && $5 <= $6)) exit 1 } END { exit rows != 3 }' <<< "$out"
check "bench needs no module" status_is 0 at "$fake/none" "$ctl" bench -r 1 -n 2 fork
check "bench -r 0: says it is out of range" bad_number "out of range" "$ctl" bench -r 0
check "bench -n 1k: says it is not a whole number" bad_number "not a whole number" "$ctl" bench -n 1k
check "-j bench -r 3 -n 5 fork exec: the documented keys" \
	json_is bench "$ctl" -j bench -r 3 -n 5 fork exec
check "-j bench: the two tests asked for, min <= median <= max" python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["iterations"] == 5 and d["rounds"] == 3, d
assert [t["test"] for t in d["tests"]] == ["fork+exit", "fork+execve"], d
assert all(0 < t["min_us"] <= t["median_us"] <= t["max_us"] for t in d["tests"]), d
PY

# --- diagnose ---
for bad in "-i 0" "-i x" "-i" "-q" "extra"; do
	# shellcheck disable=SC2086
	check "diagnose $bad: exit 2" status_is 2 "$ctl" diagnose $bad
done
check "diagnose when not loaded: exit 3" status_is 3 at "$fake/none" "$ctl" diagnose -i 1
check "diagnose -i 0.5: says it is out of range" bad_number "out of range" "$ctl" diagnose -i 0.5
check "diagnose -i 1s: says it is not a number" bad_number "not a number" "$ctl" diagnose -i 1s
for bad in 0 0.0009 100001 -1; do
	check "diagnose -c $bad: says it is out of range" bad_number "out of range" "$ctl" diagnose -c $bad
done
for bad in x 2us 1e1 .5; do
	check "diagnose -c $bad: says it is not a number" bad_number "not a number" "$ctl" diagnose -c $bad
done
check "diagnose -c: exit 2" status_is 2 "$ctl" diagnose -c
check "diagnose -i 1 in full mode: exit 0, a verdict" status_is 0 "$ctl" diagnose -i 1
check "diagnose prints no test-bed RESULT line" \
	bash -c 'grep -q "^Verdict: " <<< "$0" && ! grep -q "RESULT" <<< "$0"' "$out"
check "-j diagnose -i 1 in full mode: the documented keys" json_is diagnose "$ctl" -j diagnose -i 1
check "-j diagnose counted the processes this host created" python3 - "$out" <<'PY'
import json, os, sys
d = json.loads(sys.argv[1])
assert d["mode"] == "full" and 1 <= d["seconds"] < (1.5 if os.environ.get("IOSUP_TIMING_TESTS", "1") != "0" else 60), d
assert d["processes"] >= 0 and d["to_pagetable"] == 0 and d["enabled"] is False, d
PY
# The guests read these fields with test/guest/iosup.sh's json_field
# (busybox sh and sed there; the host's sh here, busybox's if it has one).
guest_sh=sh
[ -x /bin/busybox ] && guest_sh="/bin/busybox sh"
check "the guests' json_field reads -j diagnose's fields as Python does" \
	$guest_sh -c 'eval "$(sed -n "/^json_field() {/,/^}/p" "$0")"
		for k in mode seconds processes to_pagetable iommu_sync flush_us_each \
			 flush_ms_per_s verdict; do
			printf "%s=%s\n" $k "$(json_field $k "$1")"
		done > "$2"' "$top/test/guest/iosup.sh" "$out" "$fake/fields"
check "... which are the values, none left out" python3 - "$out" "$fake/fields" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
got = dict(l.split("=", 1) for l in open(sys.argv[2]).read().splitlines())
assert len(got) == 8, got
for k, v in got.items():
    assert v == str(d[k]) or float(v) == d[k], (k, v, d[k])
PY
# The domain kinds diagnose tells apart, from a stand-in /sys.
# fake_sys ROOT TYPE GUEST_TYPE FEATURES PCI_DEVICES
fake_sys() {
	rm -rf "$1"
	mkdir -p "$1/hypervisor/properties" "$1/bus/pci/devices"
	[ -z "$2" ] || echo "$2" > "$1/hypervisor/type"
	echo "$3" > "$1/hypervisor/guest_type"
	echo "$4" > "$1/hypervisor/properties/features"
	local i
	for ((i = 0; i < $5; i++)); do mkdir "$1/bus/pci/devices/0000:00:0$i.0"; done
}
# diagnose_says SYNC VERDICT TEXT ROOT: -j diagnose against ROOT says
# SYNC, the verdict VERDICT, and a verdict_text starting with TEXT.
diagnose_says() {
	json_is diagnose env IOSUP_SYS_ROOT="$4" "$ctl" -j diagnose -i 1 &&
		python3 - "$out" "$@" <<'PY'
import json, sys
d, sync, verdict, text = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
assert d["iommu_sync"] == sync and d["iommu_sync_why"], d
assert d["verdict"] == verdict and d["verdict_text"].startswith(text), d
assert "\n" not in d["verdict_text"], d
PY
}
echo 1 > "$IOSUP_SYSFS/enable"
sync_stats
fake_sys "$fake/sys" xen PV 00002705 1
check "diagnose: a PV domU with a device is in sync" \
	diagnose_says yes caching "IOSUP is caching" "$fake/sys"
fake_sys "$fake/sys" xen PV 00002705 0
check "diagnose: a PV domU without a device has no IOMMU to sync" \
	diagnose_says no no-iommu-sync "Xen keeps no IOMMU" "$fake/sys"
fake_sys "$fake/sys" xen PV 00002705 0
mkdir -p "$fake/sys/bus/xen/devices/pci-0"
check "diagnose: a PV domU created for passthrough, its device detached, is in sync" \
	diagnose_says yes caching "IOSUP is caching" "$fake/sys"
fake_sys "$fake/sys" xen PV 00002f05 3
check "diagnose: PV dom0 (XENFEAT_dom0) is in sync if strict" \
	diagnose_says if-strict caching "IOSUP is caching" "$fake/sys"
fake_sys "$fake/sys" xen HVM 00002705 2
check "diagnose: an HVM guest has no PV page tables to sync" \
	diagnose_says no no-iommu-sync "Xen keeps no IOMMU" "$fake/sys"
fake_sys "$fake/sys" "" "" 0 1
check "diagnose: not on Xen, nothing to sync" diagnose_says no no-iommu-sync "Xen keeps no IOMMU" "$fake/sys"
# flush_cost_says ROOT TEXT...: "diagnose -c 3" against ROOT prints the
# lines TEXT (grep patterns) after its IOMMU sync line.
flush_cost_says() {
	status_is 0 env IOSUP_SYS_ROOT="$1" "$ctl" diagnose -i 1 -c 3 || return 1
	local got line i=2
	got=$(sed -n '/^IOMMU sync: /,/^Verdict: /p' <<< "$out" | sed '1d;$d')
	[ "$(wc -l <<< "$got")" = $(($# - 1)) ] || { echo "# got: $got"; return 1; }
	while IFS= read -r line; do
		grep -qx -- "${!i}" <<< "$line" || { echo "# got: $got"; return 1; }
		i=$((i + 1))
	done <<< "$got"
}
fake_sys "$fake/sys" xen PV 00002705 1
check "diagnose -c 3 in sync: the invalidations, their flush time at 3 us each" \
	flush_cost_says "$fake/sys" \
	"Flush cost: about 0.0 invalidations/s, about 0.000 ms of IOMMU flush" \
	"  time per second at 3 us each (-c)"
fake_sys "$fake/sys" xen PV 00002f05 3
check "diagnose -c 3 in a PV dom0: the same, if strict" \
	flush_cost_says "$fake/sys" "Flush cost if strict: about 0.0 invalidations/s, .*" "  time .*"
fake_sys "$fake/sys" xen HVM 00002705 2
check "diagnose -c 3 without IOMMU sync: no flush cost" \
	flush_cost_says "$fake/sys" "Flush cost: none, no IOTLB is kept in step with these page tables"
echo 0 > "$IOSUP_SYSFS/enable"
sync_stats
# diagnose_pages ROOT: the pages diagnose counts made page tables while
# 10 pgds and 30 ptes are allocated, none from a pool, and its verdict.
# The writes come a second in and diagnose reads two seconds after
# them: on a busy host a (niced) writer can lag by more than a second.
diagnose_pages() {
	(sleep 1
	 echo $(($(knob pgd/allocs) + 10)) > "$IOSUP_SYSFS/pgd/allocs"
	 echo $(($(knob pte/allocs) + 30)) > "$IOSUP_SYSFS/pte/allocs"
	 sync_stats) &
	json_is diagnose env IOSUP_SYS_ROOT="$1" "$ctl" -j diagnose -i 3 -c 2.5
	wait
	python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
# The invalidations are the type changes where Xen keeps an IOMMU in
# step, none elsewhere; their time is 2.5 us each (-c), in ms a second.
per_s = d["to_pagetable"] / d["seconds"] if d["iommu_sync"] != "no" else 0
assert d["flush_us_each"] == 2.5, d
assert abs(d["invalidations_per_s"] - per_s) <= 0.06, (per_s, d)
assert abs(d["flush_ms_per_s"] - per_s * 2.5 / 1000) <= 0.0006, (per_s, d)
assert (d["flush_ms_per_s"] > 0) == (d["iommu_sync"] != "no"), d
print(d["to_pagetable"], d["verdict"])
PY
}
fake_sys "$fake/sys" xen PV 00002705 1
check "diagnose on Xen PV: a pgd is two pages (kernel and user); 17 a second would help" \
	bash -c '[ "$0" = "50 would-help" ] || { echo "# got: $0"; exit 1; }' "$(diagnose_pages "$fake/sys")"
check "diagnose on Xen PV in sync, caching off, no churn: little-churn" \
	diagnose_says yes little-churn "little page-table churn" "$fake/sys"
fake_sys "$fake/sys" xen HVM 00002705 0
check "diagnose elsewhere: a pgd is one page" \
	bash -c '[ "$0" = "40 no-iommu-sync" ] || { echo "# got: $0"; exit 1; }' "$(diagnose_pages "$fake/sys")"

mkdir -p "$fake/observe/pte"
echo observe > "$fake/observe/mode"
echo 7 > "$fake/observe/pte/to_pagetable"
echo 5 > "$fake/observe/pte/to_writable"
echo tracepoints > "$fake/observe/source"
echo 2 > "$fake/observe/missed"
check "status in observe mode: exit 0" status_is 0 at "$fake/observe" "$ctl" status
check "status in observe mode shows the counts" \
	bash -c 'grep -q "^iosup: observe mode" <<< "$0" && grep -q "^pte  *7  *5$" <<< "$0" &&
		 grep -q "^counting with tracepoints, 2 events missed$" <<< "$0"' "$out"
check "-j status in observe mode: the observe mode's documented keys" \
	json_is status-observe at "$fake/observe" "$ctl" -j status
check "-j status in observe mode parses back, with every level" python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
zero = {"to_pagetable": 0, "to_writable": 0}
want = {"mode": "observe", "source": "tracepoints", "missed": 2,
        "levels_present": ["pte"],
        "levels": {"pgd": zero, "p4d": zero, "pud": zero, "pmd": zero,
                   "pte": {"to_pagetable": 7, "to_writable": 5}},
        "all": {"to_pagetable": 7, "to_writable": 5}}
assert d == want, d
PY
check "status --json in observe mode is -j status" \
	bash -c '[ "$(IOSUP_SYSFS="$1" "$0" status --json)" = "$2" ]' "$ctl" "$fake/observe" "$out"
check "watch in observe mode: exit 1" status_is 1 at "$fake/observe" "$ctl" watch -n 1
check "... saying observe mode keeps no pools" \
	grep -q "iosup_observe.ko (observe mode) keeps no pools" <<< "$out"
# Keys do not change with the counts: zeros (text leaves such levels out).
cp -a "$fake/observe" "$fake/observe0"
echo 0 > "$fake/observe0/pte/to_pagetable"
echo 0 > "$fake/observe0/pte/to_writable"
check "-j status in observe mode with nothing counted: the same keys" \
	json_is status-observe at "$fake/observe0" "$ctl" -j status
# A file's text, escaped: quotes, backslashes, control characters and
# bytes that are not UTF-8 (they become U+FFFD), parsed back by Python.
printf 'tr"a\\ce\t\001\377\303\251\n' > "$fake/observe0/source"
check "-j status escapes the source it echoes" \
	json_is status-observe at "$fake/observe0" "$ctl" -j status
check "-j status: the source parses back as Python decodes its bytes" \
	python3 -c 'import json, sys; s = json.loads(sys.argv[1])["source"]; want = b"tr\"a\\ce\t\x01\xff\xc3\xa9".decode("utf-8", "replace"); assert s == want, (s, want)' "$out"
check "-j diagnose in observe mode: the documented keys" \
	json_is diagnose at "$fake/observe" "$ctl" -j diagnose -i 1
check "-j diagnose in observe mode: mode observe, nothing cached" \
	python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["mode"] == "observe" and d["type_changes_avoided"] == 0 and d["enabled"] is False, d' "$out"

# --- iosupctl(8) ---
page=$top/userspace/iosupctl.8
if command -v man >/dev/null; then
	check "man -l renders iosupctl.8 without a warning" \
		bash -c 'w=$(MANWIDTH=80 man --warnings -l "$0" 2>&1 >/dev/null) && [ -z "$w" ] ||
			 { echo "# man: $w"; exit 1; }' "$page"
	check "iosupctl.8 and --help: the same sections and words, help CMD each entry" \
		bash -c '"$0" "$1" "$2" | sed "s/^/# /"; exit ${PIPESTATUS[0]}' \
		"$top/test/unit/manual_check.py" "$ctl" "$page"
else
	skip "iosupctl.8: man -l and its comparison with --help" "man missing (Debian's package man-db)"
fi

# --- metrics ---
# metrics_match FILE_DIR: "iosupctl metrics" against FILE_DIR, checked
# by Python: a HELP and a TYPE line before each family's samples, every
# sample's value what the files hold (ns as seconds), counters ending in
# _total and no gauge, levels as labels; the text saved in $fake/metrics.
metrics_match() {
	at "$1" "$ctl" metrics > "$fake/metrics" 2>"$fake/stderr" || return 1
	python3 - "$fake/metrics" "$1" <<'PY'
import os, re, sys
text, root = open(sys.argv[1]).read(), sys.argv[2]
def val(*p):
    return int(open(os.path.join(root, *p)).read())
observe = os.path.exists(os.path.join(root, "mode")) and \
    open(os.path.join(root, "mode")).read().strip() == "observe"
help_, type_, samples = {}, {}, {}
line_re = re.compile(r'^([a-z_]+)(?:\{level="([a-z0-9]+)"\})? (-?[0-9]+(?:\.[0-9]+)?)$')
for line in text.splitlines():
    m = re.match(r"^# (HELP|TYPE) ([a-z_]+) (.+)$", line)
    if m:
        d = help_ if m.group(1) == "HELP" else type_
        assert m.group(2) not in d, "two %s lines for %s" % (m.group(1), m.group(2))
        d[m.group(2)] = m.group(3)
        continue
    m = line_re.match(line)
    assert m, "not a sample line: %r" % line
    name, level, value = m.groups()
    assert name in help_ and name in type_, "%s: no HELP or TYPE before it" % name
    assert (name, level) not in samples, "%s{%s} twice" % (name, level)
    samples[name, level] = float(value)
for name, t in type_.items():
    assert t in ("counter", "gauge"), (name, t)
    assert name.startswith("iosup_"), name
    assert name.endswith("_total") == (t == "counter"), (name, t)
assert samples["iosup_observe_mode", None] == (1 if observe else 0)
assert samples["iosup_up", None] == 1
assert text.startswith("# HELP iosup_up "), text[:80]
levels = [l for l in ("pgd", "p4d", "pud", "pmd", "pte")
          if os.path.isdir(os.path.join(root, l))]
if observe:
    for l in levels:
        assert samples["iosup_to_pagetable_total", l] == val(l, "to_pagetable")
        assert samples["iosup_to_writable_total", l] == val(l, "to_writable")
    assert samples["iosup_observe_missed_total", None] == val("missed")
else:
    assert samples["iosup_enabled", None] == val("enable")
    assert samples["iosup_ratio", None] == val("ratio")
    assert samples["iosup_level_total_pages", None] == val("level_total")
    assert ("iosup_total_pages", None) not in samples, "the old name"
    assert samples["iosup_hypercall_failures_total", None] == val("hypercall_failures")
    assert samples["iosup_quarantined_pages", None] == val("quarantined")
    names = {"in_use": "iosup_in_use_pages", "in_pool": "iosup_in_pool_pages",
             "peak": "iosup_in_pool_peak_pages",
             "alloc_ns": "iosup_alloc_seconds_total",
             "free_ns": "iosup_free_seconds_total"}
    for c in ("in_use", "in_pool", "peak", "hits", "misses", "frees_to_pool",
              "reclaimed", "cleared", "type_changes_avoided", "stale",
              "alloc_ns", "free_ns", "allocs", "frees"):
        name = names.get(c, "iosup_%s_total" % c)
        for l in levels:
            want = val(l, c) / 1e9 if c.endswith("_ns") else val(l, c)
            assert abs(samples[name, l] - want) <= 1e-15 * max(1, abs(want)), \
                (name, l, samples[name, l], want)
        assert sorted(k[1] for k in samples if k[0] == name) == sorted(levels), name
PY
}
# promtool_clean FILE: promtool check metrics finds nothing to say.
promtool_clean() {
	local said
	said=$(promtool check metrics < "$1" 2>&1) || { echo "# promtool: $said"; return 1; }
	[ -z "$said" ] || { echo "# promtool: $said"; return 1; }
}
check "metrics with an argument: exit 2" status_is 2 "$ctl" metrics now
# Not loaded: iosup_up 0 alone on stdout, the reason on stderr, exit 3.
at "$fake/none" "$ctl" metrics > "$fake/metrics-down" 2>"$fake/stderr"
rc=$?
check "metrics when not loaded: exit 3 ($rc)" [ $rc = 3 ]
check "... iosup_up 0 alone, with its HELP and TYPE" python3 - "$fake/metrics-down" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 3, lines
assert lines[0].startswith("# HELP iosup_up 1 when iosup.ko or iosup_observe.ko is loaded"), lines
assert lines[1:] == ["# TYPE iosup_up gauge", "iosup_up 0"], lines
PY
check "... and why on stderr" grep -q "^iosup is not loaded: " "$fake/stderr"
at "$fake/none" "$ctl" -j metrics > "$fake/metrics-down.json" 2>/dev/null
rc=$?
check "-j metrics when not loaded: exit 3 ($rc)" [ $rc = 3 ]
check "... the documented keys" sh -c '"$0" metrics < "$1"' "$schema" "$fake/metrics-down.json"
check "... iosup_up 0 alone" python3 - "$fake/metrics-down.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
assert [(x["name"], x["type"], x["samples"]) for x in m] == \
    [("iosup_up", "gauge", [{"labels": {}, "value": 0}])], m
PY
# Big values: ns past 2^53, which a double would round.
echo 123456789012345678 > "$IOSUP_SYSFS/pte/alloc_ns"
sync_stats
check "metrics in full mode: the exposition format, the files' values" metrics_match "$IOSUP_SYSFS"
check "metrics: alloc_ns 123456789012345678 is 123456789.012345678 seconds, exactly" \
	grep -qx 'iosup_alloc_seconds_total{level="pte"} 123456789.012345678' "$fake/metrics"
cp "$fake/metrics" "$fake/metrics-full"
check "metrics with a level missing: the same, without it" metrics_match "$fake/sparse"
check "metrics in observe mode: the exposition format, the files' values" metrics_match "$fake/observe"
cp "$fake/metrics" "$fake/metrics-observe"
if command -v promtool >/dev/null; then
	check "metrics in full mode: promtool check metrics is clean" promtool_clean "$fake/metrics-full"
	check "metrics in observe mode: promtool check metrics is clean" promtool_clean "$fake/metrics-observe"
	check "metrics when not loaded: promtool check metrics is clean" promtool_clean "$fake/metrics-down"
	printf '# TYPE iosup_bad_total gauge\niosup_bad_total 1\n' > "$fake/bad.prom"
	check "promtool check metrics does object to a bad file" sh -c '! promtool check metrics < "$0" 2>/dev/null' "$fake/bad.prom"
else
	skip "metrics: promtool check metrics" "promtool missing (Debian's package prometheus ships it)"
fi
# The manual's recipe for the textfile collector, as --help prints it,
# its directory $fake/textfile: it installs iosup_up 1 while loaded,
# iosup_up 0 once not loaded, and leaves the file be on another failure.
recipe=$("$ctl" --help | sed -n '/^        d=\/var\/lib\/prometheus\//,/^$/p' |
	 sed 's/^        //; s/^d=.*/d=$1/')
mkdir "$fake/textfile"
run_recipe() {
	at "$1" env PATH="$bin:$PATH" bash -c "$recipe" _ "$fake/textfile" 2>"$fake/stderr"
}
check "the manual's textfile recipe: three lines" [ "$(grep -c . <<< "$recipe")" = 3 ]
run_recipe "$IOSUP_SYSFS"
check "the recipe while loaded installs iosup_up 1 and the rest" \
	bash -c 'grep -qx "iosup_up 1" "$0" && grep -q "^iosup_hits_total" "$0"' "$fake/textfile/iosup.prom"
run_recipe "$fake/no-knob"
check "the recipe on a failure (exit 1) leaves the file" \
	grep -qx "iosup_up 1" "$fake/textfile/iosup.prom"
run_recipe "$fake/none"
check "the recipe once not loaded installs iosup_up 0 alone" \
	bash -c '[ "$(grep -v "^#" "$0")" = "iosup_up 0" ] && cmp -s "$0" "$1"' \
	"$fake/textfile/iosup.prom" "$fake/metrics-down"
check "-j metrics: the documented keys" json_is metrics "$ctl" -j metrics
check "-j metrics holds what the text does, to the last digit" python3 - "$out" "$fake/metrics-full" <<'PY'
import json, re, sys
from decimal import Decimal
doc, text = json.loads(sys.argv[1], parse_float=Decimal), open(sys.argv[2]).read()
flat = []
for m in doc["metrics"]:
    flat.append("# HELP %s %s" % (m["name"], m["help"]))
    flat.append("# TYPE %s %s" % (m["name"], m["type"]))
    for s in m["samples"]:
        labels = ",".join('%s="%s"' % kv for kv in s["labels"].items())
        flat.append("%s%s %s" % (m["name"], "{%s}" % labels if labels else "", s["value"]))
def norm(line):
    m = re.match(r"^([^#]\S*) (\S+)$", line)
    return (m.group(1), Decimal(m.group(2))) if m else line
assert [norm(l) for l in flat] == [norm(l) for l in text.splitlines()], (flat, text)
PY
check "-j metrics in observe mode: the documented keys" \
	json_is metrics at "$fake/observe" "$ctl" -j metrics

# --- iosup-stress ---
for bad in "-r -1" "-r x" "-c 0" "-m -5" "-t 257" "-l x" "-d 1.5" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	check "iosup-stress $bad: exit 2" status_is 2 "$stress" $bad
done
check "iosup-stress --help: usage, exit 2" status_is 2 "$stress" --help
check "iosup-stress: a paced 3 s run succeeds" \
	status_is 0 "$stress" -d 3 -r 600 -c 4 -m 64 -t 2 -l 50
echo "$out" | sed 's/^/# /'
created=$(sed -n 's/^RESULT created=\([0-9]*\) .*/\1/p' <<< "$out")
if [ "${IOSUP_TIMING_TESTS:-1}" = 0 ]; then
	skip "iosup-stress: about 30 processes at 600 a minute for 3 s" "IOSUP_TIMING_TESTS=0"
else
	check "iosup-stress: about 30 processes at 600 a minute for 3 s (got ${created:-none})" \
		[ "${created:-0}" -ge 25 -a "${created:-0}" -le 32 ]
fi
check "iosup-stress: every process exited cleanly" \
	grep -q "^RESULT created=$created exited=$created failed=0 " <<< "$out"
check "iosup-stress: no more alive at once than -c" \
	bash -c 'p=$(sed -n "s/.*at most \([0-9]*\) alive.*/\1/p" <<< "$0"); [ "$p" -ge 1 ] && [ "$p" -le 4 ]' "$out"
"$stress" -d 0 -r 0 -c 2 -l 20 -x > "$fake/stress.out" 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
check "iosup-stress -d 0 stops on SIGTERM with its summary (exit $rc)" \
	sh -c '[ "$0" = 0 ] && grep -q "^RESULT created=[1-9]" "$1"' $rc "$fake/stress.out"

# --- lat_proc ---
lat=$bin/lat_proc
for bad in "" "fork" "fork 0" "fork x" "nope 3" "fork 3 -1" "fork 3 4097" \
	"fork 3 1x" "fork 3 1 0" "fork 3 1 513" "fork 3 1 2x" "fork 3 1 1 extra"; do
	# shellcheck disable=SC2086
	check "lat_proc $bad: exit 2" status_is 2 "$lat" $bad
done
check "lat_proc fork 3 8: a parent of 8 MiB forks" status_is 0 "$lat" fork 3 8
check "lat_proc fork 3 8: one result line" \
	grep -Eq '^lat_proc fork\+exit iterations=3 us_per_iter=[0-9.]+$' <<< "$out"
# A sparse parent: one page of each 2 MiB is written, so it holds as
# many pte tables as a dense one with 1/512 of the memory.
# parent_kib ARGS...: a second into lat_proc ARGS (a big parent forking
# on), its resident memory and its page tables in KiB, into $rss and $pte.
parent_kib() {
	local pid
	"$lat" "$@" >/dev/null 2>&1 &
	pid=$!
	sleep 1
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/status)
	pte=$(sed -n 's/^VmPTE:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/status)
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
}
check "lat_proc fork 3 64 1: a sparse parent of 64 MiB forks" status_is 0 "$lat" fork 3 64 1
parent_kib fork 10000000 64 1; sparse_rss=$rss sparse_pte=$pte
parent_kib fork 10000000 64; dense_rss=$rss dense_pte=$pte
if [ "${IOSUP_TIMING_TESTS:-1}" = 0 ]; then
	skip "lat_proc: a sparse and a dense 64 MiB parent, a second in" "IOSUP_TIMING_TESTS=0"
else
check "lat_proc: a 64 MiB parent writing 1 page in 512 is resident with under 8 MiB, one writing all with over 64 MiB, both with 32+ pte tables (${sparse_rss:-?} and ${dense_rss:-?} KiB; tables ${sparse_pte:-?} and ${dense_pte:-?} KiB)" \
	[ "${sparse_rss:-99999999}" -lt 8192 -a "${dense_rss:-0}" -gt 65536 -a \
	  "${sparse_pte:-0}" -ge 128 -a "${dense_pte:-0}" -ge 128 ]
fi

# --- tput_proc ---
tput=$bin/tput_proc
for bad in "" "fork" "fork 1" "fork 0 1" "fork 1025 1" "fork x 1" "fork 1 0" \
	"fork 1 3601" "fork 1 1s" "nope 1 1" "fork 1 1 extra"; do
	# shellcheck disable=SC2086
	check "tput_proc $bad: exit 2" status_is 2 "$tput" $bad
done
check "tput_proc exec 2 1: two loops for a second" status_is 0 "$tput" exec 2 1
check "tput_proc exec 2 1: one result line with processes counted" \
	grep -Eq '^tput_proc fork\+execve jobs=2 seconds=1 procs=[1-9][0-9]* procs_per_sec=[0-9.]+$' <<< "$out"

# --- json_writer.c, which every --json goes through ---
top=$(cd "$(dirname "$0")/../.." && pwd)
check "json_writer_test builds" cc -Wall -Wextra -Werror -o "$fake/json_writer_test" \
	"$top/test/unit/json_writer_test.c" "$top/userspace/json_writer.c"
# Quotes, backslashes, every kind of control character, UTF-8 kept as
# it is, and bytes that are not UTF-8: each becomes U+FFFD as Python
# decodes them, so that the output is valid JSON whatever a file held.
check "json_writer: strings, numbers and nesting parse back" python3 - "$fake/json_writer_test" <<'PY'
import json, subprocess, sys
strings = [b'a"b\\c', b'tab\there\nnl\r\b\f\x01\x1f\x7f', b'',
           'café € 😀'.encode(), b'bad\xff\xfe \xe2\x82 \xed\xa0\x80 \xc0\xaf '
           b'\xf4\x90\x80\x80 end\xe2', b'</script> \\u0041']
out = subprocess.run([sys.argv[1]] + strings, stdout=subprocess.PIPE, check=True).stdout
lines = out.split(b"\n")
assert len(lines) == 3 and lines[2] == b"", lines
doc = json.loads(lines[0].decode("utf-8"))  # strict: valid UTF-8 or fail
assert doc["strings"] == [s.decode("utf-8", "replace") for s in strings], doc["strings"]
assert doc["ints"] == [-2**63, 0, 2**63 - 1], doc["ints"]
assert doc["doubles"][:2] == [1.25, -0.5] and doc["doubles"][2] == 1e300, doc["doubles"]
assert doc["doubles"][3:] == [None, None], doc["doubles"]
from decimal import Decimal
scaled = json.loads(lines[0].decode("utf-8"), parse_float=Decimal)["scaled"]
assert scaled == [Decimal("0.000000011"), Decimal("-1234.567890123"),
                  Decimal("-9223372036854775.808"), 42], scaled
assert doc["yes"] is True and doc["no"] is False and doc["nothing"] is None
assert doc["empty"] == {"object": {}, "array": []}
assert doc["key \"quoted\"\n"] == "value"
assert json.loads(lines[1]) == [1]
PY

ktap_plan
[ $ktap_failed = 0 ]
