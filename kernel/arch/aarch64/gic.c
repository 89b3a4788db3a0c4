/* SPDX-License-Identifier: MIT */
/*
 * GICv3 interrupt controller (Arm GICv3/v4 Architecture Specification,
 * IHI 0069): the distributor for shared interrupts, one redistributor per
 * CPU for its private ones (SGIs and PPIs), and the CPU interface through
 * the ICC_* system registers. All interrupts are Group 1 non-secure.
 * SGIs carry the generic kernel's IPIs; shared peripheral interrupts
 * (SPIs) may be claimed by user-space drivers, one line at a time.
 */
#define LOG_SUBSYS "gic"
#include <kernel/arch.h>
#include <kernel/fdt.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/trap.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>
#include <arch/trap.h>

/* Distributor registers (IHI 0069, "Distributor register map"). */
#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ICPENDR    0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER    0x6000

#define GICD_CTLR_RWP        (1u << 31)
#define GICD_CTLR_ARE_NS     (1u << 4)
#define GICD_CTLR_ENABLE_G1A (1u << 1)
#define GICD_CTLR_ENABLE_G1  (1u << 0)
#define GICD_TYPER_LINES(t)  ((((t)&0x1f) + 1) * 32)

/* Redistributor registers (IHI 0069, "Redistributor register map"). */
#define GICR_CTLR       0x0000
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_SGI_BASE   0x10000 /* second 64 KiB frame: SGIs and PPIs */
#define GICR_IGROUPR0   (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI_BASE + 0x0400)

#define GICR_CTLR_RWP        (1u << 3)
#define GICR_TYPER_VLPIS     (1ull << 1)
#define GICR_TYPER_LAST      (1ull << 4)
#define GICR_WAKER_SLEEP     (1u << 1)
#define GICR_WAKER_ASLEEP    (1u << 2)
#define GICR_FRAME_SIZE      0x20000 /* RD_base + SGI_base */
#define GICR_FRAME_SIZE_VLPI 0x40000 /* plus the two GICv4 VLPI frames */

/* Priorities: lower is more urgent; the PMR lets everything through. */
#define GIC_PRIO_DEFAULT  0xa0a0a0a0u
#define GIC_PRIO_PRIVATE  0x80808080u
#define GIC_PMR_ALLOW_ALL 0xff

#define GIC_INTID_SPI_FIRST     32
#define GIC_INTID_SPECIAL_FIRST 1020 /* 1020-1023: special, no EOI */
#define GIC_INTID_SPECIAL_LAST  1023
#define GIC_INTID_MASK          0xffffff

/* ICC_SRE_EL1: SRE, DFB, DIB (IHI 0069, ICC_SRE_EL1). */
#define ICC_SRE_ALL           7
/* ICC_SGI1R_EL1 fields (IHI 0069, ICC_SGI1R_EL1). */
#define ICC_SGI1R_AFF1_SHIFT  16
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF2_SHIFT  32
#define ICC_SGI1R_IRM         (1ull << 40) /* all PEs but this one */
#define ICC_SGI1R_RS_SHIFT    44 /* which 16 Aff0 values TargetList means */
#define ICC_SGI1R_AFF3_SHIFT  48
#define ICC_SGI1R_TARGETS     16

#define GIC_MAX_REGIONS 8
#define GIC_POLL_LIMIT  1000000

static volatile uint8_t *gicd;
static unsigned gicd_lines; /* INTIDs below this exist; immutable */

/* SPIs claimed by user space: bit per INTID. Set and cleared [bkl]. */
static uint32_t spi_claimed[GIC_INTID_SPECIAL_FIRST / 32];

/* Redistributor regions, each a run of frames. Immutable after init. */
static struct {
	volatile uint8_t *va;
	uint64_t size;
} gicr_regions[GIC_MAX_REGIONS];
static unsigned gicr_nregions;

static uint32_t rd32(volatile uint8_t *base, unsigned reg)
{
	return *(volatile uint32_t *)(base + reg);
}

static uint64_t rd64(volatile uint8_t *base, unsigned reg)
{
	return *(volatile uint64_t *)(base + reg);
}

static void wr32(volatile uint8_t *base, unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(base + reg) = v;
}

static void wr64(volatile uint8_t *base, unsigned reg, uint64_t v)
{
	*(volatile uint64_t *)(base + reg) = v;
}

