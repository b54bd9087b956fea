// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma: PCI glue. Probe, interrupts, registration with dmaengine, remove
 * and shutdown. Teardown runs in the mirror order of probe: unregister
 * from dmaengine, silence interrupts, stop the channels and fail what was
 * queued, free the rings; the dma_device itself is freed from its
 * device_release callback, when the last client reference goes.
 */
#include <linux/delay.h>
#include <linux/dmapool.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "cookie.h"
#include "cbdma.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/*
 * How long remove lets the work submitted before it run, for the whole
 * device: the engine's own rate moves a full ring of large copies in far
 * less, and a stalled channel fails its work anyway.
 */
#define CBDMA_DRAIN_MS		1000

/* Module parameters: each with a range, refused with a message outside it */

static int cbdma_param_set_range(const char *val, const struct kernel_param *kp,
				 unsigned int min, unsigned int max)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret || v < min || v > max) {
		pr_err("cbdma: %s=%s: must be a number from %u to %u\n",
		       kp->name, val, min, max);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

static int cbdma_param_set_order(const char *val,
				 const struct kernel_param *kp)
{
	return cbdma_param_set_range(val, kp, CBDMA_RING_MIN_ORDER,
				     CBDMA_RING_MAX_ORDER);
}

static int cbdma_param_set_ms(const char *val, const struct kernel_param *kp)
{
	return cbdma_param_set_range(val, kp, 10, 600000);
}

static int cbdma_param_set_level(const char *val,
				 const struct kernel_param *kp)
{
	return cbdma_param_set_range(val, kp, 0, 1u << CBDMA_RING_MAX_ORDER);
}

static const struct kernel_param_ops cbdma_level_ops = {
	.set = cbdma_param_set_level,
	.get = param_get_uint,
};

static const struct kernel_param_ops cbdma_order_ops = {
	.set = cbdma_param_set_order,
	.get = param_get_uint,
};

static const struct kernel_param_ops cbdma_ms_ops = {
	.set = cbdma_param_set_ms,
	.get = param_get_uint,
};

unsigned int cbdma_ring_min_order = 8;
module_param_cb(ring_min_order, &cbdma_order_ops, &cbdma_ring_min_order, 0444);
MODULE_PARM_DESC(ring_min_order,
		 "log2 of the initial ring size in 64-byte slots (4-15, default 8)");

unsigned int cbdma_ring_max_order = 14;
module_param_cb(ring_max_order, &cbdma_order_ops, &cbdma_ring_max_order, 0644);
MODULE_PARM_DESC(ring_max_order,
		 "log2 of the largest ring a channel grows to (4-15, default 14)");

unsigned int cbdma_watchdog_ms = 2000;
module_param_cb(watchdog_ms, &cbdma_ms_ops, &cbdma_watchdog_ms, 0644);
MODULE_PARM_DESC(watchdog_ms,
		 "period of the progress check of an allocated channel: work with no progress for a period is reset (10-600000, default 2000)");

/*
 * async_tx's clients (md) rely on the provider to start work once enough
 * is queued (Documentation/crypto/async-tx-api.rst, "When does the
 * operation execute?"); their own issue_pending comes at the end of a
 * batch, which leaves the channel idle while the batch is prepared.
 */
unsigned int cbdma_issue_level = 32;
module_param_cb(issue_level, &cbdma_level_ops, &cbdma_issue_level, 0644);
MODULE_PARM_DESC(issue_level,
		 "slots submitted and not issued at which tx_submit issues them itself (0: only issue_pending does, default 32)");

static bool cbdma_force_private;
module_param_named(force_private, cbdma_force_private, bool, 0444);
MODULE_PARM_DESC(force_private,
		 "register channels as DMA_PRIVATE: async_tx and md do not use them (default 0)");

static bool cbdma_selftest_enable = true;
module_param_named(selftest, cbdma_selftest_enable, bool, 0444);
MODULE_PARM_DESC(selftest,
		 "test every advertised operation at probe and drop the failing ones (default 1)");

static const struct pci_device_id cbdma_pci_ids[] = {
	/* v3.0: TBG */
	{ PCI_VDEVICE(INTEL, 0x3429) }, { PCI_VDEVICE(INTEL, 0x342a) },
	{ PCI_VDEVICE(INTEL, 0x342b) }, { PCI_VDEVICE(INTEL, 0x342c) },
	{ PCI_VDEVICE(INTEL, 0x3430) }, { PCI_VDEVICE(INTEL, 0x3431) },
	{ PCI_VDEVICE(INTEL, 0x3432) }, { PCI_VDEVICE(INTEL, 0x3433) },
	/* v3.2: JSF, SNB, IVB, HSW, BDX, SKX */
	{ PCI_VDEVICE(INTEL, 0x3710) }, { PCI_VDEVICE(INTEL, 0x3711) },
	{ PCI_VDEVICE(INTEL, 0x3712) }, { PCI_VDEVICE(INTEL, 0x3713) },
	{ PCI_VDEVICE(INTEL, 0x3714) }, { PCI_VDEVICE(INTEL, 0x3715) },
	{ PCI_VDEVICE(INTEL, 0x3716) }, { PCI_VDEVICE(INTEL, 0x3717) },
	{ PCI_VDEVICE(INTEL, 0x3718) }, { PCI_VDEVICE(INTEL, 0x3719) },
	{ PCI_VDEVICE(INTEL, 0x3c20) }, { PCI_VDEVICE(INTEL, 0x3c21) },
	{ PCI_VDEVICE(INTEL, 0x3c22) }, { PCI_VDEVICE(INTEL, 0x3c23) },
	{ PCI_VDEVICE(INTEL, 0x3c24) }, { PCI_VDEVICE(INTEL, 0x3c25) },
	{ PCI_VDEVICE(INTEL, 0x3c26) }, { PCI_VDEVICE(INTEL, 0x3c27) },
	{ PCI_VDEVICE(INTEL, 0x3c2e) }, { PCI_VDEVICE(INTEL, 0x3c2f) },
	{ PCI_VDEVICE(INTEL, 0x0e20) }, { PCI_VDEVICE(INTEL, 0x0e21) },
	{ PCI_VDEVICE(INTEL, 0x0e22) }, { PCI_VDEVICE(INTEL, 0x0e23) },
	{ PCI_VDEVICE(INTEL, 0x0e24) }, { PCI_VDEVICE(INTEL, 0x0e25) },
	{ PCI_VDEVICE(INTEL, 0x0e26) }, { PCI_VDEVICE(INTEL, 0x0e27) },
	{ PCI_VDEVICE(INTEL, 0x0e2e) }, { PCI_VDEVICE(INTEL, 0x0e2f) },
	{ PCI_VDEVICE(INTEL, 0x2f20) }, { PCI_VDEVICE(INTEL, 0x2f21) },
	{ PCI_VDEVICE(INTEL, 0x2f22) }, { PCI_VDEVICE(INTEL, 0x2f23) },
	{ PCI_VDEVICE(INTEL, 0x2f24) }, { PCI_VDEVICE(INTEL, 0x2f25) },
	{ PCI_VDEVICE(INTEL, 0x2f26) }, { PCI_VDEVICE(INTEL, 0x2f27) },
	{ PCI_VDEVICE(INTEL, 0x2f2e) }, { PCI_VDEVICE(INTEL, 0x2f2f) },
	{ PCI_VDEVICE(INTEL, 0x6f20) }, { PCI_VDEVICE(INTEL, 0x6f21) },
	{ PCI_VDEVICE(INTEL, 0x6f22) }, { PCI_VDEVICE(INTEL, 0x6f23) },
	{ PCI_VDEVICE(INTEL, 0x6f24) }, { PCI_VDEVICE(INTEL, 0x6f25) },
	{ PCI_VDEVICE(INTEL, 0x6f26) }, { PCI_VDEVICE(INTEL, 0x6f27) },
	{ PCI_VDEVICE(INTEL, 0x6f2e) }, { PCI_VDEVICE(INTEL, 0x6f2f) },
	{ PCI_VDEVICE(INTEL, 0x2021) },
	/* v3.3: BWD, BDX-DE */
	{ PCI_VDEVICE(INTEL, 0x0c50) }, { PCI_VDEVICE(INTEL, 0x0c51) },
	{ PCI_VDEVICE(INTEL, 0x0c52) }, { PCI_VDEVICE(INTEL, 0x0c53) },
	{ PCI_VDEVICE(INTEL, 0x6f50) }, { PCI_VDEVICE(INTEL, 0x6f51) },
	{ PCI_VDEVICE(INTEL, 0x6f52) }, { PCI_VDEVICE(INTEL, 0x6f53) },
	/* v3.4: ICX */
	{ PCI_VDEVICE(INTEL, 0x0b00) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cbdma_pci_ids);

static struct pci_driver cbdma_pci_driver;

bool cbdma_filter(struct dma_chan *chan, void *param)
{
	struct device *dev = chan->device->dev;

	if (!dev_is_pci(dev) || to_pci_dev(dev)->driver != &cbdma_pci_driver)
		return false;
	return !param || param == to_pci_dev(dev);
}
EXPORT_SYMBOL_GPL(cbdma_filter);

static irqreturn_t cbdma_irq_chan(int irq, void *data)
{
	struct cbdma_chan *c = data;

	c->stats.irqs++;
	tasklet_schedule(&c->cleanup_task);
	return IRQ_HANDLED;
}

/* MSI and INTx: one vector; ATTNSTATUS says which channels need work */
static irqreturn_t cbdma_irq_dev(int irq, void *data)
{
	struct cbdma_device *cbdev = data;
	unsigned long attn;
	unsigned int bit;
	u8 intrctrl;

	intrctrl = readb(cbdev->regs + CBDMA_INTRCTRL);
	if (!(intrctrl & CBDMA_INTRCTRL_INT_STATUS))
		return IRQ_NONE;
	attn = readl(cbdev->regs + CBDMA_ATTNSTATUS);
	for_each_set_bit(bit, &attn, cbdev->nr_chans) {
		cbdev->chans[bit].stats.irqs++;
		tasklet_schedule(&cbdev->chans[bit].cleanup_task);
	}
	writeb(intrctrl, cbdev->regs + CBDMA_INTRCTRL);
	return IRQ_HANDLED;
}

static int cbdma_setup_irqs(struct cbdma_device *cbdev)
{
	struct pci_dev *pdev = cbdev->pdev;
	unsigned int i;
	int irq, ret;

	ret = pci_alloc_irq_vectors(pdev, cbdev->nr_chans, cbdev->nr_chans,
				    PCI_IRQ_MSIX);
	if (ret > 0) {
		cbdev->irq_mode = PCI_IRQ_MSIX;
		for (i = 0; i < cbdev->nr_chans; i++) {
			irq = pci_irq_vector(pdev, i);
			ret = devm_request_irq(&pdev->dev, irq, cbdma_irq_chan,
					       0, "cbdma-msix",
					       &cbdev->chans[i]);
			if (ret)
				return ret;
		}
		writeb(CBDMA_INTRCTRL_MASTER_INT_EN |
		       CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL,
		       cbdev->regs + CBDMA_INTRCTRL);
		return 0;
	}
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_LEGACY);
	if (ret < 0)
		return ret;
	cbdev->irq_mode = pdev->msi_enabled ? PCI_IRQ_MSI : PCI_IRQ_LEGACY;
	ret = devm_request_irq(&pdev->dev, pci_irq_vector(pdev, 0),
			       cbdma_irq_dev, IRQF_SHARED, "cbdma", cbdev);
	if (ret)
		return ret;
	writeb(CBDMA_INTRCTRL_MASTER_INT_EN, cbdev->regs + CBDMA_INTRCTRL);
	return 0;
}

static void cbdma_free_irqs(struct cbdma_device *cbdev)
{
	struct pci_dev *pdev = cbdev->pdev;
	unsigned int i;

	writeb(0, cbdev->regs + CBDMA_INTRCTRL);
	if (cbdev->irq_mode == PCI_IRQ_MSIX) {
		for (i = 0; i < cbdev->nr_chans; i++)
			devm_free_irq(&pdev->dev, pci_irq_vector(pdev, i),
				      &cbdev->chans[i]);
	} else if (cbdev->irq_mode) {
		devm_free_irq(&pdev->dev, pci_irq_vector(pdev, 0), cbdev);
	}
	cbdev->irq_mode = 0;
	pci_free_irq_vectors(pdev);
}

static int cbdma_init_chan(struct cbdma_device *cbdev, unsigned int id)
{
	struct cbdma_chan *c = &cbdev->chans[id];

	c->cbdev = cbdev;
	c->id = id;
	c->regs = cbdev->regs + CBDMA_CHAN_BASE(id);
	spin_lock_init(&c->lock);
	spin_lock_init(&c->db_lock);
	spin_lock_init(&c->cb_lock);
	INIT_LIST_HEAD(&c->submitted);
	INIT_LIST_HEAD(&c->done);
	INIT_LIST_HEAD(&c->unacked);
	INIT_LIST_HEAD(&c->spare);
	INIT_LIST_HEAD(&c->sed_prepared);
	timer_setup(&c->watchdog, cbdma_watchdog_fn, 0);
	tasklet_setup(&c->cleanup_task, cbdma_cleanup_tasklet);
	c->completion = dmam_alloc_coherent(&cbdev->pdev->dev, sizeof(u64),
					    &c->completion_dma, GFP_KERNEL);
	if (!c->completion)
		return -ENOMEM;
	c->dma_chan.device = &cbdev->dma_dev;
	list_add_tail(&c->dma_chan.device_node, &cbdev->dma_dev.channels);
	return cbdma_chan_reset_hw(c);
}

/*
 * Stop every channel for good: reset it, fail whatever was queued with
 * DMA_TRANS_ABORTED (callbacks run), and free its ring. From here on a
 * prep on these channels returns a descriptor that completes aborted.
 */
static void cbdma_stop_chans(struct cbdma_device *cbdev)
{
	unsigned int i;

	for (i = 0; i < cbdev->nr_chans; i++) {
		struct cbdma_chan *c = &cbdev->chans[i];
		struct cbdma_hw_desc *ring;
		dma_addr_t dma;
		size_t size;

		spin_lock_bh(&c->lock);
		/*
		 * One that does not reset may still DMA: into the buffers
		 * failed below, from the ring freed below. Bus mastering
		 * off stops it (see cbdma_chan_reset_or_wedge()).
		 */
		if (cbdma_chan_reset_hw(c))
			pci_clear_master(cbdev->pdev);
		cbdma_chan_kill(c);
		cbdma_desc_strip_prepared(c);
		ring = c->ring;
		dma = c->ring_dma;
		size = (size_t)CBDMA_DESC_SIZE << c->order;
		WRITE_ONCE(c->ring, NULL);
		spin_unlock_bh(&c->lock);
		del_timer_sync(&c->watchdog);
		tasklet_kill(&c->cleanup_task);
		cbdma_run_completions(c);
		if (ring)
			dma_free_coherent(&cbdev->pdev->dev, size, ring, dma);
	}
}

/*
 * The pool of super-extended descriptors goes with the device's binding,
 * as its other DMA memory does (DMA-API debugging reports what is left at
 * unbind), though clients may keep descriptors past it: their blocks came
 * back when the channels stopped (cbdma_desc_strip_prepared(), and
 * cbdma_desc_put_seds() for everything that left the ring). Blocks still
 * held would be a driver bug: the pool is then left to leak rather than
 * freed under them.
 */
static void cbdma_sed_pool_destroy(struct cbdma_device *cbdev)
{
	unsigned int i, held = 0;

	for (i = 0; i < cbdev->nr_chans; i++) {
		spin_lock_bh(&cbdev->chans[i].lock);
		held += cbdev->chans[i].sed_held;
		spin_unlock_bh(&cbdev->chans[i].lock);
	}
	if (WARN_ON_ONCE(held))
		return;
	dma_pool_destroy(cbdev->sed_pool);
	cbdev->sed_pool = NULL;
}

/*
 * The last reference to the device can go from dma_release_channel(),
 * through dma_chan_put(), and in 6.1 dma_release_channel() still reads the
 * channel (chan->slave, chan->dbg_client_name) after that. The channels
 * live in struct cbdma_device, so it is freed a second later from a work
 * item; module exit frees whatever is still waiting.
 */
static LIST_HEAD(cbdma_release_list);
static DEFINE_SPINLOCK(cbdma_release_lock);
/* its own queue, so that module exit can wait for a free in progress */
static struct workqueue_struct *cbdma_release_wq;

static void cbdma_free_dev(struct cbdma_device *cbdev)
{
	unsigned int i;

	/* a dead channel's issue_pending schedules its tasklet */
	for (i = 0; i < cbdev->nr_chans; i++)
		tasklet_kill(&cbdev->chans[i].cleanup_task);
	pci_dev_put(cbdev->pdev);
	kfree(cbdev);
}

static void cbdma_free_work(struct work_struct *work)
{
	struct cbdma_device *cbdev = container_of(to_delayed_work(work),
						  struct cbdma_device,
						  free_work);

	spin_lock(&cbdma_release_lock);
	list_del(&cbdev->release_node);
	spin_unlock(&cbdma_release_lock);
	cbdma_free_dev(cbdev);
}

/*
 * A device given up (cbdma_chan_reset_or_wedge()) is unbound, as NVMe
 * removes a dead controller: unregistering takes its channels out of
 * dmaengine's table, so that async_tx clients, which do not read results,
 * go to other channels or to software instead of completing every
 * operation aborted. From a work item of our own queue, which module exit
 * drains, holding the PCI device; not one the binding owns, since
 * teardown waits for those. It unbinds only while the binding it was
 * queued for (compared by address) is still there, which keeps it from
 * a later binding in most cases, not all: an unbind and a bind by hand
 * may both get the device's lock between its look and its unbind, as
 * with NVMe's removal of a dead controller.
 */
struct cbdma_unbind {
	struct work_struct work;
	struct pci_dev *pdev;
	void *binding;
};

static void cbdma_unbind_fn(struct work_struct *work)
{
	struct cbdma_unbind *u = container_of(work, struct cbdma_unbind, work);

	if (pci_get_drvdata(u->pdev) == u->binding) {
		dev_err(&u->pdev->dev, "unbinding the device given up\n");
		device_release_driver(&u->pdev->dev);
	}
	pci_dev_put(u->pdev);
	kfree(u);
}

bool cbdma_unbind_later(struct cbdma_device *cbdev)
{
	struct cbdma_unbind *u = kmalloc(sizeof(*u), GFP_KERNEL);

	if (!u)
		return false;
	INIT_WORK(&u->work, cbdma_unbind_fn);
	u->pdev = pci_dev_get(cbdev->pdev);
	u->binding = cbdev;
	queue_work(cbdma_release_wq, &u->work);
	return true;
}

/*
 * A registered device has two holders: its binding, until teardown is
 * done with it, and dmaengine, until device_release. Teardown unregisters
 * first (cbdma_teardown()), and with no client holding a channel
 * dmaengine releases the device right there, while teardown still drains
 * and stops its channels. Whichever lets go last queues the free.
 */
static void cbdma_put_dev(struct cbdma_device *cbdev)
{
	if (!refcount_dec_and_test(&cbdev->holds))
		return;
	INIT_DELAYED_WORK(&cbdev->free_work, cbdma_free_work);
	spin_lock(&cbdma_release_lock);
	list_add_tail(&cbdev->release_node, &cbdma_release_list);
	queue_delayed_work(cbdma_release_wq, &cbdev->free_work, HZ);
	spin_unlock(&cbdma_release_lock);
}

static void cbdma_release(struct dma_device *dma)
{
	cbdma_put_dev(container_of(dma, struct cbdma_device, dma_dev));
}

static int cbdma_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct cbdma_device *cbdev;
	struct dma_device *dma;
	void __iomem *regs;
	unsigned int i, n;
	u8 version;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
	if (ret)
		return ret;
	regs = pcim_iomap_table(pdev)[0];
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;

	version = readb(regs + CBDMA_CBVER);
	if (CBDMA_CBVER_MAJOR(version) != 3) {
		dev_err(&pdev->dev,
			"I/OAT version %u.%u is not supported: cbdma drives v3.x\n",
			CBDMA_CBVER_MAJOR(version), CBDMA_CBVER_MINOR(version));
		return -ENODEV;
	}
	n = readb(regs + CBDMA_CHANCNT) & CBDMA_CHANCNT_MASK;
	if (!n) {
		dev_err(&pdev->dev, "CHANCNT is 0: no channel to drive\n");
		return -ENODEV;
	}
	if (n > CBDMA_MAX_CHANS) {
		dev_warn(&pdev->dev, "%u channels, driving the first %u\n", n,
			 CBDMA_MAX_CHANS);
		n = CBDMA_MAX_CHANS;
	}

	/* freed by cbdma_release() once registered, by hand before that */
	cbdev = kzalloc(sizeof(*cbdev), GFP_KERNEL);
	if (!cbdev)
		return -ENOMEM;
	/*
	 * Clients may hold channels past remove, and their descriptors and
	 * tracepoints name the device: it lives as long as cbdev does.
	 */
	cbdev->pdev = pci_dev_get(pdev);
	INIT_WORK(&cbdev->wedge_work, cbdma_wedge_work);
	cbdev->regs = regs;
	cbdev->version = version;
	cbdev->nr_chans = n;
	cbdev->hwcap = readl(regs + CBDMA_DMACAPABILITY);
	cbdev->xfercap_log = readb(regs + CBDMA_XFERCAP) & CBDMA_XFERCAP_MASK;
	/* 0 means "32 GB"; the descriptor's size field stops at 2^31 here */
	if (!cbdev->xfercap_log || cbdev->xfercap_log > 31)
		cbdev->xfercap_log = 31;
	if (cbdev->xfercap_log < 12) {
		dev_err(&pdev->dev, "XFERCAP 2^%u is below a page\n",
			cbdev->xfercap_log);
		ret = -ENODEV;
		goto err_free;
	}
	cbdma_caps_from_hw(cbdev->hwcap, version, cbdma_force_private,
			   &cbdev->caps);
	pci_set_drvdata(pdev, cbdev);

	dma = &cbdev->dma_dev;
	dma->dev = &pdev->dev;
	dma->device_release = cbdma_release;
	INIT_LIST_HEAD(&dma->channels);
	/* not a managed pool: see cbdma_sed_pool_destroy() */
	cbdev->sed_pool = dma_pool_create("cbdma_sed", &pdev->dev,
					  2 * CBDMA_DESC_SIZE,
					  CBDMA_DESC_ALIGN, 0);
	if (!cbdev->sed_pool) {
		ret = -ENOMEM;
		goto err_free;
	}
	for (i = 0; i < n; i++) {
		ret = cbdma_init_chan(cbdev, i);
		if (ret)
			goto err_free;
	}
	/*
	 * Bus mastering once every channel is reset (cbdma_init_chan()): a
	 * channel an earlier binding left running, one that did not reset
	 * say, would resume its DMA into memory that binding freed.
	 */
	pci_set_master(pdev);
	ret = cbdma_setup_irqs(cbdev);
	if (ret) {
		dev_err(&pdev->dev, "no usable interrupt: %d\n", ret);
		goto err_free;
	}

	if (cbdma_selftest_enable) {
		ret = cbdma_selftest(cbdev);
		if (!ret && test_bit(0, &cbdev->wedged))
			ret = -EIO;	/* a channel did not reset */
		if (ret)
			goto err_irqs;
	}
	dma->cap_mask = cbdev->caps.mask;
	cbdma_init_dma_ops(cbdev);
	cbdma_init_prep_ops(cbdev);
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;

	/* set before dmaengine can call cbdma_release() */
	refcount_set(&cbdev->holds, 2);
	ret = dma_async_device_register(dma);
	if (ret) {
		dev_err(&pdev->dev, "dmaengine registration failed: %d\n", ret);
		goto err_irqs;
	}
	cbdev->registered = true;
	cbdma_debugfs_init(cbdev);
	dev_info(&pdev->dev,
		 "I/OAT v%u.%u, %u channels, %s interrupts, caps%s%s%s%s%s%s, %s\n",
		 CBDMA_CBVER_MAJOR(version), CBDMA_CBVER_MINOR(version), n,
		 cbdev->irq_mode == PCI_IRQ_MSIX ? "MSI-X" :
		 cbdev->irq_mode == PCI_IRQ_MSI ? "MSI" : "INTx",
		 dma_has_cap(DMA_MEMCPY, dma->cap_mask) ? " memcpy" : "",
		 dma_has_cap(DMA_MEMSET, dma->cap_mask) ? " memset" : "",
		 dma_has_cap(DMA_XOR, dma->cap_mask) ? " xor" : "",
		 dma_has_cap(DMA_XOR_VAL, dma->cap_mask) ? " xor_val" : "",
		 dma_has_cap(DMA_PQ, dma->cap_mask) ? " pq" : "",
		 dma_has_cap(DMA_PQ_VAL, dma->cap_mask) ? " pq_val" : "",
		 dma_has_cap(DMA_PRIVATE, dma->cap_mask) ?
		 "private" : "public");
	return 0;

err_irqs:
	cbdma_free_irqs(cbdev);
err_free:
	/* the self-test freed its ring; undo what cbdma_init_chan() set up */
	for (i = 0; i < n && cbdev->chans[i].cbdev; i++) {
		del_timer_sync(&cbdev->chans[i].watchdog);
		tasklet_kill(&cbdev->chans[i].cleanup_task);
	}
	/* the self-test's recovery may have given the device up */
	cancel_work_sync(&cbdev->wedge_work);
	dma_pool_destroy(cbdev->sed_pool);
	pci_dev_put(cbdev->pdev);
	kfree(cbdev);
	return ret;
}

