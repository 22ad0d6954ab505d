/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probes on kernel tracepoints that are not exported to modules, found
 * by name (tracepoints.c). Used by the hypercall counter and observe mode.
 */
#ifndef _IOSUP_TRACEPOINTS_H
#define _IOSUP_TRACEPOINTS_H

struct tracepoint;

struct iosup_tracepoint {
	const char *name;
	void *probe;		/* void (*)(void *data, TP_PROTO of @name) */
	struct tracepoint *tp;	/* set while attached */
};

/*
 * Attach each probe to the tracepoint of its name, all or none: 0,
 * -ENOENT if the kernel lacks one, or the error of the failed register.
 * Each failure is logged. Not again until detached (-EBUSY).
 */
int iosup_tracepoints_attach(struct iosup_tracepoint *tps, unsigned int n);
/* Detach what is attached; no probe runs once it returns. */
void iosup_tracepoints_detach(struct iosup_tracepoint *tps, unsigned int n);

#endif /* _IOSUP_TRACEPOINTS_H */
