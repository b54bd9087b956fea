/*
 * cbdma: model of an Intel I/OAT (Crystal Beach DMA) v3.x engine.
 *
 * This file is the PCI function and the register front end: BAR0 decoding
 * by byte lane, channel commands, interrupts (MSI-X per channel, MSI and
 * INTx through INTRCTRL/ATTNSTATUS), interrupt coalescing, fault injection
 * and statistics properties. The descriptor engine is cbdma-engine.c.
 * Users' documentation: Documentation/cbdma/qemu-device.rst in the cbdma
 * repository.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "cbdma.h"
#include "trace.h"

#define CBDMA_BUF_SIZE  ((CBDMA_MAX_SRC + 3) * 64 * KiB)

typedef struct CbdmaReg {
    uint8_t off;
    uint8_t size;
} CbdmaReg;

static const CbdmaReg cbdma_global_regs[] = {
    { CBDMA_CHANCNT, 1 }, { CBDMA_XFERCAP, 1 }, { CBDMA_GENCTRL, 1 },
    { CBDMA_INTRCTRL, 1 }, { CBDMA_ATTNSTATUS, 4 }, { CBDMA_CBVER, 1 },
    { CBDMA_INTRDELAY, 2 }, { CBDMA_CS_STATUS, 2 },
    { CBDMA_DMACAPABILITY, 4 }, { CBDMA_DCAOFFSET, 2 },
    { CBDMA_CHWPREFLMT, 2 },
};

static const CbdmaReg cbdma_chan_regs[] = {
    { CBDMA_CHANCTRL, 2 }, { CBDMA_CHANCMD, 1 }, { CBDMA_DMACOUNT, 2 },
    { CBDMA_CHANSTS, 8 }, { CBDMA_CHAINADDR, 8 }, { CBDMA_CHANCMP, 8 },
    { CBDMA_CDAR, 8 }, { CBDMA_CHANERR, 4 }, { CBDMA_CHANERR_MASK, 4 },
    { CBDMA_DCACTRL, 4 },
};

/* Interrupts */

static void cbdma_update_intx(CbdmaState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    bool level = (s->intrctrl & CBDMA_INTRCTRL_MASTER_INT_EN) &&
                 (s->intrctrl & CBDMA_INTRCTRL_INT_STATUS) &&
                 !msix_enabled(pdev) && !msi_enabled(pdev);

    pci_set_irq(pdev, level);
}

static void cbdma_deliver_irq(CbdmaState *s, unsigned int id)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (!(s->intrctrl & CBDMA_INTRCTRL_MASTER_INT_EN)) {
        /* held until the driver enables interrupts again */
        s->chan[id].irq_pending = true;
        s->chan[id].armed = true;
        return;
    }
    s->attnstatus |= 1u << id;
    s->chan[id].stat_irqs++;
    trace_cbdma_irq(id, msix_enabled(pdev) ? "msix" :
                    msi_enabled(pdev) ? "msi" : "intx");
    if (msix_enabled(pdev)) {
        msix_notify(pdev, id);
        return;
    }
    s->intrctrl |= CBDMA_INTRCTRL_INT_STATUS;
    if (msi_enabled(pdev)) {
        msi_notify(pdev, 0);
    } else {
        cbdma_update_intx(s);
    }
}

static void cbdma_coalesce_expired(void *opaque)
{
    CbdmaState *s = opaque;
    uint32_t pending = s->coalesce_pending;
    unsigned int id;

    s->coalesce_pending = 0;
    for (id = 0; id < s->nr_channels; id++) {
        if (pending & (1u << id)) {
            cbdma_deliver_irq(s, id);
        }
    }
}

/*
 * The arming rule: a channel interrupts at most once per INT_REARM write.
 * An interrupt due while disarmed is held and sent when the driver re-arms,
 * so no completion is ever left without an interrupt.
 */
void cbdma_chan_raise_irq(CbdmaChan *c)
{
    CbdmaState *s = c->dev;
    uint16_t delay = s->intrdelay & CBDMA_INTRDELAY_MASK;

    c->window_valid = false;
    if (!c->armed) {
        c->irq_pending = true;
        return;
    }
    c->armed = false;
    if (delay) {
        s->coalesce_pending |= 1u << c->id;
        if (!timer_pending(s->coalesce_timer)) {
            timer_mod(s->coalesce_timer,
                      qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + delay * SCALE_US);
        }
        return;
    }
    cbdma_deliver_irq(s, c->id);
}

