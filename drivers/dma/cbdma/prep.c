// SPDX-License-Identifier: GPL-2.0
/*
 * Prep operations. Each builds its hardware images in a new software
 * descriptor and reserves ring space for them; nothing is written to the
 * ring and no lock is held until tx_submit. Bad input (zero length, a
 * source count the engine cannot take) returns NULL without a warning;
 * lengths above XFERCAP are split. A NULL for lack of ring space is
 * transient: a ring found full takes no new work until it drains, then
 * grows, up to ring_max_order.
 */
#include <linux/dmapool.h>
#include <linux/slab.h>

#include "cbdma.h"

#define CBDMA_PQ_HW_MAX	(CBDMA_PQ16_MAX_SRC + 3)

static size_t cbdma_xfer_max(struct cbdma_chan *c)
{
	return (size_t)1 << c->cbdev->xfercap_log;
}

static u32 cbdma_ctl_done(unsigned long flags)
{
	return CBDMA_CTL_COMPL_WRITE |
	       ((flags & DMA_PREP_INTERRUPT) ? CBDMA_CTL_INT_EN : 0);
}

static u32 cbdma_ctl_fence(unsigned long flags)
{
	return (flags & DMA_PREP_FENCE) ? CBDMA_CTL_FENCE : 0;
}

/* A bigger ring, swapped in while the ring is empty. Lock held. */
static struct cbdma_hw_desc *cbdma_grow_ring(struct cbdma_chan *c,
					     unsigned int order,
					     dma_addr_t *old_dma,
					     unsigned int *old_order)
{
	struct cbdma_hw_desc *old = c->ring;
	dma_addr_t dma;
	void *ring;

	/* on failure the wish is dropped: the next full ring asks again */
	WRITE_ONCE(c->grow, 0);
	ring = dma_alloc_coherent(cbdma_chan_dev(c),
				  (size_t)CBDMA_DESC_SIZE << order, &dma,
				  GFP_NOWAIT | __GFP_NOWARN);
	if (!ring)
		return NULL;
	if (!cbdma_chan_reset_or_wedge(c)) {
		/* keep the old ring; the caller frees the new one unlocked */
		*old_dma = dma;
		*old_order = order;
		return ring;
	}
	*old_dma = c->ring_dma;
	*old_order = c->order;
	WRITE_ONCE(c->ring, ring);
	c->ring_dma = dma;
	WRITE_ONCE(c->order, order);
	c->stats.ring_grows++;
	cbdma_chan_start_hw(c);
	dev_dbg(cbdma_chan_dev(c), "chan %u: ring grown to %u slots\n",
		c->id, 1u << order);
	return old;
}

/*
 * Reserve @n ring slots under the lock, when the lock-free way found no
 * room or a bigger ring waiting: take back what the engine has completed,
 * grow the ring if it is empty. False when the ring has no room now, or
 * while it drains for a bigger one.
 */
static bool cbdma_reserve_slow(struct cbdma_chan *c, unsigned int n)
{
	struct cbdma_hw_desc *old = NULL;
	unsigned int max_order = READ_ONCE(cbdma_ring_max_order);
	unsigned int old_order = 0;
	int space;
	dma_addr_t old_dma = 0;
	bool reaped = false, ok = false;
	int want;

	spin_lock_bh(&c->lock);
	/* dead since the lock-free look: no reset or ring swap on it */
	if (!c->ring || c->dead)
		goto out;
	/*
	 * Clients that ask for no interrupt may leave a full ring of
	 * completed work; its callbacks run in the tasklet. A ring waiting
	 * to grow waits for its completed work to be reaped too, which
	 * without an interrupt would otherwise be the watchdog's.
	 */
	space = cbdma_ring_space(c->order, c->head, c->tail);
	if (space < atomic_read(&c->reserved) + (int)n || c->grow > c->order)
		reaped = cbdma_reap(c);
	want = cbdma_ring_order_for(cbdma_ring_used(c->head, c->tail) +
				    atomic_read(&c->reserved) + n);
	if (want > 0 && (unsigned int)want > c->order &&
	    (unsigned int)want <= max_order)
		WRITE_ONCE(c->grow, max_t(unsigned int, c->grow, want));
	/* ring_max_order may have been lowered since the wish was made */
	if (c->grow > max_order)
		WRITE_ONCE(c->grow, 0);
	/*
	 * A bigger ring is wanted: swapped in once this one is empty, and
	 * until then no new work, or a client that keeps it full (a stream
	 * that retries its preps) would never let it drain and would wait on
	 * it slot by slot. Not while a reservation is held, whose owner may
	 * be waiting for this one before it submits that one, nor with
	 * interrupts off, where it cannot grow.
	 */
	if (c->grow > c->order && !atomic_read(&c->reserved) &&
	    !irqs_disabled()) {
		if (c->head != c->tail)
			goto out;
		old = cbdma_grow_ring(c, c->grow, &old_dma, &old_order);
	}
	space = cbdma_ring_space(c->order, c->head, c->tail);
	/* lock-free reservations come and go meanwhile: add, then look */
	if (atomic_add_return(n, &c->reserved) <= space)
		ok = true;
	else
		atomic_sub(n, &c->reserved);
out:
	spin_unlock_bh(&c->lock);
	if (reaped)
		tasklet_schedule(&c->cleanup_task);
	if (old)
		dma_free_coherent(cbdma_chan_dev(c),
				  (size_t)CBDMA_DESC_SIZE << old_order, old,
				  old_dma);
	return ok;
}

