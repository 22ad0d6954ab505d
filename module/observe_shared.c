// SPDX-License-Identifier: GPL-2.0
/*
 * The code iosup_observe.ko shares with iosup.ko, compiled into it a
 * second time: a Kbuild object belongs to one module, and KBUILD_MODNAME
 * (each module's sysfs and debugfs directory) differs between the two.
 */
#include "hypercalls.c"
#include "sysfs_tree.c"
#include "tracepoints.c"
