/* SPDX-License-Identifier: GPL-2.0 */
/* The test bed's hypercall counter (hypercalls.c), in both modes. */
#ifndef _IOSUP_HYPERCALLS_H
#define _IOSUP_HYPERCALLS_H

struct dentry;

void iosup_hypercalls_init(struct dentry *dir);
void iosup_hypercalls_exit(void);

#endif /* _IOSUP_HYPERCALLS_H */