/*
 * Reserve @n ring slots for a prepared descriptor; false when the ring has
 * no room now. Lock-free while there is room: the reservation is added
 * first (a full barrier), then tail, head and tail again are read.
 * tx_submit moves a reservation into the ring by advancing head before it
 * subtracts from reserved, so a racing submit is counted twice at worst,
 * never missed. A reap between the reads of tail and head would make
 * head - tail count slots twice, even more than the ring holds (the
 * reader may be interrupted there for any time), so a tail that moved
 * sends us to the lock. The ring is only swapped for a bigger one
 * (cbdma_grow_ring()) while it is empty, so room counted in the old ring
 * is room in the new.
 */
static bool cbdma_reserve(struct cbdma_chan *c, unsigned int n)
{
	unsigned int order = READ_ONCE(c->order);
	u16 tail, head;
	int r;

	r = atomic_add_return(n, &c->reserved);
	tail = READ_ONCE(c->tail);
	/* tail, head, tail: head - tail is then the truth or above it */
	smp_rmb();
	head = READ_ONCE(c->head);
	/* head before tail again: an unmoved tail held while head was read */
	smp_rmb();
	if (likely(READ_ONCE(c->tail) == tail && READ_ONCE(c->ring) &&
		   READ_ONCE(c->grow) <= order &&
		   r <= cbdma_ring_space(order, head, tail)))
		return true;
	atomic_sub(n, &c->reserved);
	return cbdma_reserve_slow(c, n);
}

static void cbdma_unreserve(struct cbdma_chan *c, unsigned int n)
{
	atomic_sub(n, &c->reserved);
}

/*
 * A descriptor's fields before its images, field by field: the prep path
 * runs for every operation, and zeroing a structure is a string
 * instruction that QEMU's TCG runs as one translation block per word. A
 * new descriptor comes zeroed; one back from the pool keeps what only
 * cbdma_desc_init_txd() set, and the fields a client or the completion
 * path may have left are cleared here.
 */
static void cbdma_desc_clear(struct cbdma_desc *d)
{
	struct dma_async_tx_descriptor *tx = &d->txd;

	tx->cookie = 0;
	tx->phys = 0;
	tx->desc_free = NULL;
	tx->callback = NULL;
	tx->callback_result = NULL;
	tx->callback_param = NULL;
	tx->unmap = NULL;
	tx->desc_metadata_mode = DESC_METADATA_NONE;
	tx->metadata_ops = NULL;
	txd_clear_parent(tx);
	txd_clear_next(tx);
	d->len = 0;
	d->nsed = 0;
	d->first = 0;
	d->compl = 0;
	d->result = NULL;
	d->res.residue = 0;
}

/**
 * cbdma_desc_alloc - a software descriptor with room for @nslots images
 * @c: channel
 * @kind: operation
 * @nslots: ring slots the operation takes
 * @nsed: super-extended descriptors it needs
 * @flags: client's dma_ctrl_flags
 *
 * On a channel whose device is gone, returns a descriptor with no slot:
 * it completes with DMA_TRANS_ABORTED once submitted and issued, so that
 * clients that retry a NULL prep forever are told instead.
 */
