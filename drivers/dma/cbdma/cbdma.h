/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbdma: dmaengine provider for Intel I/OAT (Crystal Beach DMA) v3.x.
 *
 * Locking, in the order they nest (each may be taken while holding
 * the ones above it, never the other way):
 *   cbdma_chan.cb_lock       one context at a time runs completions
 *                            (unmap, dependencies, callbacks) so that
 *                            they stay in order; held across callbacks,
 *                            which may prep and submit.
 *   cbdma_chan.lock          ring indices, the lists, the count the
 *                            doorbell writes, recovery. Taken with _bh.
 *   cbdma_chan.db_lock       the DMACOUNT write itself (see
 *                            cbdma_chan_ring()).
 * No lock is held between prep and tx_submit: prep builds the hardware
 * images in the software descriptor and reserves ring space; tx_submit
 * copies the images into the ring in cookie order.
 */
#ifndef _CBDMA_H
#define _CBDMA_H

#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "cookie.h"
#include "desc.h"
#include "registers.h"
#include "ring.h"
#include "../../../include/linux/cbdma.h"

#define CBDMA_MAX_CHANS		8
#define CBDMA_ERR_HISTORY	8
/*
 * Software descriptors of up to this many slots and no super-extended
 * descriptor (every copy or fill up to two XFERCAPs, xor, pq up to 8
 * sources) come from a pool allocated with the channel, one per slot of
 * the initial ring, and go back to it: the prep path allocates nothing
 * while the ring has not grown. Past the pool, such descriptors are
 * allocated once and kept on the channel's spare list, up to the size of
 * the ring it has grown to, so that the pool grows with the ring, and
 * freed by the watchdog once the channel has been idle for
 * CBDMA_SPARE_IDLE, CBDMA_SPARE_TRIM a look (a look every watchdog_ms or
 * so), so that no softirq frees a grown ring's worth. Others are
 * allocated and freed each time.
 */
#define CBDMA_DESC_POOL_SLOTS	2
#define CBDMA_SPARE_IDLE	HZ
#define CBDMA_SPARE_TRIM	128

/*
 * A super-extended descriptor: written into @img at prep, copied to the
 * pool block @va (bus address @dma) at submit, under the channel lock
 * (see cbdma_desc_get_seds()).
 */
struct cbdma_sed {
	struct cbdma_hw_desc *va;
	dma_addr_t dma;
	struct cbdma_hw_desc img[2];
};

enum cbdma_op_kind {
	CBDMA_KIND_MEMCPY,
	CBDMA_KIND_MEMSET,
	CBDMA_KIND_XOR,
	CBDMA_KIND_XOR_VAL,
	CBDMA_KIND_PQ,
	CBDMA_KIND_PQ_VAL,
	CBDMA_KIND_INTERRUPT,
	CBDMA_KIND_NR,
};

/**
 * struct cbdma_desc - a software descriptor: one dmaengine transaction
 * @txd: what the client sees
 * @node: on cbdma_chan.sed_prepared from prep to submit if it has
 *	super-extended descriptors, on cbdma_chan.submitted, then on
 *	cbdma_chan.done, then on cbdma_chan.unacked until acked; free, on
 *	cbdma_chan.spare
 * @kind: operation, for statistics and result decoding
 * @len: bytes the client asked for
 * @nslots: ring slots the hardware images take
 * @cap: hardware images @hw has room for
 * @nsed: super-extended descriptors held (PQ with more than 8 sources),
 *	from prep until the descriptor leaves the ring
 * @first: free-running ring index of the first slot (set at submit)
 * @compl: slot whose completion ends this transaction: relative to
 *	@first until submit, a free-running ring index after
 * @result: client's sum_check_flags for *_val operations
 * @res: result reported to the callback
 * @seds: room for the super-extended descriptors, @nsed of them held
 * @hw: @nslots hardware images, copied into the ring at submit
 */
