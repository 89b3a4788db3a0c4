/* SPDX-License-Identifier: MIT */
/*
 * The console's UART on aarch64: the PL011 of QEMU's virt board at
 * 0x09000000 (GIC INTID 33, SPI 1, level-triggered). Registers: Arm
 * PrimeCell UART (PL011) Technical Reference Manual, 3.3. The kernel
 * programmed it once at boot (FIFOs, 8 bits, RX and TX on, every
 * interrupt masked) and from then on only polls FR and writes DR, so
 * the driver unmasks the receive and receive-timeout interrupts.
 */
#if defined(__aarch64__)
#include "uart.h"

#define PL011_BASE    0x09000000ull
#define PL011_SIZE    4096
#define PL011_INTID   33
#define UARTDR        0x000
#define UARTFR        0x018
#define UARTIMSC      0x038
#define UARTICR       0x044
#define UARTPERIPHID0 0xfe0
#define PL011_PART0   0x11
#define FR_RXFE       (1u << 4) /* receive FIFO empty */
#define FR_TXFF       (1u << 5) /* transmit FIFO full */
#define INT_RX        (1u << 4)
#define INT_RT        (1u << 6) /* receive timeout */
#define TX_SPIN_MAX   100000
#define DRAIN_MAX     64

static volatile uint32_t *regs;

static uint32_t rd(unsigned off)
{
	return regs[off / 4];
}

static void wr(unsigned off, uint32_t v)
{
	regs[off / 4] = v;
}

const char *uart_open(void)
{
	slate_handle_t mmio = slate_start_handle(SLATE_START_MMIO);
	slate_status_t vmo, va;
	uint8_t ignored;

	if (mmio == SLATE_HANDLE_INVALID)
		return "no mmio resource among my start handles";
	vmo = slate_vmo_create_phys(mmio, PL011_BASE, PL011_SIZE, 0);
	if (vmo < 0)
		return "VMO_CREATE_PHYS of the PL011 refused";
	va = slate_vm_map(slate_self_process(), (slate_handle_t)vmo, 0,
			  PL011_SIZE, 0, SLATE_VM_READ | SLATE_VM_WRITE);
	slate_handle_close((slate_handle_t)vmo); /* the mapping keeps it */
	if (va < 0)
		return "cannot map the PL011";
	regs = (volatile uint32_t *)(uintptr_t)va;
	if ((rd(UARTPERIPHID0) & 0xff) != PL011_PART0)
		return "no PL011 at 0x09000000 (not QEMU virt?)";
	for (int i = 0; i < DRAIN_MAX && uart_getc(&ignored); i++)
		;
	wr(UARTICR, INT_RX | INT_RT);
	wr(UARTIMSC, INT_RX | INT_RT);
	return NULL;
}

uint32_t uart_irq_line(void)
{
	return PL011_INTID;
}

bool uart_getc(uint8_t *out)
{
	if (rd(UARTFR) & FR_RXFE)
		return false;
	*out = (uint8_t)rd(UARTDR);
	return true;
}

void uart_putc(uint8_t c)
{
	for (int i = 0; i < TX_SPIN_MAX && (rd(UARTFR) & FR_TXFF); i++)
		;
	wr(UARTDR, c);
}

void uart_rx_done(void)
{
	wr(UARTICR, INT_RX | INT_RT);
}
#endif
