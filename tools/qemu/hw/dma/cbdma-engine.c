/*
 * cbdma: descriptor engine of the I/OAT v3.x model.
 *
 * A channel's work runs in the device's engine thread (cbdma-thread.c),
 * a bounded slice of descriptors at a time, never inside an MMIO write,
 * each descriptor's data moved without the BQL.
 * Descriptors are fetched from guest memory by DMA and executed strictly
 * in order, so a descriptor's writes are visible to every later one:
 * FENCE holds by construction. Every guest mistake ends in a CHANERR bit
 * and a halted channel; nothing a guest writes can stop QEMU.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "sysemu/dma.h"
#include "cbdma.h"
#include "trace.h"

/* bytes processed per step: the size of each bounce buffer */
#define CBDMA_CHUNK     (64 * KiB)

/* gf_mul[a][b]: product in GF(2^8) with the RAID-6 polynomial 0x11d */
static uint8_t gf_mul[256][256];

void cbdma_engine_init(void)
{
    uint8_t gf_exp[512], gf_log[256];
    unsigned int x = 1, i, a, b;

    for (i = 0; i < 255; i++) {
        gf_exp[i] = x;
        gf_log[x] = i;
        x <<= 1;
        if (x & 0x100) {
            x ^= 0x11d;
        }
    }
    for (i = 255; i < 512; i++) {
        gf_exp[i] = gf_exp[i - 255];
    }
    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            gf_mul[a][b] = (a && b) ? gf_exp[gf_log[a] + gf_log[b]] : 0;
        }
    }
}

typedef struct CbdmaDesc {
    uint64_t addr;              /* base slot */
    uint32_t size;
    uint32_t ctl;
    uint8_t op;
    unsigned int slots;         /* ring slots it occupies: 1 or 2 */
    uint64_t next;
    unsigned int nsrc;
    uint64_t src[CBDMA_MAX_SRC];
    uint8_t coef[CBDMA_MAX_SRC];
    uint64_t dst;               /* COPY, FILL, XOR: destination; VAL: parity */
    uint64_t pattern;
    uint64_t p, q;
} CbdmaDesc;

static AddressSpace *cbdma_as(CbdmaChan *c)
{
    return pci_get_address_space(PCI_DEVICE(c->dev));
}

static MemTxResult cbdma_read_slot(CbdmaChan *c, uint64_t addr, uint64_t *w,
                                   unsigned int nwords)
{
    MemTxResult r;
    unsigned int i;

    r = pci_dma_read(PCI_DEVICE(c->dev), addr, w, nwords * 8);
    for (i = 0; i < nwords; i++) {
        w[i] = le64_to_cpu(w[i]);
    }
    return r;
}

static enum CbdmaStatOp cbdma_stat_op(const CbdmaDesc *d)
{
    switch (d->op) {
    case CBDMA_OP_COPY:
        return (d->ctl & CBDMA_CTL_NULL) ? CBDMA_STAT_NULL : CBDMA_STAT_COPY;
    case CBDMA_OP_FILL:
        return CBDMA_STAT_FILL;
    case CBDMA_OP_XOR:
        return CBDMA_STAT_XOR;
    case CBDMA_OP_XOR_VAL:
        return CBDMA_STAT_XOR_VAL;
    case CBDMA_OP_PQ:
    case CBDMA_OP_PQ_16S:
        return CBDMA_STAT_PQ;
    default:
        return CBDMA_STAT_PQ_VAL;
    }
}

static bool cbdma_op_supported(CbdmaState *s, uint8_t op)
{
    switch (op) {
    case CBDMA_OP_COPY:
        return true;
    case CBDMA_OP_FILL:
        return s->capability & CBDMA_CAP_FILL_BLOCK;
    case CBDMA_OP_XOR:
    case CBDMA_OP_XOR_VAL:
        return s->capability & CBDMA_CAP_XOR;
    case CBDMA_OP_PQ:
    case CBDMA_OP_PQ_VAL:
        return s->capability & CBDMA_CAP_PQ;
    case CBDMA_OP_PQ_16S:
    case CBDMA_OP_PQ_VAL_16S:
        return (s->capability & CBDMA_CAP_PQ) &&
               (s->capability & CBDMA_CAP_RAID16SS);
    default:
        return false;
    }
}