struct cbdma_desc *cbdma_desc_alloc(struct cbdma_chan *c,
				    enum cbdma_op_kind kind,
				    unsigned int nslots, unsigned int nsed,
				    unsigned long flags)
{
	struct cbdma_desc *d = NULL;
	bool dead = READ_ONCE(c->dead), pooled;
	unsigned int cap;

	if (dead) {
		nslots = 0;
		nsed = 0;
	} else if (nslots + CBDMA_RING_RESERVED >
		   (1u << cbdma_ring_max_order)) {
		return NULL;
	}
	/*
	 * The common sizes come from, and go back to, the channel's pool.
	 * Its descriptors have no room for super-extended ones.
	 */
	pooled = !dead && !nsed && nslots <= CBDMA_DESC_POOL_SLOTS;
	cap = pooled ? CBDMA_DESC_POOL_SLOTS : nslots;
	if (!dead && !cbdma_reserve(c, nslots))
		return NULL;

	if (pooled)
		d = cbdma_desc_get_pooled(c);
	if (!d) {
		spin_lock_bh(&c->lock);
		if (pooled)
			d = cbdma_desc_get_spare(c);
		if (!d)
			c->stats.desc_allocs++;
		spin_unlock_bh(&c->lock);
	}
	if (!d) {
		d = kzalloc(struct_size(d, hw, cap) +
			    nsed * sizeof(struct cbdma_sed),
			    GFP_NOWAIT | __GFP_NOWARN);
		if (!d)
			goto unreserve;
		cbdma_desc_init_txd(c, d);
	}
	cbdma_desc_clear(d);
	d->txd.flags = flags;
	d->kind = kind;
	d->nslots = nslots;
	d->cap = cap;
	d->seds = (struct cbdma_sed *)&d->hw[cap];
	if (nsed && !cbdma_desc_get_seds(c, d, nsed))
		goto free;
	d->res.result = dead ? DMA_TRANS_ABORTED : DMA_TRANS_NOERROR;
	return d;

free:
	cbdma_desc_free(c, d);
unreserve:
	if (nslots)
		cbdma_unreserve(c, nslots);
	return NULL;
}

static struct dma_async_tx_descriptor *
cbdma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		  size_t len, unsigned long flags)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	unsigned int n = cbdma_xfer_descs(len, c->cbdev->xfercap_log), i;
	size_t max = cbdma_xfer_max(c), off = 0;
	struct cbdma_desc *d;

	if (!len)
		return NULL;
	d = cbdma_desc_alloc(c, CBDMA_KIND_MEMCPY, n, 0, flags);
	if (!d || !d->nslots)
		return d ? &d->txd : NULL;
	for (i = 0; i < n; i++, off += max) {
		size_t chunk = min(len - off, max);
		u32 ctl = i == n - 1 ? cbdma_ctl_done(flags) |
				       cbdma_ctl_fence(flags) : 0;

		cbdma_hw_copy(&d->hw[i], dst + off, src + off, chunk, ctl);
	}
	d->len = len;
	d->compl = n - 1;
	return &d->txd;
}

static struct dma_async_tx_descriptor *
cbdma_prep_memset(struct dma_chan *chan, dma_addr_t dst, int value,
		  size_t len, unsigned long flags)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	unsigned int n = cbdma_xfer_descs(len, c->cbdev->xfercap_log), i;
	u64 pattern = (u8)value * 0x0101010101010101ULL;
	size_t max = cbdma_xfer_max(c), off = 0;
	struct cbdma_desc *d;

	if (!len)
		return NULL;
	d = cbdma_desc_alloc(c, CBDMA_KIND_MEMSET, n, 0, flags);
	if (!d || !d->nslots)
		return d ? &d->txd : NULL;
	for (i = 0; i < n; i++, off += max) {
		size_t chunk = min(len - off, max);
		u32 ctl = i == n - 1 ? cbdma_ctl_done(flags) |
				       cbdma_ctl_fence(flags) : 0;

		cbdma_hw_fill(&d->hw[i], dst + off, pattern, chunk, ctl);
	}
	d->len = len;
	d->compl = n - 1;
	return &d->txd;
}

/*
 * XOR engine operations end with a NULL descriptor carrying the completion
 * writeback and the interrupt, as the in-tree driver does: the RAID
 * engine's completion writes may pass those of the copy engine.
 */
static struct dma_async_tx_descriptor *
cbdma_xor_common(struct cbdma_chan *c, bool val, dma_addr_t dst,
		 const dma_addr_t *src, unsigned int nsrc, size_t len,
		 enum sum_check_flags *result, unsigned long flags)
{
	unsigned int n = cbdma_xfer_descs(len, c->cbdev->xfercap_log);
	unsigned int per = nsrc > CBDMA_XOR_BASE_SRC ? 2 : 1, i, s, k = 0;
	size_t max = cbdma_xfer_max(c), off = 0;
	dma_addr_t srcs[CBDMA_XOR_MAX_SRC];
	struct cbdma_desc *d;

