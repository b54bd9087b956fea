// SPDX-License-Identifier: GPL-2.0
/*
 * cbdma_client: a dmaengine client driven from debugfs, for guest tests,
 * `make run` and benchmarks. It takes any channel, cbdma's or another
 * driver's, through dma_request_channel(), runs one operation on it and
 * reports what the client saw: the callback result, tx_status, and whether
 * the data is right.
 *
 *   echo "memcpy chan=dma0chan1 len=4096 off=3 count=1" > .../cbdma_client/run
 *   cat .../cbdma_client/run
 *   ok op=memcpy chan=dma0chan1 len=4096 count=1 result=noerror
 *      status=complete verify=ok sum=0x0 ns=52000 submit_ns=3000
 *      issue_ns=1000
 *
 * ns covers the batch from the first prep to the last callback (wall
 * clock), dev_ns from issue_pending to the last callback (wall clock; 0
 * with poll), submit_ns the prep, submit and issue_pending calls alone and
 * issue_ns the issue_pending call (completions are held off meanwhile).
 * With poll, complete_ns is the one tx_status call that reaps the whole
 * batch and runs its callbacks; polls=0 when something else reaped it
 * first (the figure is then meaningless). The submit and complete figures
 * are for poll runs: without poll, the wall-clock stamp for dev_ns is
 * inside submit_ns. clock_ns is what two back-to-back reads of the clock
 * cost (client_now()), which each of submit_ns and issue_ns holds once.
 * status is tx_status of the batch's last cookie, first_status of its
 * first, asked after the last callback.
 *
 * Clocks: a TCG guest's clocksource is the HPET (its vCPUs' TSCs are
 * found unsynchronised), whose every read traps to QEMU, and local_clock()
 * is then clamped to tick windows and may stand still. The short windows
 * run on one CPU with preemption off and read that CPU's TSC
 * (client_now()); dev_ns spans CPUs and uses the wall clock.
 *
 * Operations: memcpy memset xor xor_val pq pq_val interrupt badaddr
 * (a memcpy from a bus address nothing decodes). Keys: chan= (a channel
 * name; default any with the capability), len=, off= (byte offset of every
 * buffer), src= (sources for xor/pq), count= (operations submitted before
 * one issue_pending; the figures are for the batch), corrupt (xor_val,
 * pq_val: plant a mismatch), irq_last (only the last operation of the
 * batch asks for an interrupt: the others complete with it, as with a
 * streaming client), poll (no operation asks for an interrupt: the client
 * gives the device settle_ms= (default 20) and then reaps the batch with
 * one tx_status call, so neither figure includes an interrupt),
 * warm (one untimed 64-byte copy, reaped by polling, right before the
 * timed batch: see client_warm()), timeout_ms= (bound of the wait),
 * issue_every= (stream: issue_pending after every that many operations,
 * with softirqs let in after each, so the device works while the rest are
 * prepared; dev_ns then runs from the first issue_pending; a full ring is
 * waited for, not an error), no_issue (never call issue_pending: only
 * what the provider starts by itself completes, see cbdma's issue_level),
 * hold_ms= (keep the channel that long after the run, at most
 * CLIENT_MAX_HOLD_MS, for tests of what an idle channel does), noack (the
 * descriptors are not acked: the provider keeps them until the channel is
 * released), late (after the run, prepare a 16-source PQ, hold_ms, then
 * submit it; its result is reported as late=, see client_late()).
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/sched/clock.h>
#include <linux/module.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/raid/pq.h>
#include <linux/slab.h>
#include <linux/string.h>
#ifdef CONFIG_X86
#include <asm/msr.h>
#include <asm/tsc.h>
#endif

#define CLIENT_MAX_SRC	16
#define CLIENT_MAX_LEN	(4u << 20)
#define CLIENT_MAX_COUNT 4096
#define CLIENT_MAX_HOLD_MS 60000

struct client_cmd {
	char op[16];
	char chan[32];
	size_t len;
	unsigned int off;
	unsigned int nsrc;
	unsigned int count;
	unsigned int timeout_ms;
	unsigned int settle_ms;
	unsigned int issue_every;
	unsigned int hold_ms;
	bool no_issue;
	bool corrupt;
	bool irq_last;
	bool poll;
	bool warm;
	bool noack;
	bool late;
};

struct client_buf {
	void *va;
	dma_addr_t dma;
	size_t size;
};

struct client_run {
	struct completion done;
	atomic_t callbacks;
	enum dmaengine_tx_result result;
	unsigned int expected;
	bool stamp;		/* the last callback takes the time */
	u64 done_ns;
};

