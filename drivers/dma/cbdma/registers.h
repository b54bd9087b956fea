/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/OAT v3.x register and descriptor layout, as named in
 * Documentation/cbdma/ioat-hardware.rst (one name per thing: the QEMU model,
 * the driver and the tests use these names).
 */
#ifndef _CBDMA_REGISTERS_H
#define _CBDMA_REGISTERS_H

#include <linux/bits.h>
#include <linux/types.h>

/* PCI configuration space */
#define CBDMA_PCI_DMAUNCERRSTS		0x148
#define CBDMA_PCI_CHANERR_INT		0x180
#define CBDMA_PCI_CHANERRMASK_INT	0x184

/* BAR0 global registers */
#define CBDMA_CHANCNT			0x00	/* 8 */
#define   CBDMA_CHANCNT_MASK		0x1f
#define CBDMA_XFERCAP			0x01	/* 8 */
#define   CBDMA_XFERCAP_MASK		0x1f
#define CBDMA_GENCTRL			0x02	/* 8 */
#define CBDMA_INTRCTRL			0x03	/* 8 */
#define   CBDMA_INTRCTRL_MASTER_INT_EN	0x01
#define   CBDMA_INTRCTRL_INT_STATUS	0x02
#define   CBDMA_INTRCTRL_INT		0x04
#define   CBDMA_INTRCTRL_MSIX_VECTOR_CONTROL 0x08
#define CBDMA_ATTNSTATUS		0x04	/* 32 */
#define CBDMA_CBVER			0x08	/* 8 */
#define   CBDMA_CBVER_MAJOR(v)		(((v) >> 4) & 0xf)
#define   CBDMA_CBVER_MINOR(v)		((v) & 0xf)
#define CBDMA_INTRDELAY			0x0c	/* 16 */
#define   CBDMA_INTRDELAY_MASK		0x3fff
#define   CBDMA_INTRDELAY_COALESCE_SUPPORT 0x8000
#define CBDMA_CS_STATUS			0x0e	/* 16 */
#define CBDMA_DMACAPABILITY		0x10	/* 32 */
#define   CBDMA_CAP_PAGE_BREAK		0x00000001
#define   CBDMA_CAP_CRC			0x00000002
#define   CBDMA_CAP_SKIP_MARKER		0x00000004
#define   CBDMA_CAP_DCA			0x00000010
#define   CBDMA_CAP_CRC_MOVE		0x00000020
#define   CBDMA_CAP_FILL_BLOCK		0x00000040
#define   CBDMA_CAP_APIC		0x00000080
#define   CBDMA_CAP_XOR			0x00000100
#define   CBDMA_CAP_PQ			0x00000200
#define   CBDMA_CAP_DWBES		0x00002000
#define   CBDMA_CAP_RAID16SS		0x00020000
#define   CBDMA_CAP_DPS			0x00800000
#define CBDMA_DCAOFFSET			0x14	/* 16 */
#define CBDMA_CHWPREFLMT		0x4c	/* 16 */

/* BAR0 per-channel registers, channel n at CBDMA_CHAN_BASE(n) */
#define CBDMA_CHAN_BASE(n)		(0x80 * ((n) + 1))
#define CBDMA_CHANCTRL			0x00	/* 16 */
#define   CBDMA_CHANCTRL_PRIORITY	0xf000
#define   CBDMA_CHANCTRL_COMPL_DCA_EN	0x0200
#define   CBDMA_CHANCTRL_IN_USE		0x0100
#define   CBDMA_CHANCTRL_DESC_ADDR_SNOOP 0x0020
#define   CBDMA_CHANCTRL_ERR_INT_EN	0x0010
#define   CBDMA_CHANCTRL_ANY_ERR_ABORT_EN 0x0008
#define   CBDMA_CHANCTRL_ERR_COMPLETION_EN 0x0004
#define   CBDMA_CHANCTRL_INT_REARM	0x0001
#define   CBDMA_CHANCTRL_RUN		(CBDMA_CHANCTRL_INT_REARM | \
					 CBDMA_CHANCTRL_ERR_COMPLETION_EN | \
					 CBDMA_CHANCTRL_ANY_ERR_ABORT_EN | \
					 CBDMA_CHANCTRL_ERR_INT_EN)
#define CBDMA_CHANCMD			0x04	/* 8 */
#define   CBDMA_CHANCMD_RESET		0x20
#define   CBDMA_CHANCMD_RESUME		0x10
#define   CBDMA_CHANCMD_ABORT		0x08
#define   CBDMA_CHANCMD_SUSPEND		0x04
#define   CBDMA_CHANCMD_APPEND		0x02
#define   CBDMA_CHANCMD_START		0x01
#define CBDMA_DMACOUNT			0x06	/* 16 */
#define CBDMA_CHANSTS			0x08	/* 64 */
#define   CBDMA_CHANSTS_COMPLETED_ADDR	(~0x3fULL)
#define   CBDMA_CHANSTS_SOFT_ERR	0x10
#define   CBDMA_CHANSTS_UNAFFILIATED	0x08
#define   CBDMA_CHANSTS_STATE		0x07
#define     CBDMA_CHANSTS_ACTIVE	0
/* IDLE is "DONE" in the in-tree driver */
#define     CBDMA_CHANSTS_IDLE		1
#define     CBDMA_CHANSTS_SUSPENDED	2
#define     CBDMA_CHANSTS_HALTED	3
#define     CBDMA_CHANSTS_ARMED		4
#define CBDMA_CHAINADDR			0x10	/* 64, two 32-bit halves */
#define CBDMA_CHANCMP			0x18	/* 64, two 32-bit halves */
#define CBDMA_CDAR			0x20	/* 64 */
#define CBDMA_CHANERR			0x28	/* 32, write 1 to clear */
#define CBDMA_CHANERR_MASK		0x2c	/* 32 */
#define CBDMA_DCACTRL			0x30	/* 32 */

