// SPDX-License-Identifier: GPL-2.0
/*
 * Observe mode's fallback source of events, for kernels without the Xen
 * tracepoints: kprobes on the static functions of arch/x86/xen/mmu_pv.c.
 *
 * A kprobe on a static function counts every call only if the compiler
 * kept that function whole and out of line, under its own name: an
 * inlined copy is never probed (a silent undercount), and a clone
 * (.constprop, .isra, .part) may take its arguments in other registers,
 * so that a probe would read a wrong value as a struct page pointer.
 * Each symbol is checked for that before it is probed. The check sees
 * only the probed functions themselves: a caller that inlined one of
 * them (or a walker clone that inlined its callback) still goes unseen,
 * so counts from kprobes are a best effort; tracepoints are exact.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "observe.h"

struct observe_kprobe {
	struct kprobe kp;
	enum xen_level level;	/* of an alloc or release probe */
};

static enum xen_level probe_level(struct kprobe *p)
{
	return container_of(p, struct observe_kprobe, kp)->level;
}

/* xen_pin_page(mm, page, level): pins @page unless it is already. */
static int pin_page_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct page *page = (struct page *)regs_get_kernel_argument(regs, 1);

	/* An enum: only the low 32 bits of its register are defined. */
	if (!PagePinned(page))
		observe_count(observe_to_pagetable,
			      (unsigned int)regs_get_kernel_argument(regs, 2));
	return 0;
}

/* xen_unpin_page(mm, page, level): unpins @page if it is pinned. */
static int unpin_page_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct page *page = (struct page *)regs_get_kernel_argument(regs, 1);

	if (PagePinned(page))
		observe_count(observe_to_writable,
			      (unsigned int)regs_get_kernel_argument(regs, 2));
	return 0;
}

/* xen_alloc_{pte,pmd,pud}(mm, pfn): a table joins a pinned mm typed. */
static int alloc_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *mm;
	unsigned long pfn = regs_get_kernel_argument(regs, 1);

	mm = (struct mm_struct *)regs_get_kernel_argument(regs, 0);

	if (PagePinned(virt_to_page(mm->pgd)) && !PagePinned(pfn_to_page(pfn)))
		observe_count(observe_to_pagetable, probe_level(p));
	return 0;
}

/* xen_release_{pte,pmd,pud}(pfn): a pinned table goes back writable. */
static int release_pre(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long pfn = regs_get_kernel_argument(regs, 0);

	if (PagePinned(pfn_to_page(pfn)))
		observe_count(observe_to_writable, probe_level(p));
	return 0;
}

#define PROBE(sym, handler, lvl) \
	{ .kp = { .symbol_name = sym, .pre_handler = handler }, .level = lvl }

static struct observe_kprobe probes[] = {
	PROBE("xen_pin_page", pin_page_pre, XEN_PGD),
	PROBE("xen_unpin_page", unpin_page_pre, XEN_PGD),
	PROBE("xen_alloc_pte", alloc_pre, XEN_PTE),
	PROBE("xen_alloc_pmd", alloc_pre, XEN_PMD),
	PROBE("xen_alloc_pud", alloc_pre, XEN_PUD),
	PROBE("xen_release_pte", release_pre, XEN_PTE),
	PROBE("xen_release_pmd", release_pre, XEN_PMD),
	PROBE("xen_release_pud", release_pre, XEN_PUD),
};