/*
 * Fetch and decode the descriptor at c->cdar, with its extension slot
 * (the next ring slot, for XOR with more than 5 sources and PQ with more
 * than 3) or its super-extended descriptor (PQ_16S). Returns CHANERR bits.
 */
static uint32_t cbdma_fetch(CbdmaChan *c, CbdmaDesc *d, bool chain_start)
{
    CbdmaState *s = c->dev;
    uint64_t w[8], ext[8], sed[16];
    unsigned int i;

    memset(d, 0, sizeof(*d));
    d->addr = c->cdar;
    d->slots = 1;
    if (d->addr & (CBDMA_DESC_SIZE - 1)) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: descriptor address "
                      "0x%" PRIx64 " not 64-byte aligned\n", c->id, d->addr);
        return chain_start ? CBDMA_ERR_CHAIN_ADDR_VALUE
                           : CBDMA_ERR_NEXT_DESC_ALIGN;
    }
    if (cbdma_read_slot(c, d->addr, w, 8) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: cannot read "
                      "descriptor at 0x%" PRIx64 "\n", c->id, d->addr);
        return chain_start ? CBDMA_ERR_CHAIN_ADDR_VALUE : CBDMA_ERR_NEXT_ADDR;
    }
    d->size = w[0];
    d->ctl = w[0] >> 32;
    d->op = CBDMA_CTL_OP(d->ctl);
    d->next = w[3];
    trace_cbdma_desc(c->id, d->addr, d->op, d->size, d->ctl);

    if (!cbdma_op_supported(s, d->op)) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: unknown or "
                      "unsupported opcode 0x%x\n", c->id, d->op);
        return CBDMA_ERR_CONTROL;
    }

    switch (d->op) {
    case CBDMA_OP_COPY:
        d->nsrc = (d->ctl & CBDMA_CTL_NULL) ? 0 : 1;
        d->src[0] = w[1];
        d->dst = w[2];
        break;
    case CBDMA_OP_FILL:
        d->pattern = w[1];
        d->dst = w[2];
        break;
    case CBDMA_OP_XOR:
    case CBDMA_OP_XOR_VAL:
        d->nsrc = CBDMA_CTL_SRC_CNT(d->ctl) + 2;
        if (d->nsrc > 8) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: xor with %u "
                          "sources\n", c->id, d->nsrc);
            return CBDMA_ERR_CONTROL;
        }
        d->src[0] = w[1];
        d->dst = w[2];
        for (i = 1; i < 5; i++) {
            d->src[i] = w[3 + i];
        }
        if (d->nsrc > 5) {
            d->slots = 2;
            if (d->next & (CBDMA_DESC_SIZE - 1)) {
                return CBDMA_ERR_NEXT_DESC_ALIGN;
            }
            if (cbdma_read_slot(c, d->next, ext, 8) != MEMTX_OK) {
                return CBDMA_ERR_NEXT_ADDR;
            }
            for (i = 5; i < 8; i++) {
                d->src[i] = ext[i - 5];
            }
            d->next = ext[3];
        }
        break;
    case CBDMA_OP_PQ:
    case CBDMA_OP_PQ_VAL:
        d->nsrc = CBDMA_CTL_SRC_CNT(d->ctl) + 2;
        if (d->nsrc > 8) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: pq with %u "
                          "sources\n", c->id, d->nsrc);
            return CBDMA_ERR_CONTROL;
        }
        d->src[0] = w[1];
        d->p = w[2];
        d->src[1] = w[4];
        d->src[2] = w[5];
        for (i = 0; i < 8; i++) {
            d->coef[i] = w[6] >> (8 * i);
        }
        d->q = w[7];
        if (d->nsrc > 3) {
            d->slots = 2;
            if (d->next & (CBDMA_DESC_SIZE - 1)) {
                return CBDMA_ERR_NEXT_DESC_ALIGN;
            }
            if (cbdma_read_slot(c, d->next, ext, 8) != MEMTX_OK) {
                return CBDMA_ERR_NEXT_ADDR;
            }
            d->src[3] = ext[0];
            d->src[4] = ext[1];
            d->src[5] = ext[2];
            d->next = ext[3];
            d->src[6] = ext[4];
            d->src[7] = ext[5];
        }
        break;
    case CBDMA_OP_PQ_16S:
    case CBDMA_OP_PQ_VAL_16S:
        d->nsrc = CBDMA_CTL_SRC_CNT(d->ctl) + 9;
        d->src[0] = w[1];
        d->p = w[2];
        d->src[1] = w[4];
        for (i = 0; i < 8; i++) {
            d->coef[i] = w[6] >> (8 * i);
        }
        d->q = w[7];
        if ((w[5] & (CBDMA_DESC_SIZE - 1)) ||
            cbdma_read_slot(c, w[5], sed, 16) != MEMTX_OK) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: bad super-"
                          "extended descriptor 0x%" PRIx64 "\n", c->id, w[5]);
            c->soft_err = true;
            return CBDMA_ERR_SOFT_ERR;
        }
        for (i = 0; i < 8; i++) {
            d->coef[8 + i] = sed[0] >> (8 * i);
        }
        for (i = 2; i < 9; i++) {
            d->src[i] = sed[i - 1];
        }
        for (i = 9; i < 16; i++) {
            d->src[i] = sed[i - 1];
        }
        break;
    }

    if (d->size == 0 ||
        (s->xfercap_log && d->size > (1ull << s->xfercap_log))) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: descriptor length "
                      "%u outside 1..2^%u\n", c->id, d->size, s->xfercap_log);
        return CBDMA_ERR_LENGTH;
    }
    return 0;
}

