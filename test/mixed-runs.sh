#!/bin/bash
# Show that the mixed workload's bounds (lib.sh's mixed_bounds) hold boot
# after boot: the xen-mixed guest of make check, booted ROUNDS times, two
# at a time as make check runs its lanes. With "busy", two busy loops
# share the host's two cores with them. Prints, for every bounded phase,
# the invalidations per process of each run, the worst and the bound; exit
# status 1 if a run failed or a bound did not hold.
# Usage: mixed-runs.sh ROUNDS [busy]   (KVER and XEN as for make check)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
rounds_and_load "$@"
# Runs of their own: make check clears its runs directory when it starts.
runs=$build/mixed-runs$suffix$xsuffix

mkdir -p "$build" "$runs"
build_all > "$build/mixed-runs-build.log" 2>&1 ||
	{ echo "build failed: $build/mixed-runs-build.log" >&2; exit 1; }
host_load "$load"

mixed="--xen --smp 2 --icount --suite mixed --append norandmaps"
names=()
for r in $(seq 1 2 "$rounds"); do
	names+=("mixed-$load-$r")
	lane "mixed-$load-$r|$mixed" &
	lane1=$!
	if [ "$r" -lt "$rounds" ]; then
		names+=("mixed-$load-$((r + 1))")
		lane "mixed-$load-$((r + 1))|$mixed" &
		wait "$!"
	fi
	wait "$lane1"
done

# One row per bounded phase: its figure in each run, the worst of them
# (the largest, or the smallest for a ">=" bound), the bound, a verdict.
bad=0
for run in "${names[@]}"; do
	if [ "$(cat "$runs/$run.rc" 2>/dev/null)" != 0 ] || ! count_invalidations "$run"; then
		echo "$run: failed, see $runs/$run.log"
		bad=1
	fi
done
{
	printf '%-22s' phase
	for r in $(seq 1 "$rounds"); do printf ' %6s' "r$r"; done
	printf ' %7s %6s\n' worst bound
	for entry in $mixed_bounds; do
		phase=${entry%%:*} bound=${entry#*:}
		[ "$bound" = - ] && continue
		printf '%-22s' "$phase"
		values=
		for run in "${names[@]}"; do
			v=$(result_of "$run" "${phase}_inval_per_proc")
			printf ' %6s' "${v:-none}"
			values="$values ${v:-none}"
		done
		case $bound in
		'>='*) worst=$(printf '%s\n' $values | sort -g | head -n1) ;;
		*) worst=$(printf '%s\n' $values | sort -g | tail -n1) ;;
		esac
		verdict=ok
		case " $values " in *" none "*) verdict=FAILED ;; esac
		mixed_within "$worst" "$bound" || verdict=FAILED
		[ $verdict = ok ] || bad=1
		printf ' %7s %6s %s\n' "$worst" "$bound" "$verdict"
	done
} | tee "$runs/mixed-runs-$load.txt"
grep -q 'FAILED$' "$runs/mixed-runs-$load.txt" && bad=1
exit $bad
