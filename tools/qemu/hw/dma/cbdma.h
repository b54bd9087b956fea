/*
 * cbdma: model of an Intel I/OAT (Crystal Beach DMA) v3.x engine.
 *
 * Internal header shared by the register front end (cbdma.c) and the
 * descriptor engine (cbdma-engine.c). Names follow
 * Documentation/cbdma/ioat-hardware.rst in the cbdma repository.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DMA_CBDMA_H
#define HW_DMA_CBDMA_H

#include "hw/pci/pci.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_CBDMA "cbdma"
OBJECT_DECLARE_SIMPLE_TYPE(CbdmaState, CBDMA)

#define CBDMA_MAX_CHANNELS      4
#define CBDMA_BAR0_SIZE         0x4000
#define CBDMA_REGS_SIZE         0x1000
#define CBDMA_MSIX_TABLE        0x1000
#define CBDMA_MSIX_PBA          0x1800

/* PCI configuration space */
#define CBDMA_PCI_DMAUNCERRSTS      0x148
#define CBDMA_PCI_CHANERR_INT       0x180
#define CBDMA_PCI_CHANERRMASK_INT   0x184

/* global registers */
#define CBDMA_CHANCNT           0x00
#define CBDMA_XFERCAP           0x01
#define CBDMA_GENCTRL           0x02
#define CBDMA_INTRCTRL          0x03
#define   CBDMA_INTRCTRL_MASTER_INT_EN          0x01
#define   CBDMA_INTRCTRL_INT_STATUS             0x02
#define   CBDMA_INTRCTRL_INT                    0x04
#define   CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL    0x08
#define CBDMA_ATTNSTATUS        0x04
#define CBDMA_CBVER             0x08
#define CBDMA_INTRDELAY         0x0c
#define   CBDMA_INTRDELAY_MASK                  0x3fff
#define   CBDMA_INTRDELAY_COALESCE_SUPPORT      0x8000
#define CBDMA_CS_STATUS         0x0e
#define CBDMA_DMACAPABILITY     0x10
#define CBDMA_DCAOFFSET         0x14
#define CBDMA_CHWPREFLMT        0x4c

#define CBDMA_CAP_PAGE_BREAK    0x00000001
#define CBDMA_CAP_CRC           0x00000002
#define CBDMA_CAP_DCA           0x00000010
#define CBDMA_CAP_FILL_BLOCK    0x00000040
#define CBDMA_CAP_XOR           0x00000100
#define CBDMA_CAP_PQ            0x00000200
#define CBDMA_CAP_DWBES         0x00002000
#define CBDMA_CAP_RAID16SS      0x00020000
#define CBDMA_CAP_DPS           0x00800000
#define CBDMA_CAP_DEFAULT       (CBDMA_CAP_FILL_BLOCK | CBDMA_CAP_XOR | \
                                 CBDMA_CAP_PQ | CBDMA_CAP_DWBES | \
                                 CBDMA_CAP_RAID16SS)

/* per-channel registers, channel n at 0x80 * (n + 1) */
#define CBDMA_CHAN_STRIDE       0x80
#define CBDMA_CHANCTRL          0x00
#define   CBDMA_CHANCTRL_ERR_INT_EN             0x0010
#define   CBDMA_CHANCTRL_ANY_ERR_ABORT_EN       0x0008
#define   CBDMA_CHANCTRL_ERR_COMPLETION_EN      0x0004
#define   CBDMA_CHANCTRL_INT_REARM              0x0001
#define CBDMA_CHANCMD           0x04
#define   CBDMA_CHANCMD_RESET                   0x20
#define   CBDMA_CHANCMD_RESUME                  0x10
#define   CBDMA_CHANCMD_ABORT                   0x08
#define   CBDMA_CHANCMD_SUSPEND                 0x04
#define   CBDMA_CHANCMD_APPEND                  0x02
#define   CBDMA_CHANCMD_START                   0x01
#define CBDMA_DMACOUNT          0x06
#define CBDMA_CHANSTS           0x08
#define   CBDMA_CHANSTS_SOFT_ERR                0x10
#define CBDMA_CHAINADDR         0x10
#define CBDMA_CHANCMP           0x18
#define CBDMA_CDAR              0x20
#define CBDMA_CHANERR           0x28
#define CBDMA_CHANERR_MASK      0x2c
#define CBDMA_DCACTRL           0x30

