# SPDX-License-Identifier: GPL-2.0
# IOSUP: page-table pools that keep Xen PV page-table churn off the IOTLB.
# `make help` prints the targets below (the lines that start "#   make").
#
# For a host:
#   make              iosup.ko and iosup_observe.ko (the second alone on a
#                     kernel without the hooks) for the running kernel
#                     (KDIR, default its build tree), and the tools into
#                     build/bin
#   make install      the modules for KDIR, the tools into PREFIX/bin and
#                     their manual pages into MANDIR (install-tools: those
#                     alone)
#   make dkms-install register the module with DKMS for KRELEASE (default:
#                     the running kernel); DKMS_PACKAGE=iosup-observe for
#                     observe mode (iosup_observe.ko, any Xen PV kernel)
#   make kernel-deb   Debian packages of the kernel of KVER with the hooks
#                     into build/deb (Debian's config, or CONFIG=path)
#   make deb          Debian packages of IOSUP itself into
#                     build/deb-packages: iosup-dkms (iosup.ko, loaded at
#                     boot), iosup-observe-dkms, iosup-tools
#   make help         this list
#
# The test bed (QEMU, Xen, Debian's kernel sources; as root):
#   make demo         boot Xen + IOMMU, show invalidations with IOSUP off/on
#   make check        the whole test suite (what .ci/run calls)
#   make check-debug  the native guest tests on a KASAN/kmemleak/lockdep
#                     kernel, Xen PV dom0 on the same without KASAN, and
#                     the pool and stress suites on a PREEMPT_RT one
#   make bench        benchmarks: native pool on/off and hook overhead; Xen
#                     off/on times and the per-process ledger
#   make eval         the seed paper's figures and build/eval/report.md
#   make selftests    the kernel's mm selftests, native and Xen PV dom0,
#                     caching off and on and Debian's kernel (KVER=6.12 or
#                     7.3; CATEGORIES=a+b to choose run_vmtests.sh's)
#   make deps         install the missing Debian packages (apt-get)
#   make kernel       the test kernel of KVER with the hooks, cached;
#                     build/kdir[-KVER] points at it
#   make module KDIR=build/kdir
#                     the modules for the test kernel (built first if need be)
#   make style        checkpatch.pl over module/, include/ and hooks/
#   make sparse       sparse (C=2) over the modules
#   make clean        remove build/ and the module's objects
#
# KVER=6.12 does any of these against Debian's linux-source-6.12 and its
# own hooks/6.12 series instead of linux-source-6.1 (KVER=6.1, the default).
# KVER=7.3 builds Debian 13's linux-source-7.3 (trixie-backports), which
# test/build-kernel.sh fetches into the cache (not installed) with hooks/7.3.
# XEN=4.20 boots Debian 13's Xen 4.20 (fetched into the cache, not
# installed) instead of Debian 12's 4.17 (XEN=4.17, the default).

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build
CACHE ?= $(or $(IOSUP_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/iosup)
export IOSUP_CACHE := $(CACHE)

KVER ?= 6.1
ifeq ($(filter 6.1 6.12 7.3,$(KVER)),)
$(error KVER=$(KVER): the kernel series must be 6.1, 6.12 or 7.3)
endif
export KVER
# The Xen the test bed boots: Debian 12's 4.17 (installed by make deps) or
# Debian 13's 4.20 (fetched into the cache, not installed).
XEN ?= 4.17
ifeq ($(filter 4.17 4.20,$(XEN)),)
$(error XEN=$(XEN): the Xen series must be 4.17 or 4.20)
endif
export XEN
# The trees and runs of 6.1 keep their plain names (build/kdir, ...).
KSUFFIX := $(if $(filter 6.1,$(KVER)),,-$(KVER))

# debhelper, rsync: bindeb-pkg (make kernel-deb) checks for them; 7.3's
# also for libdw-dev. dh-dkms: make deb (debian/control); lintian:
# test/deb_test.sh.
# linux-source-7.3 is not in Debian 12: test/build-kernel.sh fetches it.
DEPS := qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils \
	$(if $(filter 6.1 6.12,$(KVER)),linux-source-$(KVER)) \
	$(if $(filter 7.3,$(KVER)),libdw-dev) \
	busybox-static build-essential flex bison bc libelf-dev libssl-dev \
	dwarves cpio kmod xz-utils patch ccache gnuplot-nox perl python3 \
	python3-ply python3-git \
	sparse util-linux debhelper rsync libcap-dev libnuma-dev \
	dh-dkms lintian

# Static: the test bed's initramfs has no C library. debian/rules builds
# the tools (make tools) with its own USER_CFLAGS, dynamically linked.
USER_CFLAGS := -O2 -Wall -Wextra -Werror -static -pthread
USER_PROGS := $(BUILD)/bin/lat_proc $(BUILD)/bin/tput_proc $(BUILD)/bin/iosupctl \
	$(BUILD)/bin/iosup-stress

.PHONY: all help deps kernel kernel-debug kernel-debug-xen kernel-debug-rt kernel-stock kernel-deb module userspace check \
	check-debug bench eval demo clean install install-tools dkms-source dkms-install \
	style sparse range-diff selftests tools deb

all: module userspace

help:
	@sed -n '/^# `make help`/,/^#$$/d; /^# KVER=/q; s/^#   make/make/p; s/^#   \(  *[^ ]\)/\1/p; s/^# \(For a host:\|The test bed (.*\)$$/\n\1/p' $(TOP)/Makefile

# dkms alone comes without its recommends, which would pull in the
# host's kernel headers; stress-ng (the guests' stress suite) needs none.
DEPS_BARE := dkms stress-ng

# missing(list): the packages of list that are not installed.
missing = $$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	grep -q '^install ok installed' || echo $$p; done)

