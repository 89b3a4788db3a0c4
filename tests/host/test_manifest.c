/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the system manifest parser: a full manifest fills every
 * field, services come out in dependency order, and each kind of
 * mistake is reported with its line and a message naming the problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slate/object.h>

#include "../../servers/init/manifest.h"
#include "check.h"

static struct manifest m;

static bool parse(const char *text)
{
	return manifest_parse(&m, text, strlen(text));
}

/* True if some error is on line (0: whole manifest) and contains what. */
static bool has_error(unsigned line, const char *what)
{
	for (unsigned i = 0; i < m.nerrors; i++)
		if (m.error[i].line == line && strstr(m.error[i].message, what))
			return true;
	return false;
}

/* Position of service name in the start order, or -1. */
static int position(const char *name)
{
	for (unsigned i = 0; i < m.count; i++)
		if (strcmp(m.service[m.order[i]].name, name) == 0)
			return (int)i;
	return -1;
}

static const char full[] =
    "# The whole grammar, once.\n"
    "service names\n"
    "\tbinary names\n"
    "\tregister names\n"
    "\trestart always\n"
    "\n"
    "service blk   # a driver\n"
    "    binary virtio-blk\n"
    "    args --queue-depth 32 \"two words\" \"say \\\"hi\\\"\"\n"
    "    class ic2\n"
    "    group storage\n"
    "    restart on-failure limit 5\n"
    "    heartbeat 500ms\n"
    "    memory 16M\n"
    "    irq 33\n"
    "    irq 40 2\n"
    "    mmio 0x10000000 8K\n"
    "    ioport 0xc000 0x40\n"
    "    register blk\n"
    "    lookup names\n"
    "\r\n"
    "service fs\r\n"
    "    binary ext2\r\n"
    "    group storage\r\n"
    "    lookup blk names\r\n"
    "    restart never\r\n";

static void full_manifest_fills_every_field(void)
{
	const struct manifest_service *blk;

	CHECK(parse(full));
	CHECK(m.count == 3 && m.nerrors == 0);
	blk = manifest_find(&m, "blk");
	CHECK(blk && blk->line == 7);
	CHECK(strcmp(blk->binary, "virtio-blk") == 0);
	CHECK(blk->argc == 4);
	CHECK(strcmp(blk->argv[0], "--queue-depth") == 0);
	CHECK(strcmp(blk->argv[1], "32") == 0);
	CHECK(strcmp(blk->argv[2], "two words") == 0);
	CHECK(strcmp(blk->argv[3], "say \"hi\"") == 0);
	CHECK(blk->class == MANIFEST_IC2);
	CHECK(strcmp(blk->group, "storage") == 0);
	CHECK(blk->restart == MANIFEST_RESTART_ON_FAILURE);
	CHECK(blk->restart_limit == 5);
	CHECK(blk->heartbeat_ms == 500);
	CHECK(blk->quota_pages == 4096);
	CHECK(blk->irq.count == 2 && blk->irq.range[0].base == 33 &&
	      blk->irq.range[0].size == 1 && blk->irq.range[1].base == 40 &&
	      blk->irq.range[1].size == 2);
	CHECK(blk->mmio.count == 1 && blk->mmio.range[0].base == 0x10000000 &&
	      blk->mmio.range[0].size == 8192);
	CHECK(blk->ioport.count == 1 && blk->ioport.range[0].base == 0xc000 &&
	      blk->ioport.range[0].size == 0x40);
	CHECK(manifest_find(&m, "fs")->restart == MANIFEST_RESTART_NEVER);
	CHECK(manifest_find(&m, "names")->restart == MANIFEST_RESTART_ALWAYS);
	CHECK(manifest_find(&m, "nothing") == NULL);
}

static void order_follows_after_and_lookups(void)
{
	CHECK(parse("service ui\n binary ui\n lookup fs\n"
		    "service fs\n binary fs\n register fs\n after log\n"
		    "service log\n binary log\n"
		    "service other\n binary other\n"));
	CHECK(position("log") < position("fs"));
	CHECK(position("fs") < position("ui"));
	/* Among services ready together, file order wins. */
	CHECK(position("log") == 0 && position("fs") == 1 &&
	      position("ui") == 2 && position("other") == 3);
}

