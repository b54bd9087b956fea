// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the QEMU cbdma model at the register level, without cbdma.ko.
 * The suite takes the first -device cbdma no driver owns and drives its
 * channel 0 by hand: reset values, byte lanes, every opcode against
 * the kernel's xor_blocks() and lib/raid6, each guest mistake and the
 * CHANERR bit it must raise, halt and recovery by reset, commands that
 * land while a chain runs, and the DMACOUNT doorbell wrapping at 65536.
 * It runs in the `model` boot, where nothing else binds the device.
 */
#include <asm/unaligned.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/raid/pq.h>
#include <linux/raid/xor.h>

#include "registers.h"

#define MT_RING		16
#define MT_BUF		8192
#define MT_NBUF		20

struct mt_dev {
	struct pci_dev *pdev;
	void __iomem *bar;
	void __iomem *ch;		/* channel 0 */
	struct cbdma_hw_desc_raw *ring;
	dma_addr_t ring_dma;
	u64 *compl;
	dma_addr_t compl_dma;
	u8 *buf[MT_NBUF];
	dma_addr_t buf_dma[MT_NBUF];
	u8 *sed;
	dma_addr_t sed_dma;
	u16 count;			/* doorbell value */
	unsigned int next;		/* ring slot to fill */
};

struct cbdma_hw_desc_raw {
	u64 w[8];
};

static struct mt_dev mt;

static u64 mt_chansts(void)
{
	return readq(mt.ch + CBDMA_CHANSTS);
}

static unsigned int mt_state(void)
{
	return mt_chansts() & CBDMA_CHANSTS_STATE;
}

/* reset channel 0 and start a new chain at slot 0 */
static void mt_restart(struct kunit *test)
{
	u8 cmd;
	int ret;

	writel(readl(mt.ch + CBDMA_CHANERR), mt.ch + CBDMA_CHANERR);
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
	ret = readb_poll_timeout(mt.ch + CBDMA_CHANCMD, cmd,
				 !(cmd & CBDMA_CHANCMD_RESET), 1, 1000);
	KUNIT_ASSERT_EQ(test, ret, 0);
	writew(CBDMA_CHANCTRL_RUN, mt.ch + CBDMA_CHANCTRL);
	writel(lower_32_bits(mt.compl_dma), mt.ch + CBDMA_CHANCMP);
	writel(upper_32_bits(mt.compl_dma), mt.ch + CBDMA_CHANCMP + 4);
	*mt.compl = 0;
	memset(mt.ring, 0, MT_RING * sizeof(*mt.ring));
	mt.next = 0;
	mt.count = 0;
	writel(lower_32_bits(mt.ring_dma), mt.ch + CBDMA_CHAINADDR);
	writel(upper_32_bits(mt.ring_dma), mt.ch + CBDMA_CHAINADDR + 4);
}

/* the next ring slot, zeroed and linked to the one after it */
static struct cbdma_hw_desc_raw *mt_slot(void)
{
	struct cbdma_hw_desc_raw *d = &mt.ring[mt.next % MT_RING];

	memset(d, 0, sizeof(*d));
	d->w[3] = mt.ring_dma + ((mt.next + 1) % MT_RING) * CBDMA_DESC_SIZE;
	mt.next++;
	return d;
}

static u64 mt_w0(u8 op, u32 ctl, u32 size)
{
	return (u64)(ctl | ((u32)op << CBDMA_CTL_OP_SHIFT)) << 32 | size;
}

/* ring the doorbell for @n more slots and wait until the channel stops */
static unsigned int mt_go(struct kunit *test, unsigned int n)
{
	u64 sts;
	int ret;

	mt.count += n;
	writew(mt.count, mt.ch + CBDMA_DMACOUNT);
	ret = readx_poll_timeout(readq, mt.ch + CBDMA_CHANSTS, sts,
				 (sts & CBDMA_CHANSTS_STATE) !=
				 CBDMA_CHANSTS_ACTIVE, 10, 2000000);
	KUNIT_EXPECT_EQ(test, ret, 0);
	return sts & CBDMA_CHANSTS_STATE;
}

