/* SPDX-License-Identifier: MIT */
/*
 * PSCI, the firmware interface for starting CPUs and powering off (Arm
 * DEN 0022, "Power State Coordination Interface"), reached by HVC or SMC
 * as the device tree's /psci node says.
 */
#define LOG_SUBSYS "psci"
#include <kernel/fdt.h>
#include <kernel/log.h>
#include <kernel/string.h>
#include <arch/aarch64.h>

/* Function IDs, SMC64 where there is a choice (DEN 0022, "Function IDs"). */
#define PSCI_VERSION    0x84000000u
#define PSCI_CPU_ON_64  0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

enum psci_conduit { PSCI_NONE, PSCI_HVC, PSCI_SMC };

static enum psci_conduit conduit; /* immutable after psci_init */

/*
 * One call per the SMC Calling Convention (DEN 0028): arguments in
 * x0-x3, result in x0; x4-x17 may be clobbered by older firmware.
 */
static int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	return (int64_t)x0;
}

void psci_init(const struct fdt *f)
{
	int node = fdt_find_compatible(f, -1, "arm,psci-0.2");
	const char *method;
	int64_t version;

	if (node < 0)
		node = fdt_find_compatible(f, -1, "arm,psci-1.0");
	if (node < 0 || fdt_get_string(f, node, "method", &method) < 0) {
		log_warn("no PSCI in the device tree: one CPU, no power off");
		return;
	}
	if (strcmp(method, "hvc") == 0) {
		conduit = PSCI_HVC;
	} else if (strcmp(method, "smc") == 0) {
		conduit = PSCI_SMC;
	} else {
		log_warn("unknown PSCI method \"%s\"", method);
		return;
	}
	version = psci_call(PSCI_VERSION, 0, 0, 0);
	log_info("PSCI %lld.%lld via %s", (long long)(version >> 16),
		 (long long)(version & 0xffff), method);
}

bool psci_present(void)
{
	return conduit != PSCI_NONE;
}

/* Returns the PSCI status: 0 on success, negative on failure (5.2.2). */
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t context)
{
	if (conduit == PSCI_NONE)
		return -1;
	return (int)psci_call(PSCI_CPU_ON_64, mpidr, entry_pa, context);
}

void psci_system_off(void)
{
	if (conduit != PSCI_NONE)
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}
