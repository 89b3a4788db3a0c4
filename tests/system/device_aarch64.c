/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 device for the device tests: QEMU virt's PL031 real-time
 * clock (device.h), its registers mapped from a narrowed MMIO resource.
 * Register layout: ARM PrimeCell RTC (PL031) Technical Reference Manual,
 * 3.2 "Summary of RTC registers".
 */
#if defined(__aarch64__)
#include <stdbool.h>
#include <stdint.h>

#include <slate/sys.h>

#include "device.h"
#include "sltest.h"

#define PL031_SIZE    4096
#define RTC_DR        0x00  /* current count, seconds */
#define RTC_MR        0x04  /* match: interrupt when the count equals it */
#define RTC_IMSC      0x10  /* interrupt mask set/clear: 1 = enabled */
#define RTC_RIS       0x14  /* raw interrupt status */
#define RTC_ICR       0x1c  /* write 1 to clear */
#define RTC_PERIPHID0 0xfe0 /* 0x31: part number low byte */
#define RTC_PCELLID0  0xff0 /* 0x0d: PrimeCell */
#define PL031_PART    0x31
#define PCELL_ID0     0x0d
/* Tries at catching the count between two of its ticks. */
#define MATCH_TRIES   4

static volatile uint32_t *rtc;
static slate_handle_t rtc_vmo;

static uint32_t rd(unsigned off)
{
	return rtc[off / 4];
}

static void wr(unsigned off, uint32_t v)
{
	rtc[off / 4] = v;
}

const char *device_open(void)
{
	slate_status_t mmio =
	    device_narrow(SLATE_RESOURCE_MMIO, DEVICE_MMIO_BASE, PL031_SIZE);
	slate_status_t vmo, va;

	if (mmio <= 0)
		return "no MMIO resource for the PL031";
	vmo = slate_vmo_create_phys(mmio, DEVICE_MMIO_BASE, PL031_SIZE, 0);
	slate_handle_close((slate_handle_t)mmio);
	if (vmo <= 0)
		return sltest_fail("VMO_CREATE_PHYS gave %lld", (long long)vmo);
	va = slate_vm_map(slate_self_process(), vmo, 0, PL031_SIZE, 0,
			  SLATE_VM_READ | SLATE_VM_WRITE);
	if (va <= 0)
		return sltest_fail("VM_MAP gave %lld", (long long)va);
	rtc = (volatile uint32_t *)va;
	rtc_vmo = (slate_handle_t)vmo;
	if ((rd(RTC_PERIPHID0) & 0xff) != PL031_PART ||
	    (rd(RTC_PCELLID0) & 0xff) != PCELL_ID0)
		return "no PL031 at 0x09010000 (not QEMU virt?)";
	wr(RTC_IMSC, 0);
	wr(RTC_ICR, 1);
	wr(RTC_IMSC, 1);
	return NULL;
}

void device_close(void)
{
	if (!rtc)
		return;
	wr(RTC_IMSC, 0);
	wr(RTC_ICR, 1);
	slate_vm_unmap(slate_self_process(), (uintptr_t)rtc, PL031_SIZE);
	slate_handle_close(rtc_vmo);
	rtc = NULL;
}

/*
 * A match written equal to the count fires at once; if the count ticks
 * between the read and the write, the match is a second behind and
 * would fire only after the counter wraps, so try again.
 */
const char *device_trigger(void)
{
	for (int i = 0; i < MATCH_TRIES; i++) {
		wr(RTC_MR, rd(RTC_DR));
		if (rd(RTC_RIS) & 1)
			return NULL;
	}
	return "the PL031 match interrupt did not rise";
}

bool device_serviced(void)
{
	bool raised = rd(RTC_RIS) & 1;

	wr(RTC_ICR, 1);
	return raised;
}
#endif
