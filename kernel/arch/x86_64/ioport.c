/* SPDX-License-Identifier: MIT */
/*
 * I/O ports for user-space drivers (arch_ioport_*). Each process that was
 * granted ports has its own I/O permission bitmap; each CPU's TSS carries
 * one bitmap, and a context switch into a process with ports copies that
 * process's bitmap in (only when another one is loaded) and points the
 * TSS at it, while a switch into any other process moves the bitmap base
 * past the TSS limit so that every in/out faults. User code runs with
 * IOPL 0 (RFLAGS never carries another), so the bitmap always decides.
 *
 * Locking: struct ioport_map and the version counter are [bkl]; each
 * CPU's TSS bitmap is per-CPU and only written by that CPU.
 */
#define LOG_SUBSYS "ioport"
#include <kernel/arch.h>
#include <kernel/heap.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <arch/x86.h>
#include <slate/status.h>

/* Past the TSS limit: the CPU treats every port as denied (SDM 19.5.2). */
#define IOMAP_BASE_NONE ((uint16_t)sizeof(struct x86_tss))
#define IOMAP_BASE_ON   ((uint16_t)offsetof(struct x86_tss, iomap))

struct ioport_map {
	uint64_t version; /* new for every change, never reused [bkl] */
	uint8_t *bits;    /* X86_IOMAP_BYTES, bit set = denied [bkl] */
};

/* Versions handed out so far; 0 means "no map loaded". [bkl] */
static uint64_t ioport_versions;

#define IOPORT_CHARGE (sizeof(struct ioport_map) + X86_IOMAP_BYTES)

void x86_ioport_cpu_init(struct cpu *c)
{
	c->arch.tss.iomap_base = IOMAP_BASE_NONE;
	c->arch.tss.iomap[X86_IOMAP_BYTES] = 0xff;
	c->arch.iomap_version = 0;
}

/*
 * Called by arch_context_switch with interrupts masked. The version
 * comparison keeps the 8 KiB copy off the path between threads of one
 * driver and between processes without ports.
 */
void x86_ioport_switch(struct cpu *c, const struct process *p)
{
	const struct ioport_map *m = p ? p->ioports : NULL;

	if (!m) {
		c->arch.tss.iomap_base = IOMAP_BASE_NONE;
		return;
	}
	if (c->arch.iomap_version != m->version) {
		memcpy(c->arch.tss.iomap, m->bits, X86_IOMAP_BYTES);
		c->arch.iomap_version = m->version;
	}
	c->arch.tss.iomap_base = IOMAP_BASE_ON;
}

/* p's map, made (all ports denied) and charged to p if it has none. */
static slate_status_t ioport_map_get(struct process *p, struct ioport_map **out)
{
	struct ioport_map *m = p->ioports;
	slate_status_t err;

	if (m) {
		*out = m;
		return SLATE_OK;
	}
	err = quota_charge(p->quota, IOPORT_CHARGE);
	if (err)
		return err;
	m = kzalloc(sizeof(*m));
	if (m)
		m->bits = kmalloc(X86_IOMAP_BYTES);
	if (!m || !m->bits) {
		kfree(m);
		quota_uncharge(p->quota, IOPORT_CHARGE);
		return SLATE_ERR_NO_MEMORY;
	}
	memset(m->bits, 0xff, X86_IOMAP_BYTES);
	p->ioports = m;
	*out = m;
	return SLATE_OK;
}

slate_status_t arch_ioport_enable(struct process *p, unsigned base,
				  unsigned count)
{
	struct ioport_map *m;
	slate_status_t err = ioport_map_get(p, &m);

	if (err)
		return err;
	for (unsigned port = base; port < base + count; port++)
		m->bits[port / 8] &= (uint8_t) ~(1u << (port % 8));
	m->version = ++ioport_versions;

	/*
	 * The caller's own CPU takes the new map now. XXX: other threads of
	 * p that are running on other CPUs get it only at their next context
	 * switch; until then they still fault on the new ports (never the
	 * other way round: ports are only ever added).
	 */
	if (process_current() == p)
		x86_ioport_switch(this_cpu(), p);
	return SLATE_OK;
}

void arch_ioport_release(struct process *p)
{
	struct ioport_map *m = p->ioports;

	if (!m)
		return;
	p->ioports = NULL;
	kfree(m->bits);
	kfree(m);
	quota_uncharge(p->quota, IOPORT_CHARGE);
}