	d = cbdma_desc_alloc(c, val ? CBDMA_KIND_XOR_VAL : CBDMA_KIND_XOR,
			     n * per + 1, 0, flags);
	if (!d || !d->nslots)
		return d ? &d->txd : NULL;
	for (i = 0; i < n; i++, off += max) {
		size_t chunk = min(len - off, max);
		u32 ctl = i == n - 1 ? cbdma_ctl_fence(flags) : 0;

		for (s = 0; s < nsrc; s++)
			srcs[s] = src[s] + off;
		k += cbdma_hw_xor(&d->hw[k], val, dst + off, srcs, nsrc, chunk,
				  ctl);
	}
	cbdma_hw_null(&d->hw[k], cbdma_ctl_done(flags));
	d->compl = k;
	d->len = len;
	d->result = result;
	if (result)
		*result = 0;
	return &d->txd;
}

static struct dma_async_tx_descriptor *
cbdma_prep_xor(struct dma_chan *chan, dma_addr_t dst, dma_addr_t *src,
	       unsigned int src_cnt, size_t len, unsigned long flags)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);

	if (!len || src_cnt < 2 || src_cnt > c->cbdev->caps.max_xor)
		return NULL;
	return cbdma_xor_common(c, false, dst, src, src_cnt, len, NULL, flags);
}

/* src[0] is the parity; the engine checks it against src[1..] */
static struct dma_async_tx_descriptor *
cbdma_prep_xor_val(struct dma_chan *chan, dma_addr_t *src,
		   unsigned int src_cnt, size_t len,
		   enum sum_check_flags *result, unsigned long flags)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	dma_addr_t one[3];

	if (!len || src_cnt < 2 || src_cnt > c->cbdev->caps.max_xor + 1)
		return NULL;
	if (src_cnt == 2) {
		/* the engine xors two or more: x ^ x ^ x == x */
		one[0] = src[1];
		one[1] = src[1];
		one[2] = src[1];
		return cbdma_xor_common(c, true, src[0], one, 3, len, result,
					flags);
	}
	return cbdma_xor_common(c, true, src[0], &src[1], src_cnt - 1, len,
				result, flags);
}

/*
 * The sources the engine sees for a client's pq: continuation adds the
 * previous P and Q (see dma_maxpq() in include/linux/dmaengine.h), and a
 * single source is given three times with zero coefficients for the extra
 * copies, since the engine needs two or more and P must stay that source.
 */
static unsigned int
cbdma_pq_sources(const dma_addr_t *pq, const dma_addr_t *src,
		 unsigned int src_cnt, const u8 *scf, unsigned long flags,
		 dma_addr_t *s, u8 *coef)
{
	unsigned int n;

	memcpy(s, src, src_cnt * sizeof(*s));
	memcpy(coef, scf, src_cnt);
	n = src_cnt;
	if (dmaf_p_disabled_continue(flags)) {
		s[n] = pq[1];
		coef[n++] = 1;
	} else if (dmaf_continue(flags)) {
		s[n] = pq[0];
		coef[n++] = 0;
		s[n] = pq[1];
		coef[n++] = 1;
		s[n] = pq[1];
		coef[n++] = 0;
	}
	if (n == 1) {
		s[1] = s[0];
		s[2] = s[0];
		coef[1] = 0;
		coef[2] = 0;
		n = 3;
	}
	return n;
}

