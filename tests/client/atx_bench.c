// SPDX-License-Identifier: GPL-2.0
/*
 * atx_bench: drives the async_tx API for `make bench`. It uses only the
 * kernel's <linux/async_tx.h>, so the same module measures atx.ko and the
 * kernel's async_tx modules, whichever is loaded.
 *
 *   cd /sys/kernel/debug/atx_bench
 *   echo "xor srcs=8 len=4096 ops=4000 inflight=64" >run
 *   cat run  ->  "result=ok ops=4000 ns=... ns_per_op=... mbps=..."
 *
 * ops independent xors of srcs pages into one of inflight destinations,
 * inflight of them submitted before waiting for their completions; mbps
 * counts the source bytes.
 *
 *   echo "stripe srcs=4 ops=2000 inflight=16" >run
 *
 * ops chains shaped like md raid5's full-stripe write (ops_run_biodrain()
 * and ops_run_reconstruct5()): srcs fenced copies, each depending on the
 * one before, then an xor of the copies into a parity page with the
 * chain's only callback; mbps counts the data bytes.
 */
#include <linux/async_tx.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/parser.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define BENCH_MAX_SRCS		16
#define BENCH_MAX_INFLIGHT	256
#define BENCH_TIMEOUT_MS	60000

static DEFINE_MUTEX(bench_lock);
static char bench_result[160] = "result=none\n";
static struct dentry *bench_dir;

struct bench_batch {
	atomic_t left;
	struct completion done;
};

static void bench_done(void *p)
{
	struct bench_batch *b = p;

	if (atomic_dec_and_test(&b->left))
		complete(&b->done);
}

/*
 * One md-like stripe @i: copy srcs pages into the stripe's own pages,
 * chained and fenced, then xor them into its parity page.
 */
static void bench_stripe(struct page **pages, struct page **lists, int srcs,
			 size_t len, int i, struct bench_batch *batch)
{
	struct page **sp = &pages[srcs + i * (srcs + 1)];
	struct dma_async_tx_descriptor *tx = NULL;
	struct async_submit_ctl submit;
	int j;

	for (j = 0; j < srcs; j++) {
		init_async_submit(&submit, ASYNC_TX_FENCE, tx, NULL, NULL,
				  NULL);
		tx = async_memcpy(sp[j], pages[j], 0, 0, len, &submit);
	}
	memcpy(&lists[i * srcs], sp, srcs * sizeof(*sp));
	init_async_submit(&submit, ASYNC_TX_ACK | ASYNC_TX_XOR_ZERO_DST, tx,
			  bench_done, batch, NULL);
	async_xor(sp[srcs], &lists[i * srcs], 0, srcs, len, &submit);
}

static int bench_ops(bool stripe, int srcs, size_t len, int ops,
		     int inflight)
{
	struct page **pages, **lists;
	struct async_submit_ctl submit;
	struct bench_batch *batch;
	/* the sources, then per op its destination (and stripe pages) */
	int npages = srcs + inflight * (stripe ? srcs + 1 : 1);
	int i, n, done = 0, ret = 0;
	unsigned long timeout = msecs_to_jiffies(BENCH_TIMEOUT_MS);
	ktime_t t0, t1;
	s64 ns, submit_ns = 0;

	pages = kcalloc(npages, sizeof(*pages), GFP_KERNEL);
	/* the kernel's async_xor overwrites a list without scribble space */
	lists = kcalloc(inflight * srcs, sizeof(*lists), GFP_KERNEL);
	/* late callbacks after a timeout still find it: not on the stack */
	batch = kzalloc(sizeof(*batch), GFP_KERNEL);
	if (!pages || !lists || !batch) {
		kfree(pages);
		kfree(lists);
		kfree(batch);
		return -ENOMEM;
	}
	for (i = 0; i < npages; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i]) {
			ret = -ENOMEM;
			goto out;
		}
		memset(page_address(pages[i]), i, PAGE_SIZE);
	}
	t0 = ktime_get();
	while (done < ops) {
		n = min(inflight, ops - done);
		atomic_set(&batch->left, n);
		init_completion(&batch->done);
		t1 = ktime_get();
		for (i = 0; i < n; i++) {
			if (stripe) {
				bench_stripe(pages, lists, srcs, len, i, batch);
				continue;
			}
			memcpy(&lists[i * srcs], pages, srcs * sizeof(*pages));
			init_async_submit(&submit, ASYNC_TX_ACK |
					  ASYNC_TX_XOR_ZERO_DST, NULL,
					  bench_done, batch, NULL);
			async_xor(pages[srcs + i], &lists[i * srcs], 0, srcs,
				  len, &submit);
		}
		async_tx_issue_pending_all();
		submit_ns += ktime_to_ns(ktime_sub(ktime_get(), t1));
		if (!wait_for_completion_timeout(&batch->done, timeout)) {
			/* callbacks may still come: leak what they touch */
			pr_err("atx_bench: no completion in %d ms\n",
			       BENCH_TIMEOUT_MS);
			ret = -ETIMEDOUT;
			goto leak;
		}
		done += n;
	}
	ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	snprintf(bench_result, sizeof(bench_result),
		 "result=ok ops=%d ns=%lld ns_per_op=%lld submit_ns_per_op=%lld mbps=%lld\n",
		 ops, ns, div_s64(ns, ops), div_s64(submit_ns, ops),
		 div_s64((s64)ops * srcs * len * 1000, max_t(s64, ns, 1)));