struct cbdma_desc {
	struct dma_async_tx_descriptor txd;
	struct list_head node;
	enum cbdma_op_kind kind;
	size_t len;
	u16 nslots;
	u16 cap;
	u16 nsed;
	u16 first;
	u16 compl;
	enum sum_check_flags *result;
	struct dmaengine_result res;
	struct cbdma_sed *seds;
	struct cbdma_hw_desc hw[];
};

struct cbdma_stats {
	u64 ops[CBDMA_KIND_NR];
	u64 bytes[CBDMA_KIND_NR];
	u64 errors[CBDMA_KIND_NR];
	u64 aborted;
	u64 resets;
	u64 watchdog;
	u64 irqs;
	u64 doorbells;
	u64 desc_allocs;
	u64 spares_freed;
	u64 ring_grows;
};

struct cbdma_err_record {
	u64 jiffies;
	u32 chanerr;
	u64 chansts;
};

struct cbdma_device;

/**
 * struct cbdma_chan - one hardware channel
 * @dma_chan: the dmaengine channel
 * @cbdev: owning device
 * @id: channel index
 * @regs: this channel's registers
 * @lock: protects everything below marked [lock]
 * @cb_lock: held by the one context running completions
 * @db_lock: serialises DMACOUNT writes (see cbdma_chan_ring())
 * @db_want: [lock] DMACOUNT value that covers every issued slot
 * @db_done: [db_lock] DMACOUNT value last written
 * @ring: [lock] hardware ring, 2^@order slots of 64 bytes
 * @ring_dma: [lock] its bus address
 * @order: [lock] log2 of the ring size
 * @head: [lock] free-running index of the next slot to fill
 * @tail: [lock] oldest slot not yet reclaimed
 * @issued: [lock] slots up to here have been given to the hardware
 * @chain_base: [lock] index whose slot CHAINADDR was last pointed at
 * @reserved: slots promised to prepared, unsubmitted descriptors (taken
 *	without the lock: see cbdma_reserve())
 * @grow: [lock] ring order wanted once the ring drains
 * @submitted: [lock] submitted descriptors, oldest first
 * @done: [lock] completed descriptors waiting for their callbacks
 * @unacked: [lock] completed descriptors the client has not acked
 * @pool: descriptors allocated with the channel (CBDMA_DESC_POOL_SLOTS)
 * @pool_n: how many
 * @pool_free: bit i set: descriptor i of @pool is free (atomic bitops)
 * @spare: [lock] free pool-sized descriptors allocated past @pool, freed
 *	when the channel is idle (cbdma_desc_trim_spare())
 * @spare_n: [lock] how many descriptors are on @spare
 * @sed_prepared: [lock] prepared, unsubmitted descriptors that hold
 *	super-extended descriptors
 * @sed_held: [lock] super-extended descriptors held by this channel's
 *	descriptors
 * @last_completion: [lock] last completion address seen
 * @completion: writeback area for CHANSTS
 * @completion_dma: its bus address
 * @failed: [lock] recent runs of failed cookies, for tx_status
 * @watchdog: fires when issued work makes no progress
 * @progress_stamp: [lock] jiffies of the last progress
 * @watchdog_addr: [lock] completed-descriptor address of CHANSTS last seen
 * @cleanup_task: completion processing after an interrupt
 * @dead: set at remove/shutdown: prep completes with an error at once
 * @stats: [lock] counters, shown in debugfs (doorbells: [db_lock])
 * @errs: [lock] last CHANERR values seen
 */
struct cbdma_chan {
	struct dma_chan dma_chan;
	struct cbdma_device *cbdev;
	unsigned int id;
	void __iomem *regs;

	spinlock_t lock;	/* protects the fields marked [lock] */
	spinlock_t cb_lock;	/* one context at a time runs completions */
	spinlock_t db_lock;	/* DMACOUNT writes, in order */
	u16 db_want;
	u16 db_done;

	struct cbdma_hw_desc *ring;
	dma_addr_t ring_dma;
	unsigned int order;
	u16 head;
	u16 tail;
	u16 issued;
	u16 chain_base;
	atomic_t reserved;
	unsigned int grow;
	struct list_head submitted;
	struct list_head done;
	struct list_head unacked;
	void *pool;
	unsigned int pool_n;
	unsigned long *pool_free;
	struct list_head spare;
	unsigned int spare_n;
	u64 last_completion;

