// SPDX-License-Identifier: GPL-2.0
/*
 * Give every pooled page back before a system sleep, and cache again after
 * it. A Xen save, restore or migration of a PV domain runs these callbacks
 * too (do_suspend() calls dpm_suspend_start(PMSG_FREEZE)). A pooled pgd is
 * a pinned L4 off pgd_list, which xen_mm_pin_all() skips, and every typed
 * block is a page-table page that no table references: none should cross
 * a save.
 */
#include <linux/platform_device.h>
#include <linux/pm.h>

#include "iosup.h"

static struct platform_device *iosup_pdev;
static bool iosup_enabled_before_sleep;
static atomic_long_t iosup_sleep_drains;

/* Drains before a sleep; shown in /sys/kernel/iosup/sleep_drains. */
unsigned long iosup_sleep_drain_count(void)
{
	return atomic_long_read(&iosup_sleep_drains);
}

static int iosup_pm_suspend(struct device *dev)
{
	unsigned long pooled = iosup_pooled_pages();

	iosup_enabled_before_sleep = iosup_enabled();
	if (!iosup_enabled_before_sleep)
		return 0;	/* disabling drained the pools already */
	iosup_set_enabled(false);
	atomic_long_inc(&iosup_sleep_drains);
	dev_info(dev, "caching stopped for a sleep: about %lu pooled pages given back\n",
		 pooled);
	return 0;
}

static int iosup_pm_resume(struct device *dev)
{
	if (iosup_enabled_before_sleep)
		iosup_set_enabled(true);
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(iosup_pm_ops, iosup_pm_suspend,
				iosup_pm_resume);

static struct platform_driver iosup_pm_driver = {
	.driver = {
		.name = "iosup",
		.pm = pm_sleep_ptr(&iosup_pm_ops),
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