/*
 * Let the work submitted on the channels of a device being removed, and
 * so unregistered, run: until every channel has been idle at one look and
 * the next, or CBDMA_DRAIN_MS. async_tx's clients (md) take every
 * completion for a success, so work failed here is parity written as
 * computed. Unregistered, the channels get no new chains from them, but
 * a chain being built goes on where its parent runs (async_tx queues a
 * dependent on its parent's channel), hence the second look.
 */
static void cbdma_drain_chans(struct cbdma_device *cbdev)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(CBDMA_DRAIN_MS);
	unsigned int i, quiet = 0;
	bool idle;

	for (;;) {
		idle = true;
		for (i = 0; i < cbdev->nr_chans; i++)
			idle &= cbdma_chan_drain_look(&cbdev->chans[i]);
		quiet = idle ? quiet + 1 : 0;
		if (quiet == 2 || !time_before(jiffies, deadline))
			return;
		usleep_range(500, 1000);
	}
}

/*
 * Probe in reverse, except that unregistering comes first, so that the
 * work already on the channels can run (cbdma_drain_chans()), and the
 * channels stop before their interrupts go; what is left then fails. A
 * channel still running after its vector was freed would complete work
 * that no interrupt reports, and its client would wait for its watchdog
 * (watchdog_ms). An interrupt that comes for a stopped channel schedules
 * its tasklet, which finds the channel dead and touches nothing.
 * Shutdown (unregister false) stops at once.
 */