/* A host view of [addr, addr + len): mapped when it is RAM, else bounced */
typedef struct CbdmaSpan {
    void *map;
    dma_addr_t maplen;
} CbdmaSpan;

static uint32_t cbdma_src_ptr(CbdmaChan *c, CbdmaSpan *sp, uint64_t addr,
                              dma_addr_t len, uint8_t *bounce,
                              const uint8_t **out)
{
    dma_addr_t plen = len;

    sp->map = dma_memory_map(cbdma_as(c), addr, &plen,
                             DMA_DIRECTION_TO_DEVICE, MEMTXATTRS_UNSPECIFIED);
    if (sp->map && plen == len) {
        sp->maplen = plen;
        *out = sp->map;
        return 0;
    }
    if (sp->map) {
        dma_memory_unmap(cbdma_as(c), sp->map, plen,
                         DMA_DIRECTION_TO_DEVICE, 0);
        sp->map = NULL;
    }
    if (pci_dma_read(PCI_DEVICE(c->dev), addr, bounce, len) != MEMTX_OK) {
        return CBDMA_ERR_READ_DATA;
    }
    *out = bounce;
    return 0;
}

static void cbdma_span_release(CbdmaChan *c, CbdmaSpan *sp)
{
    if (sp->map) {
        dma_memory_unmap(cbdma_as(c), sp->map, sp->maplen,
                         DMA_DIRECTION_TO_DEVICE, 0);
        sp->map = NULL;
    }
}

static uint32_t cbdma_write(CbdmaChan *c, uint64_t addr, const void *buf,
                            dma_addr_t len)
{
    if (pci_dma_write(PCI_DEVICE(c->dev), addr, buf, len) != MEMTX_OK) {
        return CBDMA_ERR_WRITE_DATA;
    }
    return 0;
}