	u64 *completion;
	dma_addr_t completion_dma;

	struct timer_list watchdog;
	unsigned long progress_stamp;
	u64 watchdog_addr;
	struct tasklet_struct cleanup_task;
	bool dead;

	struct cbdma_stats stats;

	/* cold: faults, tx_status of finished work, PQ over 8 sources */
	struct cbdma_failed_runs failed;
	struct list_head sed_prepared;
	unsigned int sed_held;
	struct cbdma_err_record errs[CBDMA_ERR_HISTORY];
	unsigned int errs_next;
	struct dentry *debugfs;
};

/**
 * struct cbdma_caps - what the driver offers, derived from DMACAPABILITY
 * @mask: dmaengine capabilities
 * @max_xor: sources per xor
 * @max_pq: sources per pq (with DMA_PREP_CONTINUE accounted for)
 * @pq16: 16-source descriptors available
 * @dwbes: validate results written back into the descriptor
 */
struct cbdma_caps {
	dma_cap_mask_t mask;
	unsigned int max_xor;
	unsigned int max_pq;
	bool pq16;
	bool dwbes;
};

struct cbdma_device {
	struct dma_device dma_dev;
	struct pci_dev *pdev;
	void __iomem *regs;
	u8 version;
	u32 hwcap;
	unsigned int xfercap_log;
	struct cbdma_caps caps;
	unsigned int nr_chans;
	int irq_mode;			/* PCI_IRQ_MSIX, _MSI or _LEGACY */
	bool registered;
	/* binding and dmaengine, once registered: see cbdma_put_dev() */
	refcount_t holds;
	struct dma_pool *sed_pool;
	struct dentry *debugfs;
	struct delayed_work free_work;
	struct list_head release_node;
	/* a channel did not reset: every channel is failed from wedge_work */
	unsigned long wedged;		/* bit 0 */
	struct work_struct wedge_work;
	struct cbdma_chan chans[CBDMA_MAX_CHANS];
};

static inline struct cbdma_chan *to_cbdma_chan(struct dma_chan *c)
{
	return container_of(c, struct cbdma_chan, dma_chan);
}

static inline struct cbdma_desc *
to_cbdma_desc(struct dma_async_tx_descriptor *t)
{
	return container_of(t, struct cbdma_desc, txd);
}

static inline struct device *cbdma_chan_dev(struct cbdma_chan *c)
{
	return &c->cbdev->pdev->dev;
}

/* desc.c: the images with sources (pure, KUnit-tested); desc.h: the rest */
unsigned int cbdma_hw_xor(struct cbdma_hw_desc *hw, bool val, dma_addr_t dst,
			  const dma_addr_t *src, unsigned int nsrc, u32 len,
			  u32 ctl);
unsigned int cbdma_hw_pq(struct cbdma_hw_desc *hw, bool val,
			 const dma_addr_t *pq, const dma_addr_t *src,
			 const u8 *coef, unsigned int nsrc, u32 len, u32 ctl);
void cbdma_hw_pq16(struct cbdma_hw_desc *hw, struct cbdma_hw_desc *sed,
		   dma_addr_t sed_dma, bool val, const dma_addr_t *pq,
		   const dma_addr_t *src, const u8 *coef, unsigned int nsrc,
		   u32 len, u32 ctl);

/* caps.c: capability derivation and CHANERR decoding (pure) */
void cbdma_caps_from_hw(u32 hwcap, u8 version, bool force_private,
			struct cbdma_caps *caps);
bool cbdma_caps_public(struct cbdma_caps *caps);
const char *cbdma_chanerr_name(unsigned int bit);
int cbdma_chanerr_scnprint(char *buf, size_t size, u32 chanerr);
enum dmaengine_tx_result cbdma_chanerr_result(u32 chanerr);

