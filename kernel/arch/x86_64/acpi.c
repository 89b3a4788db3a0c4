/* SPDX-License-Identifier: MIT */
/*
 * Reading the ACPI tables the firmware left: the MADT for the CPUs and the
 * local APIC, the FADT and the DSDT's \_S5 object for powering off.
 * Table layouts follow the ACPI 6.4 specification, chapter 5.2.
 *
 * The firmware is trusted to give valid tables, but every length and
 * checksum is still checked: a broken table is logged and skipped.
 */
#define LOG_SUBSYS "acpi"
#include <kernel/arch.h>
#include <kernel/log.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/x86.h>

#define ACPI_MAX_TABLE     (1u << 20)
#define BIOS_ROM_START     0xe0000
#define BIOS_ROM_END       0x100000
#define MADT_LAPIC         0
#define MADT_IOAPIC        1
#define MADT_ISO           2 /* interrupt source override */
#define MADT_X2APIC        9
#define MADT_ISA_BUS       0
#define MADT_LAPIC_ENABLED (1u << 0)
#define FADT_DSDT          40
#define FADT_PM1A_CNT      64
#define FADT_PM1B_CNT      68
#define FADT_X_DSDT        140
#define PM1_SLP_EN         (1u << 13)
#define PM1_SLP_TYP_SHIFT  10
#define AML_PACKAGE_OP     0x12
#define AML_BYTE_PREFIX    0x0a
#define AML_ONE_OP         0x01

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length; /* revision >= 2 from here */
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __packed;

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
} __packed;
static_assert(sizeof(struct acpi_header) == 36, "ACPI header is 36 bytes");

struct acpi_info acpi;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct acpi_rsdp *rsdp_at(const uint8_t *p)
{
	const struct acpi_rsdp *r = (const void *)p;

	if (memcmp(r->signature, "RSD PTR ", 8) != 0 || !checksum_ok(r, 20))
		return NULL;
	return r;
}

/* The PVH start info may give the RSDP; otherwise search the BIOS ROM. */
static const struct acpi_rsdp *rsdp_find(uint64_t hint)
{
	const uint8_t *rom;

	if (hint) {
		const uint8_t *p =
		    vm_map_phys(hint, sizeof(struct acpi_rsdp), VM_READ);
		if (p && rsdp_at(p))
			return rsdp_at(p);
	}
	rom =
	    vm_map_phys(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START, VM_READ);
	for (unsigned off = 0; rom && off < BIOS_ROM_END - BIOS_ROM_START;
	     off += 16) {
		if (rsdp_at(rom + off))
			return rsdp_at(rom + off);
	}
	return NULL;
}

/* Map a whole table after checking its length and checksum. */
static const struct acpi_header *table_map(uint64_t pa)
{
	const struct acpi_header *h = vm_map_phys(pa, sizeof(*h), VM_READ);

	if (!h)
		return NULL;
	if (h->length < sizeof(*h) || h->length > ACPI_MAX_TABLE) {
		log_warn("table at %#llx has bad length %u",
			 (unsigned long long)pa, h->length);
		return NULL;
	}
	h = vm_map_phys(pa, h->length, VM_READ);
	if (h && !checksum_ok(h, h->length)) {
		log_warn("table %.4s at %#llx fails its checksum", h->signature,
			 (unsigned long long)pa);
		return NULL;
	}
	return h;
}

static void madt_add_cpu(uint32_t apic_id, uint32_t flags)
{
	/* "Online capable" CPUs are absent until hot-plugged: skip them. */
	if (!(flags & MADT_LAPIC_ENABLED))
		return;
	if (acpi.ncpus >= ARRAY_SIZE(acpi.apic_ids)) {
		log_warn("more than %zu cpus, ignoring APIC id %u",
			 ARRAY_SIZE(acpi.apic_ids), apic_id);
		return;
	}
	acpi.apic_ids[acpi.ncpus++] = apic_id;
}

/* ACPI 6.4, 5.2.12.3 "I/O APIC Structure". */
static void madt_add_ioapic(const uint8_t *e)
{
	struct acpi_ioapic *io;

	if (acpi.nioapics >= ACPI_MAX_IOAPICS) {
		log_warn("more than %u I/O APICs, ignoring id %u",
			 ACPI_MAX_IOAPICS, e[2]);
		return;
	}
	io = &acpi.ioapics[acpi.nioapics++];
	memcpy(&io->phys, e + 4, 4);
	memcpy(&io->gsi_base, e + 8, 4);
}

/* ACPI 6.4, 5.2.12.5 "Interrupt Source Override Structure". */
static void madt_add_override(const uint8_t *e)
{
	uint8_t bus = e[2], irq = e[3];

	if (bus != MADT_ISA_BUS || irq >= ACPI_ISA_IRQS)
		return;
	memcpy(&acpi.isa[irq].gsi, e + 4, 4);
	memcpy(&acpi.isa[irq].flags, e + 8, 2);
}

static void madt_parse(const struct acpi_header *h)
{
	const uint8_t *p = (const uint8_t *)h;
	uint32_t off = sizeof(*h) + 8; /* local APIC address, flags */

	if (h->length < off)
		return;
	memcpy(&acpi.lapic_phys, p + sizeof(*h), 4);
	while (off + 2 <= h->length) {
		uint8_t type = p[off], len = p[off + 1];
		uint32_t id = 0, flags = 0;

		if (len < 2 || off + len > h->length) {
			log_warn("MADT entry at offset %u is malformed", off);
			return;
		}
		if (type == MADT_LAPIC && len >= 8) {
			id = p[off + 3];
			memcpy(&flags, p + off + 4, 4);
			madt_add_cpu(id, flags);
		} else if (type == MADT_IOAPIC && len >= 12) {
			madt_add_ioapic(p + off);
		} else if (type == MADT_ISO && len >= 10) {
			madt_add_override(p + off);
		} else if (type == MADT_X2APIC && len >= 16) {
			memcpy(&id, p + off + 4, 4);
			memcpy(&flags, p + off + 8, 4);
			madt_add_cpu(id, flags);
		}
		off += len;
	}
}

