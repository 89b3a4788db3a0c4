/* SPDX-License-Identifier: MIT */
/*
 * Private to the aarch64 port: system register access, the bits boot.S
 * programs, and the functions the port's files call in each other.
 */
#ifndef ARCH_AARCH64_H
#define ARCH_AARCH64_H

#include <arch/mmu.h>

/* SCTLR_EL1 (Arm ARM, SCTLR_EL1). RES1 bits of Armv8.0 included. */
#define SCTLR_M    (UL(1) << 0)  /* stage 1 translation */
#define SCTLR_C    (UL(1) << 2)  /* data caches */
#define SCTLR_SA   (UL(1) << 3)  /* SP alignment checks at EL1 */
#define SCTLR_SA0  (UL(1) << 4)  /* ... and at EL0 */
#define SCTLR_I    (UL(1) << 12) /* instruction caches */
/*
 * What EL0 may do without trapping, as Linux programs expect: DC ZVA,
 * reading CTR_EL0, WFI and WFE, and cache maintenance by VA (for JITs).
 */
#define SCTLR_DZE  (UL(1) << 14)
#define SCTLR_UCT  (UL(1) << 15)
#define SCTLR_NTWI (UL(1) << 16)
#define SCTLR_NTWE (UL(1) << 18)
#define SCTLR_UCI  (UL(1) << 26)
#define SCTLR_EL0_ALLOW \
	(SCTLR_DZE | SCTLR_UCT | SCTLR_NTWI | SCTLR_NTWE | SCTLR_UCI)
/* SPAN: RES1 in Armv8.0; 0 makes every exception to EL1 set PSTATE.PAN. */
#define SCTLR_SPAN (UL(1) << 23)
#define SCTLR_RES1                                                       \
	((UL(1) << 11) | (UL(1) << 20) | (UL(1) << 22) | (UL(1) << 23) | \
	 (UL(1) << 28) | (UL(1) << 29))
#define SCTLR_MMU_OFF (SCTLR_RES1 | SCTLR_SA | SCTLR_SA0)
#define SCTLR_MMU_ON \
	(SCTLR_MMU_OFF | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_EL0_ALLOW)

/*
 * CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap at EL0 or EL1 (Arm ARM,
 * CPACR_EL1). The kernel never uses it (-mgeneral-regs-only); the
 * context switch saves it for user space. XXX: SVE and SME stay trapped
 * (ZEN, SMEN = 0), so a user program using them is killed.
 */
#define CPACR_FPEN_NO_TRAP (UL(3) << 20)
/* CNTKCTL_EL1.EL0VCTEN: EL0 may read CNTVCT_EL0 and CNTFRQ_EL0. */
#define CNTKCTL_EL0VCTEN   (UL(1) << 1)

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

/* uvm.c: user address spaces, PAN. */
void aarch64_ttbr0_off(void);   /* the user half empty, on this CPU */
void aarch64_cpu_protect(void); /* PAN and UAO, on this CPU */
bool aarch64_pan_enabled(void);
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
void gic_handle_irq(struct trap_frame *tf, bool from_user);
void gic_enable_ppi(struct cpu *c, unsigned intid);
void gic_send_sgi(uint64_t mpidr, unsigned intid);

/* timer.c */
void timer_irq(void);

/* psci.c */
void psci_init(const struct fdt *f);
bool psci_present(void);
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t context);
void psci_system_off(void);

/* trap.c */
uint64_t trap_emergency_stack_top(unsigned cpu_index);

/* vectors.S: restore tf (on the stack, at sp) and eret to EL0. */
__noreturn void aarch64_eret_user(struct trap_frame *tf);

/* Interrupt IDs (IHI 0069, "INTIDs"; the Arm Base System
 * Architecture fixes the EL1 virtual timer at PPI 27). */
#define INTID_SGI_STOP    1  /* "stop now": panic on another CPU */
#define INTID_SGI_RESCHED 2  /* IPI_RESCHED */
#define INTID_SGI_TLB     3  /* IPI_TLB */
#define INTID_VTIMER      27 /* EL1 virtual timer PPI */

/* Clean a range of normal memory to the point of coherency. */
void dcache_clean_range(const void *p, size_t len);
#endif

#endif
