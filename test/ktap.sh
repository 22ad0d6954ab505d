# The one TAP helper of every test here, host and guest, after the
# kernel's tools/testing/selftests/kselftest/ktap_helpers.sh: one
# numbering, and a skip counted as a skip, never as a pass. Sourced, not
# run, by bash on the host and busybox sh in the guests (POSIX sh only).
# Every line goes through ktap_line, which a guest redefines to write to
# its TAP port.
#   ok DESCRIPTION          not_ok DESCRIPTION
#   skip DESCRIPTION REASON
#   check DESCRIPTION COMMAND...   ok if COMMAND succeeds, else not ok
#                           and status 1
#   diag TEXT               a "# TEXT" line
#   ktap_plan               the plan line, "1..N", after the tests
#   ktap_file_counts FILE   the results of FILE's TAP (a guest's, a host
#                           test's) into ktap_file_passed, _failed, _skipped
#   ktap_count FILE         add those to the totals, not to the numbering
#   ktap_totals             "N passed, N failed, N skipped"
ktap_n=0 ktap_passed=0 ktap_failed=0 ktap_skipped=0

ktap_line() { echo "$*"; }

ok() {
	ktap_n=$((ktap_n + 1))
	ktap_passed=$((ktap_passed + 1))
	ktap_line "ok $ktap_n - $*"
}

not_ok() {
	ktap_n=$((ktap_n + 1))
	ktap_failed=$((ktap_failed + 1))
	ktap_line "not ok $ktap_n - $*"
}

skip() {
	ktap_n=$((ktap_n + 1))
	ktap_skipped=$((ktap_skipped + 1))
	ktap_line "ok $ktap_n - $1 # SKIP ${2-}"
}

check() {
	ktap_desc=$1
	shift
	if "$@"; then
		ok "$ktap_desc"
	else
		not_ok "$ktap_desc"
		return 1
	fi
}

diag() { ktap_line "# $*"; }

ktap_plan() { ktap_line "1..$ktap_n"; }

ktap_file_counts() {
	ktap_file_passed=0 ktap_file_failed=0 ktap_file_skipped=0
	[ -r "$1" ] || return 0
	ktap_file_skipped=$(grep -c '^ok .* # SKIP' "$1" || true)
	ktap_file_passed=$(($(grep -c '^ok ' "$1" || true) - ktap_file_skipped))
	ktap_file_failed=$(grep -c '^not ok ' "$1" || true)
}

ktap_count() {
	ktap_file_counts "$1"
	ktap_passed=$((ktap_passed + ktap_file_passed))
	ktap_failed=$((ktap_failed + ktap_file_failed))
	ktap_skipped=$((ktap_skipped + ktap_file_skipped))
}

ktap_totals() {
	echo "$ktap_passed passed, $ktap_failed failed, $ktap_skipped skipped"
}
