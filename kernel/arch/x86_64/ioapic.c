/* SPDX-License-Identifier: MIT */
/*
 * I/O APICs: the device interrupt lines user-space drivers claim. A line
 * is a global system interrupt (GSI) number; each claimed line is routed
 * to vector X86_VEC_IRQ_BASE + line on the boot CPU, and its interrupt
 * masks it again before irq_deliver(), so a driver sees one interrupt per
 * arch_irq_line_unmask. Registers follow the Intel 82093AA I/O APIC
 * datasheet, 3.2 "I/O APIC Registers" and 3.2.4 "I/O Redirection Table".
 *
 * Locking: the index/data register pair of each I/O APIC and the claimed
 * bitmap are [ioapic_lock]; every caller runs in the kernel with
 * interrupts masked, but lines can be touched from any CPU.
 */
#define LOG_SUBSYS "ioapic"
#include <kernel/arch.h>
#include <kernel/log.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/trap.h>
#include <kernel/vm.h>
#include <arch/trap.h>
#include <arch/x86.h>

#define IOAPIC_REGSEL     0x00
#define IOAPIC_WINDOW     0x10 /* byte offset of IOWIN */
#define IOAPIC_REG_VER    0x01
#define IOAPIC_REG_REDIR  0x10 /* low half of entry n at 0x10 + 2n */
#define IOAPIC_VER_MAXRED 16   /* bits 23:16: entries - 1 */
#define REDIR_POLARITY_LO (1u << 13)
#define REDIR_LEVEL       (1u << 15)
#define REDIR_MASKED      (1u << 16)
#define REDIR_DEST_SHIFT  24 /* in the high half: APIC id, physical */

/* MPS INTI flags of an override (ACPI 6.4, Table 5.26). */
#define INTI_POLARITY_MASK 0x3
#define INTI_POLARITY_LOW  0x3
#define INTI_TRIGGER_MASK  0xc
#define INTI_TRIGGER_LEVEL 0xc
#define INTI_TRIGGER_EDGE  0x4
#define INTI_POLARITY_HIGH 0x1

#define IOAPIC_MAX_LINES (X86_VEC_IRQ_LIMIT - X86_VEC_IRQ_BASE)

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	unsigned lines;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS]; /* immutable after init */
static unsigned nioapics;
static struct spinlock ioapic_lock = SPINLOCK_INIT;
static uint64_t claimed[IOAPIC_MAX_LINES / 64 + 1]; /* [ioapic_lock] */

static uint32_t ioapic_read(const struct ioapic *io, unsigned reg)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	return io->regs[IOAPIC_WINDOW / 4];
}

static void ioapic_write(const struct ioapic *io, unsigned reg, uint32_t v)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	io->regs[IOAPIC_WINDOW / 4] = v;
}

/* The I/O APIC serving a GSI, or NULL if none does. */
static const struct ioapic *ioapic_for(unsigned gsi)
{
	for (unsigned i = 0; i < nioapics; i++) {
		const struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->lines)
			return io;
	}
	return NULL;
}

/*
 * Every entry starts masked: the firmware may have left some routed.
 * The I/O APICs need no mapping beyond their 4 KiB register page.
 */
void ioapic_init(void)
{
	for (unsigned i = 0; i < acpi.nioapics; i++) {
		struct ioapic *io = &ioapics[nioapics];

		io->regs = vm_map_mmio(acpi.ioapics[i].phys, PAGE_SIZE);
		if (!io->regs) {
			log_warn("cannot map the I/O APIC at %#x",
				 acpi.ioapics[i].phys);
			continue;
		}
		io->gsi_base = acpi.ioapics[i].gsi_base;
		io->lines =
		    (ioapic_read(io, IOAPIC_REG_VER) >> IOAPIC_VER_MAXRED &
		     0xff) +
		    1;
		for (unsigned n = 0; n < io->lines; n++)
			ioapic_write(io, IOAPIC_REG_REDIR + 2 * n,
				     REDIR_MASKED);
		log_debug("I/O APIC at %#x: GSIs %u-%u", acpi.ioapics[i].phys,
			  io->gsi_base, io->gsi_base + io->lines - 1);
		nioapics++;
	}
}

/*
 * Trigger mode and polarity of a GSI. An ISA IRQ override gives them
 * explicitly ("conforms" means ISA: edge, active high); a GSI no
 * override names is ISA below 16 and PCI (level, active low) above.
 */
