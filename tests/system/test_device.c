/* SPDX-License-Identifier: MIT */
/*
 * Device authority: narrowing the root resource (RESOURCE_CREATE), the
 * checks VMO_CREATE_PHYS, IRQ_CREATE and IOPORT_ENABLE make against the
 * resource they are given, the physical address of DMA memory
 * (VMO_PHYS), and the per-architecture device tests in device_*.c
 * (an interrupt reaching a user-space driver end to end).
 */
#include <stdint.h>

#include <slate/sys.h>

#include "device.h"
#include "sltest.h"

#define PAGE 4096ull

#define RIGHTS_RESOURCE \
	(SLATE_RIGHT_MANAGE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER)

slate_handle_t device_root_resource(void)
{
	return slate_start_handle(SLATE_START_RESOURCE);
}

slate_status_t device_narrow(uint32_t kind, uint64_t base, uint64_t size)
{
	return slate_resource_create(device_root_resource(), kind, base, size);
}

/* A copy of h without MANAGE: it may be passed on, not used. */
static slate_status_t without_manage(slate_handle_t h)
{
	return slate_handle_duplicate(h, SLATE_RIGHT_DUPLICATE |
					     SLATE_RIGHT_TRANSFER);
}

SLTEST(resource_create_checks_the_range)
{
	slate_handle_t root = device_root_resource();
	static const uint32_t bad_kinds[] = {SLATE_RESOURCE_ROOT, 5, 99};

	SLTEST_CHECK(root != SLATE_HANDLE_INVALID);
	for (unsigned i = 0; i < sizeof(bad_kinds) / sizeof(bad_kinds[0]); i++)
		SLTEST_CHECK_EQ(slate_resource_create(root, bad_kinds[i], 0, 1),
				SLATE_ERR_INVALID);
	/* The kind travels in a 64-bit register: 2^32 + IRQ is no IRQ. */
	SLTEST_CHECK_EQ(slate_syscall6(SLATE_SYS_RESOURCE_CREATE, root,
				       (1ull << 32) | SLATE_RESOURCE_IRQ, 0, 1,
				       0, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_IRQ, 5, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_IRQ, 1020, 5),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_IOPORT, 0xfff0, 0x11),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_MMIO, 0x1000, 0x800),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_MMIO, 0x1800, 0x1000),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_MMIO, -PAGE, 2 * PAGE),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(device_narrow(SLATE_RESOURCE_MMIO, PAGE, UINT64_MAX),
			SLATE_ERR_INVALID);
	return NULL;
}

SLTEST(resource_children_stay_inside_their_parent)
{
	struct slate_handle_info info;
	slate_status_t irqs = device_narrow(SLATE_RESOURCE_IRQ, 32, 8);
	slate_status_t sub, weak;

	SLTEST_CHECK(irqs > 0);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)irqs, &info), 0);
	SLTEST_CHECK_EQ(info.type, SLATE_OBJ_RESOURCE);
	SLTEST_CHECK_EQ(info.rights, RIGHTS_RESOURCE);

	sub = slate_resource_create((slate_handle_t)irqs, SLATE_RESOURCE_IRQ,
				    39, 1);
	SLTEST_CHECK(sub > 0);
	/* Outside, straddling either end, wrong kind, wrapping. */
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)irqs,
					      SLATE_RESOURCE_IRQ, 40, 1),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)irqs,
					      SLATE_RESOURCE_IRQ, 31, 2),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)irqs,
					      SLATE_RESOURCE_IRQ, 39, 2),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)irqs,
					      SLATE_RESOURCE_IOPORT, 32, 1),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)sub,
					      SLATE_RESOURCE_IRQ, 38, 1),
			SLATE_ERR_ACCESS);

	/* Rights and handle kinds. */
	weak = without_manage((slate_handle_t)irqs);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)weak,
					      SLATE_RESOURCE_IRQ, 33, 1),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_resource_create(slate_self_process(),
					      SLATE_RESOURCE_IRQ, 33, 1),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_resource_create(54321, SLATE_RESOURCE_IRQ, 33, 1),
			SLATE_ERR_BAD_HANDLE);

	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)sub);
	slate_handle_close((slate_handle_t)irqs);
	return NULL;
}