static void cbdma_xor_into(uint8_t *acc, const uint8_t *src, size_t n)
{
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t a, b;

        memcpy(&a, acc + i, 8);
        memcpy(&b, src + i, 8);
        a ^= b;
        memcpy(acc + i, &a, 8);
    }
    for (; i < n; i++) {
        acc[i] ^= src[i];
    }
}

static void cbdma_gf_mul_into(uint8_t *acc, const uint8_t *src, uint8_t coef,
                              size_t n)
{
    const uint8_t *t = gf_mul[coef];
    size_t i;

    if (coef == 0) {
        return;
    }
    if (coef == 1) {
        cbdma_xor_into(acc, src, n);
        return;
    }
    for (i = 0; i < n; i++) {
        acc[i] ^= t[src[i]];
    }
}

/* Every address the descriptor touches must decode before any data moves */
static uint32_t cbdma_check_addrs(CbdmaChan *c, const CbdmaDesc *d,
                                  bool val, bool p_on, bool q_on)
{
    AddressSpace *as = cbdma_as(c);
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    unsigned int i;

    for (i = 0; i < d->nsrc; i++) {
        if (!address_space_access_valid(as, d->src[i], d->size, false,
                                        attrs)) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: source %u at "
                          "0x%" PRIx64 " does not decode\n", c->id, i,
                          d->src[i]);
            return CBDMA_ERR_SRC_ADDR;
        }
    }
    switch (d->op) {
    case CBDMA_OP_COPY:
    case CBDMA_OP_FILL:
    case CBDMA_OP_XOR:
    case CBDMA_OP_XOR_VAL:
        if (d->op == CBDMA_OP_COPY && !d->nsrc) {
            return 0;
        }
        if (!address_space_access_valid(as, d->dst, d->size, !val, attrs)) {
            goto bad_dst;
        }
        return 0;
    default:
        if (p_on && !address_space_access_valid(as, d->p, d->size, !val,
                                                attrs)) {
            goto bad_dst;
        }
        if (q_on && !address_space_access_valid(as, d->q, d->size, !val,
                                                attrs)) {
            goto bad_dst;
        }
        return 0;
    }
bad_dst:
    qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: destination of the "
                  "descriptor at 0x%" PRIx64 " does not decode\n", c->id,
                  d->addr);
    return CBDMA_ERR_DEST_ADDR;
}

/*
 * Execute one decoded descriptor. Returns CHANERR bits; validate
 * mismatches are returned as XOR_P/XOR_Q unless the descriptor asks for
 * DWBES writeback, in which case they are written into it instead.
 */
