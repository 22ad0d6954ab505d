// SPDX-License-Identifier: GPL-2.0
/* Probes on unexported kernel tracepoints, found by name. */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "tracepoints.h"

struct tracepoint_search {
	struct iosup_tracepoint *tps;
	unsigned int n;
};

static void find_tracepoint(struct tracepoint *tp, void *priv)
{
	struct tracepoint_search *search = priv;
	unsigned int i;

	for (i = 0; i < search->n; i++)
		if (!strcmp(tp->name, search->tps[i].name))
			search->tps[i].tp = tp;
}

/* Detach the first @attached probes, and forget every tracepoint. */
static void detach_first(struct iosup_tracepoint *tps, unsigned int n,
			 unsigned int attached)
{
	unsigned int i;

	for (i = 0; i < attached; i++)
		tracepoint_probe_unregister(tps[i].tp, tps[i].probe, NULL);
	if (attached)
		tracepoint_synchronize_unregister();
	for (i = 0; i < n; i++)
		tps[i].tp = NULL;
}

int iosup_tracepoints_attach(struct iosup_tracepoint *tps, unsigned int n)
{
	struct tracepoint_search search = { .tps = tps, .n = n };
	unsigned int i;
	int ret;

	/* Attached already: a failure below would forget live probes. */
	if (WARN_ON(n && tps[0].tp))
		return -EBUSY;
	for_each_kernel_tracepoint(find_tracepoint, &search);
	for (i = 0; i < n; i++) {
		if (!tps[i].tp) {
			pr_info("this kernel has no tracepoint %s\n",
				tps[i].name);
			detach_first(tps, n, 0);
			return -ENOENT;
		}
	}
	for (i = 0; i < n; i++) {
		ret = tracepoint_probe_register(tps[i].tp, tps[i].probe, NULL);
		if (ret) {
			pr_err("cannot attach to tracepoint %s: %d\n",
			       tps[i].name, ret);
			detach_first(tps, n, i);
			return ret;
		}
	}
	return 0;
}

void iosup_tracepoints_detach(struct iosup_tracepoint *tps, unsigned int n)
{
	/* All or none are attached. */
	detach_first(tps, n, n && tps[0].tp ? n : 0);
}
