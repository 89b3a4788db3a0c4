/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (xAPIC, memory mapped) and time keeping. The TSC is the
 * clock; its rate is measured against the PIT, a fixed 1.193182 MHz, and
 * the APIC timer's rate is then measured against the TSC. Register
 * offsets are from the SDM Vol. 3A, chapter 10 "Advanced Programmable
 * Interrupt Controller".
 */
#define LOG_SUBSYS "apic"
#include <kernel/arch.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/vm.h>
#include <arch/trap.h>
#include <arch/x86.h>

#define LAPIC_ID         0x020
#define LAPIC_TPR        0x080
#define LAPIC_EOI        0x0b0
#define LAPIC_SVR        0x0f0
#define LAPIC_ICR_LO     0x300
#define LAPIC_ICR_HI     0x310
#define LAPIC_LVT_TIMER  0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3e0
#define SVR_ENABLE       (1u << 8)
#define LVT_MASKED       (1u << 16)
#define LVT_ONE_SHOT     (0u << 17) /* SDM Vol. 3A, 10.5.4, timer mode */
#define TIMER_COUNT_MAX  0xffffffffu
#define TIMER_DIV_16     0x3
#define ICR_PENDING      (1u << 12)
#define ICR_LEVEL_ASSERT (1u << 14) /* fixed delivery, physical */

#define PIT_HZ            1193182
#define PIT_CH2_DATA      0x42
#define PIT_CMD           0x43
#define PIT_CH2_GATE      0x61
#define PIT_CMD_CH2_MODE0 0xb0 /* channel 2, lo/hi byte, mode 0 */
#define PIT_GATE_ON       0x01
#define PIT_SPEAKER       0x02
#define PIT_OUT2          0x20
#define CALIBRATE_MS      5
#define CALIBRATE_RUNS    2

/* The legacy 8259A pair (Intel 8259A datasheet: ICW1-ICW4, OCW1). */
#define PIC1_CMD        0x20
#define PIC1_DATA       0x21
#define PIC2_CMD        0xa0
#define PIC2_DATA       0xa1
#define PIC_ICW1_INIT   0x11 /* edge, cascade, ICW4 follows */
#define PIC_ICW4_8086   0x01
#define PIC_VECTOR_BASE 0x20 /* out of the way of CPU exceptions */

static volatile uint32_t *lapic;     /* immutable after lapic_init */
static uint64_t tsc_hz = 1000000000; /* a guess until calibrated */
static uint64_t lapic_timer_hz;      /* timer ticks per second, div 16 */
/* APIC timer ticks per TSC cycle, 32.32; immutable after calibration. */
static uint64_t lapic_per_tsc;

static uint32_t lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

/*
 * The BIOS leaves the 8259 PICs delivering the PIT's IRQ 0 on vector 8,
 * which would look like a double fault. Move them above the exceptions
 * and mask every line: all interrupts come through the APICs.
 */
void pic_disable(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT);
	outb(PIC2_CMD, PIC_ICW1_INIT);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << 2); /* slave on line 2 */
	outb(PIC2_DATA, 2);      /* slave identity */
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

void lapic_init(uint32_t phys)
{
	lapic = vm_map_mmio(phys, 4096);
	if (!lapic)
		panic("lapic_init: cannot map the local APIC at %#x", phys);
}

void lapic_enable(void)
{
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr_low);
}

/* Wait for the last IPI to be accepted; false after about 100 ms. */
bool lapic_ipi_wait(void)
{
	for (unsigned i = 0; i < 100000; i++) {
		if (!(lapic_read(LAPIC_ICR_LO) & ICR_PENDING))
			return true;
		arch_cpu_relax();
	}
	return false;
}

/* Counts of the TSC and the APIC timer during one PIT countdown. */
struct calibration {
	uint64_t tsc;
	uint32_t apic;
};

