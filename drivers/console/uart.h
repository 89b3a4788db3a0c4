/* SPDX-License-Identifier: MIT */
/*
 * The serial port under the console driver, one file per architecture
 * (uart_x86_64.c: the 16550 at COM1; uart_aarch64.c: the PL011 of QEMU's
 * virt board). The kernel keeps writing its log to the same UART by
 * polling; it never reads from it and leaves its interrupt enables
 * alone after boot, so the driver owns receiving and the interrupt,
 * and transmitting is shared (docs/services.md, "The console").
 */
#ifndef CONSOLE_UART_H
#define CONSOLE_UART_H

#include <stdbool.h>
#include <stdint.h>

#include <slate/sys.h>

/*
 * Reach the UART through this process's start handles (SLATE_START_
 * IOPORT or _MMIO), drain it and enable its receive interrupt. NULL, or
 * what went wrong. Call on the thread that will touch the registers
 * first (I/O port access reaches other threads at their next switch).
 */
const char *uart_open(void);

/* The interrupt line to bind (IRQ_CREATE numbering). */
uint32_t uart_irq_line(void);

/* One received byte, if any is waiting. */
bool uart_getc(uint8_t *out);

/* Send one byte, waiting (briefly) for room. */
void uart_putc(uint8_t c);

/* After draining: clear the receive interrupt causes the UART latched. */
void uart_rx_done(void);

#endif
