/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atx internals: the channel table, the operation record shared by the
 * offload and software paths, and statistics.
 */
#ifndef _ATX_H
#define _ATX_H

#include <linux/async_tx.h>
#include <linux/atx.h>
#include <linux/dmaengine.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/timer.h>
#include <linux/raid/pq.h>

enum atx_op_type {
	ATX_MEMCPY,
	ATX_MEMSET,
	ATX_XOR,
	ATX_XOR_VAL,
	ATX_PQ,
	ATX_PQ_VAL,
	ATX_INTERRUPT,
	ATX_NR_OPS,
};

/* why an operation ran in software */
enum atx_sw_reason {
	ATX_SW_NOCHAN,		/* no channel has the capability */
	ATX_SW_LIMITS,		/* source count, alignment or length */
	ATX_SW_NOMEM,		/* no memory for the record or the mapping */
	ATX_SW_ERROR,		/* the device failed it; recomputed */
	ATX_NR_REASONS,
};

/* largest source count of one record: a 16-source PQ descriptor */
#define ATX_MAX_SRC		16
/* largest disk count of gen_syndrome/syndrome_val, P and Q included */
#define ATX_MAX_DISKS		258
/* xor_blocks() and lib/raid6 work on multiples of this many bytes */
#define ATX_PARITY_ALIGN	512

struct atx_chan {
	struct list_head node;		/* in atx_chans, RCU */
	struct dma_chan *chan;
	/*
	 * dma_chan_name() reads chan->dev, which its device's unregistering
	 * frees: a channel held back (atx_retire()) may outlive that
	 */
	char name[32];
	/*
	 * what the pick reads of every channel for an operation with no
	 * parent, copied from the device when the channel is taken (a
	 * provider's capabilities are fixed once it registers): the types
	 * it runs (BIT(atx_op_type)), their alignment (enum
	 * dmaengine_alignment) and its source limits
	 */
	u32 types;
	u8 align[ATX_NR_OPS];
	int max_xor;
	int max_pq;
	int max_pq_continue;
	struct kref ref;	/* the table's, and one per record */
	bool retiring;
	/* runs that picked it and have not ended; waiters on its records */
	atomic_t users;
	atomic_t inflight;	/* records submitted and not completed */
	/*
	 * doorbells (atx_chan_kick()), without a lock: descriptors since
	 * the last flush; the newest cookie submitted; the newest that
	 * interrupts, submitted and issued (either may lag behind)
	 */
	atomic_t unissued;
	dma_cookie_t last_submitted;
	dma_cookie_t irq_submitted;
	dma_cookie_t irq_issued;
	struct timer_list flush_timer;	/* issues what no one else will */
	atomic_long_t inflight_bytes;
	/*
	 * service rate, bytes per microsecond, averaged over windows of
	 * completions (atx_chan_done()): bytes and records done in the
	 * window that started at win_start (local_clock()), and when the
	 * channel last ran out of work
	 */
	unsigned long rate;
	u64 win_start;
	u64 win_bytes;
	unsigned int win_recs;
	u64 last_done;
	atomic64_t ops;
	atomic64_t bytes;
};

/* atx_op.flags */
#define ATX_OP_READS_DST	BIT(0)	/* reads dst (xor: as src[0]) */
#define ATX_OP_CONTINUE		BIT(1)	/* pq: P and Q accumulate */
#define ATX_OP_CUSTOM_COEF	BIT(2)	/* pq: coef[] are not disk weights */

enum atx_op_state {
	ATX_OP_NEW,
	ATX_OP_INFLIGHT,
	ATX_OP_DONE,
};

/*
 * One unit of work: a device descriptor when offloaded, or a software
 * step. It describes its inputs fully, so that a descriptor the device
 * failed is recomputed in software from the same record.
 */