/* reset values and the registers a driver reads first */
static void cbdma_model_reset_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, readb(mt.bar + CBDMA_CHANCNT), 4);
	KUNIT_EXPECT_EQ(test, readb(mt.bar + CBDMA_XFERCAP), 20);
	KUNIT_EXPECT_EQ(test, readb(mt.bar + CBDMA_CBVER), 0x33);
	KUNIT_EXPECT_EQ(test, readl(mt.bar + CBDMA_DMACAPABILITY),
			CBDMA_CAP_FILL_BLOCK | CBDMA_CAP_XOR | CBDMA_CAP_PQ |
			CBDMA_CAP_DWBES | CBDMA_CAP_RAID16SS);
	KUNIT_EXPECT_TRUE(test, readw(mt.bar + CBDMA_INTRDELAY) &
			  CBDMA_INTRDELAY_COALESCE_SUPPORT);
	KUNIT_EXPECT_EQ(test, readw(mt.bar + CBDMA_DCAOFFSET), 0);
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
	KUNIT_EXPECT_EQ(test, readb(mt.ch + CBDMA_CHANCMD), 0);
	KUNIT_EXPECT_EQ(test, mt_chansts(), (u64)CBDMA_CHANSTS_IDLE);
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR), 0);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), 0);
	/* PCI config space: the CHANERR_INT pair is there */
	KUNIT_EXPECT_TRUE(test, pci_is_pcie(mt.pdev));
}

/* narrow registers side by side: each access touches its bytes only */
static void cbdma_model_byte_lanes(struct kunit *test)
{
	/* suspended, a DMACOUNT write is only recorded, nothing runs */
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
	writeb(CBDMA_CHANCMD_SUSPEND, mt.ch + CBDMA_CHANCMD);
	KUNIT_EXPECT_EQ(test, mt_state(), CBDMA_CHANSTS_SUSPENDED);
	writew(0x1234, mt.ch + CBDMA_DMACOUNT);
	writew(CBDMA_CHANCTRL_RUN, mt.ch + CBDMA_CHANCTRL);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_CHANCTRL),
			CBDMA_CHANCTRL_RUN);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), 0x1234);
	/* a 32-bit read at 0x04 sees CHANCMD (0) and DMACOUNT */
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANCMD), 0x12340000u);
	/* one byte of DMACOUNT */
	writeb(0x56, mt.ch + CBDMA_DMACOUNT + 1);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), 0x5634);
	/* CHAINADDR in two halves, read back whole */
	writel(0x89abcdc0, mt.ch + CBDMA_CHAINADDR);
	writel(0x1, mt.ch + CBDMA_CHAINADDR + 4);
	KUNIT_EXPECT_EQ(test, readq(mt.ch + CBDMA_CHAINADDR), 0x189abcdc0ULL);
	/* loading CHAINADDR starts a new chain: the count starts over */
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), 0);
	KUNIT_EXPECT_EQ(test, mt_state(), (unsigned int)CBDMA_CHANSTS_ARMED);
	/* a 16-bit CHANCTRL write leaves CHANCMD and DMACOUNT alone */
	writeb(CBDMA_CHANCMD_SUSPEND, mt.ch + CBDMA_CHANCMD);
	writew(0x3456, mt.ch + CBDMA_DMACOUNT);
	writew(CBDMA_CHANCTRL_RUN, mt.ch + CBDMA_CHANCTRL);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), 0x3456);
	/* CHANERR_MASK is read-write, 19 bits */
	writel(0xffffffff, mt.ch + CBDMA_CHANERR_MASK);
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR_MASK),
			(u32)CBDMA_CHANERR_ALL);
	writel(0, mt.ch + CBDMA_CHANERR_MASK);
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
}