static void cbdma_chan_rearm(CbdmaChan *c)
{
    c->armed = true;
    c->dev->attnstatus &= ~(1u << c->id);
    if (c->irq_pending) {
        c->irq_pending = false;
        cbdma_chan_raise_irq(c);
    }
}

/* Register reads */

static uint64_t cbdma_global_read(CbdmaState *s, unsigned int off)
{
    switch (off) {
    case CBDMA_CHANCNT:
        return s->nr_channels;
    case CBDMA_XFERCAP:
        return s->xfercap_log;
    case CBDMA_GENCTRL:
        return s->genctrl;
    case CBDMA_INTRCTRL:
        return s->intrctrl | (s->attnstatus ? CBDMA_INTRCTRL_INT : 0);
    case CBDMA_ATTNSTATUS:
        return s->attnstatus;
    case CBDMA_CBVER:
        return s->version;
    case CBDMA_INTRDELAY:
        return s->intrdelay | CBDMA_INTRDELAY_COALESCE_SUPPORT;
    case CBDMA_DMACAPABILITY:
        return s->capability;
    case CBDMA_CHWPREFLMT:
        return s->chwpreflmt;
    default:
        return 0;                       /* CS_STATUS, DCAOFFSET: none */
    }
}

static uint64_t cbdma_chan_read(CbdmaChan *c, unsigned int off)
{
    switch (off) {
    case CBDMA_CHANCTRL:
        return c->chanctrl;
    case CBDMA_CHANCMD:
        /* commands complete at once, but for a reset held back */
        return c->reset_pending ? CBDMA_CHANCMD_RESET : 0;
    case CBDMA_DMACOUNT:
        return c->dmacount;
    case CBDMA_CHANSTS:
        /* the driver learns what completed: those slots may be reused */
        c->window_valid = false;
        return cbdma_chan_chansts(c);
    case CBDMA_CHAINADDR:
        return c->chainaddr;
    case CBDMA_CHANCMP:
        return c->chancmp;
    case CBDMA_CDAR:
        return c->cdar;
    case CBDMA_CHANERR:
        return c->chanerr;
    case CBDMA_CHANERR_MASK:
        return c->chanerr_mask;
    case CBDMA_DCACTRL:
        return c->dcactrl;
    default:
        return 0;
    }
}

/* Register writes: @val holds the register's new bytes where @mask is set */

static void cbdma_global_write(CbdmaState *s, unsigned int off, uint64_t val,
                               uint64_t mask)
{
    switch (off) {
    case CBDMA_GENCTRL:
        s->genctrl = val;
        break;
    case CBDMA_INTRCTRL:
        /* INT_STATUS is write-1-to-clear; INT is read-only */
        s->intrctrl = (val & (CBDMA_INTRCTRL_MASTER_INT_EN |
                              CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL)) |
                      (s->intrctrl & CBDMA_INTRCTRL_INT_STATUS &
                       ~(val & CBDMA_INTRCTRL_INT_STATUS));
        cbdma_update_intx(s);
        if (s->intrctrl & CBDMA_INTRCTRL_MASTER_INT_EN) {
            unsigned int id;

            for (id = 0; id < s->nr_channels; id++) {
                if (s->chan[id].armed && s->chan[id].irq_pending) {
                    s->chan[id].irq_pending = false;
                    cbdma_chan_raise_irq(&s->chan[id]);
                }
            }
        }
        break;
    case CBDMA_INTRDELAY:
        s->intrdelay = val & CBDMA_INTRDELAY_MASK;
        break;
    case CBDMA_CHWPREFLMT:
        s->chwpreflmt = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: write to read-only global "
                      "register 0x%x\n", off);
        break;
    }
}