struct atx_op {
	struct kref ref;	/* the submitter, the descriptor, dependants */
	enum atx_op_type type;
	unsigned int flags;
	int state;		/* enum atx_op_state, read without a lock */
	int error;		/* 0, or the dmaengine_tx_result reported */
	size_t len;
	int nsrc;
	struct page *src[ATX_MAX_SRC];
	unsigned int src_off[ATX_MAX_SRC];
	dma_addr_t src_dma[ATX_MAX_SRC];
	/* pq: disk index of each source (weight g^idx) or a coefficient */
	u8 coef[ATX_MAX_SRC];
	/* xor, memcpy, memset: dst[0]; pq: P and Q, NULL when disabled */
	struct page *dst[2];
	unsigned int dst_off[2];
	dma_addr_t dst_dma[2];
	int value;				/* memset */
	enum sum_check_flags *result;		/* xor_val, pq_val */

	struct atx_chan *ac;			/* NULL: software */
	struct dma_async_tx_descriptor *tx;
	struct atx_op *dep;			/* same-channel parent */
	struct hlist_node hnode;		/* descriptor -> record */
	struct list_head fix;			/* completion deferred */
	int pending;				/* its provider result */
	/* the client had acknowledged tx when the provider completed it */
	bool tx_acked;
	bool redone;				/* recomputed in software */
	u64 submitted;		/* local_clock(), if the channel was idle */
	dma_cookie_t cookie;
	/* the last record of an operation completes it for the client */
	bool last;
	bool result_aware;
	dma_async_tx_callback cb_fn;
	void *cb_param;
	struct atx_submit_ctl submit;		/* for cb_result */
};

/* one API call in progress: its records run on ac, or in software */
struct atx_run {
	struct async_submit_ctl *submit;
	enum atx_op_type type;
	struct atx_chan *ac;		/* NULL: software */
	struct atx_op *prev;		/* last record queued, a reference */
	int queued;			/* records this call queued */
	int error;			/* enum dmaengine_tx_result */
};

/* why a doorbell that handed the channel new work was rung */
enum atx_ring_reason {
	ATX_RING_BATCH,		/* issue_batch descriptors waited */
	ATX_RING_CALLBACK,	/* a call with a callback ended */
	ATX_RING_COMPLETION,	/* an interrupting descriptor completed */
	ATX_RING_TIMER,		/* the flush timer */
	ATX_RING_WAIT,		/* someone waits for a result */
	ATX_RING_FULL,		/* a prep found the ring full */
	ATX_RING_RETIRE,	/* the channel is being given back */
	ATX_NR_RINGS,
};

struct atx_stats {
	atomic64_t rings[ATX_NR_RINGS];
	atomic64_t dma[ATX_NR_OPS];
	atomic64_t sw[ATX_NR_OPS];
	atomic64_t why[ATX_NR_OPS][ATX_NR_REASONS];
	atomic64_t failed[ATX_NR_OPS];
};

extern struct atx_stats atx_stats;
extern struct list_head atx_chans;
extern const char *const atx_op_names[ATX_NR_OPS];
extern unsigned int atx_dep_timeout_ms;
extern atomic_t atx_deferred;	/* completions waiting for process context */

/* atx_chan.c */
struct atx_need {
	enum atx_op_type type;
	int nsrc;		/* sources of the whole operation */
	size_t len;
	unsigned int off;	/* the offsets, for the alignment check: */
	unsigned int *offs;	/* per page, or NULL: all at off */
	int noffs;
};

struct atx_chan *atx_pick(const struct atx_need *need, struct atx_op *parent,
			  enum atx_sw_reason *why);
void atx_chan_put(struct atx_chan *ac);
void atx_unuse(struct atx_chan *ac);
void atx_chan_submitted(struct atx_chan *ac, dma_cookie_t cookie, bool irq);
void atx_chan_kick(struct atx_chan *ac, bool irq);
void atx_chan_flush(struct atx_chan *ac, enum atx_ring_reason why);
void atx_chan_poll(struct atx_chan *ac);
void atx_chan_done(struct atx_chan *ac, size_t len, u64 submitted,
		   bool idle);
int atx_chans_init(void);
void atx_chans_exit(void);
int atx_set_max_channels(int max);
#if IS_ENABLED(CONFIG_KUNIT)
bool atx_fits(struct atx_chan *ac, const struct atx_need *need,
	      enum atx_sw_reason *why);
bool atx_filter(struct dma_chan *chan, void *param);
#endif
u64 atx_chan_load(u64 queued, bool idle, size_t len);
bool atx_chan_sooner(u64 load, unsigned long rate, u64 load2,
		     unsigned long rate2);