static DEFINE_MUTEX(client_lock);
static char client_result[384] = "none\n";
static struct dentry *client_dir;

static bool client_filter(struct dma_chan *chan, void *param)
{
	const char *name = param;

	return !name[0] || !strcmp(dma_chan_name(chan), name);
}

/* nanoseconds on this CPU's TSC; the caller keeps to one CPU */
static u64 client_now(void)
{
#ifdef CONFIG_X86
	return mul_u64_u32_div(rdtsc_ordered(), USEC_PER_SEC, tsc_khz ?: 1);
#else
	return local_clock();
#endif
}

static void client_callback(void *arg, const struct dmaengine_result *res)
{
	struct client_run *run = arg;

	if (res->result != DMA_TRANS_NOERROR)
		run->result = res->result;
	if (atomic_inc_return(&run->callbacks) == run->expected) {
		if (run->stamp)
			run->done_ns = ktime_get_ns();
		complete(&run->done);
	}
}

static const char *result_name(enum dmaengine_tx_result r)
{
	switch (r) {
	case DMA_TRANS_NOERROR:
		return "noerror";
	case DMA_TRANS_READ_FAILED:
		return "read_failed";
	case DMA_TRANS_WRITE_FAILED:
		return "write_failed";
	case DMA_TRANS_ABORTED:
		return "aborted";
	}
	return "unknown";
}

static const char *status_name(enum dma_status s)
{
	switch (s) {
	case DMA_COMPLETE:
		return "complete";
	case DMA_IN_PROGRESS:
		return "in_progress";
	case DMA_PAUSED:
		return "paused";
	case DMA_ERROR:
		return "error";
	default:
		return "unknown";
	}
}

/* a word without a value: sets @flag when it is @name */
static bool client_flag(const char *tok, const char *name, bool *flag)
{
	if (strcmp(tok, name))
		return false;
	*flag = true;
	return true;
}

static int client_parse(char *line, struct client_cmd *cmd)
{
	char *tok;
	int ret = 0;

	memset(cmd, 0, sizeof(*cmd));
	cmd->len = 4096;
	cmd->nsrc = 3;
	cmd->count = 1;
	cmd->timeout_ms = 10000;
	cmd->settle_ms = 20;
	tok = strsep(&line, " \t\n");
	if (!tok || !*tok)
		return -EINVAL;
	strscpy(cmd->op, tok, sizeof(cmd->op));
	while ((tok = strsep(&line, " \t\n")) && !ret) {
		unsigned long v;
		char *val;

		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (client_flag(tok, "corrupt", &cmd->corrupt) ||
		    client_flag(tok, "irq_last", &cmd->irq_last) ||
		    client_flag(tok, "poll", &cmd->poll) ||
		    client_flag(tok, "warm", &cmd->warm) ||
		    client_flag(tok, "no_issue", &cmd->no_issue) ||
		    client_flag(tok, "noack", &cmd->noack) ||
		    client_flag(tok, "late", &cmd->late))
			continue;
		if (!val)
			return -EINVAL;
		*val++ = 0;
		if (!strcmp(tok, "chan")) {
			strscpy(cmd->chan, val, sizeof(cmd->chan));
			continue;
		}
		ret = kstrtoul(val, 0, &v);
		if (ret)
			return ret;
		if (v > UINT_MAX)
			return -ERANGE;
		if (!strcmp(tok, "len"))
			cmd->len = v;
		else if (!strcmp(tok, "off"))
			cmd->off = v;
		else if (!strcmp(tok, "src"))
			cmd->nsrc = v;
		else if (!strcmp(tok, "count"))
			cmd->count = v;
		else if (!strcmp(tok, "timeout_ms"))
			cmd->timeout_ms = v;
		else if (!strcmp(tok, "settle_ms"))
			cmd->settle_ms = v;
		else if (!strcmp(tok, "issue_every"))
			cmd->issue_every = v;
		else if (!strcmp(tok, "hold_ms"))
			cmd->hold_ms = v;
		else
			return -EINVAL;
	}
	if (!cmd->len || cmd->len > CLIENT_MAX_LEN || cmd->off >= PAGE_SIZE ||
	    !cmd->nsrc || cmd->nsrc > CLIENT_MAX_SRC || !cmd->count ||
	    cmd->count > CLIENT_MAX_COUNT || !cmd->timeout_ms ||
	    (cmd->poll && cmd->settle_ms >= cmd->timeout_ms) ||
	    cmd->issue_every > cmd->count ||
	    cmd->hold_ms > CLIENT_MAX_HOLD_MS ||
	    (cmd->no_issue && (cmd->issue_every || cmd->poll)))
		return -ERANGE;
	return ret;
}