static void cbdma_chan_command(CbdmaChan *c, uint8_t cmd)
{
    trace_cbdma_chancmd(c->id, cmd);
    if (cmd) {
        /* every command acts between two descriptors */
        cbdma_chan_wait_boundary(c);
    }
    switch (cmd) {
    case 0:
        return;
    case CBDMA_CHANCMD_RESET:
        if (c->fault_reset_stuck) {
            /* the channel carries on as it was; RESET reads back set */
            c->reset_pending = true;
            return;
        }
        cbdma_chan_reset(c);
        return;
    case CBDMA_CHANCMD_SUSPEND:
        if (c->state != CBDMA_ST_HALTED) {
            c->state = CBDMA_ST_SUSPENDED;
        }
        return;
    case CBDMA_CHANCMD_RESUME:
        if (c->state == CBDMA_ST_SUSPENDED) {
            /* timing model: no credit for the time spent suspended */
            c->ready_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
            c->state = c->dmacount != c->consumed ? CBDMA_ST_ACTIVE
                                                  : CBDMA_ST_IDLE;
            cbdma_chan_kick(c);
        }
        return;
    case CBDMA_CHANCMD_ABORT:
        /*
         * Stop at a descriptor boundary and forget the doorbell count not
         * yet run. Those descriptors stay where CDAR points: load
         * CHAINADDR (or reset) before ringing again.
         */
        if (c->state == CBDMA_ST_ACTIVE || c->state == CBDMA_ST_SUSPENDED) {
            c->consumed = c->dmacount;
            c->state = CBDMA_ST_IDLE;
            c->timed = false;
            c->busy_until = 0;
            timer_del(c->timer);
        }
        return;
    default:
        /* START and APPEND are v1/v2 commands; several bits are a mistake */
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: invalid CHANCMD "
                      "0x%x\n", c->id, cmd);
        cbdma_chan_halt(c, CBDMA_ERR_CHANCMD);
        return;
    }
}

static void cbdma_chan_write(CbdmaChan *c, unsigned int off, uint64_t val,
                             uint64_t mask)
{
    switch (off) {
    case CBDMA_CHANCTRL:
        c->chanctrl = val & 0xf33d;
        if ((mask & 0xff) && (val & CBDMA_CHANCTRL_INT_REARM)) {
            cbdma_chan_rearm(c);
        }
        break;
    case CBDMA_CHANCMD:
        cbdma_chan_command(c, val);
        break;
    case CBDMA_DMACOUNT:
        c->dmacount = val;
        c->stat_doorbells++;
        cbdma_chan_doorbell(c);
        break;
    case CBDMA_CHAINADDR:
        c->chainaddr = val;
        if (c->state == CBDMA_ST_ACTIVE) {
            qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: CHAINADDR "
                          "written while active: ignored\n", c->id);
            break;
        }
        /* a new chain: the doorbell count and completions start over */
        c->epoch++;
        c->cdar = c->chainaddr;
        c->consumed = 0;
        c->dmacount = 0;
        c->completed = 0;
        c->window_valid = false;
        c->state = CBDMA_ST_ARMED;
        break;
    case CBDMA_CHANCMP:
        c->chancmp = val;
        break;
    case CBDMA_CHANERR:
        c->chanerr &= ~(val & mask);
        if (!(c->chanerr & CBDMA_ERR_SOFT_ERR)) {
            c->soft_err = false;
        }
        break;
    case CBDMA_CHANERR_MASK:
        c->chanerr_mask = val & CBDMA_ERR_ALL;
        break;
    case CBDMA_DCACTRL:
        c->dcactrl = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: chan %u: write to read-only "
                      "register 0x%x\n", c->id, off);
        break;
    }
}

/*
 * Byte-lane decoding: an access of 1, 2, 4 or 8 bytes touches every
 * register it overlaps, and only the bytes it covers. A 16-bit DMACOUNT
 * write leaves CHANCMD alone; a 64-bit write at 0x00 sets CHANCTRL, CHANCMD
 * and DMACOUNT, in address order.
 */
static uint64_t cbdma_lanes_read(CbdmaState *s, CbdmaChan *c,
                                 const CbdmaReg *regs, size_t nregs,
                                 hwaddr addr, unsigned int size)
{
    uint64_t ret = 0;
    size_t i;

    for (i = 0; i < nregs; i++) {
        hwaddr lo = MAX(addr, regs[i].off);
        hwaddr hi = MIN(addr + size, (hwaddr)regs[i].off + regs[i].size);
        uint64_t v;
        hwaddr b;

        if (lo >= hi) {
            continue;
        }
        v = c ? cbdma_chan_read(c, regs[i].off)
              : cbdma_global_read(s, regs[i].off);
        for (b = lo; b < hi; b++) {
            ret |= ((v >> (8 * (b - regs[i].off))) & 0xff) << (8 * (b - addr));
        }
    }
    return ret;
}