int atx_nr_channels(void);
unsigned int atx_set_start_bytes(unsigned int bytes);
int atx_chan_op_counts(u64 *ops, int max);
void atx_set_offload_mask(u32 mask);

/* atx_op.c */
int atx_ops_init(void);
void atx_ops_exit(void);
struct atx_op *atx_op_alloc(enum atx_op_type type, size_t len);
void atx_op_put(struct atx_op *op);
struct atx_op *atx_op_of(struct dma_async_tx_descriptor *tx);
struct atx_op *atx_op_take(struct dma_async_tx_descriptor *tx);
void atx_ack(struct dma_async_tx_descriptor *tx);
void atx_forget_chan(struct atx_chan *ac);
int atx_wait_tx(struct dma_async_tx_descriptor *tx);
int atx_wait_op(struct atx_op *op);
int atx_op_submit(struct atx_op *op, struct atx_run *run, bool last);
void atx_finish(struct async_submit_ctl *submit, int error);
void atx_count_sw(enum atx_op_type type, enum atx_sw_reason why);
struct seq_file;
void atx_ops_show_inflight(struct seq_file *s);
int atx_hashed_records(void);

/* atx_run.c */
void atx_run_begin(struct atx_run *run, struct async_submit_ctl *submit,
		   const struct atx_need *need);
int atx_run_dma(struct atx_run *run, struct atx_op *op, bool last);
struct dma_async_tx_descriptor *atx_run_end(struct atx_run *run);

/* atx_api.c */
struct dma_async_tx_descriptor *
atx_reject(struct async_submit_ctl *submit, enum atx_op_type type,
	   const char *why);
struct dma_async_tx_descriptor *
atx_gf_sum(struct page *dst, unsigned int doff, struct page **srcs,
	   unsigned int *soffs, const u8 *coef, int n, size_t len,
	   struct async_submit_ctl *submit);

/* atx_sw.c */
int atx_sw_init(void);
void atx_sw_exit(void);
int atx_sw_run(struct atx_op *op);
void atx_sw_memcpy(struct page *dst, unsigned int doff, struct page *src,
		   unsigned int soff, size_t len);
void atx_sw_memset(struct page *dst, unsigned int off, int val, size_t len);
void atx_sw_xor(struct page *dst, unsigned int doff, bool keep_dst,
		struct page **srcs, unsigned int *offs, int n, size_t len);
bool atx_sw_xor_zero(struct page **srcs, unsigned int *offs, unsigned int off,
		     int n, size_t len);
int atx_sw_pq(struct page **blocks, unsigned int *offs, int disks, size_t len,
	      int from, bool xor_dst);
void atx_sw_gf(struct page *dst, unsigned int doff, struct page **srcs,
	       unsigned int *soffs, const u8 *coef, int n, size_t len);
int atx_sw_2data(struct page **blocks, unsigned int *offs, int disks,
		 size_t len, int faila, int failb);
int atx_sw_datap(struct page **blocks, unsigned int *offs, int disks,
		 size_t len, int faila);
int atx_sw_pq_val(struct page **blocks, unsigned int *offs, int disks,
		  size_t len, enum sum_check_flags *result);

/* atx_debugfs.c */
void atx_debugfs_init(void);
void atx_debugfs_exit(void);

/*
 * Whether a record's completion has run: its outcome (error, result,
 * recomputation) is visible once this is true.
 */
static inline bool atx_op_is_done(struct atx_op *op)
{
	/* pairs with the smp_store_release() in atx_op_finish() */
	return smp_load_acquire(&op->state) == ATX_OP_DONE;
}

static inline bool atx_result_aware(struct async_submit_ctl *submit)
{
	return submit->flags & ATX_SUBMIT_RESULT;
}

/* the caller waits for a callback: its last descriptor interrupts */
static inline bool atx_wants_irq(struct async_submit_ctl *submit)
{
	return submit->cb_fn || atx_result_aware(submit);
}

static inline struct atx_submit_ctl *to_atx_submit(struct async_submit_ctl *s)
{
	return container_of(s, struct atx_submit_ctl, submit);
}

#endif /* _ATX_H */
