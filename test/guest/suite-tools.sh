# iosupctl and iosup-stress against the real module on a native kernel.
# The host parses the "# JSON" line back (test/check.sh).
. /etc/iosup/iosup.sh

# st WANT COMMAND...: COMMAND exits WANT; its output is in $out.
st() {
	want=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc = "$want" ] || { diag "'$*' exited $rc, want $want: $out"; return 1; }
}

check "iosupctl status before insmod: exit 3 (not loaded)" st 3 iosupctl status
check "insmod iosup.ko" insmod "$IOSUP_KO"
# For the host's check that every file is documented (test/unit/abi_check.py).
find $IOSUP_SYS -type f | sed 's/^/# SYSFS /' >&3
check "iosupctl status: exit 0" st 0 iosupctl status
echo "$out" | sed 's/^/# /' >&3
check "status shows every level and a total" \
	sh -c 'for l in pgd pud pmd pte all; do echo "$0" | grep -q "^$l " || exit 1; done' "$out"
check "status says disabled" sh -c 'echo "$0" | grep -q "^iosup: disabled,"' "$out"

check "iosupctl enable" st 0 iosupctl enable
knob enable
check "enable reads 1 after iosupctl enable" [ "$v" = 1 ]
churn 40
check "iosupctl status --json: exit 0" st 0 iosupctl status --json
# Read the files at the same instant (no fork in between) for the host.
echo "# JSON $out" >&3
check "iosupctl set ratio=8 total=3072 (level_total's alias)" \
	st 0 iosupctl set ratio=8 total=3072
knob ratio; r=$v; knob level_total
check "ratio and level_total read 8 and 3072" [ "$r/$v" = 8/3072 ]
check "iosupctl set level_total=2048" st 0 iosupctl set level_total=2048
knob level_total; l=$v; knob total
check "level_total and its alias total read 2048" [ "$l/$v" = 2048/2048 ]
check "set ratio=0: exit 2" st 2 iosupctl set ratio=0
check "set ratio=5 level_total=x: exit 2" st 2 iosupctl set ratio=5 level_total=x
# level_total above the machine's RAM passes iosupctl's check but not the
# kernel's: the kernel's -EINVAL is exit 2, and ratio, written first, is
# put back.
check "set ratio=9 level_total=2^49: the kernel refuses, exit 2" \
	st 2 iosupctl set ratio=9 level_total=562949953421312
check "the refusal says the kernel refused" \
	sh -c 'echo "$0" | grep -q "kernel refused level_total"' "$out"
knob ratio; r=$v; knob level_total
check "after the refusal ratio and level_total still read 8 and 2048" [ "$r/$v" = 8/2048 ]

echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
echo 'nogroup:x:65534:' >> /etc/group
check "iosupctl enable as nobody: exit 4 (permission)" \
	st 4 su -s /bin/sh nobody -c "iosupctl disable"
knob enable
check "the refused disable left caching on" [ "$v" = 1 ]

iosup-stress -d 60 -r 0 -c 2 -m 64 -l 0 > /tmp/stress.out 2>&1 &
stress=$!
check "iosupctl watch -i 0.5 -n 4 during churn" st 0 iosupctl watch -i 0.5 -n 4
echo "$out" | sed 's/^/# /' >&3
kill -TERM $stress
wait $stress
rc=$?
sed 's/^/# stress: /' /tmp/stress.out >&3
check "watch: a header and 4 samples" [ "$(echo "$out" | wc -l)" = 5 ]
check "watch: hits per second seen during churn" \
	sh -c 'echo "$0" | awk "NR > 2 && \$(NF - 2) > 0 { seen = 1 } END { exit !seen }"' "$out"
check "iosup-stress stopped by SIGTERM, every process ran (exit $rc)" \
	sh -c '[ "$0" = 0 ] && grep -q "^RESULT created=[1-9][0-9]* exited=[0-9]* failed=0 " /tmp/stress.out' $rc

iosup-stress -d 4 -r 1200 -c 4 -m 512 -t 2 -l 100 > /tmp/stress.out 2>&1
rc=$?
sed 's/^/# stress: /' /tmp/stress.out >&3
check "iosup-stress: 4 s at 1200/minute with threads, no failure (exit $rc)" \
	sh -c '[ "$0" = 0 ] && grep -q "^RESULT created=[1-9][0-9]* " /tmp/stress.out' $rc

settle
sum_levels in_pool
check "pages are pooled before reclaim ($v)" [ "$v" -gt 0 ]
pooled=$v
sum_levels reclaimed
reclaimed0=$v
check "iosupctl reclaim: exit 0" st 0 iosupctl reclaim
# Read the pools before anything else forks: every exit refills them.
sum_levels in_pool
after=$v
sum_levels reclaimed
diag "$out; reclaimed counters +$((v - reclaimed0)); pooled $pooled before, $after after"
# "reclaimed X of Y pages asked for": the kernel gives back whole blocks,
# and a pgd block is 2 pages, so X is Y or one more.
done_pages=$(echo "$out" | awk '/reclaimed/ { print $3 }')
asked=$(echo "$out" | awk '/reclaimed/ { print $5 }')
check "reclaim gave back what it asked for, in whole blocks (${done_pages:-none} of ${asked:-none})" \
	[ "${asked:-0}" -gt 0 -a "${done_pages:--1}" -ge "${asked:-1}" -a "${done_pages:--1}" -le $((${asked:-0} + 1)) ]
check "the reclaimed counters rose by what it reported" [ $((v - reclaimed0)) = "${done_pages:--1}" ]
# The exits of the tool and its subshell refill the pools at once, by a
# number of pages that depends on RCU timing; disable below checks that
# the pools can be emptied exactly.
check "iosupctl reclaim shrank the pools ($pooled -> $after)" [ "$after" -lt "$pooled" ]
check "iosupctl reclaim x: exit 2" st 2 iosupctl reclaim x

check "iosupctl bench -r 3 -n 20: exit 0" st 0 iosupctl bench -r 3 -n 20
echo "$out" | sed 's/^/# /' >&3
check "bench: three rows, min <= median <= max" \
	sh -c 'echo "$0" | awk "NR > 1 { n++; if (!(\$4 > 0 && \$4 <= \$5 && \$5 <= \$6)) exit 1 } END { exit n != 3 }"' "$out"

check "iosupctl disable" st 0 iosupctl disable
sum_levels in_pool
check "disable gave every pooled page back ($v)" [ "$v" = 0 ]
check "rmmod iosup" rmmod iosup
check "iosupctl status after rmmod: exit 3" st 3 iosupctl status