static void defaults_are_documented_ones(void)
{
	const struct manifest_service *s;

	CHECK(parse("service a\n binary a\n"));
	s = manifest_find(&m, "a");
	CHECK(s->class == MANIFEST_IC2);
	CHECK(s->restart == MANIFEST_RESTART_ON_FAILURE);
	CHECK(s->restart_limit == 0 && s->heartbeat_ms == 0);
	CHECK(s->quota_pages == 0 && s->group[0] == '\0' && s->argc == 0);
}

static void syntax_errors_name_their_line(void)
{
	CHECK(!parse("service a\n"           /* 1 */
		     " binary a\n"           /* 2 */
		     " bnary a\n"            /* 3 */
		     " binary b\n"           /* 4 */
		     " irq 1024\n"           /* 5 */
		     " mmio 0x1001 4K\n"     /* 6 */
		     " ioport 0xfff0 0x20\n" /* 7 */
		     " heartbeat 5\n"        /* 8 */
		     " restart sometimes\n"  /* 9 */
		     " class ic9\n"          /* 10 */
		     " args \"open\n"        /* 11 */
		     " irq\n"                /* 12 */
		     "binary x\n"            /* 13 */
		     "service 9lives\n"      /* 14 */
		     " memory lots\n"));     /* 15 */
	CHECK(has_error(3, "unknown key 'bnary'"));
	CHECK(has_error(4, "'binary' is given twice"));
	CHECK(has_error(5, "interrupt lines must lie below 1024"));
	CHECK(has_error(6, "page aligned"));
	CHECK(has_error(7, "below 0x10000"));
	CHECK(has_error(8, "heartbeat must be a duration"));
	CHECK(has_error(9, "unknown restart policy 'sometimes'"));
	CHECK(has_error(10, "unknown class 'ic9'"));
	CHECK(has_error(11, "quoted word is not closed"));
	CHECK(has_error(12, "'irq' takes 1 to 2 values, not 0"));
	CHECK(has_error(13, "expected 'service NAME'"));
	CHECK(has_error(14, "expected 'service NAME'"));
	/* Line 15 belongs to the rejected service 9lives: not reported. */
	CHECK(!has_error(15, ""));
	/* Errors come in line order. */
	for (unsigned i = 1; i < m.nerrors; i++)
		CHECK(m.error[i - 1].line <= m.error[i].line);
}

/* control names services this one may kill through init's supervisor. */
static void control_names_defined_services(void)
{
	const struct manifest_service *t;

	CHECK(parse("service echo\n binary e\n"
		    "service tester\n binary t\n control echo\n"));
	t = manifest_find(&m, "tester");
	CHECK(t && t->controls.count == 1);
	CHECK(t && strcmp(t->controls.name[0], "echo") == 0);
	CHECK(manifest_find(&m, "echo")->controls.count == 0);
	CHECK(!parse("service tester\n binary t\n control ghost\n"));
	CHECK(has_error(1, "control 'ghost', which is not defined"));
	CHECK(!parse("service tester\n binary t\n control\n"));
	CHECK(has_error(3, "'control' takes"));
}

static void bad_bytes_and_long_lines_are_refused(void)
{
	char text[600];
	char nul[] = "service a\n binary a\0b\n";

	memset(text, 'x', sizeof(text));
	memcpy(text, "service a\n binary a\n args ", 27);
	text[sizeof(text) - 1] = '\n';
	CHECK(!manifest_parse(&m, text, sizeof(text)));
	CHECK(has_error(3, "longer than 256 bytes"));

	CHECK(!manifest_parse(&m, nul, sizeof(nul) - 1));
	CHECK(has_error(2, "NUL byte"));
}

static void numbers_overflow_cleanly(void)
{
	CHECK(!parse("service a\n binary a\n"
		     " mmio 0xfffffffffffff000 8K\n"
		     " memory 99999999999999999999\n"
		     " irq 18446744073709551615 1\n"));
	CHECK(has_error(3, "must not wrap around"));
	CHECK(has_error(4, "memory must be a size"));
	CHECK(has_error(5, "interrupt lines"));
}