static void mt_fill_random(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		get_random_bytes(mt.buf[i], MT_BUF);
}

static void cbdma_model_copy_fill_null(struct kunit *test)
{
	struct cbdma_hw_desc_raw *d;

	mt_restart(test);
	mt_fill_random(2);
	d = mt_slot();
	d->w[0] = mt_w0(CBDMA_OP_COPY, 0, MT_BUF - 3);
	d->w[1] = mt.buf_dma[0] + 3;
	d->w[2] = mt.buf_dma[1];
	d = mt_slot();
	d->w[0] = mt_w0(CBDMA_OP_FILL, 0, 1000);
	d->w[1] = 0x0123456789abcdefULL;
	d->w[2] = mt.buf_dma[2] + 8;
	d = mt_slot();
	d->w[0] = mt_w0(CBDMA_OP_COPY, CBDMA_CTL_NULL | CBDMA_CTL_COMPL_WRITE,
			1);
	KUNIT_ASSERT_EQ(test, mt_go(test, 3), (unsigned int)CBDMA_CHANSTS_IDLE);
	KUNIT_EXPECT_EQ(test, memcmp(mt.buf[1], mt.buf[0] + 3, MT_BUF - 3), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(mt.buf[2] + 8),
			0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(mt.buf[2] + 8 + 992),
			0x0123456789abcdefULL);
	/* the writeback names the last descriptor with compl_write */
	KUNIT_EXPECT_EQ(test, *mt.compl & CBDMA_CHANSTS_COMPLETED_ADDR,
			(u64)mt.ring_dma + 2 * CBDMA_DESC_SIZE);
}

static void mt_xor(unsigned int n, bool val, u64 dst)
{
	static const u8 field[8] = { 1, 4, 5, 6, 7, 0, 1, 2 };
	struct cbdma_hw_desc_raw *d = mt_slot(), *ext = NULL;
	unsigned int i;

	if (n > 5)
		ext = mt_slot();
	d->w[0] = mt_w0(val ? CBDMA_OP_XOR_VAL : CBDMA_OP_XOR,
			(n - 2) << CBDMA_CTL_SRC_CNT_SHIFT |
			CBDMA_CTL_COMPL_WRITE, MT_BUF);
	d->w[2] = dst;
	for (i = 0; i < n; i++)
		(i < 5 ? d : ext)->w[field[i]] = mt.buf_dma[i];
}

static void cbdma_model_xor(struct kunit *test)
{
	void *src[8];
	unsigned int n, i;

	for (n = 2; n <= 8; n++) {
		mt_restart(test);
		mt_fill_random(n);
		mt_xor(n, false, mt.buf_dma[10]);
		KUNIT_ASSERT_EQ(test, mt_go(test, n > 5 ? 2 : 1),
				(unsigned int)CBDMA_CHANSTS_IDLE);
		memset(mt.buf[11], 0, MT_BUF);
		for (i = 0; i < n; i++)
			src[i] = mt.buf[i];
		for (i = 0; i < n; i += 4)
			xor_blocks(min(n - i, 4u), MT_BUF, mt.buf[11], &src[i]);
		KUNIT_EXPECT_EQ_MSG(test, 0,
				    memcmp(mt.buf[10], mt.buf[11], MT_BUF),
				    "%u sources", n);
		/* XOR_VAL: the parity matches, then a flipped byte halts */
		mt_xor(n, true, mt.buf_dma[10]);
		KUNIT_EXPECT_EQ(test, mt_go(test, n > 5 ? 2 : 1),
				(unsigned int)CBDMA_CHANSTS_IDLE);
		mt.buf[10][77] ^= 1;
		mt_xor(n, true, mt.buf_dma[10]);
		KUNIT_EXPECT_EQ(test, mt_go(test, n > 5 ? 2 : 1),
				(unsigned int)CBDMA_CHANSTS_HALTED);
		KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR),
				(u32)CBDMA_CHANERR_XOR_P_OR_CRC);
	}
}