enum CbdmaChanState {
    CBDMA_ST_ACTIVE = 0,
    CBDMA_ST_IDLE = 1,
    CBDMA_ST_SUSPENDED = 2,
    CBDMA_ST_HALTED = 3,
    CBDMA_ST_ARMED = 4,
};

/* CHANERR bits */
#define CBDMA_ERR_SRC_ADDR          (1u << 0)
#define CBDMA_ERR_DEST_ADDR         (1u << 1)
#define CBDMA_ERR_NEXT_ADDR         (1u << 2)
#define CBDMA_ERR_NEXT_DESC_ALIGN   (1u << 3)
#define CBDMA_ERR_CHAIN_ADDR_VALUE  (1u << 4)
#define CBDMA_ERR_CHANCMD           (1u << 5)
#define CBDMA_ERR_READ_DATA         (1u << 8)
#define CBDMA_ERR_WRITE_DATA        (1u << 9)
#define CBDMA_ERR_CONTROL           (1u << 10)
#define CBDMA_ERR_LENGTH            (1u << 11)
#define CBDMA_ERR_COMPLETION_ADDR   (1u << 12)
#define CBDMA_ERR_INT_CONFIG        (1u << 13)
#define CBDMA_ERR_SOFT_ERR          (1u << 14)
#define CBDMA_ERR_XOR_P             (1u << 16)
#define CBDMA_ERR_XOR_Q             (1u << 17)
#define CBDMA_ERR_DESCRIPTOR_COUNT  (1u << 18)
#define CBDMA_ERR_ALL               0x7ffffu
/* validate mismatches are results: they always stop the channel */
#define CBDMA_ERR_VAL_MISMATCH      (CBDMA_ERR_XOR_P | CBDMA_ERR_XOR_Q)

/* descriptor control bits */
#define CBDMA_CTL_INT_EN            (1u << 0)
#define CBDMA_CTL_COMPL_WRITE       (1u << 3)
#define CBDMA_CTL_FENCE             (1u << 4)
#define CBDMA_CTL_NULL              (1u << 5)
#define CBDMA_CTL_SRC_CNT(ctl)      (((ctl) >> 5) & 7)
#define CBDMA_CTL_P_DISABLE         (1u << 11)
#define CBDMA_CTL_Q_DISABLE         (1u << 12)
#define CBDMA_CTL_WB_EN             (1u << 15)
#define CBDMA_CTL_OP(ctl)           ((ctl) >> 24)

#define CBDMA_DWBES_P_VAL_ERR       (1u << 25)
#define CBDMA_DWBES_Q_VAL_ERR       (1u << 26)
#define CBDMA_DWBES_WBES            (1u << 31)

enum CbdmaOp {
    CBDMA_OP_COPY = 0x00,
    CBDMA_OP_FILL = 0x01,
    CBDMA_OP_XOR = 0x87,
    CBDMA_OP_XOR_VAL = 0x88,
    CBDMA_OP_PQ = 0x89,
    CBDMA_OP_PQ_VAL = 0x8a,
    CBDMA_OP_PQ_16S = 0xa0,
    CBDMA_OP_PQ_VAL_16S = 0xa1,
};

/* statistics buckets, one per operation kind */
enum CbdmaStatOp {
    CBDMA_STAT_NULL,
    CBDMA_STAT_COPY,
    CBDMA_STAT_FILL,
    CBDMA_STAT_XOR,
    CBDMA_STAT_XOR_VAL,
    CBDMA_STAT_PQ,
    CBDMA_STAT_PQ_VAL,
    CBDMA_STAT_NR,
};

/* poll-us: how long the idle engine thread spins before it sleeps */
#define CBDMA_DEFAULT_POLL_US   1000
#define CBDMA_MAX_POLL_US       10000

#define CBDMA_DESC_SIZE     64
#define CBDMA_MAX_SRC       16