/* Wait for a register write to take effect (IHI 0069, GICD_CTLR.RWP). */
static void wait_clear(volatile uint8_t *base, unsigned reg, uint32_t bit,
		       const char *what)
{
	for (unsigned i = 0; i < GIC_POLL_LIMIT; i++)
		if (!(rd32(base, reg) & bit))
			return;
	panic("gic: %s stuck at %#x", what, rd32(base, reg));
}

bool gic_ready(void)
{
	return gicd != NULL;
}

/* Affinity as GICR_TYPER holds it: Aff3.Aff2.Aff1.Aff0 in 32 bits. */
static uint32_t typer_affinity(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff));
}

static volatile uint8_t *find_redistributor(uint64_t mpidr)
{
	uint32_t want = typer_affinity(mpidr);

	for (unsigned r = 0; r < gicr_nregions; r++) {
		uint64_t off = 0;

		while (off + GICR_FRAME_SIZE <= gicr_regions[r].size) {
			volatile uint8_t *rd = gicr_regions[r].va + off;
			uint64_t typer = rd64(rd, GICR_TYPER);

			if ((uint32_t)(typer >> 32) == want)
				return rd;
			if (typer & GICR_TYPER_LAST)
				break;
			off += typer & GICR_TYPER_VLPIS ? GICR_FRAME_SIZE_VLPI
							: GICR_FRAME_SIZE;
		}
	}
	return NULL;
}