static void cbdma_lanes_write(CbdmaState *s, CbdmaChan *c,
                              const CbdmaReg *regs, size_t nregs,
                              hwaddr addr, uint64_t data, unsigned int size)
{
    size_t i;

    for (i = 0; i < nregs; i++) {
        hwaddr lo = MAX(addr, regs[i].off);
        hwaddr hi = MIN(addr + size, (hwaddr)regs[i].off + regs[i].size);
        uint64_t old, val, mask = 0;
        hwaddr b;

        if (lo >= hi) {
            continue;
        }
        for (b = lo; b < hi; b++) {
            mask |= 0xffull << (8 * (b - regs[i].off));
        }
        old = c ? cbdma_chan_read(c, regs[i].off)
                : cbdma_global_read(s, regs[i].off);
        if (regs[i].off == CBDMA_CHANERR && c) {
            old = 0;                    /* write-1-to-clear: only new bits */
        }
        val = old & ~mask;
        for (b = lo; b < hi; b++) {
            val |= ((data >> (8 * (b - addr))) & 0xff) <<
                   (8 * (b - regs[i].off));
        }
        if (c) {
            cbdma_chan_write(c, regs[i].off, val, mask);
        } else {
            cbdma_global_write(s, regs[i].off, val, mask);
        }
    }
}

static CbdmaChan *cbdma_chan_of(CbdmaState *s, hwaddr addr)
{
    unsigned int id = addr / CBDMA_CHAN_STRIDE;

    if (id == 0 || id > s->nr_channels) {
        return NULL;
    }
    return &s->chan[id - 1];
}

static uint64_t cbdma_mmio_read(void *opaque, hwaddr addr, unsigned int size)
{
    CbdmaState *s = opaque;
    CbdmaChan *c = cbdma_chan_of(s, addr);
    uint64_t val;

    if (addr < CBDMA_CHAN_STRIDE) {
        val = cbdma_lanes_read(s, NULL, cbdma_global_regs,
                               ARRAY_SIZE(cbdma_global_regs), addr, size);
    } else if (c) {
        c->stat_reads++;
        val = cbdma_lanes_read(s, c, cbdma_chan_regs,
                               ARRAY_SIZE(cbdma_chan_regs),
                               addr % CBDMA_CHAN_STRIDE, size);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: read of unimplemented "
                      "register 0x%" HWADDR_PRIx "\n", addr);
        val = 0;
    }
    trace_cbdma_mmio_read(addr, size, val);
    return val;
}

static void cbdma_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned int size)
{
    CbdmaState *s = opaque;
    CbdmaChan *c = cbdma_chan_of(s, addr);

    trace_cbdma_mmio_write(addr, size, val);
    if (addr < CBDMA_CHAN_STRIDE) {
        cbdma_lanes_write(s, NULL, cbdma_global_regs,
                          ARRAY_SIZE(cbdma_global_regs), addr, val, size);
    } else if (c) {
        c->stat_writes++;
        cbdma_lanes_write(s, c, cbdma_chan_regs, ARRAY_SIZE(cbdma_chan_regs),
                          addr % CBDMA_CHAN_STRIDE, val, size);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "cbdma: write of unimplemented "
                      "register 0x%" HWADDR_PRIx "\n", addr);
    }
}

static const MemoryRegionOps cbdma_mmio_ops = {
    .read = cbdma_mmio_read,
    .write = cbdma_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 8,
    },
};

/* Fault injection and statistics properties: settable at run time */

static CbdmaChan *cbdma_fault_chan(CbdmaState *s)
{
    return &s->chan[MIN(s->fault_chan, (uint32_t)s->nr_channels - 1)];
}

static uint32_t *cbdma_fault_field(CbdmaState *s, const char *name)
{
    CbdmaChan *c = cbdma_fault_chan(s);

    if (!strcmp(name, "fault-nth")) {
        return &c->fault_nth;
    } else if (!strcmp(name, "fault-chanerr")) {
        return &c->fault_chanerr;
    } else if (!strcmp(name, "fault-drop-wb")) {
        return &c->fault_drop_wb;
    } else if (!strcmp(name, "fault-corrupt")) {
        return &c->fault_corrupt;
    }
    return &s->fault_chan;
}

static void cbdma_get_fault(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    uint32_t val = *cbdma_fault_field(CBDMA(obj), name);

    visit_type_uint32(v, name, &val, errp);
}

