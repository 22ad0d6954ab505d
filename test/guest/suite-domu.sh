# Xen PV dom0 as a host of PV guests: Xen's toolstack from Debian (packed
# into this initramfs by build_domu_initrd), then two PV domUs one after
# the other, both running suite domu-guest:
#   pt     q35's e1000e (00:02.0) passed through, so Xen keeps the domU's
#          IOMMU in sync with its page tables, as for a strict dom0
#   nodev  no device; dom0 saves and restores it with xl once, when its
#          pools are full (save=0 on the command line skips that)
# The domU's console is forwarded here line by line: its phase marks go to
# the host as they arrive (renamed DOMU_PHASE), so that the host can cut
# QEMU's trace; its tests and figures follow, prefixed with its name.
. /etc/iosup/iosup.sh
check "booted as a Xen PV domain" \
	sh -c '[ "$(cat /sys/hypervisor/guest_type)" = PV ]'
pt_bdf=${pt_bdf:-0000:00:02.0}
iters=${iterations:-100}
# Without a device Xen flushes nothing for the domU: fewer processes show it.
nodev_iters=${nodev_iterations:-$iters}
# Which domUs to start (domus=pt for the device alone).
domus=${domus:-pt+nodev}

# toolstack_up: what xl needs, in the order testbed.md found it works.
toolstack_up() {
	mount -t xenfs xenfs /proc/xen || return 1
	mkdir -p /dev/pts /var/run/xen /var/run/xenstored /var/lib/xen \
		/var/log/xen/console /var/lock /run
	mount -t devpts devpts /dev/pts || return 1
	insmod /lib/modules/xen-gntdev.ko || return 1
	insmod /lib/modules/xen-pciback.ko "hide=($pt_bdf)" || return 1
	xenstored --pid-file /var/run/xenstored.pid || return 1
	xen-init-dom0 > /tmp/xen-init-dom0.log 2>&1 || return 1
	xenconsoled --log=guest --log-dir=/var/log/xen/console \
		--pid-file=/var/run/xenconsoled.pid
}
check "Xen's toolstack is up (xenstored, xen-init-dom0, xenconsoled)" toolstack_up
check "pciback holds $pt_bdf" [ -e /sys/bus/pci/drivers/pciback/$pt_bdf ]

cr=$(printf '\r')

# forward DOMU: the domU's console, until its plan, its end, a request,
# or 400 s of silence. Runs in this shell (no pipe), so its tests count
# here; $domu_tests counts the domU's test lines for its plan.
forward() {
	local line
	while read -t 400 -r line; do
		line=${line%"$cr"}
		echo "$line" >> "/tmp/$1.tap"
		case "$line" in
		"# PHASE begin "*) echo "# PHASE begin ${1}_${line#\# PHASE begin }" >&3 ;;
		"# PHASE end "*) echo "# PHASE end ${1}_${line#\# PHASE end }" >&3 ;;
		"# REQUEST save") domu_request=save; return ;;
		"# RESULT "*) echo "# RESULT ${1}_${line#\# RESULT }" >&3 ;;
		"ok "*" # SKIP "*)
			line=${line#ok * - }
			skip "$1: ${line%% # SKIP *}" "${line##* # SKIP }"
			domu_tests=$((domu_tests + 1)) ;;
		"ok "*) ok "$1: ${line#ok * - }"; domu_tests=$((domu_tests + 1)) ;;
		"not ok "*) not_ok "$1: ${line#not ok * - }"; domu_tests=$((domu_tests + 1)) ;;
		"# "*) diag "$1: ${line#\# }" ;;
		1..*) domu_plan=${line#1..}; return ;;
		esac
	done
}

# console_of DOMID: the domain's console pty into $tty, once xenconsoled
# has made it.
console_of() {
	local i=0
	while ! tty=$(xenstore-read "/local/domain/$1/console/tty" 2>/dev/null) &&
		[ $i -lt 100 ]; do
		nap 0.1
		i=$((i + 1))
	done
	[ -c "${tty:-/nonexistent}" ] && stty -F "$tty" raw -echo
}