out:
	for (i = 0; i < npages; i++)
		if (pages[i])
			__free_page(pages[i]);
	kfree(pages);
	kfree(lists);
	kfree(batch);
	return ret;
leak:
	kfree(pages);
	return ret;
}

enum { OPT_SRCS, OPT_LEN, OPT_OPS, OPT_INFLIGHT, OPT_ERR };

static const match_table_t bench_opts = {
	{ OPT_SRCS, "srcs=%u" },
	{ OPT_LEN, "len=%u" },
	{ OPT_OPS, "ops=%u" },
	{ OPT_INFLIGHT, "inflight=%u" },
	{ OPT_ERR, NULL },
};

static int bench_run(char *cmd)
{
	int srcs = 8, len = PAGE_SIZE, ops = 1000, inflight = 64, v;
	substring_t args[MAX_OPT_ARGS];
	char *p, *op;

	op = strsep(&cmd, "\t\n ");
	if (!op || (strcmp(op, "xor") && strcmp(op, "stripe")))
		return -EINVAL;
	while ((p = strsep(&cmd, "\t\n "))) {
		if (!*p)
			continue;
		switch (match_token(p, bench_opts, args)) {
		case OPT_SRCS:
			if (match_int(args, &v) || v < 2 || v > BENCH_MAX_SRCS)
				return -EINVAL;
			srcs = v;
			break;
		case OPT_LEN:
			if (match_int(args, &v) || v < 512 || v > PAGE_SIZE ||
			    v % 512)
				return -EINVAL;
			len = v;
			break;
		case OPT_OPS:
			if (match_int(args, &v) || v < 1)
				return -EINVAL;
			ops = v;
			break;
		case OPT_INFLIGHT:
			if (match_int(args, &v) || v < 1 ||
			    v > BENCH_MAX_INFLIGHT)
				return -EINVAL;
			inflight = v;
			break;
		default:
			return -EINVAL;
		}
	}
	return bench_ops(!strcmp(op, "stripe"), srcs, len, ops, inflight);
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	char *cmd;
	int ret;

	if (count > 256)
		return -EINVAL;
	cmd = memdup_user_nul(ubuf, count);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&bench_lock);
	snprintf(bench_result, sizeof(bench_result), "result=error\n");
	ret = bench_run(cmd);
	if (ret)
		snprintf(bench_result, sizeof(bench_result),
			 "result=error errno=%d\n", ret);
	mutex_unlock(&bench_lock);
	kfree(cmd);
	return ret ? ret : count;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, bench_result,
				      strlen(bench_result));
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.write = bench_write,
	.read = bench_read,
	.llseek = default_llseek,
};

static int __init bench_init(void)
{
	bench_dir = debugfs_create_dir("atx_bench", NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &bench_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_DESCRIPTION("async_tx throughput benchmark for make bench");
MODULE_LICENSE("GPL");