static uint32_t cbdma_execute(CbdmaChan *c, const CbdmaDesc *d, bool corrupt)
{
    CbdmaState *s = c->dev;
    bool val = d->op == CBDMA_OP_XOR_VAL || d->op == CBDMA_OP_PQ_VAL ||
               d->op == CBDMA_OP_PQ_VAL_16S;
    bool pq = d->op >= CBDMA_OP_PQ && d->op != CBDMA_OP_XOR_VAL;
    bool p_on = !pq || !(d->ctl & CBDMA_CTL_P_DISABLE);
    bool q_on = pq && !(d->ctl & CBDMA_CTL_Q_DISABLE);
    uint8_t *acc_p = c->buf + CBDMA_MAX_SRC * CBDMA_CHUNK;
    uint8_t *acc_q = acc_p + CBDMA_CHUNK;
    uint8_t *cmp = acc_q + CBDMA_CHUNK;
    CbdmaSpan spans[CBDMA_MAX_SRC] = { };
    const uint8_t *sp[CBDMA_MAX_SRC];
    bool p_bad = false, q_bad = false;
    uint32_t err;
    uint64_t off;
    unsigned int i;

    if (d->op == CBDMA_OP_COPY && !d->nsrc) {
        return 0;                       /* NULL: no data moved */
    }
    err = cbdma_check_addrs(c, d, val, p_on, q_on);
    if (err) {
        return err;
    }

    for (off = 0; off < d->size; off += CBDMA_CHUNK) {
        size_t n = MIN(CBDMA_CHUNK, d->size - off);
        const uint8_t *out;

        for (i = 0; i < d->nsrc; i++) {
            err = cbdma_src_ptr(c, &spans[i], d->src[i] + off, n,
                                c->buf + i * CBDMA_CHUNK, &sp[i]);
            if (err) {
                goto release;
            }
        }

        switch (d->op) {
        case CBDMA_OP_COPY:
            out = sp[0];
            if (corrupt && off == 0) {
                memcpy(acc_p, sp[0], n);
                acc_p[0] ^= 0xff;
                out = acc_p;
            }
            err = cbdma_write(c, d->dst + off, out, n);
            break;
        case CBDMA_OP_FILL:
            for (i = 0; i < n; i++) {
                acc_p[i] = d->pattern >> (8 * ((off + i) & 7));
            }
            if (corrupt && off == 0) {
                acc_p[0] ^= 0xff;
            }
            err = cbdma_write(c, d->dst + off, acc_p, n);
            break;
        case CBDMA_OP_XOR:
        case CBDMA_OP_XOR_VAL:
            memcpy(acc_p, sp[0], n);
            for (i = 1; i < d->nsrc; i++) {
                cbdma_xor_into(acc_p, sp[i], n);
            }
            if (corrupt && off == 0) {
                acc_p[0] ^= 0xff;
            }
            if (!val) {
                err = cbdma_write(c, d->dst + off, acc_p, n);
            } else if (pci_dma_read(PCI_DEVICE(s), d->dst + off, cmp, n)) {
                err = CBDMA_ERR_READ_DATA;
            } else {
                p_bad |= memcmp(acc_p, cmp, n) != 0;
            }
            break;
        default:
            memset(acc_q, 0, n);
            memcpy(acc_p, sp[0], n);
            cbdma_gf_mul_into(acc_q, sp[0], d->coef[0], n);
            for (i = 1; i < d->nsrc; i++) {
                cbdma_xor_into(acc_p, sp[i], n);
                cbdma_gf_mul_into(acc_q, sp[i], d->coef[i], n);
            }
            if (corrupt && off == 0) {
                acc_p[0] ^= 0xff;
                acc_q[0] ^= 0xff;
            }
            if (!val) {
                if (p_on) {
                    err = cbdma_write(c, d->p + off, acc_p, n);
                }
                if (!err && q_on) {
                    err = cbdma_write(c, d->q + off, acc_q, n);
                }
                break;
            }
            if (p_on) {
                if (pci_dma_read(PCI_DEVICE(s), d->p + off, cmp, n)) {
                    err = CBDMA_ERR_READ_DATA;
                    break;
                }
                p_bad |= memcmp(acc_p, cmp, n) != 0;
            }
            if (q_on) {
                if (pci_dma_read(PCI_DEVICE(s), d->q + off, cmp, n)) {
                    err = CBDMA_ERR_READ_DATA;
                    break;
                }
                q_bad |= memcmp(acc_q, cmp, n) != 0;
            }
            break;
        }
release:
        for (i = 0; i < d->nsrc; i++) {
            cbdma_span_release(c, &spans[i]);
        }
        if (err) {
            return err;
        }
    }

    if (!p_bad && !q_bad) {
        return 0;
    }
    trace_cbdma_val_mismatch(c->id, d->addr, p_bad, q_bad);
    /* DWBES: ctl bit 15 is wb_en on PQ descriptors, reserved on XOR */
    if (pq && (d->ctl & CBDMA_CTL_WB_EN) &&
        (s->capability & CBDMA_CAP_DWBES)) {
        uint32_t dwbes = d->size | CBDMA_DWBES_WBES;

        dwbes |= p_bad ? CBDMA_DWBES_P_VAL_ERR : 0;
        dwbes |= q_bad ? CBDMA_DWBES_Q_VAL_ERR : 0;
        if (stl_le_pci_dma(PCI_DEVICE(s), d->addr, dwbes,
                           MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
            return CBDMA_ERR_NEXT_ADDR;
        }
        return 0;
    }
    return (p_bad ? CBDMA_ERR_XOR_P : 0) | (q_bad ? CBDMA_ERR_XOR_Q : 0);
}

uint64_t cbdma_chan_chansts(CbdmaChan *c)
{
    return (c->completed & ~0x3full) |
           (c->soft_err ? CBDMA_CHANSTS_SOFT_ERR : 0) | c->state;
}

/* Write CHANSTS to the CHANCMP address. Returns CHANERR bits. */
static uint32_t cbdma_writeback(CbdmaChan *c)
{
    uint64_t sts = cbdma_chan_chansts(c);

    if (c->fault_drop_wb) {
        c->fault_drop_wb--;
        c->stat_injected++;
        trace_cbdma_fault(c->id, "drop-writeback", 0);
        return 0;
    }
    if ((c->chancmp & 7) ||
        stq_le_pci_dma(PCI_DEVICE(c->dev), c->chancmp, sts,
                       MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: bad completion "
                      "address 0x%" PRIx64 "\n", c->id, c->chancmp);
        return CBDMA_ERR_COMPLETION_ADDR;
    }
    c->stat_writebacks++;
    c->window_valid = false;    /* the driver may now reuse those slots */
    trace_cbdma_writeback(c->id, sts);
    return 0;
}

void cbdma_chan_halt(CbdmaChan *c, uint32_t err)
{
    PCIDevice *pdev = PCI_DEVICE(c->dev);
    uint32_t errint = pci_get_long(pdev->config + CBDMA_PCI_CHANERR_INT);
    uint32_t errmask = pci_get_long(pdev->config + CBDMA_PCI_CHANERRMASK_INT);

    c->chanerr |= err;
    c->stat_errors++;
    pci_set_long(pdev->config + CBDMA_PCI_CHANERR_INT,
                 errint | (err & ~errmask));
    c->state = CBDMA_ST_HALTED;
    c->timed = false;
    c->busy_until = 0;
    timer_del(c->timer);
    trace_cbdma_halt(c->id, err, c->cdar);
    if ((c->chanctrl & CBDMA_CHANCTRL_ERR_COMPLETION_EN) &&
        !(err & CBDMA_ERR_COMPLETION_ADDR)) {
        uint32_t wb_err = cbdma_writeback(c);

        c->chanerr |= wb_err;
    }
    if (c->chanctrl & CBDMA_CHANCTRL_ERR_INT_EN) {
        cbdma_chan_raise_irq(c);
    }
}

/* Fault injection: the descriptor about to run fails on purpose */
static uint32_t cbdma_injected_fault(CbdmaChan *c)
{
    if (!c->fault_nth || ++c->desc_since_fault < c->fault_nth) {
        return 0;
    }
    c->fault_nth = 0;
    c->stat_injected++;
    trace_cbdma_fault(c->id, "fail-descriptor", c->fault_chanerr);
    return c->fault_chanerr ? c->fault_chanerr : CBDMA_ERR_READ_DATA;
}

static bool cbdma_injected_corruption(CbdmaChan *c, const CbdmaDesc *d)
{
    if (!c->fault_corrupt || (d->op == CBDMA_OP_COPY && !d->nsrc)) {
        return false;
    }
    if (++c->desc_since_corrupt < c->fault_corrupt) {
        return false;
    }
    c->fault_corrupt = 0;
    c->stat_injected++;
    trace_cbdma_fault(c->id, "corrupt-result", 0);
    return true;
}

static uint64_t cbdma_cost_ns(CbdmaChan *c, const CbdmaDesc *d)
{
    CbdmaState *s = c->dev;
    uint64_t ns = s->latency_ns;

    if (s->bandwidth_mbps && !(d->op == CBDMA_OP_COPY && !d->nsrc)) {
        /* MB/s: 10^6 bytes per second, so bytes * 1000 / MB/s is ns */
        ns += (uint64_t)d->size * 1000 / s->bandwidth_mbps;
    }
    return ns;
}

/* not a CHANERR bit: the descriptor's channel was reset while it ran */
#define CBDMA_STALE     (1u << 31)

/*
 * BQL held. Move @d's data with the BQL dropped (cbdma-thread.c says
 * why): only this thread touches the bounce buffers and nothing else of
 * the channel that cbdma_execute() reads changes meanwhile: a command
 * waits for the descriptor to be completed (cbdma_chan_wait_boundary()),
 * but for a reset or a new chain loaded by a descriptor that writes into
 * the device's own registers, which bump the epoch. Returns CHANERR bits, or
 * CBDMA_STALE when the epoch moved: the descriptor is then neither
 * completed nor reported, as after a reset in the middle of it.
 */
static uint32_t cbdma_execute_unlocked(CbdmaChan *c, const CbdmaDesc *d)
{
    bool corrupt = cbdma_injected_corruption(c, d);
    uint32_t epoch = c->epoch;
    int64_t t0, t1;
    uint32_t err;

    c->executing = true;
    qemu_mutex_unlock_iothread();
    t0 = get_clock();
    err = cbdma_execute(c, d, corrupt);
    t1 = get_clock();
    qemu_mutex_lock_iothread();
    c->stat_busy_ns[cbdma_stat_op(d)] += t1 - t0;
    return c->epoch == epoch ? err : CBDMA_STALE;
}

/*
 * BQL held, the descriptor that cbdma_execute_unlocked() ran completed
 * (or failed): let in the commands that wait for it
 * (cbdma_chan_wait_boundary()) before anything else happens on the
 * channel. Without this handshake the engine, which retakes the BQL
 * first, would run the whole chain ahead of them.
 */
static void cbdma_chan_boundary(CbdmaChan *c)
{
    if (!c->executing) {
        return;
    }
    c->executing = false;
    if (c->boundary_waiters) {
        qemu_cond_broadcast(&c->dev->engine_boundary);
        while (c->boundary_waiters) {
            qemu_cond_wait_iothread(&c->dev->engine_boundary);
        }
    }
}

void cbdma_chan_kick(CbdmaChan *c)
{
    if (c->state == CBDMA_ST_ACTIVE) {
        cbdma_engine_kick(c->dev, c->id);
    }
}

/* Run the descriptor at CDAR, if it may. Returns whether to go on. */
static bool cbdma_chan_step(CbdmaChan *c, unsigned int *budget)
{
    CbdmaState *s = c->dev;
    uint16_t pending = c->dmacount - c->consumed;
    bool chain_start = c->completed == 0 && c->consumed == 0;
    CbdmaDesc d;
    uint32_t err;

    if (c->state != CBDMA_ST_ACTIVE) {
        return false;
    }
    if (c->fault_stall) {
        return false;                   /* cleared by the property setter */
    }
    if (!pending) {
        c->state = CBDMA_ST_IDLE;
        return false;
    }
    if (!(*budget)--) {
        /* let MMIO and other channels in */
        cbdma_engine_kick(s, c->id);
        return false;
    }
    if (c->window_valid && c->cdar == c->window_start) {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: DMACOUNT goes "
                      "past the ring: descriptor 0x%" PRIx64 " again "
                      "before any completion was reported\n", c->id,
                      c->cdar);
        cbdma_chan_halt(c, CBDMA_ERR_DESCRIPTOR_COUNT);
        return false;
    }

    err = cbdma_fetch(c, &d, chain_start);
    if (err) {
        cbdma_chan_halt(c, err);
        return false;
    }
    if (d.slots > pending) {
        /* extension slot not appended yet: wait for the doorbell */
        c->state = CBDMA_ST_IDLE;
        return false;
    }

    if (s->latency_ns || s->bandwidth_mbps) {
        if (!c->timed) {
            /*
             * Charged from the end of the one before, not from now: the
             * timer and the thread's wake-up come late on a busy host,
             * and a channel that paid that lateness on every descriptor
             * would run below the bandwidth it models.
             */
            c->timed = true;
            c->busy_until = MAX(c->busy_until, c->ready_ns) +
                            cbdma_cost_ns(c, &d);
        }
        if (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) < c->busy_until) {
            timer_mod(c->timer, c->busy_until);
            return false;
        }
        c->timed = false;
    }

    err = cbdma_injected_fault(c);
    if (!err) {
        err = cbdma_execute_unlocked(c, &d);
        if (err == CBDMA_STALE) {
            return false;             /* reset or new chain meanwhile */
        }
    }
    if (err) {
        /* validate results always stop; masked faults do not */
        uint32_t stop = (err & CBDMA_ERR_VAL_MISMATCH) |
                        (err & ~c->chanerr_mask);

        if (stop) {
            cbdma_chan_halt(c, err);
            return false;
        }
        c->chanerr |= err;
        c->stat_errors++;
    }

    if (!c->window_valid) {
        c->window_start = c->cdar;
        c->window_valid = true;
    }
    c->consumed += d.slots;
    c->completed = d.addr;
    c->cdar = d.next;
    c->stat_descs[cbdma_stat_op(&d)]++;
    if (cbdma_stat_op(&d) != CBDMA_STAT_NULL) {
        c->stat_bytes[cbdma_stat_op(&d)] += d.size;
    }
    if (c->consumed == c->dmacount && c->state == CBDMA_ST_ACTIVE) {
        c->state = CBDMA_ST_IDLE;
    }
    if (d.ctl & CBDMA_CTL_COMPL_WRITE) {
        err = cbdma_writeback(c);
        if (err) {
            cbdma_chan_halt(c, err);
            return false;
        }
    }
    if (d.ctl & CBDMA_CTL_INT_EN) {
        cbdma_chan_raise_irq(c);
    }
    return true;
}

