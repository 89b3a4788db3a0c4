/* SPDX-License-Identifier: MIT */
/*
 * The console's UART on x86_64: the 16550 at COM1 (ports 0x3f8-0x3ff,
 * ISA IRQ 4 = GSI 4, edge-triggered). Registers and bits: National
 * Semiconductor PC16550D datasheet. The kernel set the line up at boot
 * (115200 8N1, FIFOs on with a one-byte trigger, DTR and RTS) and then
 * only polls LSR and writes THR, so the driver only adds the receive
 * interrupt: IER bit 0, and OUT2, which gates the UART's interrupt
 * output on PC wiring.
 */
#if defined(__x86_64__)
#include <slate/x86_io.h>

#include "uart.h"

#define COM1         0x3f8
#define COM1_PORTS   8
#define COM1_IRQ     4
#define UART_DATA    0 /* RBR on read, THR on write */
#define UART_IER     1
#define UART_MCR     4
#define UART_LSR     5
#define UART_SCRATCH 7
#define IER_RX_AVAIL 0x01
#define MCR_DTR_RTS  0x03
#define MCR_OUT2     0x08
#define LSR_DATA     0x01
#define LSR_THRE     0x20
#define TX_SPIN_MAX  100000 /* a missing UART must not hang the driver */
#define DRAIN_MAX    64

const char *uart_open(void)
{
	slate_handle_t ports = slate_start_handle(SLATE_START_IOPORT);
	uint8_t ignored;

	if (ports == SLATE_HANDLE_INVALID)
		return "no ioport resource among my start handles";
	if (slate_ioport_enable(ports, COM1, COM1_PORTS) != SLATE_OK)
		return "IOPORT_ENABLE of COM1 refused";
	outb(COM1 + UART_SCRATCH, 0xa5);
	if (inb(COM1 + UART_SCRATCH) != 0xa5)
		return "no 16550 at COM1";
	outb(COM1 + UART_IER, 0);
	for (int i = 0; i < DRAIN_MAX && uart_getc(&ignored); i++)
		;
	outb(COM1 + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + UART_IER, IER_RX_AVAIL);
	return NULL;
}

uint32_t uart_irq_line(void)
{
	return COM1_IRQ;
}

bool uart_getc(uint8_t *out)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA))
		return false;
	*out = inb(COM1 + UART_DATA);
	return true;
}

void uart_putc(uint8_t c)
{
	for (int i = 0; i < TX_SPIN_MAX; i++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_DATA, c);
}

/* Reading RBR empty is what clears "received data available". */
void uart_rx_done(void)
{
}
#endif