static uint32_t gsi_mode(unsigned gsi)
{
	bool isa = gsi < ACPI_ISA_IRQS;
	uint16_t flags = isa ? INTI_TRIGGER_EDGE | INTI_POLARITY_HIGH
			     : INTI_TRIGGER_LEVEL | INTI_POLARITY_LOW;
	uint32_t mode = 0;

	for (unsigned irq = 0; irq < ACPI_ISA_IRQS; irq++) {
		if (acpi.isa[irq].gsi == gsi && acpi.isa[irq].flags) {
			flags = acpi.isa[irq].flags;
			break;
		}
	}
	if ((flags & INTI_TRIGGER_MASK) == INTI_TRIGGER_LEVEL)
		mode |= REDIR_LEVEL;
	if ((flags & INTI_POLARITY_MASK) == INTI_POLARITY_LOW)
		mode |= REDIR_POLARITY_LO;
	return mode;
}

static unsigned redir_reg(const struct ioapic *io, unsigned gsi)
{
	return IOAPIC_REG_REDIR + 2 * (gsi - io->gsi_base);
}

static bool line_claimed(unsigned line)
{
	return claimed[line / 64] & (1ull << (line % 64));
}

/* Set or clear the mask bit of a claimed line. */
static void line_set_masked(unsigned line, bool masked)
{
	const struct ioapic *io = ioapic_for(line);
	unsigned long irq;
	uint32_t lo;

	if (!io || line >= IOAPIC_MAX_LINES)
		return;
	irq = spin_lock_irqsave(&ioapic_lock);
	if (line_claimed(line)) {
		lo = ioapic_read(io, redir_reg(io, line));
		lo = masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED;
		ioapic_write(io, redir_reg(io, line), lo);
	}
	spin_unlock_irqrestore(&ioapic_lock, irq);
}

/*
 * A line the kernel does not serve and nobody holds: route it, masked,
 * to the boot CPU. XXX: every device interrupt goes to CPU 0; there is
 * no balancing or affinity yet.
 *
 * The kernel itself uses no I/O APIC line (its console is polled, its
 * timer is the local APIC's), so any existing line can be claimed once.
 */
int arch_irq_line_claim(unsigned line)
{
	const struct ioapic *io = ioapic_for(line);
	uint32_t dest = cpus[0].arch.apic_id << REDIR_DEST_SHIFT;
	unsigned long irq;

	if (!io || line >= IOAPIC_MAX_LINES)
		return -1;
	irq = spin_lock_irqsave(&ioapic_lock);
	if (line_claimed(line)) {
		spin_unlock_irqrestore(&ioapic_lock, irq);
		return -1;
	}
	claimed[line / 64] |= 1ull << (line % 64);
	ioapic_write(io, redir_reg(io, line), REDIR_MASKED);
	ioapic_write(io, redir_reg(io, line) + 1, dest);
	ioapic_write(io, redir_reg(io, line),
		     REDIR_MASKED | gsi_mode(line) | (X86_VEC_IRQ_BASE + line));
	spin_unlock_irqrestore(&ioapic_lock, irq);
	return 0;
}

void arch_irq_line_mask(unsigned line)
{
	line_set_masked(line, true);
}

void arch_irq_line_unmask(unsigned line)
{
	line_set_masked(line, false);
}

void arch_irq_line_release(unsigned line)
{
	const struct ioapic *io = ioapic_for(line);
	unsigned long irq;

	if (!io || line >= IOAPIC_MAX_LINES)
		return;
	irq = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(io, redir_reg(io, line), REDIR_MASKED);
	claimed[line / 64] &= ~(1ull << (line % 64));
	spin_unlock_irqrestore(&ioapic_lock, irq);
}

/*
 * The interrupt of a claimed line, inside trap_enter/trap_exit. Masking
 * before the EOI means a level-triggered line that is still asserted
 * cannot fire again until its driver has serviced it and unmasked it.
 *
 * XXX: an edge that arrives while the line is masked is lost, as the
 * I/O APIC does not latch it; drivers must poll their device once after
 * each unmask (as UART and most PCI drivers do anyway).
 */
void ioapic_irq(unsigned line)
{
	line_set_masked(line, true);
	lapic_eoi();
	irq_deliver(line);
}