/* chan.c: channel hardware control */
int cbdma_chan_reset_hw(struct cbdma_chan *c);
bool cbdma_chan_reset_or_wedge(struct cbdma_chan *c);
void cbdma_wedge_work(struct work_struct *work);
/* pci.c */
bool cbdma_unbind_later(struct cbdma_device *cbdev);
void cbdma_chan_start_hw(struct cbdma_chan *c);
bool cbdma_chan_issue(struct cbdma_chan *c);
void cbdma_chan_ring(struct cbdma_chan *c);
void cbdma_chan_recover(struct cbdma_chan *c, bool stalled);
void cbdma_watchdog_arm(struct cbdma_chan *c);
void cbdma_watchdog_fn(struct timer_list *t);
u64 cbdma_chan_chansts(struct cbdma_chan *c);

/* dma.c: dmaengine operations other than prep */
int cbdma_alloc_ring(struct cbdma_chan *c, unsigned int order, gfp_t gfp);
void cbdma_free_ring(struct cbdma_chan *c);
bool cbdma_reap(struct cbdma_chan *c);
bool cbdma_cleanup(struct cbdma_chan *c);
void cbdma_cleanup_tasklet(struct tasklet_struct *t);
void __cbdma_fail_submitted(struct cbdma_chan *c,
			    enum dmaengine_tx_result first,
			    struct list_head *to);
void cbdma_chan_kill(struct cbdma_chan *c);
bool cbdma_chan_drain_look(struct cbdma_chan *c);
void cbdma_run_completions(struct cbdma_chan *c);
void cbdma_init_dma_ops(struct cbdma_device *cbdev);
void cbdma_desc_free(struct cbdma_chan *c, struct cbdma_desc *d);
struct cbdma_desc *cbdma_desc_get_pooled(struct cbdma_chan *c);
struct cbdma_desc *cbdma_desc_get_spare(struct cbdma_chan *c);
void cbdma_desc_trim_spare(struct cbdma_chan *c);
void cbdma_desc_init_txd(struct cbdma_chan *c, struct cbdma_desc *d);
bool cbdma_desc_get_seds(struct cbdma_chan *c, struct cbdma_desc *d,
			 unsigned int n);
void cbdma_desc_put_seds(struct cbdma_chan *c, struct cbdma_desc *d);
void cbdma_desc_strip_prepared(struct cbdma_chan *c);

/*
 * @d has left the ring, done or failed: its super-extended descriptors go
 * back (the engine is done with them) and its cookie completes. Lock held.
 */
static inline void cbdma_desc_left_ring(struct cbdma_chan *c,
					struct cbdma_desc *d)
{
	if (unlikely(d->nsed))
		cbdma_desc_put_seds(c, d);
	cbdma_cookie_complete(&d->txd);
}

/* The engine finished @d: account it and queue it for completion. */
static inline void cbdma_desc_retire(struct cbdma_chan *c,
				     struct cbdma_desc *d)
{
	WRITE_ONCE(c->tail, d->first + d->nslots);
	c->stats.ops[d->kind]++;
	c->stats.bytes[d->kind] += d->len;
	cbdma_desc_left_ring(c, d);
	list_move_tail(&d->node, &c->done);
}

/* prep.c */
void cbdma_init_prep_ops(struct cbdma_device *cbdev);
struct cbdma_desc *cbdma_desc_alloc(struct cbdma_chan *c,
				    enum cbdma_op_kind kind,
				    unsigned int nslots, unsigned int nsed,
				    unsigned long flags);

/* selftest.c */
int cbdma_selftest(struct cbdma_device *cbdev);

/* debugfs.c */
void cbdma_debugfs_init(struct cbdma_device *cbdev);
void cbdma_debugfs_exit(struct cbdma_device *cbdev);

/* sysfs.c */
extern const struct attribute_group *cbdma_pci_groups[];

/* module parameters (pci.c) */
extern unsigned int cbdma_ring_min_order;
extern unsigned int cbdma_ring_max_order;
extern unsigned int cbdma_watchdog_ms;
extern unsigned int cbdma_issue_level;

#endif /* _CBDMA_H */
