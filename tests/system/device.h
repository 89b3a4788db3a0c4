/* SPDX-License-Identifier: MIT */
/*
 * The real QEMU device each architecture's device tests drive: one the
 * kernel does not use, with an interrupt user space can trigger.
 *   x86_64 (q35): COM2, a 16550 UART at ports 0x2f8-0x2ff on ISA IRQ 3
 *     (GSI 3, edge-triggered), put in loopback mode so that a byte it
 *     sends comes straight back and raises "received data available".
 *     tools/guest adds it with a second -serial.
 *   aarch64 (virt): the PL031 real-time clock at 0x09010000, SPI 2
 *     (GIC INTID 34, level-triggered); writing the match register with
 *     the current count raises its interrupt at once. These are the
 *     fixed addresses of QEMU's virt board (hw/arm/virt.c memory map),
 *     which its device tree also gives; the test checks the PrimeCell
 *     identification registers before relying on them.
 * device_*.c implement this for their architecture.
 */
#ifndef SLTEST_DEVICE_H
#define SLTEST_DEVICE_H

#include <stdbool.h>

#include <slate/sys.h>

#if defined(__x86_64__)
#define DEVICE_IRQ           3
#define DEVICE_MMIO_BASE     0xfec00000ull /* the I/O APIC: never mapped */
#define DEVICE_IOPORT_RESULT 0
#elif defined(__aarch64__)
#define DEVICE_IRQ           34
#define DEVICE_MMIO_BASE     0x09010000ull /* the PL031 */
#define DEVICE_IOPORT_RESULT SLATE_ERR_NOT_SUPPORTED
#endif

/* The root resource sltest got as init, and a narrowing of it. */
slate_handle_t device_root_resource(void);
slate_status_t device_narrow(uint32_t kind, uint64_t base, uint64_t size);

/*
 * Reach the device through narrowed resources and make it ready to
 * interrupt; NULL, or why not. device_close quiets it again.
 */
const char *device_open(void);
void device_close(void);
/* Make the device raise its interrupt once; NULL, or why not. */
const char *device_trigger(void);
/* After an interrupt: whether the device had a cause, now cleared. */
bool device_serviced(void);

#endif
