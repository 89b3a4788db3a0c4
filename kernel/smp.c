/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the other CPUs. The boot CPU starts them one at a time and
 * waits for each to say it is online, so a CPU that never arrives costs a
 * warning and a timeout, not a hung boot.
 */
#define LOG_SUBSYS "smp"
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/vm.h>

static_assert(
    offsetof(struct cpu, entry_sp) == CPU_ENTRY_SP_OFFSET,
    "syscall entry code finds the kernel stack at CPU_ENTRY_SP_OFFSET");
static_assert(offsetof(struct cpu, scratch) == CPU_SCRATCH_OFFSET,
	      "syscall entry code parks the user stack at CPU_SCRATCH_OFFSET");

#define CPU_START_TIMEOUT_US 1000000

struct cpu cpus[MAX_CPUS];
unsigned ncpus = 1;

/* Guards the kernel stack area's next free slot. */
static struct spinlock kstack_lock = SPINLOCK_INIT;
static uintptr_t kstack_next = KSTACK_BASE; /* [kstack_lock] */

/*
 * Each stack sits above one unmapped guard page, so running off its end
 * faults at once instead of corrupting the stack below.
 */
/*
 * Freed stacks, kept mapped and reused whole, linked through their
 * lowest word. [kstack_lock] XXX: their frames are never given back to
 * the frame allocator, so a burst of threads keeps its stacks' memory;
 * unmapping them needs a TLB shootdown of the kernel half.
 */
static uintptr_t kstack_free_list;

void kstack_free(uintptr_t top)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);

	*(uintptr_t *)(top - KSTACK_SIZE) = kstack_free_list;
	kstack_free_list = top;
	spin_unlock_irqrestore(&kstack_lock, flags);
}

static uintptr_t kstack_reuse(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	uintptr_t top = kstack_free_list;

	if (top)
		kstack_free_list = *(uintptr_t *)(top - KSTACK_SIZE);
	spin_unlock_irqrestore(&kstack_lock, flags);
	return top;
}

uintptr_t kstack_alloc(void)
{
	uintptr_t reused = kstack_reuse();
	unsigned long flags;
	uintptr_t base;

	if (reused)
		return reused;
	flags = spin_lock_irqsave(&kstack_lock);
	base = kstack_next + PAGE_SIZE;

	kstack_next = base + KSTACK_SIZE;
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (kstack_next > KSTACK_BASE + KSTACK_AREA_SIZE)
		return 0;
	for (uintptr_t va = base; va < base + KSTACK_SIZE; va += PAGE_SIZE) {
		uint64_t pa = pmm_alloc(0);

		if (!pa ||
		    vm_kmap(va, pa, PAGE_SIZE, VM_READ | VM_WRITE | VM_GLOBAL))
			return 0; /* XXX: frames of a half-made stack leak */
	}
	return base + KSTACK_SIZE;
}

bool kstack_is_guard(uintptr_t addr)
{
	if (addr < KSTACK_BASE || addr >= READ_ONCE(kstack_next))
		return false;
	return (addr - KSTACK_BASE) % (KSTACK_SIZE + PAGE_SIZE) < PAGE_SIZE;
}

unsigned smp_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		n += READ_ONCE(cpus[i].online);
	return n;
}

static bool wait_online(struct cpu *c)
{
	uint64_t deadline = clock_ns() + CPU_START_TIMEOUT_US * 1000ull;

	while (!READ_ONCE(c->online)) {
		if (clock_ns() > deadline)
			return false;
		arch_cpu_relax();
	}
	return true;
}

static void smp_start_one(struct cpu *c)
{
	uintptr_t stack = kstack_alloc();

	if (!stack) {
		log_warn("cpu %u: no memory for a kernel stack", c->index);
		return;
	}
	c->stack_top = stack;
	if (arch_cpu_start(c, stack) != 0) {
		log_warn("cpu %u (hw id %#llx): start request failed", c->index,
			 (unsigned long long)c->hwid);
		return;
	}
	if (!wait_online(c))
		log_warn("cpu %u (hw id %#llx) did not come online in %u ms",
			 c->index, (unsigned long long)c->hwid,
			 CPU_START_TIMEOUT_US / 1000);
}

unsigned smp_boot(void)
{
	unsigned found = arch_cpu_count();

	if (found > MAX_CPUS) {
		log_warn("%u cpus found, using the first %u", found, MAX_CPUS);
		found = MAX_CPUS;
	}
	ncpus = found;
	for (unsigned i = 1; i < ncpus; i++) {
		cpus[i].self = &cpus[i];
		cpus[i].index = i;
		cpus[i].hwid = arch_cpu_hwid(i);
		smp_start_one(&cpus[i]);
	}
	log_info("%u cpus online", smp_online_count());
	return smp_online_count();
}

/* Where a secondary CPU lands, on its own stack, interrupts masked. */
void smp_secondary_entry(struct cpu *c)
{
	arch_cpu_init_secondary(c);
	clock_timer_start();
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	log_debug("cpu %u online", c->index);
	sched_run_idle();
}