static void distributor_init(uint64_t boot_mpidr)
{
	unsigned lines = GICD_TYPER_LINES(rd32(gicd, GICD_TYPER));

	gicd_lines = MIN(lines, GIC_INTID_SPECIAL_FIRST);

	wr32(gicd, GICD_CTLR, 0);
	wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");

	/* Shared interrupts: Group 1, disabled, routed to the boot CPU. */
	for (unsigned i = 32; i < lines; i += 32) {
		wr32(gicd, GICD_IGROUPR + i / 8, ~0u);
		wr32(gicd, GICD_ICENABLER + i / 8, ~0u);
	}
	for (unsigned i = 32; i < lines; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	for (unsigned i = 32; i < lines; i++)
		wr64(gicd, GICD_IROUTER + 8 * i, boot_mpidr);

	/*
	 * Affinity routing and Group 1. The same bits mean EnableGrp1NS
	 * and EnableGrp1A for non-secure software when the GIC has two
	 * security states, and EnableGrp0/1 when it has one (IHI 0069,
	 * GICD_CTLR).
	 */
	wr32(gicd, GICD_CTLR,
	     GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1);
	wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

/* Enable one SGI or PPI on c's redistributor. */
void gic_enable_ppi(struct cpu *c, unsigned intid)
{
	wr32(c->arch.gicr, GICR_ISENABLER0, 1u << intid);
}

/*
 * This CPU's redistributor and CPU interface: wake the redistributor,
 * make private interrupts Group 1, and enable the stop SGI and the timer.
 */
void gic_init_cpu(struct cpu *c)
{
	volatile uint8_t *rd = find_redistributor(c->hwid);

	if (!rd)
		panic("gic_init_cpu: no redistributor for cpu %u (mpidr %#llx)",
		      c->index, (unsigned long long)c->hwid);
	c->arch.gicr = rd;

	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	wait_clear(rd, GICR_WAKER, GICR_WAKER_ASLEEP,
		   "GICR_WAKER.ChildrenAsleep");

	wr32(rd, GICR_ICENABLER0, ~0u);
	wait_clear(rd, GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
	wr32(rd, GICR_IGROUPR0, ~0u);
	for (unsigned i = 0; i < 32; i += 4)
		wr32(rd, GICR_IPRIORITYR + i, GIC_PRIO_PRIVATE);

	write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_ALL);
	isb();
	write_sysreg(icc_pmr_el1, GIC_PMR_ALLOW_ALL);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, 0); /* EOI write drops and deactivates */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();

	gic_enable_ppi(c, INTID_SGI_STOP);
	gic_enable_ppi(c, INTID_SGI_RESCHED);
	gic_enable_ppi(c, INTID_SGI_TLB);
	gic_enable_ppi(c, INTID_VTIMER);
}

/* The GIC node and its parent's cell sizes, for decoding reg. */
struct gic_node {
	const struct fdt *f;
	int node;
	uint32_t acells, scells;
};

static volatile uint8_t *map_reg(const struct gic_node *g, unsigned i,
				 uint64_t max, uint64_t *size)
{
	uint64_t base;
	void *va;

	if (fdt_reg_cells(g->f, g->node, g->acells, g->scells, i, &base, size) <
	    0)
		return NULL;
	*size = MIN(*size, max);
	va = vm_map_mmio(base, *size);
	if (!va)
		panic("gic_init: cannot map %#llx+%#llx",
		      (unsigned long long)base, (unsigned long long)*size);
	return va;
}

/*
 * Find the GIC in the device tree ("arm,gic-v3": reg is the distributor,
 * then #redistributor-regions redistributor regions), map it, and set up
 * the distributor and the boot CPU's interface. ncpu bounds the
 * redistributor frames mapped.
 */
void gic_init(const struct fdt *f, unsigned ncpu)
{
	struct gic_node g = {
	    .f = f,
	    .node = fdt_find_compatible(f, -1, "arm,gic-v3"),
	};
	uint32_t nregions = 1;
	uint64_t size;
	int parent;

	if (g.node < 0)
		panic("gic_init: no arm,gic-v3 node in the device tree");
	parent = fdt_parent(f, g.node);
	g.acells = fdt_address_cells(f, parent);
	g.scells = fdt_size_cells(f, parent);
	gicd = map_reg(&g, 0, KiB(64), &size);
	if (!gicd)
		panic("gic_init: arm,gic-v3 node has no distributor reg");

	/*
	 * Map only as many redistributor frames as there are CPUs: QEMU
	 * describes room for over a hundred.
	 */
	fdt_get_u32(f, g.node, "#redistributor-regions", &nregions);
	for (uint32_t r = 0; r < nregions && r < GIC_MAX_REGIONS; r++) {
		volatile uint8_t *va =
		    map_reg(&g, 1 + r, ncpu * GICR_FRAME_SIZE_VLPI, &size);

		if (!va)
			break;
		gicr_regions[gicr_nregions].va = va;
		gicr_regions[gicr_nregions++].size = size;
	}
	if (gicr_nregions == 0)
		panic("gic_init: no redistributor regions");

	distributor_init(this_cpu()->hwid);
	gic_init_cpu(this_cpu());
	log_info("GICv3: %u interrupt lines, %u redistributor region(s)",
		 GICD_TYPER_LINES(rd32(gicd, GICD_TYPER)), gicr_nregions);
}

/* Raise SGI intid on every CPU but this one. */
void gic_send_sgi_others(unsigned intid)
{
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(icc_sgi1r_el1,
		     ICC_SGI1R_IRM | (uint64_t)intid << ICC_SGI1R_INTID_SHIFT);
	isb();
}

/*
 * Raise SGI intid on the one CPU with this MPIDR. TargetList names
 * Aff0 values RS*16 .. RS*16+15 (IHI 0069, ICC_SGI1R_EL1).
 * XXX: Aff0 of 16 or more needs the GIC's range selector (ICC_CTLR_EL1
 * .RSS), which is not checked; without it such a CPU gets no IPI. QEMU's
 * virt board numbers Aff0 from 0 to 15 in each cluster.
 */
void gic_send_sgi(uint64_t mpidr, unsigned intid)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v = (uint64_t)intid << ICC_SGI1R_INTID_SHIFT;

	v |= 1ull << (aff0 % ICC_SGI1R_TARGETS);
	v |= (aff0 / ICC_SGI1R_TARGETS) << ICC_SGI1R_RS_SHIFT;
	v |= ((mpidr >> 8) & 0xff) << ICC_SGI1R_AFF1_SHIFT;
	v |= ((mpidr >> 16) & 0xff) << ICC_SGI1R_AFF2_SHIFT;
	v |= ((mpidr >> 32) & 0xff) << ICC_SGI1R_AFF3_SHIFT;
	/* What the sender wrote must be visible to the handler. */
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(icc_sgi1r_el1, v);
	isb();
}

void arch_send_ipi(unsigned cpu_index, enum ipi_kind kind)
{
	static const unsigned intid[IPI_COUNT] = {
	    [IPI_RESCHED] = INTID_SGI_RESCHED,
	    [IPI_TLB] = INTID_SGI_TLB,
	};

	DEBUG_ASSERT(cpu_index < ncpus && kind < IPI_COUNT);
	gic_send_sgi(cpus[cpu_index].hwid, intid[kind]);
}