SLTEST(vmo_create_phys_stays_inside_the_resource)
{
	uint64_t pa = DEVICE_MMIO_BASE;
	slate_status_t mmio = device_narrow(SLATE_RESOURCE_MMIO, pa, PAGE);
	slate_status_t irqs = device_narrow(SLATE_RESOURCE_IRQ, 0, 16);
	slate_status_t weak, v;

	SLTEST_CHECK(mmio > 0 && irqs > 0);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(mmio, pa + PAGE, PAGE, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(mmio, pa - PAGE, PAGE, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(mmio, pa, 2 * PAGE, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(mmio, -PAGE, 2 * PAGE, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(mmio, pa + 8, PAGE, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(irqs, pa, PAGE, 0),
			SLATE_ERR_ACCESS);
	weak = without_manage((slate_handle_t)mmio);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_vmo_create_phys(weak, pa, PAGE, 0),
			SLATE_ERR_ACCESS);

	v = slate_vmo_create_phys(mmio, pa, PAGE, 0);
	SLTEST_CHECK(v > 0);
	SLTEST_CHECK_EQ(slate_vmo_phys(v, 0), pa);
	SLTEST_CHECK_EQ(slate_vmo_phys(v, PAGE - 1), pa + PAGE - 1);
	SLTEST_CHECK_EQ(slate_vmo_phys(v, PAGE), SLATE_ERR_INVALID);

	slate_handle_close((slate_handle_t)v);
	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)irqs);
	slate_handle_close((slate_handle_t)mmio);
	return NULL;
}

SLTEST(irq_create_stays_inside_the_resource)
{
	slate_status_t line = device_narrow(SLATE_RESOURCE_IRQ, DEVICE_IRQ, 1);
	slate_status_t ports = device_narrow(SLATE_RESOURCE_IOPORT, 0, 16);
	slate_status_t n = slate_notify_create();
	slate_status_t weak;

	SLTEST_CHECK(line > 0 && ports > 0 && n > 0);
	SLTEST_CHECK_EQ(slate_irq_create(line, DEVICE_IRQ + 1, n, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_irq_create(line, DEVICE_IRQ - 1, n, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_irq_create(ports, DEVICE_IRQ, n, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_syscall6(SLATE_SYS_IRQ_CREATE, line,
				       (1ull << 32) | DEVICE_IRQ, n, 0, 0, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_irq_create(line, DEVICE_IRQ, n, 63),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_irq_create(line, DEVICE_IRQ, line, 0),
			SLATE_ERR_WRONG_TYPE);
	weak = without_manage((slate_handle_t)line);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_irq_create(weak, DEVICE_IRQ, n, 0),
			SLATE_ERR_ACCESS);

	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)n);
	slate_handle_close((slate_handle_t)ports);
	slate_handle_close((slate_handle_t)line);
	return NULL;
}

SLTEST(ioport_enable_stays_inside_the_resource)
{
	slate_status_t ports = device_narrow(SLATE_RESOURCE_IOPORT, 0x2f8, 8);
	slate_status_t irqs = device_narrow(SLATE_RESOURCE_IRQ, 0, 16);
	slate_status_t weak;

	SLTEST_CHECK(ports > 0 && irqs > 0);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x2f8, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x10000, 1),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0xffff, 2),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 1, UINT32_MAX),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x2f0, 8), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x2f8, 9), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x2f7, 2), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_ioport_enable(irqs, 0x2f8, 1), SLATE_ERR_ACCESS);
	weak = without_manage((slate_handle_t)ports);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_ioport_enable(weak, 0x2f8, 1), SLATE_ERR_ACCESS);
	/* The right range: granted on x86_64, not supported on aarch64. */
	SLTEST_CHECK_EQ(slate_ioport_enable(ports, 0x2fa, 2),
			DEVICE_IOPORT_RESULT);

	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)irqs);
	slate_handle_close((slate_handle_t)ports);
	return NULL;
}