deps:
	@full="$(call missing,$(DEPS))"; bare="$(call missing,$(DEPS_BARE))"; \
	if [ -z "$$full$$bare" ]; then echo "deps: all installed"; exit 0; fi; \
	echo "installing:" $$full $$bare; \
	apt-get update -q || exit 1; \
	export DEBIAN_FRONTEND=noninteractive; \
	if [ -n "$$full" ]; then apt-get install -y -q $$full || exit 1; fi; \
	if [ -n "$$bare" ]; then \
		apt-get install -y -q --no-install-recommends $$bare || exit 1; fi

# The cached, patched tree; build/kdir points at it.
kernel:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh $(KVER)) && \
		ln -sfn "$$tree" $(BUILD)/kdir$(KSUFFIX)

kernel-debug:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --debug $(KVER)) && \
		ln -sfn "$$tree" $(BUILD)/kdir$(KSUFFIX)-debug

# The same without KASAN, which Linux lacks for a Xen PV guest.
kernel-debug-xen:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --debug-xen $(KVER)) && \
		ln -sfn "$$tree" $(BUILD)/kdir$(KSUFFIX)-debug-xen

# The debug kernel with PREEMPT_RT (KVER=7.3), without KASAN.
kernel-debug-rt:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --debug-rt $(KVER)) && \
		ln -sfn "$$tree" $(BUILD)/kdir$(KSUFFIX)-debug-rt

kernel-stock:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --stock $(KVER)) && \
		ln -sfn "$$tree" $(BUILD)/kdir$(KSUFFIX)-stock

# Installable packages of the patched kernel, into build/deb[-KVER]:
# Debian's config of the series with the hooks, or CONFIG=path.
# No deps: an operator's host needs only the build tools (README).
kernel-deb:
	@$(TOP)/test/kernel-deb.sh $(if $(CONFIG),--config $(CONFIG)) $(KVER) $(BUILD)/deb$(KSUFFIX)

