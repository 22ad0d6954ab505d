// SPDX-License-Identifier: GPL-2.0
/*
 * Give every pooled page back before a system sleep, and cache again after
 * it. A Xen save, restore or migration of a PV domain runs these callbacks
 * too (do_suspend() calls dpm_suspend_start(PMSG_FREEZE)). A pooled pgd is
 * a pinned L4 off pgd_list, which xen_mm_pin_all() skips, and every pooled
 * typed block is a page-table page that no table references: none should
 * cross a save. Typed tables still waiting for their RCU grace period are
 * flushed to the buddy allocator too, made writable on the way.
 */
#include <linux/platform_device.h>
#include <linux/pm.h>
#include <linux/rcupdate.h>

#include "iosup.h"

static struct platform_device *iosup_pdev;
static bool iosup_paused;
static atomic_long_t iosup_sleep_drains;

/* Drains before a sleep; shown in /sys/kernel/iosup/sleep_drains. */
unsigned long iosup_sleep_drain_count(void)
{
	return atomic_long_read(&iosup_sleep_drains);
}

static int iosup_pm_suspend(struct device *dev)
{
	unsigned long given_back;

	iosup_paused = iosup_pause(&given_back);
	if (!iosup_paused)
		return 0;	/* disabled: the pools are empty already */
	/* Tables in RCU batches reach the core now, and go to the buddy. */
	rcu_barrier();
	atomic_long_inc(&iosup_sleep_drains);
	dev_info(dev, "caching stopped for a sleep: %lu pooled pages given back, %lu left\n",
		 given_back, iosup_pooled_pages());
	return 0;
}

static int iosup_pm_resume(struct device *dev)
{
	if (iosup_paused)
		iosup_unpause();
	iosup_paused = false;
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(iosup_pm_ops, iosup_pm_suspend,
				iosup_pm_resume);

static struct platform_driver iosup_pm_driver = {
	.driver = {
		.name = "iosup",
		.pm = pm_sleep_ptr(&iosup_pm_ops),
		/* Unbound, a Xen save would carry the pools: no unbind. */
		.suppress_bind_attrs = true,
	},
};

int iosup_sleep_init(void)
{
	int ret = platform_driver_register(&iosup_pm_driver);

	if (ret)
		return ret;
	iosup_pdev = platform_device_register_simple("iosup", PLATFORM_DEVID_NONE,
						     NULL, 0);
	if (IS_ERR(iosup_pdev)) {
		pr_err("cannot register the platform device for sleep callbacks: %ld\n",
		       PTR_ERR(iosup_pdev));
		platform_driver_unregister(&iosup_pm_driver);
		return PTR_ERR(iosup_pdev);
	}
	return 0;
}

void iosup_sleep_exit(void)
{
	platform_device_unregister(iosup_pdev);
	platform_driver_unregister(&iosup_pm_driver);
}
