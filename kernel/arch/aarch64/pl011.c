/* SPDX-License-Identifier: MIT */
/*
 * The PL011 UART as a polled console (Arm PrimeCell UART TRM, DDI 0183,
 * 3.3 "Register descriptions"). Early on it is reached through the boot
 * direct map, whose first GiB is mapped as device memory; once the final
 * tables are in place it is remapped into the MMIO window.
 */
#include <kernel/arch.h>
#include <kernel/fdt.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTLCRH 0x02c
#define UARTCR   0x030
#define UARTIMSC 0x038

#define UARTFR_TXFF    (1u << 5) /* transmit FIFO full */
#define UARTLCRH_FEN   (1u << 4) /* FIFOs on */
#define UARTLCRH_WLEN8 (3u << 5)
#define UARTCR_UARTEN  (1u << 0)
#define UARTCR_TXE     (1u << 8)
#define UARTCR_RXE     (1u << 9)

/* Only device memory there: the boot tables map 0..1 GiB as Device. */
#define EARLY_DEVICE_LIMIT GiB(1)

static volatile uint8_t *uart; /* NULL: no console yet */
static uint64_t uart_pa;
static bool uart_programmed; /* set up once; later mappings just switch */

static uint32_t uart_read(unsigned reg)
{
	return *(volatile uint32_t *)(uart + reg);
}

static void uart_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(uart + reg) = v;
}

void arch_console_putc(char c)
{
	if (!uart)
		return;
	while (uart_read(UARTFR) & UARTFR_TXFF)
		arch_cpu_relax();
	uart_write(UARTDR, (uint8_t)c);
}

/* 8 data bits, FIFOs, transmit and receive on, interrupts masked. */
static void uart_setup(void)
{
	uart_write(UARTIMSC, 0);
	uart_write(UARTLCRH, UARTLCRH_FEN | UARTLCRH_WLEN8);
	uart_write(UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
	uart_programmed = true;
}

/*
 * Make the UART at pa the console. regs is its mapping, or NULL to use
 * the boot direct map; if that cannot reach it, output waits for
 * pl011_remap. The baud rate is left as the firmware set it.
 */
void pl011_init(uint64_t pa, volatile void *regs)
{
	uart_pa = pa;
	if (!regs && pa >= EARLY_DEVICE_LIMIT)
		return;
	uart = regs ? regs : phys_to_virt(pa);
	uart_setup();
}

/* Switch to a new mapping of the same UART (NULL: none for now). */
void pl011_remap(volatile void *regs)
{
	uart = regs;
	if (uart && !uart_programmed)
		uart_setup();
}

uint64_t pl011_phys(void)
{
	return uart_pa;
}

/* The node /chosen's stdout-path names: a path or an alias, options cut. */
static int stdout_node(const struct fdt *f)
{
	char path[128];
	const char *s, *target;
	size_t len = 0;
	int chosen = fdt_path(f, "/chosen");
	int aliases;

	if (chosen < 0 || fdt_get_string(f, chosen, "stdout-path", &s) < 0)
		return FDT_ERR_NOTFOUND;
	while (s[len] && s[len] != ':' && len < sizeof(path) - 1)
		len++;
	memcpy(path, s, len);
	path[len] = '\0';
	if (path[0] == '/')
		return fdt_path(f, path);

	aliases = fdt_path(f, "/aliases");
	if (aliases < 0 || fdt_get_string(f, aliases, path, &target) < 0)
		return FDT_ERR_NOTFOUND;
	return fdt_path(f, target);
}

/* Physical address of the console UART the device tree describes. */
uint64_t pl011_find(const struct fdt *f)
{
	uint64_t base, size;
	int n = stdout_node(f);

	if (n < 0 || !fdt_is_compatible(f, n, "arm,pl011"))
		n = fdt_find_compatible(f, -1, "arm,pl011");
	if (n >= 0 && fdt_reg(f, n, 0, &base, &size) == 0)
		return base;
	return PL011_QEMU_VIRT_PA;
}
