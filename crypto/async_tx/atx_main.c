// SPDX-License-Identifier: GPL-2.0
/*
 * atx: cbdma's async_tx layer, a drop-in for the kernel's crypto/async_tx
 * modules (see Documentation/cbdma/atx.rst). Module setup, the calls that
 * are not operations, and statistics.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <kunit/visibility.h>

#include "atx.h"

struct atx_stats atx_stats;
EXPORT_SYMBOL_IF_KUNIT(atx_stats);

const char *const atx_op_names[ATX_NR_OPS] = {
	[ATX_MEMCPY] = "memcpy",
	[ATX_MEMSET] = "memset",
	[ATX_XOR] = "xor",
	[ATX_XOR_VAL] = "xor_val",
	[ATX_PQ] = "pq",
	[ATX_PQ_VAL] = "pq_val",
	[ATX_INTERRUPT] = "interrupt",
};
EXPORT_SYMBOL_IF_KUNIT(atx_op_names);

static const char *const atx_ring_names[ATX_NR_RINGS] = {
	[ATX_RING_BATCH] = "batch",
	[ATX_RING_CALLBACK] = "callback",
	[ATX_RING_COMPLETION] = "completion",
	[ATX_RING_TIMER] = "timer",
	[ATX_RING_WAIT] = "wait",
	[ATX_RING_FULL] = "full",
	[ATX_RING_RETIRE] = "retire",
};

static const char *const atx_reason_names[ATX_NR_REASONS] = {
	[ATX_SW_NOCHAN] = "nochan",
	[ATX_SW_LIMITS] = "limits",
	[ATX_SW_NOMEM] = "nomem",
	[ATX_SW_ERROR] = "error",
};

/*
 * Submit a descriptor the caller prepared on chan. A parent on another
 * channel is waited for first (bounded); there is no channel switch.
 */
void async_tx_submit(struct dma_chan *chan, struct dma_async_tx_descriptor *tx,
		     struct async_submit_ctl *submit)
{
	struct dma_async_tx_descriptor *dep = submit->depend_tx;

	if (atx_result_aware(submit)) {
		tx->callback = NULL;
		tx->callback_result = to_atx_submit(submit)->cb_result;
	} else {
		tx->callback = submit->cb_fn;
	}
	tx->callback_param = submit->cb_param;
	if (dep && dep->chan != chan && atx_wait_tx(dep))
		pr_err_ratelimited("atx: %s: submitting behind a failed or late parent\n",
				   dma_chan_name(chan));
	dmaengine_submit(tx);
	/* atx's channels are private: dma_issue_pending_all() skips them */
	dma_async_issue_pending(chan);
	if (submit->flags & ASYNC_TX_ACK)
		async_tx_ack(tx);
	atx_ack(dep);
}
EXPORT_SYMBOL_GPL(async_tx_submit);

static const enum atx_op_type atx_of_dma[] = {
	[DMA_MEMCPY] = ATX_MEMCPY,
	[DMA_MEMSET] = ATX_MEMSET,
	[DMA_XOR] = ATX_XOR,
	[DMA_XOR_VAL] = ATX_XOR_VAL,
	[DMA_PQ] = ATX_PQ,
	[DMA_PQ_VAL] = ATX_PQ_VAL,
	[DMA_INTERRUPT] = ATX_INTERRUPT,
};

/* a channel for tx_type, its parent's when it can: for callers that prep */
struct dma_chan *__async_tx_find_channel(struct async_submit_ctl *submit,
					 enum dma_transaction_type tx_type)
{
	struct atx_need need = { .nsrc = 2 };
	struct atx_op *parent;
	struct dma_chan *chan = NULL;
	enum atx_sw_reason why;
	struct atx_chan *ac;

	switch (tx_type) {
	case DMA_MEMCPY: case DMA_MEMSET: case DMA_XOR: case DMA_XOR_VAL:
	case DMA_PQ: case DMA_PQ_VAL: case DMA_INTERRUPT:
		need.type = atx_of_dma[tx_type];
		break;
	default:
		return NULL;
	}
	parent = atx_op_of(submit->depend_tx);
	ac = atx_pick(&need, parent, &why);
	atx_op_put(parent);
	if (ac) {
		chan = ac->chan;
		atx_unuse(ac);
	}
	return chan;
}
EXPORT_SYMBOL_GPL(__async_tx_find_channel);