static struct dma_async_tx_descriptor *
cbdma_pq_common(struct cbdma_chan *c, bool val, const dma_addr_t *dst,
		const dma_addr_t *src, unsigned int src_cnt, const u8 *scf,
		size_t len, enum sum_check_flags *result, unsigned long flags)
{
	struct cbdma_device *cbdev = c->cbdev;
	unsigned int n = cbdma_xfer_descs(len, cbdev->xfercap_log);
	dma_addr_t s[CBDMA_PQ_HW_MAX], so[CBDMA_PQ_HW_MAX], pq[2], pqo[2];
	bool null_compl = cbdev->version < 0x33;
	size_t max = cbdma_xfer_max(c), off = 0;
	unsigned int nsrc, per, i, j, k = 0;
	u8 coef[CBDMA_PQ_HW_MAX];
	struct cbdma_desc *d;
	bool pq16;
	u32 extra;

	if (!len || !src_cnt || src_cnt > cbdev->caps.max_pq)
		return NULL;
	pq[0] = dst[0];
	pq[1] = dst[1];
	/* a disabled result still needs an address the engine accepts */
	if (flags & DMA_PREP_PQ_DISABLE_P)
		pq[0] = pq[1];
	if (flags & DMA_PREP_PQ_DISABLE_Q)
		pq[1] = pq[0];
	nsrc = cbdma_pq_sources(pq, src, src_cnt, scf, flags, s, coef);
	pq16 = nsrc > CBDMA_PQ_MAX_SRC;
	if (nsrc > cbdev->caps.max_pq)
		return NULL;
	per = (!pq16 && nsrc > CBDMA_PQ_BASE_SRC) ? 2 : 1;

	d = cbdma_desc_alloc(c, val ? CBDMA_KIND_PQ_VAL : CBDMA_KIND_PQ,
			     n * per + null_compl, pq16 ? n : 0, flags);
	if (!d || !d->nslots)
		return d ? &d->txd : NULL;
	extra = (flags & DMA_PREP_PQ_DISABLE_P ? CBDMA_CTL_P_DISABLE : 0) |
		(flags & DMA_PREP_PQ_DISABLE_Q ? CBDMA_CTL_Q_DISABLE : 0) |
		(val && cbdev->caps.dwbes ? CBDMA_CTL_WB_EN : 0);
	for (i = 0; i < n; i++, off += max) {
		size_t chunk = min(len - off, max);
		u32 ctl = extra;

		if (i == n - 1) {
			ctl |= cbdma_ctl_fence(flags);
			if (!null_compl)
				ctl |= cbdma_ctl_done(flags);
		}
		for (j = 0; j < nsrc; j++)
			so[j] = s[j] + off;
		pqo[0] = pq[0] + off;
		pqo[1] = pq[1] + off;
		d->compl = k;
		if (pq16) {
			cbdma_hw_pq16(&d->hw[k], d->seds[i].img, d->seds[i].dma,
				      val, pqo, so, coef, nsrc, chunk, ctl);
			k++;
		} else {
			k += cbdma_hw_pq(&d->hw[k], val, pqo, so, coef, nsrc,
					 chunk, ctl);
		}
	}
	if (null_compl) {
		cbdma_hw_null(&d->hw[k], cbdma_ctl_done(flags));
		d->compl = k;
	}
	d->len = len;
	d->result = result;
	if (result)
		*result = 0;
	return &d->txd;
}

static struct dma_async_tx_descriptor *
cbdma_prep_pq(struct dma_chan *chan, dma_addr_t *dst, dma_addr_t *src,
	      unsigned int src_cnt, const unsigned char *scf, size_t len,
	      unsigned long flags)
{
	return cbdma_pq_common(to_cbdma_chan(chan), false, dst, src, src_cnt,
			       scf, len, NULL, flags);
}

static struct dma_async_tx_descriptor *
cbdma_prep_pq_val(struct dma_chan *chan, dma_addr_t *pq, dma_addr_t *src,
		  unsigned int src_cnt, const unsigned char *scf, size_t len,
		  enum sum_check_flags *pqres, unsigned long flags)
{
	if (flags & DMA_PREP_CONTINUE)
		return NULL;
	return cbdma_pq_common(to_cbdma_chan(chan), true, pq, src, src_cnt,
			       scf, len, pqres, flags);
}

static struct dma_async_tx_descriptor *
cbdma_prep_interrupt(struct dma_chan *chan, unsigned long flags)
{
	struct cbdma_chan *c = to_cbdma_chan(chan);
	struct cbdma_desc *d;

	d = cbdma_desc_alloc(c, CBDMA_KIND_INTERRUPT, 1, 0, flags);
	if (!d || !d->nslots)
		return d ? &d->txd : NULL;
	cbdma_hw_null(&d->hw[0], CBDMA_CTL_INT_EN | CBDMA_CTL_COMPL_WRITE |
		      cbdma_ctl_fence(flags));
	d->compl = 0;
	return &d->txd;
}

void cbdma_init_prep_ops(struct cbdma_device *cbdev)
{
	struct dma_device *dma = &cbdev->dma_dev;

	dma->device_prep_dma_memcpy = cbdma_prep_memcpy;
	dma->device_prep_dma_interrupt = cbdma_prep_interrupt;
	if (dma_has_cap(DMA_MEMSET, cbdev->caps.mask))
		dma->device_prep_dma_memset = cbdma_prep_memset;
	if (dma_has_cap(DMA_XOR, cbdev->caps.mask)) {
		dma->max_xor = cbdev->caps.max_xor;
		dma->device_prep_dma_xor = cbdma_prep_xor;
		dma->device_prep_dma_xor_val = cbdma_prep_xor_val;
	}
	if (dma_has_cap(DMA_PQ, cbdev->caps.mask)) {
		dma_set_maxpq(dma, cbdev->caps.max_pq, 0);
		dma->device_prep_dma_pq = cbdma_prep_pq;
		dma->device_prep_dma_pq_val = cbdma_prep_pq_val;
	}
}