static void references_are_checked(void)
{
	CHECK(!parse("service a\n binary a\n after ghost\n lookup nobody\n"
		     " register shared\n"
		     "service b\n binary b\n register shared\n after b\n"
		     "service a\n binary again\n"
		     "service c\n"));
	CHECK(has_error(1, "after 'ghost', which is not defined"));
	CHECK(has_error(1, "lookup 'nobody', which no service registers"));
	CHECK(has_error(6, "'shared' is already registered by 'a'"));
	CHECK(has_error(6, "'b' is after itself"));
	CHECK(has_error(10, "service 'a' is already defined on line 1"));
	CHECK(has_error(12, "service 'c' has no binary"));
}

static void cycles_are_named(void)
{
	CHECK(!parse("service free\n binary f\n"
		     "service a\n binary a\n after b\n"
		     "service b\n binary b\n lookup cname\n"
		     "service c\n binary c\n register cname\n after a\n"));
	CHECK(has_error(0, "dependency cycle: a -> b -> c -> a"));
}

static void groups_share_a_class(void)
{
	CHECK(!parse("service fs\n binary fs\n group io\n"
		     "service mm\n binary mm\n group io\n class ic1\n"));
	CHECK(has_error(4, "'mm' is ic1 but 'fs' in its group 'io' is ic2"));
	CHECK(parse("service fs\n binary fs\n group io\n class ic1\n"
		    "service mm\n binary mm\n group io\n class ic1\n"));
}

static void empty_and_stray_input(void)
{
	CHECK(!parse(""));
	CHECK(has_error(0, "defines no service"));
	CHECK(!parse("# only a comment\n\n   \n"));
	CHECK(has_error(0, "defines no service"));
	CHECK(!parse("  binary x\nservice a\n binary a\n"));
	CHECK(has_error(1, "indented property before any 'service'"));
}

static void error_list_is_bounded(void)
{
	char text[4096] = "service a\n binary a\n";

	for (unsigned i = 0; i < MANIFEST_MAX_ERRORS + 10; i++)
		strcat(text, " nonsense\n");
	CHECK(!parse(text));
	CHECK(m.nerrors == MANIFEST_MAX_ERRORS && m.errors_dropped);
}

static void too_many_services(void)
{
	static char text[MANIFEST_MAX_SERVICES * 40 + 100];
	size_t used = 0;

	for (unsigned i = 0; i <= MANIFEST_MAX_SERVICES; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "service s%u\n binary b\n", i);
	CHECK(!parse(text));
	CHECK(m.count == MANIFEST_MAX_SERVICES);
	CHECK(
	    has_error(2 * MANIFEST_MAX_SERVICES + 1, "more than 32 services"));
}

/* The example the documentation points to must stay valid. */
static void example_file_parses(void)
{
	static char text[8192];
	FILE *f = fopen("tests/data/manifest/example.manifest", "rb");
	size_t n;

	CHECK(f);
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	CHECK(n > 0 && n < sizeof(text));
	CHECK(manifest_parse(&m, text, n));
	CHECK(m.count == 3 && position("fs") == 2);
}

static void system_powers_are_a_set(void)
{
	const struct manifest_service *s;

	CHECK(parse("service sh\n binary dsh\n system log\n"
		    " system processes poweroff log\n"
		    "service b\n binary b\n"));
	s = manifest_find(&m, "sh");
	CHECK(s->powers ==
	      ((1u << SLATE_POWER_LOG) | (1u << SLATE_POWER_PROCESSES) |
	       (1u << SLATE_POWER_OFF)));
	CHECK(manifest_find(&m, "b")->powers == 0);
	CHECK(!parse("service a\n binary a\n system log root\n system\n"));
	CHECK(has_error(3, "unknown power 'root'"));
	CHECK(has_error(4, "'system' takes 1 to 3 values, not 0"));
	/* A refused line grants nothing, not even its good words. */
	CHECK(m.service[0].powers == 0);
}

int main(void)
{
	RUN(full_manifest_fills_every_field);
	RUN(order_follows_after_and_lookups);
	RUN(defaults_are_documented_ones);
	RUN(syntax_errors_name_their_line);
	RUN(control_names_defined_services);
	RUN(bad_bytes_and_long_lines_are_refused);
	RUN(numbers_overflow_cleanly);
	RUN(references_are_checked);
	RUN(cycles_are_named);
	RUN(groups_share_a_class);
	RUN(empty_and_stray_input);
	RUN(error_list_is_bounded);
	RUN(too_many_services);
	RUN(example_file_parses);
	RUN(system_powers_are_a_set);
	return check_failures ? 1 : 0;
}
