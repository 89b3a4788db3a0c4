/* SPDX-License-Identifier: MIT */
/*
 * Private to the aarch64 port: system register access, the bits boot.S
 * programs, and the functions the port's files call in each other.
 */
#ifndef ARCH_AARCH64_H
#define ARCH_AARCH64_H

#include <arch/mmu.h>

/* SCTLR_EL1 (Arm ARM, SCTLR_EL1). RES1 bits of Armv8.0 included. */
#define SCTLR_M   (UL(1) << 0)  /* stage 1 translation */
#define SCTLR_C   (UL(1) << 2)  /* data caches */
#define SCTLR_SA  (UL(1) << 3)  /* SP alignment checks at EL1 */
#define SCTLR_SA0 (UL(1) << 4)  /* ... and at EL0 */
#define SCTLR_I   (UL(1) << 12) /* instruction caches */
#define SCTLR_RES1                                                       \
	((UL(1) << 11) | (UL(1) << 20) | (UL(1) << 22) | (UL(1) << 23) | \
	 (UL(1) << 28) | (UL(1) << 29))
#define SCTLR_MMU_OFF (SCTLR_RES1 | SCTLR_SA | SCTLR_SA0)
#define SCTLR_MMU_ON  (SCTLR_MMU_OFF | SCTLR_M | SCTLR_C | SCTLR_I)

/* HCR_EL2.RW: EL1 is AArch64 (Arm ARM, HCR_EL2). Everything else off. */
#define HCR_EL2_RW         (UL(1) << 31)
/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN: EL1 may use the physical timer. */
#define CNTHCTL_EL1_ACCESS 3
/* CPTR_EL2 with no traps; bits 0-9, 12 and 13 are RES1 (Arm ARM, CPTR_EL2). */
#define CPTR_EL2_NO_TRAPS  0x33ff
/* ICC_SRE_EL2: SRE, DFB, DIB and Enable (IHI 0069, ICC_SRE_EL2). */
#define ICC_SRE_EL2_ALL    0xf
/* SPSR for "EL1h with DAIF masked" (Arm ARM, SPSR_EL2). */
#define SPSR_EL1H_MASKED   0x3c5

#define CURRENT_EL_EL2 (2 << 2)

#ifndef __ASSEMBLY__
#include <kernel/compiler.h>

#define read_sysreg(r)                                      \
	({                                                  \
		uint64_t v_;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(v_)); \
		v_;                                         \
	})
#define write_sysreg(r, v) \
	__asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")

/* MPIDR_EL1 affinity fields Aff3..Aff0, as DT "reg" and PSCI use them. */
#define MPIDR_AFF_MASK 0xff00fffffful

static inline uint64_t aarch64_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

struct fdt;
struct trap_frame;
struct cpu;

/* boot.S */
extern char aarch64_vectors[];
void aarch64_secondary_entry(void);
void aarch64_replace_ttbr1(uint64_t root_pa); /* call at its physical addr */
void aarch64_ttbr0_off(void);
extern uint64_t boot_pt_l1_direct[512]; /* early direct map, level 1 */

/* pl011.c: the console. QEMU virt's UART, if the device tree names none. */
#define PL011_QEMU_VIRT_PA 0x09000000ul
void pl011_init(uint64_t pa, volatile void *regs);
uint64_t pl011_find(const struct fdt *f);
void pl011_remap(volatile void *regs);
uint64_t pl011_phys(void);

/* gic.c: GICv3 distributor, redistributors, CPU interface. */
void gic_init(const struct fdt *f, unsigned ncpu);
void gic_init_cpu(struct cpu *c);
void gic_send_sgi_others(unsigned intid);
bool gic_ready(void);
void gic_handle_irq(struct trap_frame *tf);
void gic_enable_ppi(struct cpu *c, unsigned intid);

/* timer.c */
void timer_irq(void);

/* psci.c */
void psci_init(const struct fdt *f);
bool psci_present(void);
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t context);
void psci_system_off(void);

/* trap.c */
uint64_t trap_emergency_stack_top(unsigned cpu_index);

/* Interrupt IDs (IHI 0069, "INTIDs"; the Arm Base System
 * Architecture fixes the EL1 virtual timer at PPI 27). */
#define INTID_SGI_STOP 1  /* "stop now": panic on another CPU */
#define INTID_VTIMER   27 /* EL1 virtual timer PPI */

/* Clean a range of normal memory to the point of coherency. */
void dcache_clean_range(const void *p, size_t len);
#endif

#endif