/* CHANERR bits */
#define CBDMA_CHANERR_SRC_ADDR		BIT(0)
#define CBDMA_CHANERR_DEST_ADDR		BIT(1)
#define CBDMA_CHANERR_NEXT_ADDR		BIT(2)
#define CBDMA_CHANERR_NEXT_DESC_ALIGN	BIT(3)
#define CBDMA_CHANERR_CHAIN_ADDR_VALUE	BIT(4)
#define CBDMA_CHANERR_CHANCMD		BIT(5)
#define CBDMA_CHANERR_CHIPSET_UNCORRECTABLE_DATA_INTEGRITY BIT(6)
#define CBDMA_CHANERR_DMA_UNCORRECTABLE_DATA_INTEGRITY BIT(7)
#define CBDMA_CHANERR_READ_DATA		BIT(8)
#define CBDMA_CHANERR_WRITE_DATA	BIT(9)
#define CBDMA_CHANERR_CONTROL		BIT(10)
#define CBDMA_CHANERR_LENGTH		BIT(11)
#define CBDMA_CHANERR_COMPLETION_ADDR	BIT(12)
#define CBDMA_CHANERR_INT_CONFIG	BIT(13)
#define CBDMA_CHANERR_SOFT_ERR		BIT(14)
#define CBDMA_CHANERR_UNAFFILIATED	BIT(15)
#define CBDMA_CHANERR_XOR_P_OR_CRC	BIT(16)
#define CBDMA_CHANERR_XOR_Q		BIT(17)
#define CBDMA_CHANERR_DESCRIPTOR_COUNT	BIT(18)
#define CBDMA_CHANERR_NR		19
#define CBDMA_CHANERR_ALL		GENMASK(CBDMA_CHANERR_NR - 1, 0)
/* validate mismatches: results, not faults */
#define CBDMA_CHANERR_VAL_MISMATCH	(CBDMA_CHANERR_XOR_P_OR_CRC | \
					 CBDMA_CHANERR_XOR_Q)
/* the data moved may be bad, the channel and ring are intact */
#define CBDMA_CHANERR_DATA		(CBDMA_CHANERR_READ_DATA | \
					 CBDMA_CHANERR_WRITE_DATA)

/* Descriptors: 64 bytes, 64-byte aligned, little endian */
#define CBDMA_DESC_SIZE			64
#define CBDMA_DESC_ALIGN		64

/* ctl bits shared by every opcode */
#define CBDMA_CTL_INT_EN		BIT(0)
#define CBDMA_CTL_SRC_SNOOP_DISABLE	BIT(1)
#define CBDMA_CTL_DEST_SNOOP_DISABLE	BIT(2)
#define CBDMA_CTL_COMPL_WRITE		BIT(3)
#define CBDMA_CTL_FENCE			BIT(4)
#define CBDMA_CTL_BUNDLE		BIT(8)
#define CBDMA_CTL_DEST_DCA		BIT(9)
#define CBDMA_CTL_HINT			BIT(10)
/* COPY */
#define CBDMA_CTL_NULL			BIT(5)
#define CBDMA_CTL_SRC_PAGE_BREAK	BIT(6)
#define CBDMA_CTL_DST_PAGE_BREAK	BIT(7)
/* XOR, PQ: source count field */
#define CBDMA_CTL_SRC_CNT_SHIFT		5
#define CBDMA_CTL_SRC_CNT_MASK		(0x7 << CBDMA_CTL_SRC_CNT_SHIFT)
/* PQ */
#define CBDMA_CTL_P_DISABLE		BIT(11)
#define CBDMA_CTL_Q_DISABLE		BIT(12)
#define CBDMA_CTL_WB_EN			BIT(15)
#define CBDMA_CTL_PRL_EN		BIT(16)
#define CBDMA_CTL_OP_SHIFT		24

/* DWBES result bits in the size word of a PQ/PQ_VAL descriptor */
#define CBDMA_DWBES_P_VAL_ERR		BIT(25)
#define CBDMA_DWBES_Q_VAL_ERR		BIT(26)
#define CBDMA_DWBES_WBES		BIT(31)

enum cbdma_op {
	CBDMA_OP_COPY = 0x00,
	CBDMA_OP_FILL = 0x01,
	CBDMA_OP_XOR = 0x87,
	CBDMA_OP_XOR_VAL = 0x88,
	CBDMA_OP_PQ = 0x89,
	CBDMA_OP_PQ_VAL = 0x8a,
	CBDMA_OP_PQ_16S = 0xa0,
	CBDMA_OP_PQ_VAL_16S = 0xa1,
};

#define CBDMA_XOR_MAX_SRC		8
#define CBDMA_XOR_BASE_SRC		5	/* sources in the base slot */
#define CBDMA_PQ_MAX_SRC		8
#define CBDMA_PQ_BASE_SRC		3
#define CBDMA_PQ16_MAX_SRC		16

#endif /* _CBDMA_REGISTERS_H */