void cbdma_chan_run(void *opaque)
{
    CbdmaChan *c = opaque;
    CbdmaState *s = c->dev;
    unsigned int budget = s->slice_descs ? s->slice_descs : 1;
    bool more;

    do {
        more = cbdma_chan_step(c, &budget);
        cbdma_chan_boundary(c);
    } while (more);
}

void cbdma_chan_doorbell(CbdmaChan *c)
{
    trace_cbdma_doorbell(c->id, c->dmacount, c->consumed, c->state);
    switch (c->state) {
    case CBDMA_ST_HALTED:
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: doorbell while "
                      "halted (reset it or load CHAINADDR)\n", c->id);
        return;
    case CBDMA_ST_SUSPENDED:
        return;                         /* RESUME picks the count up */
    default:
        break;
    }
    if (c->dmacount != c->consumed) {
        if (c->state != CBDMA_ST_ACTIVE) {
            /* timing model: work that finds the channel idle starts now */
            c->ready_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        }
        c->state = CBDMA_ST_ACTIVE;
        cbdma_engine_kick(c->dev, c->id);
    } else if (c->state == CBDMA_ST_ARMED) {
        c->state = CBDMA_ST_IDLE;
    }
}

void cbdma_chan_reset(CbdmaChan *c)
{
    cbdma_chan_wait_boundary(c);
    trace_cbdma_reset(c->id);
    c->epoch++;
    cbdma_engine_cancel(c->dev, c->id);
    timer_del(c->timer);
    c->state = CBDMA_ST_IDLE;
    c->reset_pending = false;
    c->soft_err = false;
    c->consumed = 0;
    c->dmacount = 0;
    c->completed = 0;
    c->cdar = 0;
    c->chanerr = 0;
    c->timed = false;
    c->busy_until = 0;
    c->window_valid = false;
    c->irq_pending = false;
    c->dev->attnstatus &= ~(1u << c->id);
    c->dev->coalesce_pending &= ~(1u << c->id);
}
