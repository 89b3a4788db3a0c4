/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 machine: devices and CPUs from the device tree, the switch
 * to the final page tables, starting, stopping and powering off CPUs.
 */
#define LOG_SUBSYS "arch"
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/fdt.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>

static_assert(offsetof(struct aarch64_boot_args, ttbr1) == BOOT_ARGS_TTBR1,
	      "BOOT_ARGS_TTBR1");
static_assert(offsetof(struct aarch64_boot_args, sp) == BOOT_ARGS_SP,
	      "BOOT_ARGS_SP");
static_assert(offsetof(struct aarch64_boot_args, cpu) == BOOT_ARGS_CPU,
	      "BOOT_ARGS_CPU");

/* Physical address of the kernel root table; secondaries load it. */
static uint64_t kernel_root_pa;

/* MPIDR affinity of each CPU, boot CPU first. Immutable after arch_init. */
static uint64_t cpu_hwids[MAX_CPUS];
static unsigned cpu_found = 1;

void dcache_clean_range(const void *p, size_t len)
{
	uint64_t line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, line);

	for (; a < (uintptr_t)p + len; a += line)
		__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

/*
 * vm_init has published root_pa as the kernel root before calling us, so
 * the console can be mapped in the new tables before they go live; the
 * early direct map it used until now is not in them.
 */
void arch_vm_kernel_switch(uint64_t root_pa)
{
	void (*replace)(uint64_t) =
	    (void (*)(uint64_t))virt_to_phys(aarch64_replace_ttbr1);
	void *uart = pl011_phys() ? vm_map_mmio(pl011_phys(), PAGE_SIZE) : NULL;

	kernel_root_pa = root_pa;
	/*
	 * Run the switch from the identity map, then drop the identity map:
	 * TTBR0 holds only user address spaces from now on.
	 */
	replace(root_pa);
	pl011_remap(uart);
	aarch64_ttbr0_off();
}

/* CPUs from /cpus: reg is the MPIDR affinity; the boot CPU goes first. */
static void find_cpus(const struct fdt *f)
{
	int cpus_node = fdt_path(f, "/cpus");
	uint64_t boot = aarch64_mpidr();
	uint32_t acells;

	cpu_hwids[0] = boot;
	if (cpus_node < 0)
		return;
	acells = fdt_address_cells(f, cpus_node);
	for (int n = fdt_first_child(f, cpus_node); n >= 0;
	     n = fdt_next_sibling(f, n)) {
		const char *type, *status;
		uint64_t mpidr, unused;

		if (fdt_get_string(f, n, "device_type", &type) < 0 ||
		    strcmp(type, "cpu") != 0 ||
		    fdt_reg_cells(f, n, acells, 0, 0, &mpidr, &unused) < 0)
			continue;
		if (fdt_get_string(f, n, "status", &status) == 0 &&
		    strcmp(status, "okay") != 0)
			continue;
		mpidr &= MPIDR_AFF_MASK;
		if (mpidr == boot)
			continue;
		if (cpu_found == MAX_CPUS) {
			log_warn("more than %u cpus, ignoring the rest",
				 MAX_CPUS);
			return;
		}
		cpu_hwids[cpu_found++] = mpidr;
	}
}

void arch_init(struct boot_info *bi)
{
	struct fdt f;
	int err = fdt_init(&f, phys_to_virt(bi->dtb), MiB(2));

	if (err < 0)
		panic("arch_init: device tree went bad: %s", fdt_strerror(err));

	log_debug("device tree at %#llx, %u bytes", (unsigned long long)bi->dtb,
		  f.size);
	for (unsigned i = 0; i < bi->nmodules; i++)
		log_debug("module %s at %#llx, %llu bytes", bi->modules[i].name,
			  (unsigned long long)bi->modules[i].base,
			  (unsigned long long)bi->modules[i].size);

	aarch64_cpu_protect();
	find_cpus(&f);
	psci_init(&f);
	if (!psci_present())
		cpu_found = 1;
	gic_init(&f, cpu_found);
	log_info("%u cpu(s) in the device tree, counter at %llu Hz", cpu_found,
		 (unsigned long long)arch_cycles_hz());
}

unsigned arch_cpu_count(void)
{
	return cpu_found;
}

uint64_t arch_cpu_hwid(unsigned index)
{
	return index < cpu_found ? cpu_hwids[index] : 0;
}

int arch_cpu_start(struct cpu *c, uintptr_t stack_top)
{
	struct aarch64_boot_args *args = &c->arch.boot;
	int ret;

	c->arch.emergency_sp = trap_emergency_stack_top(c->index);
	args->ttbr1 = kernel_root_pa;
	args->sp = stack_top;
	args->cpu = (uint64_t)c;
	/* The CPU reads these with its caches off. */
	dcache_clean_range(args, sizeof(*args));

	ret = psci_cpu_on(c->hwid, virt_to_phys(aarch64_secondary_entry),
			  virt_to_phys(args));
	if (ret != 0)
		log_warn("cpu %u: PSCI CPU_ON returned %d", c->index, ret);
	return ret == 0 ? 0 : -1;
}

void arch_cpu_init_secondary(struct cpu *c)
{
	aarch64_cpu_protect();
	gic_init_cpu(c);
}

void arch_stop_other_cpus(void)
{
	if (gic_ready())
		gic_send_sgi_others(INTID_SGI_STOP);
}

/*
 * ID_AA64ISAR0_EL1.RNDR (bits 63:60) says whether RNDR exists; a read
 * that sets NZCV.Z failed to produce a number (Arm ARM, RNDR).
 */
#define ISAR0_RNDR_SHIFT 60

bool arch_random(uint64_t *out)
{
	uint64_t isar0, failed;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	if (((isar0 >> ISAR0_RNDR_SHIFT) & 0xf) == 0)
		return false;
	__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\t" /* RNDR */
			 "cset %1, eq"
			 : "=r"(*out), "=r"(failed)::"cc");
	return !failed;
}

void arch_poweroff(void)
{
	psci_system_off();
	log_error("power off failed; halting");
	arch_halt();
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}