static void cbdma_set_fault(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    CbdmaState *s = CBDMA(obj);
    CbdmaChan *c;
    uint32_t val;

    if (!visit_type_uint32(v, name, &val, errp)) {
        return;
    }
    if (!strcmp(name, "fault-chan") && val >= CBDMA_MAX_CHANNELS) {
        error_setg(errp, "fault-chan must be below %d", CBDMA_MAX_CHANNELS);
        return;
    }
    if (!strcmp(name, "fault-chanerr") && (val & ~CBDMA_ERR_ALL)) {
        error_setg(errp, "fault-chanerr 0x%x has bits outside CHANERR "
                   "(0x%x)", val, CBDMA_ERR_ALL);
        return;
    }
    *cbdma_fault_field(s, name) = val;
    c = cbdma_fault_chan(s);
    if (!strcmp(name, "fault-nth")) {
        c->desc_since_fault = 0;        /* the Nth from now */
    } else if (!strcmp(name, "fault-corrupt")) {
        c->desc_since_corrupt = 0;
    }
    trace_cbdma_fault(c->id, name, val);
}

static bool cbdma_get_stall(Object *obj, Error **errp)
{
    return cbdma_fault_chan(CBDMA(obj))->fault_stall;
}

static void cbdma_set_stall(Object *obj, bool val, Error **errp)
{
    CbdmaChan *c = cbdma_fault_chan(CBDMA(obj));

    c->fault_stall = val;
    trace_cbdma_fault(c->id, "stall", val);
    if (!val && c->dev) {               /* not before realize */
        cbdma_chan_kick(c);
    }
}

static bool cbdma_get_reset_stuck(Object *obj, Error **errp)
{
    return cbdma_fault_chan(CBDMA(obj))->fault_reset_stuck;
}

static void cbdma_set_reset_stuck(Object *obj, bool val, Error **errp)
{
    CbdmaChan *c = cbdma_fault_chan(CBDMA(obj));

    c->fault_reset_stuck = val;
    trace_cbdma_fault(c->id, "reset-stuck", val);
    if (!val && c->reset_pending) {
        /* the reset held back completes now */
        cbdma_chan_reset(c);
    }
}

static void cbdma_get_poll_us(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    uint32_t val = qatomic_read(&CBDMA(obj)->poll_us);

    visit_type_uint32(v, name, &val, errp);
}

/* read by the engine thread without the BQL, on its next idle moment */
static void cbdma_set_poll_us(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    uint32_t val;

    if (!visit_type_uint32(v, name, &val, errp)) {
        return;
    }
    if (val > CBDMA_MAX_POLL_US) {
        error_setg(errp, "poll-us=%u: at most %d", val, CBDMA_MAX_POLL_US);
        return;
    }
    qatomic_set(&CBDMA(obj)->poll_us, val);
}

static char *cbdma_get_stats(Object *obj, Error **errp)
{
    static const char *const names[CBDMA_STAT_NR] = {
        "null", "copy", "fill", "xor", "xor_val", "pq", "pq_val",
    };
    CbdmaState *s = CBDMA(obj);
    GString *str = g_string_new("");
    unsigned int id, op;

    for (id = 0; id < s->nr_channels; id++) {
        CbdmaChan *c = &s->chan[id];

        g_string_append_printf(str, "chan%u: state=%u", id, c->state);
        for (op = 0; op < CBDMA_STAT_NR; op++) {
            g_string_append_printf(str, " %s=%" PRIu64 "/%" PRIu64
                                   "/%" PRIu64, names[op],
                                   c->stat_descs[op], c->stat_bytes[op],
                                   c->stat_busy_ns[op]);
        }
        g_string_append_printf(str, " errors=%" PRIu64 " injected=%" PRIu64
                               " irqs=%" PRIu64 " writebacks=%" PRIu64
                               " doorbells=%" PRIu64 " reads=%" PRIu64
                               " writes=%" PRIu64 "\n",
                               c->stat_errors, c->stat_injected, c->stat_irqs,
                               c->stat_writebacks, c->stat_doorbells,
                               c->stat_reads, c->stat_writes);
    }
    g_string_append_printf(str, "engine: sleeps=%" PRIu64 "\n",
                           qatomic_read(&s->stat_engine_sleeps));
    return g_string_free(str, false);
}