typedef struct CbdmaChan {
    struct CbdmaState *dev;
    unsigned int id;
    QEMUTimer *timer;           /* timing model: end of the current desc */

    /* registers */
    uint16_t chanctrl;
    uint16_t dmacount;          /* last doorbell value */
    uint64_t chainaddr;
    uint64_t chancmp;
    uint32_t chanerr;
    uint32_t chanerr_mask;
    uint32_t dcactrl;

    /* engine */
    uint8_t state;
    bool soft_err;
    uint16_t consumed;          /* ring slots consumed since the chain start */
    uint64_t cdar;              /* descriptor being or to be fetched */
    uint64_t completed;         /* last completed descriptor, 0 if none */
    uint64_t window_start;      /* first desc the driver cannot know is done */
    bool window_valid;
    bool armed;                 /* INT_REARM written since the last interrupt */
    bool irq_pending;           /* interrupt due while disarmed */
    bool timed;                 /* timing model: current desc already charged */
    bool executing;             /* engine inside a desc, BQL maybe dropped */
    unsigned int boundary_waiters;  /* commands waiting for its end */
    uint32_t epoch;             /* reset or new chain: running desc is stale */
    int64_t busy_until;         /* timing model: when the charged desc ends */
    int64_t ready_ns;           /* timing model: when work found it idle */
    uint8_t *buf;               /* bounce and accumulator buffers */

    /* fault injection */
    uint32_t fault_nth;         /* fail the Nth descriptor from now (0: off) */
    uint32_t fault_chanerr;     /* ... with these CHANERR bits */
    uint32_t fault_drop_wb;     /* drop this many completion writebacks */
    uint32_t fault_corrupt;     /* corrupt the result of the Nth desc */
    bool fault_stall;           /* no progress while set */
    bool fault_reset_stuck;     /* RESET does not complete while set */
    bool reset_pending;         /* a RESET held back by fault_reset_stuck */
    uint32_t desc_since_fault;  /* descriptors since fault_nth was set */
    uint32_t desc_since_corrupt;

    /* statistics */
    uint64_t stat_descs[CBDMA_STAT_NR];
    uint64_t stat_bytes[CBDMA_STAT_NR];
    uint64_t stat_busy_ns[CBDMA_STAT_NR];   /* host time executing */
    uint64_t stat_errors;
    uint64_t stat_injected;
    uint64_t stat_irqs;
    uint64_t stat_writebacks;
    uint64_t stat_doorbells;            /* DMACOUNT writes */
    uint64_t stat_reads;                /* guest reads of the registers */
    uint64_t stat_writes;               /* and writes, doorbells included */
} CbdmaChan;

struct CbdmaState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion regs;
    QEMUTimer *coalesce_timer;

    /* properties */
    uint16_t device_id;
    uint8_t version;
    uint8_t nr_channels;
    uint8_t xfercap_log;
    uint32_t capability;
    uint32_t latency_ns;
    uint32_t bandwidth_mbps;
    uint32_t slice_descs;
    uint32_t poll_us;           /* run-time property: engine thread polling */

    /* fault injection: the channel the fault-* properties act on */
    uint32_t fault_chan;

    /* global registers */
    uint8_t genctrl;
    uint8_t intrctrl;
    uint32_t attnstatus;
    uint16_t intrdelay;
    uint16_t chwpreflmt;
    uint32_t coalesce_pending;  /* channels with an interrupt held back */

    CbdmaChan chan[CBDMA_MAX_CHANNELS];

    /* the engine thread (cbdma-thread.c) */
    QemuThread engine_thread;
    QemuEvent engine_event;     /* set by a kick, waited on when idle */
    QemuCond engine_boundary;   /* a descriptor's data moved: BQL's cond */
    uint32_t kicked;            /* channels to run, one bit each */
    bool engine_stop;
    uint64_t stat_engine_sleeps;
};

/* cbdma.c */
void cbdma_chan_raise_irq(CbdmaChan *c);

/* cbdma-engine.c */
void cbdma_engine_init(void);
void cbdma_chan_run(void *opaque);
void cbdma_chan_doorbell(CbdmaChan *c);
void cbdma_chan_halt(CbdmaChan *c, uint32_t err);
void cbdma_chan_reset(CbdmaChan *c);
void cbdma_chan_kick(CbdmaChan *c);
uint64_t cbdma_chan_chansts(CbdmaChan *c);

/* cbdma-thread.c */
void cbdma_engine_start(CbdmaState *s);
void cbdma_engine_stop(CbdmaState *s);
void cbdma_engine_kick(CbdmaState *s, unsigned int id);
void cbdma_engine_cancel(CbdmaState *s, unsigned int id);
void cbdma_chan_wait_boundary(CbdmaChan *c);

#endif /* HW_DMA_CBDMA_H */