static void cbdma_teardown(struct pci_dev *pdev, bool unregister)
{
	struct cbdma_device *cbdev = pci_get_drvdata(pdev);
	bool registered;

	if (!cbdev)
		return;
	registered = unregister && cbdev->registered;
	pci_set_drvdata(pdev, NULL);
	cbdma_debugfs_exit(cbdev);
	if (registered) {
		/* may release the device: our hold keeps it */
		dma_async_device_unregister(&cbdev->dma_dev);
		cbdma_drain_chans(cbdev);
	}
	cbdma_stop_chans(cbdev);
	/* no channel is left to give the device up: stop a late one */
	cancel_work_sync(&cbdev->wedge_work);
	cbdma_sed_pool_destroy(cbdev);
	cbdma_free_irqs(cbdev);
	if (registered)
		cbdma_put_dev(cbdev);
}

static void cbdma_remove(struct pci_dev *pdev)
{
	cbdma_teardown(pdev, true);
}

/* No DMA may be in flight across a reboot or kexec. */
static void cbdma_shutdown(struct pci_dev *pdev)
{
	cbdma_teardown(pdev, false);
}

static struct pci_driver cbdma_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = cbdma_pci_ids,
	.probe = cbdma_probe,
	.remove = cbdma_remove,
	.shutdown = cbdma_shutdown,
	.dev_groups = cbdma_pci_groups,
};

