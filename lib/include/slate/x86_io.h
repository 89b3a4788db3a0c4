/* SPDX-License-Identifier: MIT */
/*
 * Port I/O for x86_64 drivers in user space. A process may execute these
 * only on the ports SLATE_SYS_IOPORT_ENABLE gave it (docs/abi.md,
 * "Device drivers"); any other port faults and the kernel kills it.
 * Include from x86_64-only files.
 */
#ifndef SLATE_X86_IO_H
#define SLATE_X86_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

#endif