/* PQ with 3, 8 (extension slot) and 16 (super-extended) sources */
static void mt_pq_check(struct kunit *test, unsigned int n)
{
	static const u8 field[8] = { 1, 4, 5, 0, 1, 2, 4, 5 };
	struct cbdma_hw_desc_raw *d, *ext = NULL;
	void *ptrs[MT_NBUF];
	unsigned int i, slots = 1;
	u8 coef[16];
	u64 lo = 0, hi = 0;

	mt_restart(test);
	mt_fill_random(n);
	for (i = 0; i < n; i++) {
		coef[i] = raid6_gfexp[i];
		ptrs[i] = mt.buf[i];
		if (i < 8)
			lo |= (u64)coef[i] << (8 * i);
		else
			hi |= (u64)coef[i] << (8 * (i - 8));
	}
	d = mt_slot();
	if (n > 8) {
		u64 *sed = (u64 *)mt.sed;

		d->w[0] = mt_w0(CBDMA_OP_PQ_16S, (n - 9) <<
				CBDMA_CTL_SRC_CNT_SHIFT | CBDMA_CTL_COMPL_WRITE,
				MT_BUF);
		d->w[1] = mt.buf_dma[0];
		d->w[4] = mt.buf_dma[1];
		d->w[5] = mt.sed_dma;
		memset(sed, 0, 128);
		sed[0] = hi;
		for (i = 2; i < n; i++)
			sed[i - 1] = mt.buf_dma[i];	/* a: 3-9, b: 10-16 */
	} else {
		if (n > 3) {
			ext = mt_slot();
			slots = 2;
		}
		d->w[0] = mt_w0(CBDMA_OP_PQ,
				(n - 2) << CBDMA_CTL_SRC_CNT_SHIFT |
				CBDMA_CTL_COMPL_WRITE, MT_BUF);
		for (i = 0; i < n; i++)
			(i < 3 ? d : ext)->w[field[i]] = mt.buf_dma[i];
	}
	d->w[2] = mt.buf_dma[16];
	d->w[6] = lo;
	d->w[7] = mt.buf_dma[17];
	KUNIT_ASSERT_EQ(test, mt_go(test, slots),
			(unsigned int)CBDMA_CHANSTS_IDLE);
	ptrs[n] = mt.buf[18];
	ptrs[n + 1] = mt.buf[19];
	raid6_call.gen_syndrome(n + 2, MT_BUF, ptrs);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(mt.buf[16], mt.buf[18], MT_BUF), 0,
			    "P, %u sources", n);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(mt.buf[17], mt.buf[19], MT_BUF), 0,
			    "Q, %u sources", n);

	/* PQ_VAL of the same with Q flipped: XOR_Q, channel halted */
	mt.buf[17][5] ^= 0x80;
	d = &mt.ring[0];
	d->w[0] = (d->w[0] & ~(0xffULL << 56)) |
		  (u64)(n > 8 ? CBDMA_OP_PQ_VAL_16S : CBDMA_OP_PQ_VAL) << 56;
	mt.count = 0;
	writel(lower_32_bits(mt.ring_dma), mt.ch + CBDMA_CHAINADDR);
	writel(upper_32_bits(mt.ring_dma), mt.ch + CBDMA_CHAINADDR + 4);
	KUNIT_EXPECT_EQ(test, mt_go(test, slots),
			(unsigned int)CBDMA_CHANSTS_HALTED);
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR),
			(u32)CBDMA_CHANERR_XOR_Q);
}

static void cbdma_model_pq(struct kunit *test)
{
	mt_pq_check(test, 3);
	mt_pq_check(test, 8);
	mt_pq_check(test, 16);
}

/* guest mistakes: the CHANERR bit, a halted channel, recovery by reset */

struct mt_fault {
	const char *what;
	u32 chanerr;
};

