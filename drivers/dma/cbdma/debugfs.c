// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: <debugfs>/cbdma/<pci device>/chan<N> shows a channel's ring
 * indices, its hardware status, the last CHANERR values and its counters.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "cbdma.h"

static struct dentry *cbdma_debugfs_root;

static const char *const kind_names[CBDMA_KIND_NR] = {
	"memcpy", "memset", "xor", "xor_val", "pq", "pq_val", "interrupt",
};

static int cbdma_chan_show(struct seq_file *s, void *unused)
{
	struct cbdma_chan *c = s->private;
	struct cbdma_stats st;
	char names[160];
	unsigned int i;
	u64 sts = 0;
	u32 err = 0;

	spin_lock_bh(&c->lock);
	st = c->stats;
	seq_printf(s, "ring_slots: %u\nhead: %u\ntail: %u\nissued: %u\n",
		   c->ring ? 1u << c->order : 0, c->head, c->tail, c->issued);
	seq_printf(s, "reserved: %d\ndead: %d\npool: %u\ncached: %u\nspare: %u\n",
		   atomic_read(&c->reserved), c->dead, c->pool_n,
		   c->pool_free ? bitmap_weight(c->pool_free, c->pool_n) : 0,
		   c->spare_n);
	seq_printf(s, "sed_held: %u\n", c->sed_held);
	seq_printf(s, "dmacount: %u\ndmacount_written: %u\n", c->db_want,
		   READ_ONCE(c->db_done));
	seq_printf(s, "cookie: %d\ncompleted_cookie: %d\n", c->dma_chan.cookie,
		   c->dma_chan.completed_cookie);
	seq_printf(s, "submitted: %zu\ndone: %zu\nunacked: %zu\n",
		   list_count_nodes(&c->submitted), list_count_nodes(&c->done),
		   list_count_nodes(&c->unacked));
	if (!c->dead) {
		sts = cbdma_chan_chansts(c);
		err = readl(c->regs + CBDMA_CHANERR);
	}
	seq_printf(s, "chansts: %#llx\nchanerr: %#x\n", sts, err);
	seq_puts(s, "chanerr_history:\n");
	for (i = 0; i < CBDMA_ERR_HISTORY; i++) {
		struct cbdma_err_record *r = &c->errs[i];

		if (!r->jiffies)
			continue;
		cbdma_chanerr_scnprint(names, sizeof(names), r->chanerr);
		seq_printf(s, "  %llu: chansts %#llx chanerr %#x %s\n",
			   r->jiffies, r->chansts, r->chanerr, names);
	}
	spin_unlock_bh(&c->lock);

	seq_puts(s, "op ops bytes errors\n");
	for (i = 0; i < CBDMA_KIND_NR; i++)
		seq_printf(s, "%s %llu %llu %llu\n", kind_names[i], st.ops[i],
			   st.bytes[i], st.errors[i]);
	seq_printf(s, "aborted %llu\nresets %llu\nwatchdog %llu\nirqs %llu\ndoorbells %llu\n",
		   st.aborted, st.resets, st.watchdog, st.irqs, st.doorbells);
	seq_printf(s, "desc_allocs %llu\nspares_freed %llu\nring_grows %llu\n",
		   st.desc_allocs, st.spares_freed, st.ring_grows);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cbdma_chan);

/* what the device offers clients, after the probe self-test */
static int cbdma_caps_show(struct seq_file *s, void *unused)
{
	struct cbdma_device *cbdev = s->private;
	static const struct {
		enum dma_transaction_type t;
		const char *name;
	} caps[] = {
		{ DMA_MEMCPY, "memcpy" }, { DMA_MEMSET, "memset" },
		{ DMA_XOR, "xor" }, { DMA_XOR_VAL, "xor_val" },
		{ DMA_PQ, "pq" }, { DMA_PQ_VAL, "pq_val" },
		{ DMA_INTERRUPT, "interrupt" }, { DMA_PRIVATE, "private" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(caps); i++)
		if (dma_has_cap(caps[i].t, cbdev->dma_dev.cap_mask))
			seq_printf(s, "%s ", caps[i].name);
	seq_printf(s, "\nmax_xor %u\nmax_pq %u\nversion %#x\ndmacapability %#x\nxfercap_log %u\n",
		   cbdev->caps.max_xor, cbdev->caps.max_pq, cbdev->version,
		   cbdev->hwcap, cbdev->xfercap_log);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cbdma_caps);

void cbdma_debugfs_init(struct cbdma_device *cbdev)
{
	unsigned int i;
	char name[16];

	if (!cbdma_debugfs_root)
		cbdma_debugfs_root = debugfs_lookup("cbdma", NULL) ?:
				     debugfs_create_dir("cbdma", NULL);
	cbdev->debugfs = debugfs_create_dir(pci_name(cbdev->pdev),
					    cbdma_debugfs_root);
	debugfs_create_file("caps", 0444, cbdev->debugfs, cbdev,
			    &cbdma_caps_fops);
	for (i = 0; i < cbdev->nr_chans; i++) {
		snprintf(name, sizeof(name), "chan%u", i);
		debugfs_create_file(name, 0444, cbdev->debugfs,
				    &cbdev->chans[i], &cbdma_chan_fops);
	}
}

void cbdma_debugfs_exit(struct cbdma_device *cbdev)
{
	debugfs_remove_recursive(cbdev->debugfs);
	cbdev->debugfs = NULL;
}