/* Whether the kernel has a symbol @name: a kprobe resolves it. */
static bool symbol_exists(const char *name)
{
	struct kprobe probe = {
		.symbol_name = name,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int ret = register_kprobe(&probe);

	if (!ret)
		unregister_kprobe(&probe);
	return ret != -ENOENT;
}

/*
 * The clones GCC makes of a function: "name.isra.0" and the like, each
 * kind numbered from 0 per function. The test bed's observe suite picks
 * its cloned function with the same kinds and numbers.
 */
static const char *const clone_kinds[] = { "constprop", "isra", "part" };
#define CLONE_NUMBERS	4

/*
 * @p, registered, sits at the entry of a function named exactly as asked
 * (ENDBR and the ftrace call may move it a few bytes in), and the kernel
 * has no clone of that function.
 */
static int check_out_of_line(struct kprobe *p)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(p->symbol_name);
	unsigned long offset;
	char *end, *clone;
	bool cloned;
	int i, n;

	sprint_symbol(sym, (unsigned long)p->addr);
	end = strchr(sym, '/');
	if (end)
		*end = '\0';
	if (strncmp(sym, p->symbol_name, len) || sym[len] != '+' ||
	    kstrtoul(sym + len + 1, 0, &offset) || offset >= 16) {
		pr_err("%s is not the entry of an out-of-line function (%s)\n",
		       p->symbol_name, sym);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < ARRAY_SIZE(clone_kinds); i++) {
		for (n = 0; n < CLONE_NUMBERS; n++) {
			/* Off the stack: sym and a kprobe fill it enough. */
			clone = kasprintf(GFP_KERNEL, "%s.%s.%d",
					  p->symbol_name, clone_kinds[i], n);
			if (!clone)
				return -ENOMEM;
			cloned = symbol_exists(clone);
			if (cloned)
				pr_err("%s has a compiler clone %s: a kprobe could miss calls or read wrong arguments\n",
				       p->symbol_name, clone);
			kfree(clone);
			if (cloned)
				return -EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * Registers @p disabled, so that no handler runs before its symbol
 * passed the check; unregisters it again if the check fails.
 */
static int register_checked(struct kprobe *p)
{
	int ret;

	p->flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(p);
	if (ret) {
		pr_err("cannot probe %s: %d\n", p->symbol_name, ret);
		return ret;
	}
	ret = check_out_of_line(p);
	if (ret)
		unregister_kprobe(p);
	return ret;
}

int observe_kprobes_attach(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ret = register_checked(&probes[i].kp);
		if (ret)
			goto out_unregister;
	}
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		ret = enable_kprobe(&probes[i].kp);
		if (ret) {
			i = ARRAY_SIZE(probes);
			goto out_unregister;
		}
	}
	return 0;

out_unregister:
	while (--i >= 0)
		unregister_kprobe(&probes[i].kp);
	return ret;
}

void observe_kprobes_detach(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		unregister_kprobe(&probes[i].kp);
}

unsigned long observe_kprobes_missed(void)
{
	unsigned long missed = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		missed += probes[i].kp.nmissed;
	return missed;
}

/*
 * /sys/kernel/debug/iosup_observe/kprobe_check: write a symbol's name to
 * run on it the check the fallback runs on its own symbols. The write succeeds if
 * observe mode would probe such a function, and fails with the errno and
 * the logged reason if not: -EOPNOTSUPP (not a function's entry, or
 * cloned), -ENOENT (no such symbol), -EINVAL (an empty name, or one
 * kprobes may not probe), -ENAMETOOLONG. The test bed runs it on a
 * function that the compiler both kept and cloned, which this kernel may
 * not have among the Xen functions the fallback probes (issue 12, D5).
 */
static ssize_t kprobe_check_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct kprobe probe = { };
	char *buf, *name;
	int ret;

	if (count > KSYM_NAME_LEN)	/* a name and a newline */
		return -ENAMETOOLONG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	name = strim(buf);
	ret = -EINVAL;
	if (!*name)
		goto out;
	probe.symbol_name = name;
	ret = register_checked(&probe);
	if (!ret)
		unregister_kprobe(&probe);
out:
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations kprobe_check_fops = {
	.owner = THIS_MODULE,
	.write = kprobe_check_write,
	.llseek = noop_llseek,
};

void observe_kprobes_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("kprobe_check", 0200, dir, NULL,
			    &kprobe_check_fops);
}