/*
 * Call the completion once the parent is done: on the parent's channel by
 * an interrupt descriptor when it is still queued there, else here.
 */
struct dma_async_tx_descriptor *
async_trigger_callback(struct async_submit_ctl *submit)
{
	struct dma_async_tx_descriptor *dep = submit->depend_tx;
	struct atx_op *parent = atx_op_of(dep);
	struct atx_need need = { .type = ATX_INTERRUPT };
	struct atx_run run;
	int error = 0;

	if (parent && !atx_op_is_done(parent)) {
		atx_op_put(parent);
		atx_run_begin(&run, submit, &need);
		if (run.ac)
			atx_run_dma(&run, atx_op_alloc(ATX_INTERRUPT, 0), true);
		return atx_run_end(&run);
	}
	atx_op_put(parent);
	if (dep) {
		if (atx_wait_tx(dep))
			error = DMA_TRANS_ABORTED;
		atx_ack(dep);
	}
	atx_finish(submit, error);
	return NULL;
}
EXPORT_SYMBOL_GPL(async_trigger_callback);

/*
 * Wait for a descriptor (bounded) and let go of it. The kernel's version
 * panics when the descriptor did not complete; this one says so.
 */
void async_tx_quiesce(struct dma_async_tx_descriptor **tx)
{
	if (!*tx)
		return;
	if (atx_wait_tx(*tx))
		pr_err_ratelimited("atx: quiesce: the operation failed or did not complete in time\n");
	atx_ack(*tx);
	*tx = NULL;
}
EXPORT_SYMBOL_GPL(async_tx_quiesce);

static struct dentry *atx_debugfs;

static int atx_stats_show(struct seq_file *s, void *unused)
{
	struct atx_chan *ac;
	int t, r;

	for (t = 0; t < ATX_NR_OPS; t++) {
		seq_printf(s, "op %s dma=%lld sw=%lld", atx_op_names[t],
			   atomic64_read(&atx_stats.dma[t]),
			   atomic64_read(&atx_stats.sw[t]));
		for (r = 0; r < ATX_NR_REASONS; r++)
			seq_printf(s, " %s=%lld", atx_reason_names[r],
				   atomic64_read(&atx_stats.why[t][r]));
		seq_printf(s, " failed=%lld\n",
			   atomic64_read(&atx_stats.failed[t]));
	}
	seq_puts(s, "doorbells");
	for (r = 0; r < ATX_NR_RINGS; r++)
		seq_printf(s, " %s=%lld", atx_ring_names[r],
			   atomic64_read(&atx_stats.rings[r]));
	seq_printf(s, "\ndeferred %d\n", atomic_read(&atx_deferred));
	rcu_read_lock();
	list_for_each_entry_rcu(ac, &atx_chans, node)
		seq_printf(s, "chan %s ops=%lld bytes=%lld inflight=%d rate=%lu\n",
			   ac->name, atomic64_read(&ac->ops),
			   atomic64_read(&ac->bytes),
			   atomic_read(&ac->inflight), READ_ONCE(ac->rate));
	rcu_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(atx_stats);

static int atx_inflight_show(struct seq_file *s, void *unused)
{
	atx_ops_show_inflight(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(atx_inflight);

static int __init atx_init(void)
{
	int ret;

	ret = atx_sw_init();
	if (ret)
		return ret;
	ret = atx_ops_init();
	if (ret)
		goto err_sw;
	atx_debugfs = debugfs_create_dir("atx", NULL);
	debugfs_create_file("stats", 0444, atx_debugfs, NULL,
			    &atx_stats_fops);
	debugfs_create_file("inflight", 0444, atx_debugfs, NULL,
			    &atx_inflight_fops);
	ret = atx_chans_init();
	if (ret)
		goto err_ops;
	pr_info("atx: async_tx with %d channel(s), raid6 %s\n",
		atx_nr_channels(), raid6_call.name);
	return 0;

err_ops:
	debugfs_remove_recursive(atx_debugfs);
	atx_ops_exit();
err_sw:
	atx_sw_exit();
	return ret;
}

static void __exit atx_exit(void)
{
	atx_chans_exit();
	debugfs_remove_recursive(atx_debugfs);
	atx_ops_exit();
	atx_sw_exit();
}

module_init(atx_init);
module_exit(atx_exit);

MODULE_DESCRIPTION("cbdma's async_tx: offloaded memcpy, memset, xor and RAID6 with software fallback");
MODULE_LICENSE("GPL");
