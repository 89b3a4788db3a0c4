/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 device tests: COM2 as the interrupting device (device.h),
 * reached through IOPORT_ENABLE; and I/O ports staying out of reach of
 * a process that was not given them.
 */
#if defined(__x86_64__)
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <slate/sys.h>
#include <slate/x86_io.h>

#include "device.h"
#include "sltest.h"

/* 16550 registers, offsets from the base port (PC16550D datasheet). */
#define COM2         0x2f8
#define COM_PORTS    8
#define UART_DATA    0 /* RBR on read, THR on write */
#define UART_IER     1
#define UART_LCR     3
#define UART_MCR     4
#define UART_LSR     5
#define UART_SCRATCH 7
#define IER_RX_AVAIL 0x01
#define LCR_8N1      0x03
#define MCR_OUT2     0x08 /* gates the interrupt on PC wiring */
#define MCR_LOOP     0x10 /* transmitter feeds the receiver */
#define LSR_DATA     0x01

static uint8_t sent;

static void uart_drain(void)
{
	for (int i = 0; i < 64 && (inb(COM2 + UART_LSR) & LSR_DATA); i++)
		(void)inb(COM2 + UART_DATA);
}

const char *device_open(void)
{
	slate_status_t ports =
	    device_narrow(SLATE_RESOURCE_IOPORT, COM2, COM_PORTS);
	slate_status_t err;

	if (ports <= 0)
		return "no I/O port resource for COM2";
	err = slate_ioport_enable(ports, COM2, COM_PORTS);
	slate_handle_close((slate_handle_t)ports);
	if (err)
		return sltest_fail("IOPORT_ENABLE of COM2 gave %lld",
				   (long long)err);

	/* No UART, no scratch register (tools/guest adds COM2). */
	outb(COM2 + UART_SCRATCH, 0x5a);
	if (inb(COM2 + UART_SCRATCH) != 0x5a)
		return "no 16550 at COM2 (is QEMU given a second -serial?)";
	outb(COM2 + UART_IER, 0);
	outb(COM2 + UART_LCR, LCR_8N1);
	outb(COM2 + UART_MCR, MCR_LOOP | MCR_OUT2);
	uart_drain();
	outb(COM2 + UART_IER, IER_RX_AVAIL);
	return NULL;
}

void device_close(void)
{
	outb(COM2 + UART_IER, 0);
	outb(COM2 + UART_MCR, 0);
	uart_drain();
}

const char *device_trigger(void)
{
	outb(COM2 + UART_DATA, ++sent);
	return NULL;
}

/* Reading the byte clears the cause, and so the line. */
bool device_serviced(void)
{
	return (inb(COM2 + UART_LSR) & LSR_DATA) &&
	       inb(COM2 + UART_DATA) == sent;
}

/*
 * A child that runs "mov $port, %dx; in (%dx), %al; jmp ." with no port
 * of its own must fault; had it been let through, it would spin until
 * the deadline and be killed instead.
 */
#define CHILD_QUOTA_PAGES 64
#define CHILD_CODE        0x400000ull
#define FAULT_STATUS      SLATE_EXIT_FAULT
#define KILLED_STATUS     SLATE_EXIT_KILLED
/* Generous: a loaded host slows the guest clock's view of TCG. */
#define CHILD_WAIT_NS     (20ull * 1000 * 1000 * 1000)

static slate_status_t run_port_child(uint16_t port, int64_t *status)
{
	const uint8_t code[] = {0x66, 0xba, port & 0xff, port >> 8, /* dx */
				0xec,                               /* in */
				0xeb, 0xfe};                        /* jmp . */
	slate_status_t p =
	    slate_process_create("ioport-child", 12, CHILD_QUOTA_PAGES);
	slate_status_t vmo = slate_vmo_create(4096, 0);
	slate_status_t buf, t, err;

	if (p <= 0 || vmo <= 0)
		return -1;
	buf = slate_vm_map(slate_self_process(), vmo, 0, 4096, 0,
			   SLATE_VM_READ | SLATE_VM_WRITE);
	if (buf <= 0)
		return buf;
	memcpy((void *)buf, code, sizeof(code));
	slate_vm_unmap(slate_self_process(), buf, 4096);
	err = slate_vm_map(p, vmo, 0, 4096, CHILD_CODE,
			   SLATE_VM_READ | SLATE_VM_EXEC | SLATE_VM_FIXED);
	if (err < 0)
		return err;
	t = slate_thread_new(p, CHILD_CODE, CHILD_CODE + 4096, 0);
	if (t <= 0 || slate_thread_start(t))
		return -1;
	err = slate_process_wait(p, slate_clock_get() + CHILD_WAIT_NS, status);
	if (err == SLATE_ERR_TIMED_OUT) {
		slate_process_kill(p);
		err = slate_process_wait(p, SLATE_TIME_INFINITE, status);
	}
	slate_handle_close(t);
	slate_handle_close(vmo);
	slate_handle_close(p);
	return err;
}

/*
 * sltest itself holds COM2 meanwhile, so the child also shows that one
 * process's ports do not follow the CPU into the next process.
 */
SLTEST(ioport_not_granted_faults)
{
	static const uint16_t ports[] = {0x80, COM2, COM2 + 7};
	slate_status_t mine =
	    device_narrow(SLATE_RESOURCE_IOPORT, COM2, COM_PORTS);
	int64_t status = 0;

	SLTEST_CHECK(mine > 0);
	SLTEST_CHECK_EQ(slate_ioport_enable(mine, COM2, COM_PORTS), 0);
	slate_handle_close((slate_handle_t)mine);
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		SLTEST_CHECK_EQ(run_port_child(ports[i], &status), 0);
		SLTEST_CHECK_EQ(status, FAULT_STATUS);
	}
	return NULL;
}
#endif
