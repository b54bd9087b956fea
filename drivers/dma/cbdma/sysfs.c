// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: what a user tunes. INTRDELAY is one register for the whole
 * device, so its knob is on the PCI device, not on each channel:
 * /sys/bus/pci/devices/<dev>/intr_coalesce_us.
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/pci.h>

#include "cbdma.h"

static ssize_t intr_coalesce_us_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct cbdma_device *cbdev = dev_get_drvdata(dev);
	u16 v;

	if (!cbdev)
		return -ENODEV;
	v = readw(cbdev->regs + CBDMA_INTRDELAY);
	if (!(v & CBDMA_INTRDELAY_COALESCE_SUPPORT))
		return -EOPNOTSUPP;
	return sysfs_emit(buf, "%u\n", v & CBDMA_INTRDELAY_MASK);
}

static ssize_t intr_coalesce_us_store(struct device *dev,
				      struct device_attribute *attr,
				      const char *buf, size_t count)
{
	struct cbdma_device *cbdev = dev_get_drvdata(dev);
	unsigned int us;
	int ret;

	if (!cbdev)
		return -ENODEV;
	ret = kstrtouint(buf, 0, &us);
	if (ret)
		return ret;
	if (us > CBDMA_INTRDELAY_MASK)
		return -ERANGE;
	if (!(readw(cbdev->regs + CBDMA_INTRDELAY) &
	      CBDMA_INTRDELAY_COALESCE_SUPPORT))
		return -EOPNOTSUPP;
	writew(us, cbdev->regs + CBDMA_INTRDELAY);
	return count;
}
static DEVICE_ATTR_RW(intr_coalesce_us);

static struct attribute *cbdma_pci_attrs[] = {
	&dev_attr_intr_coalesce_us.attr,
	NULL
};

static const struct attribute_group cbdma_pci_group = {
	.attrs = cbdma_pci_attrs,
};

const struct attribute_group *cbdma_pci_groups[] = {
	&cbdma_pci_group,
	NULL
};