static const struct mt_fault mt_faults[] = {
	{ "source does not decode", CBDMA_CHANERR_SRC_ADDR },
	{ "destination does not decode", CBDMA_CHANERR_DEST_ADDR },
	{ "next descriptor does not decode", CBDMA_CHANERR_NEXT_ADDR },
	{ "next descriptor misaligned", CBDMA_CHANERR_NEXT_DESC_ALIGN },
	{ "chain address misaligned", CBDMA_CHANERR_CHAIN_ADDR_VALUE },
	{ "unknown opcode", CBDMA_CHANERR_CONTROL },
	{ "xor with 9 sources", CBDMA_CHANERR_CONTROL },
	{ "length 0", CBDMA_CHANERR_LENGTH },
	{ "length above XFERCAP", CBDMA_CHANERR_LENGTH },
	{ "completion address misaligned", CBDMA_CHANERR_COMPLETION_ADDR },
	{ "two commands at once", CBDMA_CHANERR_CHANCMD },
};

static void mt_fault_desc(const struct mt_fault *f, char *desc)
{
	strscpy(desc, f->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mt_fault, mt_faults, mt_fault_desc);

static void cbdma_model_faults(struct kunit *test)
{
	const struct mt_fault *f = test->param_value;
	const u64 nowhere = 0xfff0000000ULL;
	struct cbdma_hw_desc_raw *d;
	unsigned int slots = 1;

	mt_restart(test);
	d = mt_slot();
	d->w[0] = mt_w0(CBDMA_OP_COPY, CBDMA_CTL_COMPL_WRITE, 64);
	d->w[1] = mt.buf_dma[0];
	d->w[2] = mt.buf_dma[1];
	switch (f->chanerr) {
	case CBDMA_CHANERR_SRC_ADDR:
		d->w[1] = nowhere;
		break;
	case CBDMA_CHANERR_DEST_ADDR:
		d->w[2] = nowhere;
		break;
	case CBDMA_CHANERR_NEXT_ADDR:
		d->w[3] = nowhere;
		slots = 2;
		break;
	case CBDMA_CHANERR_NEXT_DESC_ALIGN:
		d->w[3] += 8;
		slots = 2;
		break;
	case CBDMA_CHANERR_CHAIN_ADDR_VALUE:
		writel(lower_32_bits(mt.ring_dma) + 32,
		       mt.ch + CBDMA_CHAINADDR);
		break;
	case CBDMA_CHANERR_CONTROL:
		if (strstr(f->what, "xor"))
			d->w[0] = mt_w0(CBDMA_OP_XOR, 7 << 5, 64);
		else
			d->w[0] = mt_w0(0x42, 0, 64);
		break;
	case CBDMA_CHANERR_LENGTH:
		d->w[0] = mt_w0(CBDMA_OP_COPY, 0,
				strstr(f->what, "0") ? 0 : (1 << 20) + 1);
		break;
	case CBDMA_CHANERR_COMPLETION_ADDR:
		writel(lower_32_bits(mt.compl_dma) + 4, mt.ch + CBDMA_CHANCMP);
		break;
	case CBDMA_CHANERR_CHANCMD:
		writeb(CBDMA_CHANCMD_SUSPEND | CBDMA_CHANCMD_RESUME,
		       mt.ch + CBDMA_CHANCMD);
		KUNIT_EXPECT_EQ(test, mt_state(),
				(unsigned int)CBDMA_CHANSTS_HALTED);
		goto check;
	}
	KUNIT_EXPECT_EQ(test, mt_go(test, slots),
			(unsigned int)CBDMA_CHANSTS_HALTED);
check:
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR), f->chanerr);
	/* recovery: reset, a good copy runs */
	mt_restart(test);
	d = mt_slot();
	d->w[0] = mt_w0(CBDMA_OP_COPY, CBDMA_CTL_COMPL_WRITE, 64);
	d->w[1] = mt.buf_dma[0];
	d->w[2] = mt.buf_dma[1];
	KUNIT_EXPECT_EQ(test, mt_go(test, 1), (unsigned int)CBDMA_CHANSTS_IDLE);
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR), 0);
}