SLTEST(vmo_phys_gives_dma_addresses)
{
	struct slate_handle_info info;
	slate_status_t anon = slate_vmo_create(4 * PAGE, 0);
	slate_status_t dma = slate_vmo_create(4 * PAGE, SLATE_VMO_CONTIGUOUS);
	slate_status_t weak, pa;

	SLTEST_CHECK(anon > 0 && dma > 0);
	SLTEST_CHECK_EQ(slate_vmo_phys(anon, 0), SLATE_ERR_BAD_STATE);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)dma, &info), 0);
	SLTEST_CHECK(info.rights & SLATE_RIGHT_MANAGE);

	pa = slate_vmo_phys(dma, 0);
	SLTEST_CHECK(pa > 0);
	SLTEST_CHECK_EQ(pa % PAGE, 0);
	/* Contiguous: every page follows the one before. */
	SLTEST_CHECK_EQ(slate_vmo_phys(dma, PAGE), pa + PAGE);
	SLTEST_CHECK_EQ(slate_vmo_phys(dma, 3 * PAGE + 17), pa + 3 * PAGE + 17);
	SLTEST_CHECK_EQ(slate_vmo_phys(dma, 4 * PAGE), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_phys(dma, UINT64_MAX), SLATE_ERR_INVALID);

	/* A client's copy without MANAGE maps the buffer, learns nothing. */
	weak = slate_handle_duplicate((slate_handle_t)dma,
				      SLATE_RIGHT_READ | SLATE_RIGHT_MAP);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_vmo_phys(weak, 0), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vmo_phys(slate_self_process(), 0),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_vmo_phys(54321, 0), SLATE_ERR_BAD_HANDLE);

	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)dma);
	slate_handle_close((slate_handle_t)anon);
	return NULL;
}

/*
 * The end-to-end test: a narrowed resource, the device's registers and
 * interrupt bound to a notification bit; two interrupts, each waited
 * for with a deadline, serviced and acknowledged, the second showing
 * that the acknowledgement let the line through again.
 */
#define DEVICE_BIT 5
#define WAIT_NS    (20ull * 1000 * 1000 * 1000) /* loaded hosts */

static const char *wait_interrupt(slate_handle_t n, slate_handle_t irq,
				  unsigned round)
{
	slate_status_t bits = slate_notify_wait(n, slate_clock_get() + WAIT_NS);

	if (bits != (1ll << DEVICE_BIT))
		return sltest_fail("interrupt %u: wait gave %lld", round,
				   (long long)bits);
	if (!device_serviced())
		return sltest_fail("interrupt %u: device shows no cause",
				   round);
	if (slate_irq_ack(irq) != 0)
		return sltest_fail("interrupt %u: acknowledge failed", round);
	if (slate_irq_ack(irq) != SLATE_ERR_BAD_STATE)
		return sltest_fail("interrupt %u: acknowledged twice", round);
	return NULL;
}

SLTEST(device_interrupt_reaches_driver)
{
	slate_status_t line = device_narrow(SLATE_RESOURCE_IRQ, DEVICE_IRQ, 1);
	slate_status_t n = slate_notify_create();
	slate_status_t irq;
	const char *why = device_open();

	if (why)
		return why;
	SLTEST_CHECK(line > 0 && n > 0);
	irq = slate_irq_create(line, DEVICE_IRQ, n, DEVICE_BIT);
	SLTEST_CHECK(irq > 0);
	/* One owner per line. */
	SLTEST_CHECK_EQ(slate_irq_create(line, DEVICE_IRQ, n, DEVICE_BIT),
			SLATE_ERR_EXISTS);
	SLTEST_CHECK_EQ(slate_irq_ack(irq), SLATE_ERR_BAD_STATE);
	SLTEST_CHECK_EQ(slate_notify_wait(n, SLATE_TIME_POLL),
			SLATE_ERR_WOULD_BLOCK);

	for (unsigned round = 1; round <= 2 && !why; round++) {
		why = device_trigger();
		if (!why)
			why = wait_interrupt(n, irq, round);
	}
	device_close();
	slate_handle_close((slate_handle_t)irq);
	slate_handle_close((slate_handle_t)n);
	slate_handle_close((slate_handle_t)line);
	return why;
}