/* PCI function */

static void cbdma_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                               int len)
{
    pci_default_write_config(pdev, addr, val, len);
    /* the interrupt mode (MSI-X, MSI, INTx) may have changed */
    cbdma_update_intx(CBDMA(pdev));
}

static void cbdma_reset(DeviceState *dev)
{
    CbdmaState *s = CBDMA(dev);
    unsigned int id;

    s->genctrl = 0;
    s->intrctrl = 0;
    s->attnstatus = 0;
    s->intrdelay = 0;
    s->chwpreflmt = 0;
    s->coalesce_pending = 0;
    timer_del(s->coalesce_timer);
    for (id = 0; id < s->nr_channels; id++) {
        CbdmaChan *c = &s->chan[id];

        cbdma_chan_reset(c);
        c->chanctrl = 0;
        c->chainaddr = 0;
        c->chancmp = 0;
        c->chanerr_mask = 0;
        c->dcactrl = 0;
        c->armed = false;
    }
    pci_set_long(PCI_DEVICE(s)->config + CBDMA_PCI_CHANERR_INT, 0);
    pci_set_long(PCI_DEVICE(s)->config + CBDMA_PCI_CHANERRMASK_INT, 0);
    pci_set_irq(PCI_DEVICE(s), 0);
}

static void cbdma_chan_timer(void *opaque)
{
    cbdma_chan_kick(opaque);
}

static bool cbdma_check_props(CbdmaState *s, Error **errp)
{
    if (s->version != 0x30 && s->version != 0x32 && s->version != 0x33 &&
        s->version != 0x34) {
        error_setg(errp, "cbdma: version 0x%x: supported are 0x30, 0x32, "
                   "0x33 and 0x34", s->version);
        return false;
    }
    if (s->nr_channels < 1 || s->nr_channels > CBDMA_MAX_CHANNELS) {
        error_setg(errp, "cbdma: channels=%u: must be 1 to %d",
                   s->nr_channels, CBDMA_MAX_CHANNELS);
        return false;
    }
    if (s->xfercap_log != 0 &&
        (s->xfercap_log < 12 || s->xfercap_log > 31)) {
        error_setg(errp, "cbdma: xfercap=%u: log2 of bytes, 12 to 31 "
                   "(0 means 32 GB)", s->xfercap_log);
        return false;
    }
    if ((s->capability & CBDMA_CAP_RAID16SS) &&
        !(s->capability & CBDMA_CAP_PQ)) {
        error_setg(errp, "cbdma: capability 0x%x: RAID16SS needs PQ",
                   s->capability);
        return false;
    }
    return true;
}

static void cbdma_realize(PCIDevice *pdev, Error **errp)
{
    CbdmaState *s = CBDMA(pdev);
    unsigned int id;
    int ret;

    if (!cbdma_check_props(s, errp)) {
        return;
    }

    pci_config_set_device_id(pdev->config, s->device_id);
    pci_config_set_interrupt_pin(pdev->config, 1);
    /*
     * CHANERR_INT and DMAUNCERRSTS are write-1-to-clear, CHANERRMASK_INT
     * read-write; QEMU makes the device-specific space writable by default.
     */
    pci_set_long(pdev->wmask + CBDMA_PCI_CHANERR_INT, 0);
    pci_set_long(pdev->w1cmask + CBDMA_PCI_CHANERR_INT, CBDMA_ERR_ALL);
    pci_set_long(pdev->wmask + CBDMA_PCI_CHANERRMASK_INT, CBDMA_ERR_ALL);
    pci_set_long(pdev->wmask + CBDMA_PCI_DMAUNCERRSTS, 0);
    pci_set_long(pdev->w1cmask + CBDMA_PCI_DMAUNCERRSTS, 0xffffffff);

    memory_region_init(&s->bar0, OBJECT(s), "cbdma-bar0", CBDMA_BAR0_SIZE);
    memory_region_init_io(&s->regs, OBJECT(s), &cbdma_mmio_ops, s,
                          "cbdma-regs", CBDMA_REGS_SIZE);
    memory_region_add_subregion(&s->bar0, 0, &s->regs);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);

    ret = pcie_endpoint_cap_init(pdev, 0x40);
    if (ret < 0) {
        error_setg(errp, "cbdma: cannot add the PCIe capability");
        return;
    }
    ret = msix_init(pdev, s->nr_channels, &s->bar0, 0, CBDMA_MSIX_TABLE,
                    &s->bar0, 0, CBDMA_MSIX_PBA, 0, errp);
    if (ret < 0) {
        return;
    }
    for (id = 0; id < s->nr_channels; id++) {
        msix_vector_use(pdev, id);
    }
    ret = msi_init(pdev, 0, 1, true, false, NULL);
    if (ret < 0 && ret != -ENOTSUP) {
        error_setg(errp, "cbdma: cannot add the MSI capability");
        msix_uninit(pdev, &s->bar0, &s->bar0);
        return;
    }

    s->coalesce_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                     cbdma_coalesce_expired, s);
    for (id = 0; id < s->nr_channels; id++) {
        CbdmaChan *c = &s->chan[id];

        c->dev = s;
        c->id = id;
        c->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, cbdma_chan_timer, c);
        c->buf = g_malloc(CBDMA_BUF_SIZE);
        c->state = CBDMA_ST_IDLE;
    }
    cbdma_engine_start(s);
}