KRELEASE ?= $(shell uname -r)
# The kernel the modules are built for: the running one's, or the test
# bed's (KDIR=build/kdir, which `make module` builds first if need be).
KDIR ?= /lib/modules/$(KRELEASE)/build
VERSION := $(shell sed -n 's/^\#define IOSUP_VERSION "\(.*\)"$$/\1/p' $(TOP)/module/version.h)
PREFIX ?= /usr/local
# The DKMS packages: iosup (the cache, for a kernel with the hooks) and
# iosup-observe (observe mode, for any Xen PV kernel).
DKMS_PACKAGE ?= iosup
ifeq ($(filter iosup iosup-observe,$(DKMS_PACKAGE)),)
$(error DKMS_PACKAGE=$(DKMS_PACKAGE): the DKMS package is iosup or iosup-observe)
endif
DKMS_CONF := module/$(if $(filter iosup,$(DKMS_PACKAGE)),dkms.conf,dkms-observe.conf)
DKMS_SRC ?= /usr/src/$(DKMS_PACKAGE)-$(VERSION)
MANDIR ?= $(PREFIX)/share/man

# What Kbuild leaves in the source tree for the modules.
MODULE_OUTPUTS := *.o *.ko *.mod *.mod.c .*.cmd modules.order Module.symvers \
	module/*.o module/.*.cmd

# The test bed's tree is built first if need be. Objects built against
# another tree of the same release would not be rebuilt (same command
# lines), so a change of tree starts clean. A tree without the hooks gets
# iosup_observe.ko alone, and a line that says so.
module: $(if $(filter $(BUILD)/kdir$(KSUFFIX),$(abspath $(KDIR))),kernel)
	@[ -e $(KDIR)/Makefile ] || { echo "no kernel build tree at $(KDIR):" \
		"apt-get install linux-headers-$(KRELEASE), or KDIR=path" >&2; exit 2; }
	@tree=$$(readlink -f $(KDIR)); mkdir -p $(BUILD); \
	if [ "$$(cat $(BUILD)/.module-kdir 2>/dev/null)" != "$$tree" ]; then \
		rm -f $(MODULE_OUTPUTS); \
	fi; echo "$$tree" > $(BUILD)/.module-kdir
	$(MAKE) -C $(KDIR) M=$(TOP) modules
	@grep -qs '^CONFIG_IOSUP_HOOKS=y' $(KDIR)/include/config/auto.conf || \
		echo "note: $(KDIR) has no IOSUP hooks (CONFIG_IOSUP_HOOKS): built" \
		"iosup_observe.ko, which counts what iosup.ko would save there." \
		"iosup.ko needs a kernel with hooks/ (make kernel-deb; hooks/README.md)."

# parse_number.c: every tool reads its numbers by the same rule.
PARSE_NUMBER := userspace/parse_number.c userspace/parse_number.h
PROC_BENCH := userspace/proc_bench.c userspace/proc_bench.h userspace/monotonic.h \
	$(PARSE_NUMBER)
$(BUILD)/bin/lat_proc: userspace/lat_proc.c $(PROC_BENCH)
$(BUILD)/bin/tput_proc: userspace/tput_proc.c $(PROC_BENCH)
# iosupctl.c reads the command line, ctl_*.c are its commands.
$(BUILD)/bin/iosupctl: userspace/iosupctl.c userspace/iosupctl.h \
	userspace/iosupctl_manual.c userspace/ctl_status.c \
	userspace/ctl_knobs.c userspace/ctl_watch.c userspace/ctl_bench.c \
	userspace/ctl_diagnose.c userspace/ctl_metrics.c userspace/ctl_sleep.c \
	userspace/json_writer.c userspace/json_writer.h \
	userspace/iosup_sysfs.c userspace/iosup_sysfs.h \
	userspace/xen_domain.c userspace/xen_domain.h \
	module/policy.h module/version.h $(PROC_BENCH)
$(BUILD)/bin/iosup-stress: userspace/iosup-stress.c userspace/monotonic.h \
	$(PARSE_NUMBER)

$(USER_PROGS):
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/init: test/init.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

userspace: $(USER_PROGS) $(BUILD)/init

# The two tools an operator installs (the iosup-tools package).
tools: $(BUILD)/bin/iosupctl $(BUILD)/bin/iosup-stress

install: module install-tools
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_PATH=$(DESTDIR) modules_install

# The tools and their manual pages, which need no kernel tree.
install-tools: userspace
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/bin/iosupctl $(BUILD)/bin/iosup-stress \
		$(DESTDIR)$(PREFIX)/bin/
	install -m 0644 userspace/iosupctl.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 userspace/iosup-stress.1 $(DESTDIR)$(MANDIR)/man1/

# The modules' sources and DKMS_PACKAGE's dkms.conf, as DKMS wants them,
# in DKMS_SRC.
dkms-source:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/module
	install -m 0644 Kbuild LICENSE $(DKMS_SRC)/
	install -m 0644 module/*.c module/*.h $(DKMS_SRC)/module/
	sed 's/#MODULE_VERSION#/$(VERSION)/' $(DKMS_CONF) > $(DKMS_SRC)/dkms.conf

# IOSUP's own Debian packages (debian/), built by dpkg-buildpackage in a
# copy of this tree without build/, the Kbuild outputs and what
# .gitignore names, so that neither the tree nor build/bin (static, for
# the guests) is touched; the packages, the source package and the
# .changes land in DEB_OUT. debian/changelog's version must be
# module/version.h's (debian/rules stops on a mismatch too).
DEB_OUT := $(BUILD)/deb-packages
deb:
	@have=$$(dpkg-parsechangelog -l $(TOP)/debian/changelog -S Version) && \
	[ "$$have" = "$(VERSION)" ] || { echo "debian/changelog is at $$have," \
		"module/version.h at $(VERSION): add a changelog entry" \
		"(dch -v $(VERSION))" >&2; exit 1; }
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_OUT)/iosup-$(VERSION)
	@# git's own idea of what is ignored (tar's misreads some patterns).
	if git -C $(TOP) rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git -C $(TOP) ls-files -z --cached --others --exclude-standard | \
			tar -C $(TOP) --null -T - -c; \
	else \
		tar -C $(TOP) -c --exclude-vcs --exclude-vcs-ignores --exclude=./build .; \
	fi | tar -x -C $(DEB_OUT)/iosup-$(VERSION)
	@# A make deb VAR=... must not reach debian/rules's own variables.
	cd $(DEB_OUT)/iosup-$(VERSION) && \
		env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS dpkg-buildpackage -us -uc
	rm -rf $(DEB_OUT)/iosup-$(VERSION)
	@ls $(DEB_OUT)

dkms-install: dkms-source
	@command -v dkms >/dev/null || { echo "dkms missing: apt-get install dkms" >&2; exit 1; }
	dkms remove -m $(DKMS_PACKAGE) -v $(VERSION) --all >/dev/null 2>&1 || true
	dkms add -m $(DKMS_PACKAGE) -v $(VERSION)
	dkms install -m $(DKMS_PACKAGE) -v $(VERSION) -k $(KRELEASE)

style: kernel
	$(TOP)/test/style.sh checkpatch $(BUILD)/kdir$(KSUFFIX)

sparse: kernel
	$(TOP)/test/style.sh sparse $(BUILD)/kdir$(KSUFFIX)

# git range-diff of the 6.1 and 6.12 backports against the 7.3 series.
range-diff:
	$(TOP)/test/range-diff.sh

check:
	$(TOP)/test/check.sh

check-debug:
	$(TOP)/test/check.sh --debug

# The kernel's mm selftests, native and Xen, stock, caching off and on.
selftests:
	$(TOP)/test/mm-selftests.sh $(CATEGORIES)

bench:
	$(TOP)/test/bench.sh
	$(TOP)/test/bench-xen.sh

eval:
	$(TOP)/userspace/eval/eval.sh

demo:
	$(TOP)/test/demo.sh

clean:
	rm -rf $(BUILD)
	rm -f $(MODULE_OUTPUTS)
