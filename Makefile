# SPDX-License-Identifier: GPL-2.0
# IOSUP: page-table pools that keep Xen PV page-table churn off the IOTLB.
#
#   make demo         boot Xen + IOMMU, show invalidations with IOSUP off/on
#   make check        the whole test suite (what .ci/run calls)
#   make check-debug  the guest tests on a KASAN/kmemleak/lockdep kernel
#   make bench        native benchmarks: pool on/off, hook overhead
#   make eval         the seed paper's figures and build/eval/report.md
#   make deps         install the missing Debian packages (apt-get)
#   make module       build iosup.ko against KDIR (default: the cached tree)

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build
CACHE ?= $(or $(IOSUP_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/iosup)
export IOSUP_CACHE := $(CACHE)

DEPS := qemu-system-x86 xen-hypervisor-4.17-amd64 linux-source-6.1 \
	busybox-static build-essential flex bison bc libelf-dev libssl-dev \
	dwarves cpio kmod xz-utils patch ccache gnuplot-nox perl python3

USER_CFLAGS := -O2 -Wall -Wextra -Werror -static -pthread
USER_PROGS := $(BUILD)/bin/lat_proc $(BUILD)/bin/iosupctl \
	$(BUILD)/bin/iosup-stress

.PHONY: all deps kernel kernel-debug kernel-stock module userspace check \
	check-debug bench eval demo clean

all: module userspace

deps:
	@missing=$$(for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q $$missing; \
	else \
		echo "deps: all installed"; \
	fi

# The cached, patched tree; build/kdir points at it.
kernel:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh) && ln -sfn "$$tree" $(BUILD)/kdir

kernel-debug:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --debug) && \
		ln -sfn "$$tree" $(BUILD)/kdir-debug

kernel-stock:
	@mkdir -p $(BUILD)
	@tree=$$($(TOP)/test/build-kernel.sh --stock) && \
		ln -sfn "$$tree" $(BUILD)/kdir-stock

KDIR ?= $(BUILD)/kdir

# The default tree is the cached one: build it first if need be.
module: $(if $(filter $(BUILD)/kdir,$(KDIR)),kernel)
	$(MAKE) -C $(KDIR) M=$(TOP) modules

PROC_BENCH := userspace/proc_bench.c userspace/proc_bench.h
$(BUILD)/bin/lat_proc: userspace/lat_proc.c $(PROC_BENCH)
$(BUILD)/bin/iosupctl: userspace/iosupctl.c userspace/iosup_sysfs.c \
	userspace/iosup_sysfs.h module/policy.h $(PROC_BENCH)
$(BUILD)/bin/iosup-stress: userspace/iosup-stress.c

$(USER_PROGS):
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/init: test/init.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

userspace: $(USER_PROGS) $(BUILD)/init

check:
	$(TOP)/test/check.sh

check-debug:
	$(TOP)/test/check.sh --debug

bench:
	$(TOP)/test/bench.sh

eval:
	$(TOP)/userspace/eval/eval.sh

demo:
	$(TOP)/test/demo.sh

clean:
	rm -rf $(BUILD)
	rm -f *.o *.ko *.mod *.mod.c .*.cmd modules.order Module.symvers
	rm -f module/*.o module/.*.cmd