/* mt_copies_then(): copies big enough that a command lands inside one */
#define MT_BIG		(256 * 1024)
#define MT_NBIG		8

struct mt_big {
	u8 *src, *dst;
	dma_addr_t src_dma, dst_dma;
};

/*
 * MT_NBIG copies of MT_BIG bytes, the destination zeroed; once the first
 * is reported done, @cmd is written, so that it lands while the engine
 * moves the data of a later one (without the BQL). Returns how many
 * copies CHANSTS reports done once the channel stopped (at least one),
 * having checked that the data of exactly those is there: a command acts
 * between two descriptors, never inside one. Returns 0, the case failed,
 * when the channel did not get that far.
 */
static unsigned int mt_copies_then(struct kunit *test, struct mt_big *b,
				   u8 cmd)
{
	struct cbdma_hw_desc_raw *d;
	unsigned int i, done;
	u64 sts, addr;
	int ret;

	mt_restart(test);
	get_random_bytes(b->src, MT_BIG * MT_NBIG);
	memset(b->dst, 0, MT_BIG * MT_NBIG);
	for (i = 0; i < MT_NBIG; i++) {
		d = mt_slot();
		d->w[0] = mt_w0(CBDMA_OP_COPY, 0, MT_BIG);
		d->w[1] = b->src_dma + i * MT_BIG;
		d->w[2] = b->dst_dma + i * MT_BIG;
	}
	mt.count += MT_NBIG;
	writew(mt.count, mt.ch + CBDMA_DMACOUNT);
	/*
	 * Spin: a sleep, even of 1 us, outlasts the chain under TCG. No
	 * KUNIT_ASSERT here: the caller resets the channel before it frees
	 * the buffers the device may still be writing.
	 */
	ret = readx_poll_timeout_atomic(readq, mt.ch + CBDMA_CHANSTS, sts,
					sts & CBDMA_CHANSTS_COMPLETED_ADDR, 0,
					2000000);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "no copy done in 2 s");
	if (ret)
		return 0;
	writeb(cmd, mt.ch + CBDMA_CHANCMD);
	ret = readx_poll_timeout(readq, mt.ch + CBDMA_CHANSTS, sts,
				 (sts & CBDMA_CHANSTS_STATE) !=
				 CBDMA_CHANSTS_ACTIVE, 10, 2000000);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "still active 2 s after 0x%x", cmd);
	addr = sts & CBDMA_CHANSTS_COMPLETED_ADDR;
	done = (addr - mt.ring_dma) / CBDMA_DESC_SIZE + 1;
	KUNIT_EXPECT_GE(test, addr, (u64)mt.ring_dma);
	KUNIT_EXPECT_LE(test, done, MT_NBIG);
	if (ret || addr < mt.ring_dma || done > MT_NBIG)
		return 0;
	/* the next descriptor to fetch follows the last one done */
	KUNIT_EXPECT_EQ(test, readq(mt.ch + CBDMA_CDAR),
			(u64)mt.ring_dma + done * CBDMA_DESC_SIZE);
	for (i = 0; i < MT_NBIG; i++) {
		u8 *src = b->src + i * MT_BIG, *dst = b->dst + i * MT_BIG;

		if (i < done)
			KUNIT_EXPECT_EQ_MSG(test, memcmp(dst, src, MT_BIG), 0,
					    "copy %u of %u reported done", i,
					    done);
		else
			KUNIT_EXPECT_PTR_EQ_MSG(test,
						memchr_inv(dst, 0, MT_BIG),
						NULL,
						"copy %u ran, %u reported done",
						i, done);
	}
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR), 0);
	kunit_info(test, "command 0x%x: %u of %u copies done\n", cmd, done,
		   MT_NBIG);
	return done;
}