/* Read one AML integer constant at p; false if it is something else. */
static bool aml_small_int(const uint8_t *p, const uint8_t *end, uint16_t *v)
{
	if (p >= end)
		return false;
	if (*p == AML_BYTE_PREFIX && p + 1 < end) {
		*v = p[1];
		return true;
	}
	if (*p == 0x00 || *p == AML_ONE_OP) {
		*v = *p;
		return true;
	}
	return false;
}

/* Size of the element after an integer parsed by aml_small_int. */
static unsigned aml_small_int_len(const uint8_t *p)
{
	return *p == AML_BYTE_PREFIX ? 2 : 1;
}

/*
 * Find "Name(_S5_, Package() {SLP_TYPa, SLP_TYPb, ...})" in the DSDT
 * without an AML interpreter: the object is a plain package of small
 * integers on every firmware we target (ACPI 6.4, 7.4.2 "\_Sx").
 */
static void dsdt_find_s5(const struct acpi_header *h)
{
	const uint8_t *p = (const uint8_t *)(h + 1);
	const uint8_t *end = (const uint8_t *)h + h->length;

	for (; p + 8 < end; p++) {
		const uint8_t *q;

		if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE_OP)
			continue;
		q = p + 5;
		q += 1 + (*q >> 6); /* PkgLength: lead byte + extra bytes */
		q += 1;             /* NumElements */
		if (!aml_small_int(q, end, &acpi.slp_typ_s5a))
			continue;
		q += aml_small_int_len(q);
		if (!aml_small_int(q, end, &acpi.slp_typ_s5b))
			acpi.slp_typ_s5b = acpi.slp_typ_s5a;
		acpi.s5_found = true;
		return;
	}
}

static void fadt_parse(const struct acpi_header *h)
{
	const uint8_t *p = (const uint8_t *)h;
	uint32_t cnt = 0, dsdt32 = 0;
	uint64_t dsdt = 0;
	const struct acpi_header *d;

	if (h->length < FADT_PM1B_CNT + 4)
		return;
	memcpy(&cnt, p + FADT_PM1A_CNT, 4);
	acpi.pm1a_cnt = (uint16_t)cnt;
	memcpy(&cnt, p + FADT_PM1B_CNT, 4);
	acpi.pm1b_cnt = (uint16_t)cnt;
	memcpy(&dsdt32, p + FADT_DSDT, 4);
	dsdt = dsdt32;
	if (h->length >= FADT_X_DSDT + 8)
		memcpy(&dsdt, p + FADT_X_DSDT, 8);
	if (!dsdt)
		dsdt = dsdt32;
	d = dsdt ? table_map(dsdt) : NULL;
	if (d && memcmp(d->signature, "DSDT", 4) == 0)
		dsdt_find_s5(d);
}

static void table_parse(uint64_t pa)
{
	const struct acpi_header *h = table_map(pa);

	if (!h)
		return;
	log_debug("table %.4s at %#llx, %u bytes", h->signature,
		  (unsigned long long)pa, h->length);
	if (memcmp(h->signature, "APIC", 4) == 0)
		madt_parse(h);
	else if (memcmp(h->signature, "FACP", 4) == 0)
		fadt_parse(h);
}

void acpi_init(uint64_t rsdp_hint)
{
	const struct acpi_rsdp *r = rsdp_find(rsdp_hint);
	const struct acpi_header *root;
	bool xsdt;
	unsigned width, n;

	/* ISA IRQs are GSIs of the same number unless overridden. */
	for (unsigned i = 0; i < ACPI_ISA_IRQS; i++)
		acpi.isa[i] = (struct acpi_isa_route){.gsi = i};
	if (!r) {
		log_warn("no ACPI tables: one CPU, no poweroff");
		return;
	}
	xsdt = r->revision >= 2 && r->xsdt;
	root = table_map(xsdt ? r->xsdt : r->rsdt);
	if (!root) {
		log_warn("the %s is unreadable", xsdt ? "XSDT" : "RSDT");
		return;
	}
	width = xsdt ? 8 : 4;
	n = (root->length - sizeof(*root)) / width;
	for (unsigned i = 0; i < n; i++) {
		uint64_t pa = 0;

		memcpy(&pa, (const uint8_t *)(root + 1) + i * width, width);
		table_parse(pa);
	}
	log_info("%u cpu(s) in the MADT, local APIC at %#x, %u I/O APIC(s), "
		 "S5 %s",
		 acpi.ncpus, acpi.lapic_phys, acpi.nioapics,
		 acpi.s5_found ? "found" : "missing");
}

void arch_poweroff(void)
{
	arch_irq_disable();
	if (acpi.pm1a_cnt && acpi.s5_found) {
		outw(acpi.pm1a_cnt,
		     (uint16_t)(acpi.slp_typ_s5a << PM1_SLP_TYP_SHIFT) |
			 PM1_SLP_EN);
		if (acpi.pm1b_cnt)
			outw(acpi.pm1b_cnt,
			     (uint16_t)(acpi.slp_typ_s5b << PM1_SLP_TYP_SHIFT) |
				 PM1_SLP_EN);
	}
	/* The write takes a moment to stop the machine; do not cry wolf. */
	for (uint64_t end = arch_cycles() + arch_cycles_hz() / 2;
	     arch_cycles() < end;)
		arch_cpu_relax();
	kprintf("poweroff: ACPI S5 did not take effect; halting\n");
	arch_halt();
}