static bool measure_once(struct calibration *m)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint8_t gate = inb(PIT_CH2_GATE);
	uint64_t t0;
	uint32_t a0;
	unsigned spins = 0;

	outb(PIT_CH2_GATE, (gate & ~(PIT_SPEAKER | PIT_GATE_ON)));
	outb(PIT_CMD, PIT_CMD_CH2_MODE0);
	outb(PIT_CH2_DATA, count & 0xff);
	outb(PIT_CH2_DATA, count >> 8);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	outb(PIT_CH2_GATE, (gate & ~PIT_SPEAKER) | PIT_GATE_ON);
	t0 = arch_cycles();
	a0 = lapic_read(LAPIC_TIMER_CUR);
	while (!(inb(PIT_CH2_GATE) & PIT_OUT2)) {
		if (++spins > 100000000)
			return false; /* no PIT */
	}
	m->tsc = arch_cycles() - t0;
	m->apic = a0 - lapic_read(LAPIC_TIMER_CUR);
	lapic_write(LAPIC_TIMER_INIT, 0);
	outb(PIT_CH2_GATE, gate);
	return true;
}

/*
 * Measure the TSC and the APIC timer together against the PIT. Keep the
 * shortest of a few runs: interference (a slow host) only adds time.
 */
void tsc_calibrate(void)
{
	struct calibration best = {~0ull, 0}, m;

	for (unsigned i = 0; i < CALIBRATE_RUNS; i++) {
		if (measure_once(&m) && m.tsc < best.tsc)
			best = m;
	}
	if (best.tsc == ~0ull)
		panic("tsc_calibrate: the PIT does not count down");
	tsc_hz = best.tsc * 1000 / CALIBRATE_MS;
	lapic_timer_hz = (uint64_t)best.apic * 1000 / CALIBRATE_MS;
	log_info("TSC counter at %llu Hz, APIC timer at %llu Hz (div 16)",
		 (unsigned long long)tsc_hz,
		 (unsigned long long)lapic_timer_hz);
}

uint64_t arch_cycles_hz(void)
{
	return tsc_hz;
}

void arch_timer_init(void)
{
	if (!lapic_per_tsc)
		lapic_per_tsc = (lapic_timer_hz << 32) / tsc_hz;
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_ONE_SHOT | X86_VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, 0);
}

/*
 * The APIC timer counts down from a relative count, so the TSC value is
 * turned into one: rounded up, so it never fires early, and clamped to
 * 32 bits (a minute or so; the next interrupt sets it again). Writing
 * the initial count restarts the countdown, and 0 stops it (SDM Vol.
 * 3A, 10.5.4). XXX: the TSC-deadline mode would take the TSC value as
 * it is; it is not used because not every CPU model QEMU offers has it.
 */
void arch_timer_set(uint64_t at)
{
	uint64_t now = arch_cycles(), count = 0;

	if (at) {
		uint64_t delta = at > now ? at - now : 0;

		count = (uint64_t)(((unsigned __int128)delta * lapic_per_tsc) >>
				   32) +
			1;
		count = MIN(count, (uint64_t)TIMER_COUNT_MAX);
	}
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)count);
}

/*
 * A fixed IPI to one CPU (SDM Vol. 3A, 10.6.1 "Interrupt Command
 * Register"). The ICR is one shared register pair per CPU: interrupts
 * stay masked from the wait for the previous IPI to the write of the
 * low half, which sends.
 */
void arch_send_ipi(unsigned cpu_index, enum ipi_kind kind)
{
	static const uint8_t vectors[IPI_COUNT] = {
	    [IPI_RESCHED] = X86_VEC_IPI_RESCHED,
	    [IPI_TLB] = X86_VEC_IPI_TLB,
	};
	unsigned long flags;

	DEBUG_ASSERT(cpu_index < ncpus && kind < IPI_COUNT);
	flags = arch_irq_save();
	if (!lapic_ipi_wait())
		log_warn("IPI to cpu %u: the previous one is still pending",
			 cpu_index);
	lapic_send_ipi(cpus[cpu_index].arch.apic_id,
		       ICR_LEVEL_ASSERT | vectors[kind]);
	arch_irq_restore(flags);
}