/* ---- SPIs owned by user-space drivers ---- */

static bool spi_is_claimed(unsigned intid)
{
	return intid >= GIC_INTID_SPI_FIRST && intid < gicd_lines &&
	       (__atomic_load_n(&spi_claimed[intid / 32], __ATOMIC_RELAXED) &
		(1u << (intid % 32)));
}

/* Disable, and wait until the distributor no longer signals it. */
static void spi_disable(unsigned intid)
{
	wr32(gicd, GICD_ICENABLER + intid / 32 * 4, 1u << (intid % 32));
	wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

/*
 * Take an SPI for user space: disabled, nothing pending, Group 1 and
 * routed to the boot CPU (as distributor_init left every SPI). Its
 * trigger mode stays as the firmware set it. -1 for an SGI, PPI, a
 * line the GIC lacks, or one already claimed.
 */
int arch_irq_line_claim(unsigned line)
{
	uint32_t bit = 1u << (line % 32);

	if (!gicd || line < GIC_INTID_SPI_FIRST || line >= gicd_lines ||
	    spi_is_claimed(line))
		return -1;
	spi_disable(line);
	wr32(gicd, GICD_ICPENDR + line / 32 * 4, bit);
	wr64(gicd, GICD_IROUTER + 8 * line, cpus[0].hwid);
	__atomic_fetch_or(&spi_claimed[line / 32], bit, __ATOMIC_RELAXED);
	return 0;
}

void arch_irq_line_mask(unsigned line)
{
	if (spi_is_claimed(line))
		spi_disable(line);
}

void arch_irq_line_unmask(unsigned line)
{
	if (spi_is_claimed(line))
		wr32(gicd, GICD_ISENABLER + line / 32 * 4, 1u << (line % 32));
}

void arch_irq_line_release(unsigned line)
{
	uint32_t bit = 1u << (line % 32);

	if (!spi_is_claimed(line))
		return;
	spi_disable(line);
	wr32(gicd, GICD_ICPENDR + line / 32 * 4, bit);
	__atomic_fetch_and(&spi_claimed[line / 32], ~bit, __ATOMIC_RELAXED);
}

static void gic_eoi(uint64_t iar)
{
	write_sysreg(icc_eoir1_el1, iar);
}

/*
 * Handle one acknowledged interrupt, ending it at the GIC before the
 * generic code may switch threads in trap_exit: an interrupt left active
 * would block every interrupt of its priority on this CPU meanwhile.
 */
static void gic_dispatch(struct trap_frame *tf, uint64_t iar)
{
	unsigned intid = iar & GIC_INTID_MASK;

	switch (intid) {
	case INTID_VTIMER:
		timer_irq(); /* re-arms first: the level is gone at EOI */
		gic_eoi(iar);
		return;
	case INTID_SGI_RESCHED:
		gic_eoi(iar);
		smp_ipi_handle(IPI_RESCHED);
		return;
	case INTID_SGI_TLB:
		gic_eoi(iar);
		smp_ipi_handle(IPI_TLB);
		return;
	}
	if (spi_is_claimed(intid)) {
		/* Masked until the driver has dealt with its device. */
		spi_disable(intid);
		gic_eoi(iar);
		irq_deliver(intid);
		return;
	}
	log_warn("unexpected interrupt %u at pc %#llx", intid,
		 (unsigned long long)tf->elr);
	gic_eoi(iar);
}

/*
 * Take one interrupt: acknowledge, then dispatch within trap_enter and
 * trap_exit. The stop SGI bypasses those: the CPU that panicked may
 * hold the big kernel lock.
 */
void gic_handle_irq(struct trap_frame *tf, bool from_user)
{
	uint64_t iar = read_sysreg(icc_iar1_el1);
	unsigned intid = iar & GIC_INTID_MASK;

	/* Nothing to end for these (IHI 0069, "Special INTIDs"). */
	if (intid >= GIC_INTID_SPECIAL_FIRST && intid <= GIC_INTID_SPECIAL_LAST)
		return;
	if (intid == INTID_SGI_STOP) {
		gic_eoi(iar);
		arch_halt();
	}
	trap_enter(tf, from_user);
	gic_dispatch(tf, iar);
	trap_exit(tf, from_user);
}