static int client_buf_alloc(struct device *dev, struct client_buf *b,
			    size_t size)
{
	b->size = size;
	b->va = alloc_pages_exact(size, GFP_KERNEL);
	if (!b->va)
		return -ENOMEM;
	b->dma = dma_map_single(dev, b->va, size, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, b->dma)) {
		free_pages_exact(b->va, size);
		b->va = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void client_buf_free(struct device *dev, struct client_buf *b)
{
	if (!b->va)
		return;
	dma_unmap_single(dev, b->dma, b->size, DMA_BIDIRECTIONAL);
	free_pages_exact(b->va, b->size);
	b->va = NULL;
}

static enum dma_transaction_type client_cap(const char *op)
{
	if (!strcmp(op, "memset"))
		return DMA_MEMSET;
	if (!strcmp(op, "xor"))
		return DMA_XOR;
	if (!strcmp(op, "xor_val"))
		return DMA_XOR_VAL;
	if (!strcmp(op, "pq"))
		return DMA_PQ;
	if (!strcmp(op, "pq_val"))
		return DMA_PQ_VAL;
	if (!strcmp(op, "interrupt"))
		return DMA_INTERRUPT;
	return DMA_MEMCPY;
}

/* the expected P (xor) and Q (lib/raid6 coefficients g^i) of the sources */
static void client_reference(struct client_cmd *cmd, u8 **src, u8 *p, u8 *q)
{
	unsigned int i;
	size_t b;

	memset(p, 0, cmd->len);
	memset(q, 0, cmd->len);
	for (i = 0; i < cmd->nsrc; i++)
		for (b = 0; b < cmd->len; b++) {
			p[b] ^= src[i][b];
			q[b] ^= raid6_gfmul[raid6_gfexp[i]][src[i][b]];
		}
}

/*
 * One 64-byte copy of a source onto itself, submitted and polled to
 * completion, so that both drivers' timed batches meet the device model
 * as a streaming client's do: right after the previous work, while the
 * model's engine thread still polls for doorbells (its poll-us property).
 * A doorbell that has to wake it costs tens of microseconds under TCG,
 * and ioatdma runs a NULL descriptor when a channel is allocated where
 * cbdma does not. The wait spins: a sleep lasts milliseconds under TCG,
 * longer than the engine polls.
 */
static int client_warm(struct dma_chan *chan, dma_addr_t addr,
		       unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	struct dma_async_tx_descriptor *tx;
	enum dma_status status;
	dma_cookie_t cookie;

	tx = chan->device->device_prep_dma_memcpy(chan, addr, addr, 64,
						  DMA_CTRL_ACK);
	if (!tx)
		return -EBUSY;
	cookie = dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	do {
		status = dmaengine_tx_status(chan, cookie, NULL);
		if (status != DMA_IN_PROGRESS)
			return status == DMA_COMPLETE ? 0 : -EIO;
		cpu_relax();
		cond_resched();
	} while (time_before(jiffies, deadline));
	return -ETIMEDOUT;
}

/*
 * A 16-source PQ prepared before the hold and submitted after it, for
 * tests that remove the device meanwhile: super-extended descriptors held
 * across a remove. Its addresses are outside memory, so that, should the
 * device still be there, the engine faults instead of writing anywhere.
 * Returns what the callback said, for the result line.
 */
static const char *client_late(struct dma_chan *chan,
			       const struct client_cmd *cmd)
{
	dma_addr_t src[CLIENT_MAX_SRC], pq[2] = { 0xfff0000000ULL,
						  0xfff0010000ULL };
	struct dma_async_tx_descriptor *tx;
	struct client_run run = { .expected = 1 };
	u8 coef[CLIENT_MAX_SRC];
	unsigned int i;

	if (!dma_has_cap(DMA_PQ, chan->device->cap_mask) ||
	    dma_maxpq(chan->device, 0) < CLIENT_MAX_SRC)
		return "nopq16";
	for (i = 0; i < CLIENT_MAX_SRC; i++) {
		src[i] = 0xfff0020000ULL + i * PAGE_SIZE;
		coef[i] = raid6_gfexp[i];
	}
	tx = chan->device->device_prep_dma_pq(chan, pq, src, CLIENT_MAX_SRC,
					      coef, PAGE_SIZE,
					      DMA_CTRL_ACK |
					      DMA_PREP_INTERRUPT);
	if (!tx)
		return "noprep";
	init_completion(&run.done);
	tx->callback_result = client_callback;
	tx->callback_param = &run;
	msleep_interruptible(cmd->hold_ms);
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	if (!wait_for_completion_timeout(&run.done,
					 msecs_to_jiffies(cmd->timeout_ms))) {
		/* the callback must not run after we return */
		dmaengine_terminate_sync(chan);
		return "timeout";
	}
	return result_name(run.result);
}

static int client_run_cmd(struct client_cmd *cmd)
{
	struct client_buf bufs[CLIENT_MAX_SRC + 4] = { };
	enum dma_transaction_type cap = client_cap(cmd->op);
	size_t size = PAGE_ALIGN(cmd->len + cmd->off);
	struct dma_async_tx_descriptor *tx;
	u8 *src[CLIENT_MAX_SRC], *dst, *p, *q, *ref_p, *ref_q;
	dma_addr_t dsrc[CLIENT_MAX_SRC + 1], dpq[2];
	u8 coef[CLIENT_MAX_SRC];
	enum sum_check_flags res = 0;
	struct client_run run = { };
	enum dma_status status = DMA_COMPLETE, first_status;
	dma_cookie_t cookie = 0, first_cookie = 0;
	bool verify = true, val;
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	struct device *dev;
	char name[32];
	unsigned int i, n;
	u64 c0, c_issue, c_issued, issue_kt = 0, complete_ns = 0, clock_ns;
	unsigned int polls = 0;
	bool early = false;
	s64 dev_ns = 0;
	unsigned long deadline;
	ktime_t t0, t1;
	int ret = 0;

	dma_cap_zero(mask);
	dma_cap_set(cap, mask);
	chan = dma_request_channel(mask, client_filter, cmd->chan);
	if (!chan) {
		snprintf(client_result, sizeof(client_result),
			 "nochannel op=%s chan=%s\n", cmd->op, cmd->chan);
		return -ENODEV;
	}
	/*
	 * The name now: once the device is unbound, chan->dev is freed
	 * while we still hold the channel.
	 */
	strscpy(name, dma_chan_name(chan), sizeof(name));
	dev = chan->device->dev;
	n = cmd->nsrc + 4;
	for (i = 0; i < n; i++) {
		ret = client_buf_alloc(dev, &bufs[i], size);
		if (ret)
			goto out;
	}
	for (i = 0; i < cmd->nsrc; i++) {
		src[i] = bufs[i].va + cmd->off;
		get_random_bytes(src[i], cmd->len);
		dsrc[i] = bufs[i].dma + cmd->off;
		coef[i] = raid6_gfexp[i];
	}
	p = bufs[cmd->nsrc].va + cmd->off;
	dst = p;
	q = bufs[cmd->nsrc + 1].va + cmd->off;
	ref_p = bufs[cmd->nsrc + 2].va + cmd->off;
	ref_q = bufs[cmd->nsrc + 3].va + cmd->off;
	dpq[0] = bufs[cmd->nsrc].dma + cmd->off;
	dpq[1] = bufs[cmd->nsrc + 1].dma + cmd->off;
	memset(dst, 0, cmd->len);
	memset(q, 0, cmd->len);
	val = cap == DMA_XOR_VAL || cap == DMA_PQ_VAL;
	if (val) {
		/* correct parity first, then maybe a planted mismatch */
		client_reference(cmd, src, p, q);
		if (cmd->corrupt) {
			q[cmd->len / 2] ^= 0x10;
			p[cmd->len / 3] ^= 0x01;
		}
	}
	for (i = 0; i < n; i++)
		dma_sync_single_for_device(dev, bufs[i].dma, size,
					   DMA_BIDIRECTIONAL);

	if (cmd->warm) {
		ret = client_warm(chan, dsrc[0], cmd->timeout_ms);
		if (ret) {
			snprintf(client_result, sizeof(client_result),
				 "nowarm op=%s chan=%s err=%d\n", cmd->op,
				 name, ret);
			dmaengine_terminate_sync(chan);
			goto out;
		}
	}
	init_completion(&run.done);
	run.expected = cmd->count;
	t0 = ktime_get();
	/*
	 * Completions run in softirq context: keep them out of the submit
	 * figures, which would otherwise include the interrupt a fast
	 * device raises before issue_pending even returns.
	 */
	run.stamp = !cmd->poll;
	deadline = jiffies + msecs_to_jiffies(cmd->timeout_ms);
	local_bh_disable();
	c0 = client_now();
	for (i = 0; i < cmd->count; i++) {
		struct dma_device *dma = chan->device;
		unsigned long flags = cmd->noack ? 0 : DMA_CTRL_ACK;

		if (!cmd->poll && (!cmd->irq_last || i == cmd->count - 1))
			flags |= DMA_PREP_INTERRUPT;
retry:
		if (!strcmp(cmd->op, "memcpy")) {
			tx = dma->device_prep_dma_memcpy(chan, dpq[0], dsrc[0],
							 cmd->len, flags);
		} else if (!strcmp(cmd->op, "badaddr")) {
			tx = dma->device_prep_dma_memcpy(chan, dpq[0],
							 0xfff0000000ULL,
							 cmd->len, flags);
		} else if (cap == DMA_MEMSET) {
			tx = dma->device_prep_dma_memset(chan, dpq[0], 0x5a,
							 cmd->len, flags);
		} else if (cap == DMA_XOR) {
			tx = dma->device_prep_dma_xor(chan, dpq[0], dsrc,
						      cmd->nsrc, cmd->len,
						      flags);
		} else if (cap == DMA_XOR_VAL) {
			memmove(&dsrc[1], dsrc, cmd->nsrc * sizeof(*dsrc));
			dsrc[0] = dpq[0];
			tx = dma->device_prep_dma_xor_val(chan, dsrc,
							  cmd->nsrc + 1,
							  cmd->len, &res,
							  flags);
			memmove(dsrc, &dsrc[1], cmd->nsrc * sizeof(*dsrc));
		} else if (cap == DMA_PQ) {
			tx = dma->device_prep_dma_pq(chan, dpq, dsrc, cmd->nsrc,
						     coef, cmd->len, flags);
		} else if (cap == DMA_PQ_VAL) {
			tx = dma->device_prep_dma_pq_val(chan, dpq, dsrc,
							 cmd->nsrc, coef,
							 cmd->len, &res, flags);
		} else {
			tx = dma->device_prep_dma_interrupt(chan, flags);
		}
		if (!tx && cmd->issue_every && i &&
		    time_before(jiffies, deadline)) {
			/*
			 * a full ring while streaming: start it, reap, and
			 * let softirqs in (the provider's completions and
			 * watchdog may be queued on this CPU)
			 */
			dma_async_issue_pending(chan);
			dmaengine_tx_status(chan, cookie, NULL);
			local_bh_enable();
			cpu_relax();
			local_bh_disable();
			goto retry;
		}
		if (!tx) {
			local_bh_enable();
			ret = -EBUSY;
			snprintf(client_result, sizeof(client_result),
				 "noprep op=%s chan=%s len=%zu at=%u\n",
				 cmd->op, name, cmd->len, i);
			dmaengine_terminate_sync(chan);
			goto out;
		}
		tx->callback_result = client_callback;
		tx->callback_param = &run;
		cookie = dmaengine_submit(tx);
		if (!i)
			first_cookie = cookie;
		if (cmd->issue_every && !((i + 1) % cmd->issue_every) &&
		    i + 1 < cmd->count) {
			if (run.stamp && !issue_kt)
				issue_kt = ktime_get_ns();
			dma_async_issue_pending(chan);
			/*
			 * a window for softirqs: the provider's completion
			 * context, which gives descriptors back, runs as it
			 * would for any client that does not keep BH off
			 */
			local_bh_enable();
			local_bh_disable();
		}
	}
	if (run.stamp && !issue_kt)
		issue_kt = ktime_get_ns();
	c_issue = client_now();
	if (!cmd->no_issue)
		dma_async_issue_pending(chan);
	c_issued = client_now();
	/* what two reads of the clock cost alone, here */
	clock_ns = client_now();
	clock_ns = client_now() - clock_ns;
	local_bh_enable();
	if (cmd->poll) {
		/* the device has had its time: one call reaps the batch */
		msleep(cmd->settle_ms);
		/*
		 * Someone else (the provider's watchdog) may have reaped the
		 * batch meanwhile: then the call below times nothing, and
		 * polls=0 says so.
		 */
		early = atomic_read(&run.callbacks) > 0;
		do {
			u64 c;

			preempt_disable();
			c = client_now();
			status = dmaengine_tx_status(chan, cookie, NULL);
			if (!polls++)
				complete_ns = client_now() - c;
			preempt_enable();
			if (status == DMA_COMPLETE)
				break;
			usleep_range(100, 200);
		} while (time_before(jiffies, deadline));
		if (early)
			polls = 0;
	}
	if (!wait_for_completion_timeout(&run.done,
					 max_t(long, deadline - jiffies, 1))) {
		status = dmaengine_tx_status(chan, cookie, NULL);
		snprintf(client_result, sizeof(client_result),
			 "timeout op=%s chan=%s callbacks=%d/%u status=%s\n",
			 cmd->op, name,
			 atomic_read(&run.callbacks), cmd->count,
			 status_name(status));
		dmaengine_terminate_sync(chan);
		ret = -ETIMEDOUT;
		goto out;
	}
	t1 = ktime_get();
	if (run.stamp)
		dev_ns = run.done_ns - issue_kt;
	status = dmaengine_tx_status(chan, cookie, NULL);
	first_status = dmaengine_tx_status(chan, first_cookie, NULL);

	for (i = 0; i < n; i++)
		dma_sync_single_for_cpu(dev, bufs[i].dma, size,
					DMA_BIDIRECTIONAL);
	if (run.result != DMA_TRANS_NOERROR || status != DMA_COMPLETE) {
		verify = false;
	} else if (!strcmp(cmd->op, "memcpy")) {
		verify = !memcmp(dst, src[0], cmd->len);
	} else if (cap == DMA_MEMSET) {
		verify = !memchr_inv(dst, 0x5a, cmd->len);
	} else if (cap == DMA_XOR || cap == DMA_PQ) {
		client_reference(cmd, src, ref_p, ref_q);
		verify = !memcmp(p, ref_p, cmd->len) &&
			 (cap == DMA_XOR || !memcmp(q, ref_q, cmd->len));
	} else if (val) {
		verify = !!res == cmd->corrupt;
	}

	snprintf(client_result, sizeof(client_result),
		 "ok op=%s chan=%s len=%zu count=%u result=%s status=%s verify=%s sum=%#x ns=%lld dev_ns=%lld submit_ns=%llu issue_ns=%llu complete_ns=%llu polls=%u clock_ns=%llu first_status=%s\n",
		 cmd->op, name, cmd->len, cmd->count,
		 result_name(run.result), status_name(status),
		 verify ? "ok" : "bad", res, ktime_to_ns(ktime_sub(t1, t0)),
		 dev_ns, c_issued - c0, c_issued - c_issue, complete_ns, polls,
		 clock_ns, status_name(first_status));
out:
	for (i = 0; i < n; i++)
		client_buf_free(dev, &bufs[i]);
	if (cmd->late && !ret) {
		const char *late = client_late(chan, cmd);
		size_t at = strcspn(client_result, "\n");

		scnprintf(client_result + at, sizeof(client_result) - at,
			  " late=%s\n", late);
	} else if (cmd->hold_ms) {
		msleep_interruptible(cmd->hold_ms);
	}
	dma_release_channel(chan);
	return ret;
}

static ssize_t client_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct client_cmd cmd;
	char line[128];
	int ret;

	if (count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = 0;
	ret = client_parse(line, &cmd);
	if (ret) {
		snprintf(client_result, sizeof(client_result),
			 "badcommand %d\n", ret);
		return ret;
	}
	mutex_lock(&client_lock);
	client_run_cmd(&cmd);
	mutex_unlock(&client_lock);
	return count;
}

static ssize_t client_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	char buf[sizeof(client_result)];
	size_t len;

	mutex_lock(&client_lock);
	len = strscpy(buf, client_result, sizeof(buf));
	mutex_unlock(&client_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations client_fops = {
	.owner = THIS_MODULE,
	.write = client_write,
	.read = client_read,
	.llseek = default_llseek,
};

static int __init client_init(void)
{
	client_dir = debugfs_create_dir("cbdma_client", NULL);
	debugfs_create_file("run", 0600, client_dir, NULL, &client_fops);
	return 0;
}

static void __exit client_exit(void)
{
	debugfs_remove_recursive(client_dir);
}

module_init(client_init);
module_exit(client_exit);
MODULE_DESCRIPTION("dmaengine test client driven from debugfs");
MODULE_LICENSE("GPL");