/*
 * SUSPEND and ABORT written while a chain runs: the descriptor in
 * progress finishes and is reported, nothing after it starts; RESUME
 * runs the rest, each descriptor once.
 */
static void cbdma_model_commands_mid_chain(struct kunit *test)
{
	struct device *dev = &mt.pdev->dev;
	struct mt_big b;

	b.src = dma_alloc_coherent(dev, MT_BIG * MT_NBIG, &b.src_dma,
				   GFP_KERNEL);
	b.dst = dma_alloc_coherent(dev, MT_BIG * MT_NBIG, &b.dst_dma,
				   GFP_KERNEL);
	if (!b.src || !b.dst)
		goto out;

	if (!mt_copies_then(test, &b, CBDMA_CHANCMD_SUSPEND))
		goto out;
	KUNIT_EXPECT_EQ(test, mt_state(),
			(unsigned int)CBDMA_CHANSTS_SUSPENDED);
	writeb(CBDMA_CHANCMD_RESUME, mt.ch + CBDMA_CHANCMD);
	KUNIT_EXPECT_EQ(test, mt_go(test, 0), (unsigned int)CBDMA_CHANSTS_IDLE);
	KUNIT_EXPECT_EQ(test, mt_chansts() & CBDMA_CHANSTS_COMPLETED_ADDR,
			(u64)mt.ring_dma + (MT_NBIG - 1) * CBDMA_DESC_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(b.dst, b.src, MT_BIG * MT_NBIG), 0);

	if (!mt_copies_then(test, &b, CBDMA_CHANCMD_ABORT))
		goto out;
	/* the count not yet run is forgotten: nothing starts again */
	KUNIT_EXPECT_EQ(test, mt_state(), (unsigned int)CBDMA_CHANSTS_IDLE);
out:
	/* the model resets between two descriptors: nothing writes after */
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
	if (b.src)
		dma_free_coherent(dev, MT_BIG * MT_NBIG, b.src, b.src_dma);
	if (b.dst)
		dma_free_coherent(dev, MT_BIG * MT_NBIG, b.dst, b.dst_dma);
	KUNIT_ASSERT_TRUE_MSG(test, b.src && b.dst, "no memory for the copies");
}

/* the 16-bit doorbell count wraps: 65536 + 100 descriptors in a 16-ring */
static void cbdma_model_dmacount_wrap(struct kunit *test)
{
	unsigned int done = 0, batch, i;

	mt_restart(test);
	for (i = 0; i < MT_RING; i++) {
		struct cbdma_hw_desc_raw *d = mt_slot();

		d->w[0] = mt_w0(CBDMA_OP_COPY, CBDMA_CTL_NULL |
				CBDMA_CTL_COMPL_WRITE, 1);
	}
	while (done < 65536 + 100) {
		batch = min(65536u + 100 - done, (unsigned int)MT_RING - 1);
		if (mt_go(test, batch) != CBDMA_CHANSTS_IDLE)
			break;
		done += batch;
	}
	KUNIT_EXPECT_EQ(test, done, 65536u + 100);
	KUNIT_EXPECT_EQ(test, readl(mt.ch + CBDMA_CHANERR), 0);
	KUNIT_EXPECT_EQ(test, readw(mt.ch + CBDMA_DMACOUNT), (u16)done);
	/* the last completed slot is where the count says */
	KUNIT_EXPECT_EQ(test, *mt.compl & CBDMA_CHANSTS_COMPLETED_ADDR,
			(u64)mt.ring_dma + ((done - 1) % MT_RING) *
			CBDMA_DESC_SIZE);
}

static int cbdma_model_init(struct kunit *test)
{
	if (!mt.pdev)
		kunit_skip(test, "no -device cbdma free of a driver");
	return 0;
}