static void cbdma_exit(PCIDevice *pdev)
{
    CbdmaState *s = CBDMA(pdev);
    unsigned int id;

    cbdma_engine_stop(s);
    for (id = 0; id < s->nr_channels; id++) {
        CbdmaChan *c = &s->chan[id];

        timer_free(c->timer);
        g_free(c->buf);
    }
    timer_free(s->coalesce_timer);
    msi_uninit(pdev);
    msix_uninit(pdev, &s->bar0, &s->bar0);
}

static void cbdma_instance_init(Object *obj)
{
    static const char *const faults[] = {
        "fault-chan", "fault-nth", "fault-chanerr", "fault-drop-wb",
        "fault-corrupt",
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(faults); i++) {
        object_property_add(obj, faults[i], "uint32", cbdma_get_fault,
                            cbdma_set_fault, NULL, NULL);
    }
    object_property_add_bool(obj, "fault-stall", cbdma_get_stall,
                             cbdma_set_stall);
    object_property_add_bool(obj, "fault-reset-stuck", cbdma_get_reset_stuck,
                             cbdma_set_reset_stuck);
    CBDMA(obj)->poll_us = CBDMA_DEFAULT_POLL_US;
    object_property_add(obj, "poll-us", "uint32", cbdma_get_poll_us,
                        cbdma_set_poll_us, NULL, NULL);
    object_property_add_str(obj, "stats", cbdma_get_stats, NULL);
}

static Property cbdma_properties[] = {
    DEFINE_PROP_UINT16("device-id", CbdmaState, device_id, 0x0c50),
    DEFINE_PROP_UINT8("version", CbdmaState, version, 0x33),
    DEFINE_PROP_UINT8("channels", CbdmaState, nr_channels, 4),
    DEFINE_PROP_UINT8("xfercap", CbdmaState, xfercap_log, 20),
    DEFINE_PROP_UINT32("capability", CbdmaState, capability,
                       CBDMA_CAP_DEFAULT),
    DEFINE_PROP_UINT32("latency-ns", CbdmaState, latency_ns, 0),
    DEFINE_PROP_UINT32("bandwidth-mbps", CbdmaState, bandwidth_mbps, 0),
    DEFINE_PROP_UINT32("slice", CbdmaState, slice_descs, 64),
    DEFINE_PROP_END_OF_LIST(),
};

/* In-flight descriptors live in the engine's loop state: not migratable */
static const VMStateDescription cbdma_vmstate = {
    .name = "cbdma",
    .unmigratable = 1,
};

static void cbdma_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = cbdma_realize;
    k->exit = cbdma_exit;
    k->config_write = cbdma_config_write;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = 0x0c50;
    k->class_id = PCI_CLASS_SYSTEM_OTHER;
    dc->desc = "Intel I/OAT (Crystal Beach DMA) v3.x engine";
    dc->reset = cbdma_reset;
    dc->vmsd = &cbdma_vmstate;
    device_class_set_props(dc, cbdma_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    cbdma_engine_init();
}

static const TypeInfo cbdma_info = {
    .name = TYPE_CBDMA,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CbdmaState),
    .instance_init = cbdma_instance_init,
    .class_init = cbdma_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void cbdma_register_types(void)
{
    type_register_static(&cbdma_info);
}

type_init(cbdma_register_types)
