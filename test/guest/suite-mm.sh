# The kernel's own mm selftests (tools/testing/selftests/mm of the same
# source, packed in /mm by test/mm-selftests.sh), run by their own
# run_vmtests.sh, with caching off or on, or on a kernel without IOSUP.
#   config=off|on|stock  off: iosup.ko loaded, caching off; on: caching on
#                        with verify=1; stock: no module (default on)
#   categories=A+B+...   run_vmtests.sh -t categories (default: all)
# Each test's verdict comes as "# mm: pass|fail|skip NAME"; the checks are
# that run_vmtests.sh ran at all and, with caching on, that no table left
# a pool holding entries and no hypercall of the IOSUP paths failed. The
# host compares the verdicts across configs.
. /etc/iosup/iosup.sh
config=${config:-on}
case $config in
off) check "insmod iosup.ko" insmod "$IOSUP_KO" ;;
on)
	check "insmod iosup.ko verify=1" insmod "$IOSUP_KO" verify=1
	echo 1 > "$IOSUP_SYS/enable"
	knob enable
	check "caching is on" [ "$v" = 1 ]
	;;
stock) ;;
*)
	not_ok "config=$config is off, on or stock"
	done_testing
	exit 1
	;;
esac

out=/tmp/run_vmtests.out
set --
[ -n "${categories:-}" ] && set -- -t "$(echo "$categories" | tr + ' ')"
# Lines of run_vmtests.sh's own TAP: "ok N NAME", "ok N NAME # SKIP" and
# "not ok N NAME # exit=R"; the tests' output is indented with "# ". Each
# verdict is passed on as it comes, so that tap.stamped times each test.
verdicts() {
	while read -r line; do
		case $line in
		"not ok "*) verdict=fail ;;
		"ok "*"# SKIP") verdict=skip ;;
		"ok "*) verdict=pass ;;
		*) continue ;;
		esac
		name=${line#*ok }
		name=${name#* }
		diag "mm: $verdict ${name%% # *}"
	done
}
# fd 3 is the TAP port: not the tests'.
cd /mm && bash ./run_vmtests.sh "$@" 3>&- 2>&1 | tee "$out" | verdicts
ran=$(grep -c "^\(not \)\?ok " "$out")
check "run_vmtests.sh ran tests ($ran)" [ "$ran" -gt 0 ] ||
	head -n 20 "$out" | sed 's/^/# | /'
# The failures' output, for the log.
grep -B30 "^not ok" "$out" | sed 's/^/# | /' | tail -n 400

if [ "$config" = on ]; then
	settle
	sum_levels stale
	check "no table came out of a pool holding entries (stale $v)" [ "$v" = 0 ]
	knob hypercall_failures
	check "no hypercall of the IOSUP paths failed ($v)" [ "$v" = 0 ]
fi