static struct kunit_case cbdma_model_cases[] = {
	KUNIT_CASE(cbdma_model_reset_values),
	KUNIT_CASE(cbdma_model_byte_lanes),
	KUNIT_CASE(cbdma_model_copy_fill_null),
	KUNIT_CASE(cbdma_model_xor),
	KUNIT_CASE(cbdma_model_pq),
	KUNIT_CASE_PARAM(cbdma_model_faults, mt_fault_gen_params),
	KUNIT_CASE(cbdma_model_commands_mid_chain),
	KUNIT_CASE(cbdma_model_dmacount_wrap),
	{}
};

static void mt_release(void)
{
	struct device *dev;
	unsigned int i;

	if (!mt.pdev)
		return;
	dev = &mt.pdev->dev;
	writeb(CBDMA_CHANCMD_RESET, mt.ch + CBDMA_CHANCMD);
	for (i = 0; i < MT_NBUF; i++)
		if (mt.buf[i])
			dma_free_coherent(dev, MT_BUF, mt.buf[i],
					  mt.buf_dma[i]);
	if (mt.sed)
		dma_free_coherent(dev, 128, mt.sed, mt.sed_dma);
	if (mt.compl)
		dma_free_coherent(dev, 64, mt.compl, mt.compl_dma);
	if (mt.ring)
		dma_free_coherent(dev, MT_RING * CBDMA_DESC_SIZE, mt.ring,
				  mt.ring_dma);
	if (mt.bar)
		pci_iounmap(mt.pdev, mt.bar);
	pci_clear_master(mt.pdev);
	pci_disable_device(mt.pdev);
	pci_dev_put(mt.pdev);
	memset(&mt, 0, sizeof(mt));
}

/*
 * Take the first -device cbdma that no driver owns. No pci_driver: KUnit
 * runs a module's suites before the module is live, too early to
 * register one.
 */
static int mt_acquire(void)
{
	struct pci_dev *pdev = NULL;
	struct device *dev;
	unsigned int i;

	while ((pdev = pci_get_device(PCI_VENDOR_ID_INTEL, 0x0c50, pdev)))
		if (!pdev->driver)
			break;
	if (!pdev)
		return 0;		/* the cases skip */
	mt.pdev = pdev;
	dev = &pdev->dev;
	if (pci_enable_device(pdev) ||
	    dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64)))
		goto fail;
	pci_set_master(pdev);
	mt.bar = pci_iomap(pdev, 0, 0);
	if (!mt.bar)
		goto fail;
	mt.ch = mt.bar + CBDMA_CHAN_BASE(0);
	mt.ring = dma_alloc_coherent(dev, MT_RING * CBDMA_DESC_SIZE,
				     &mt.ring_dma, GFP_KERNEL);
	mt.compl = dma_alloc_coherent(dev, 64, &mt.compl_dma, GFP_KERNEL);
	mt.sed = dma_alloc_coherent(dev, 128, &mt.sed_dma, GFP_KERNEL);
	if (!mt.ring || !mt.compl || !mt.sed)
		goto fail;
	for (i = 0; i < MT_NBUF; i++) {
		mt.buf[i] = dma_alloc_coherent(dev, MT_BUF, &mt.buf_dma[i],
					       GFP_KERNEL);
		if (!mt.buf[i])
			goto fail;
	}
	return 0;
fail:
	mt_release();
	return -ENODEV;
}

static int cbdma_model_suite_init(struct kunit_suite *suite)
{
	return mt_acquire();
}

static void cbdma_model_suite_exit(struct kunit_suite *suite)
{
	mt_release();
}

static struct kunit_suite cbdma_model_suite = {
	.name = "cbdma_model",
	.suite_init = cbdma_model_suite_init,
	.suite_exit = cbdma_model_suite_exit,
	.init = cbdma_model_init,
	.test_cases = cbdma_model_cases,
};

kunit_test_suite(cbdma_model_suite);

MODULE_DESCRIPTION("KUnit tests of the QEMU cbdma model's registers and engine");
MODULE_LICENSE("GPL");