static int __init cbdma_init(void)
{
	int ret;

	cbdma_release_wq = alloc_workqueue("cbdma_release", 0, 0);
	if (!cbdma_release_wq)
		return -ENOMEM;
	ret = pci_register_driver(&cbdma_pci_driver);
	if (ret)
		destroy_workqueue(cbdma_release_wq);
	return ret;
}
module_init(cbdma_init);

/*
 * Every device was released before we get here: a client holding a
 * channel holds the module. A device whose free has not started is
 * freed here; one whose free has started takes itself off the list and
 * frees itself, and destroy_workqueue() waits for it. (Flushing the work
 * of a listed device instead would touch it after a free that started
 * just then.)
 */
static void __exit cbdma_exit(void)
{
	struct cbdma_device *cbdev, *n;
	LIST_HEAD(now);

	pci_unregister_driver(&cbdma_pci_driver);
	spin_lock(&cbdma_release_lock);
	list_for_each_entry_safe(cbdev, n, &cbdma_release_list, release_node)
		if (cancel_delayed_work(&cbdev->free_work))
			list_move(&cbdev->release_node, &now);
	spin_unlock(&cbdma_release_lock);
	list_for_each_entry_safe(cbdev, n, &now, release_node)
		cbdma_free_dev(cbdev);
	destroy_workqueue(cbdma_release_wq);
}
module_exit(cbdma_exit);

MODULE_DESCRIPTION("dmaengine provider for Intel I/OAT (Crystal Beach DMA) v3.x");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