# save_restore NAME: xl save, then xl restore, of the domU, as its suite
# asked; then its console again.
save_restore() {
	local img=/tmp/$1.save domid
	check "$1: xl save while its pools are full" \
		sh -c "xl save $1 $img > /tmp/$1.save.log 2>&1"
	sed 's/^/# xl save: /' "/tmp/$1.save.log" | tail -n 3 >&3
	check "$1: xl restore" sh -c "xl restore $img > /tmp/$1.restore.log 2>&1"
	sed 's/^/# xl restore: /' "/tmp/$1.restore.log" | tail -n 3 >&3
	rm -f "$img"
	domid=$(xl domid "$1") || return 1
	diag "$1: restored as domain $domid"
	check "$1: its console after the restore" console_of "$domid"
}

# run_domu NAME DEVICE(0|1) ITERATIONS SAVE(0|1)
run_domu() {
	local name=$1 cfg=/tmp/$1.cfg domid tty i=0 watchdog
	{
		echo "name = '$name'"
		echo "type = 'pv'"
		# norandmaps, as in check.sh's dom0 boots: with the layout
		# randomised the tables a process needs move by whole pages
		# from boot to boot (6.12). phase_guard=0.5: a mark reaches the host a few ms after
		# the domU writes it (seen: the domU's first invalidation
		# after a begin stamp 2-15 ms later, from its guard sleep).
		# The save image goes to dom0's tmpfs.
		echo "memory = $([ "$4" = 1 ] && echo 128 || echo 256)"
		echo "vcpus = 1"
		echo "kernel = '/boot/domu-kernel'"
		echo "ramdisk = '/boot/domu-initrd'"
		echo "extra = 'console=hvc0 loglevel=4 panic_on_warn=1 panic=-1 oops=panic norandmaps suite=domu-guest TAP_PORT=/dev/hvc0 phase_guard=0.5 device=$2 iterations=$3 save=$4'"
		echo "on_crash = 'destroy'"
		[ "$2" = 1 ] && echo "pci = [ '$pt_bdf' ]"
	} > "$cfg"
	if ! xl create "$cfg" > "/tmp/$name.create.log" 2>&1; then
		not_ok "$name: xl create"
		sed 's/^/# xl: /' "/tmp/$name.create.log" >&3
		return 1
	fi
	ok "$name: xl create"
	domid=$(xl domid "$name")
	result "${name}_domid" "$domid"
	console_of "$domid"
	check "$name: its console is at ${tty:-nowhere}" [ -c "${tty:-/nonexistent}" ]
	[ -c "$tty" ] || return 1
	# A domU that hangs is destroyed, which ends its console.
	( sleep 600; xl destroy "$name" ) > /dev/null 2>&1 &
	watchdog=$!
	domu_plan= domu_tests=0
	while :; do
		domu_request=
		forward "$name" < "$tty"
		[ "$domu_request" = save ] && save_restore "$name" || break
	done
	# A line the console mangled (a printk inside it) is a test lost.
	check "$name: the domU ran its plan (${domu_plan:-none}), every test forwarded ($domu_tests)" \
		[ -n "$domu_plan" -a "$domu_plan" = "$domu_tests" ]
	i=0
	while xl list "$name" > /dev/null 2>&1 && [ $i -lt 30 ]; do
		sleep 1
		i=$((i + 1))
	done
	check "$name: the domU powered off" sh -c "! xl list $name"
	xl destroy "$name" > /dev/null 2>&1
	kill $watchdog 2>/dev/null
	log=/var/log/xen/console/guest-$name.log
	check "$name: its console log is there, with no kernel error" \
		sh -c "[ -s $log ] && ! grep -E -q 'Oops|BUG:|WARNING:|Kernel panic|Call Trace' $log"
	tail -n 5 "$log" | sed "s/^/# $name console: /" >&3
}

# The host reads the IOMMU domain ids seen before this mark as dom0's.
echo "# EVENT domus" >&3
for domu in $(echo "$domus" | tr + ' '); do
	case $domu in
	pt) run_domu pt 1 "$iters" 0 ;;
	# A domain with a passed-through device cannot be saved: this one is.
	nodev) run_domu nodev 0 "$nodev_iters" "${save:-1}" ;;
	*) not_ok "unknown domU '$domu' (domus=pt+nodev)" ;;
	esac
done
