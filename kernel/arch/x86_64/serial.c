/* SPDX-License-Identifier: MIT */
/*
 * The boot console: a polled 16550 UART on COM1. Register offsets and bits
 * follow the National Semiconductor PC16550D datasheet.
 */
#include <kernel/arch.h>
#include <arch/serial.h>

#define COM1           0x3f8
#define UART_THR       0 /* transmit holding (DLAB=0) */
#define UART_IER       1 /* interrupt enable (DLAB=0) */
#define UART_DLL       0 /* divisor low (DLAB=1) */
#define UART_DLM       1 /* divisor high (DLAB=1) */
#define UART_FCR       2
#define UART_LCR       3
#define UART_MCR       4
#define UART_LSR       5
#define LCR_8N1        0x03
#define LCR_DLAB       0x80
#define FCR_ENABLE     0x07 /* enable and clear both FIFOs */
#define MCR_DTR_RTS    0x03
#define LSR_THRE       0x20 /* transmit holding register empty */
#define DIVISOR_115200 1

/* Bounded wait: a missing UART must not hang the kernel forever. */
#define UART_SPIN_MAX 100000

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, DIVISOR_115200);
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

void arch_console_putc(char c)
{
	for (unsigned i = 0; i < UART_SPIN_MAX; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
		arch_cpu_relax();
	}
	outb(COM1 + UART_THR, (uint8_t)c);
}
