/* SPDX-License-Identifier: MIT */
/*
 * The system manifest parser (see manifest.h and docs/manifest.md). It
 * reads the text a line at a time, splits each line into words, and
 * hands the words to one small handler per key; then it checks the
 * services against each other and orders them by their dependencies.
 * It keeps going after an error so that one run reports every mistake.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <slate/object.h>

#include "manifest.h"

#define MAX_WORDS     (MANIFEST_MAX_ARGS + 2)
#define MAX_IRQ_LINE  1024u    /* interrupt lines a manifest may name */
#define MAX_IOPORT    0x10000u /* x86 has a 16-bit I/O port space */
#define PAGE_SIZE     4096u
#define MIN_HEARTBEAT 10u      /* ms; faster would be busy-polling */
#define MAX_HEARTBEAT 3600000u /* ms: one hour */

struct words {
	unsigned count;
	char word[MAX_WORDS][MANIFEST_LINE_MAX + 1];
};

struct parser {
	struct manifest *m;
	struct manifest_service *cur; /* the block being read, or NULL */
	unsigned seen;                /* single-valued keys cur has had */
	unsigned line;
};

/* ---- errors ---- */

static void add_error(struct manifest *m, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_error(struct manifest *m, unsigned line, const char *fmt, ...)
{
	struct manifest_error *e;
	va_list ap;

	if (m->nerrors == MANIFEST_MAX_ERRORS) {
		m->errors_dropped = true;
		return;
	}
	e = &m->error[m->nerrors++];
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}

/* ---- words and values ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split one line into words: runs of non-blank characters, or a double-
 * quoted string in which \" and \\ stand for themselves. A '#' that
 * begins a word starts a comment. Returns NULL or what is wrong.
 */
static const char *split_words(const char *s, size_t len, struct words *w)
{
	size_t i = 0;

	w->count = 0;
	for (;;) {
		size_t n = 0;
		char *out;

		while (i < len && is_space(s[i]))
			i++;
		if (i == len || s[i] == '#')
			return NULL;
		if (w->count == MAX_WORDS)
			return "too many words on one line";
		out = w->word[w->count++];
		if (s[i] != '"') {
			while (i < len && !is_space(s[i]))
				out[n++] = s[i++];
			out[n] = '\0';
			continue;
		}
		for (i++; i < len && s[i] != '"'; i++) {
			if (s[i] == '\\' && i + 1 < len)
				i++;
			out[n++] = s[i];
		}
		if (i == len)
			return "a quoted word is not closed";
		out[n] = '\0';
		i++;
	}
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '.';
}

/* A name: a lower-case letter, then letters, digits, '_', '-' or '.'. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= MANIFEST_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return false;
	return true;
}

/* The index of the first c in s[0..len), or len. */
static size_t find_byte(const char *s, size_t len, char c)
{
	size_t i = 0;

	while (i < len && s[i] != c)
		i++;
	return i;
}

/* Copy a word already known to fit. */
static void copy_word(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int digit_value(char c, unsigned base)
{
	int v = -1;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v >= 0 && (unsigned)v < base ? v : -1;
}

/*
 * Parse the digits at the start of s (decimal, or hex after 0x) into
 * *out; *end points past them. False on no digits or overflow.
 */
static bool parse_digits(const char *s, uint64_t *out, const char **end)
{
	unsigned base = 10;
	uint64_t v = 0;
	const char *p = s;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (digit_value(*p, base) < 0)
		return false;
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	*end = p;
	return true;
}

static bool parse_number(const char *s, uint64_t *out)
{
	const char *end;

	return parse_digits(s, out, &end) && *end == '\0';
}

/* A size in bytes: a number with an optional K, M or G (powers of 2). */
static bool parse_size(const char *s, uint64_t *out)
{
	const char *end;
	unsigned shift = 0;
	uint64_t v;

	if (!parse_digits(s, &v, &end))
		return false;
	if (*end == 'K')
		shift = 10;
	else if (*end == 'M')
		shift = 20;
	else if (*end == 'G')
		shift = 30;
	if (shift)
		end++;
	if (*end != '\0' || v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

/* A duration: a number followed by "ms" or "s". */
static bool parse_duration_ms(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;

	if (!parse_digits(s, &v, &end))
		return false;
	if (strcmp(end, "ms") == 0) {
		*out = v;
		return true;
	}
	if (strcmp(end, "s") == 0 && v <= UINT64_MAX / 1000) {
		*out = v * 1000;
		return true;
	}
	return false;
}

/* ---- one handler per key ---- */

/* A handler's message buffer; handlers return NULL or a message. */
typedef const char *(*key_fn)(struct parser *p, const struct words *w,
			      char *why, size_t whylen);

static const char *key_binary(struct parser *p, const struct words *w,
			      char *why, size_t whylen)
{
	const char *b = w->word[1];

	if (strlen(b) >= MANIFEST_PATH_MAX) {
		snprintf(why, whylen, "binary name is longer than %u bytes",
			 MANIFEST_PATH_MAX - 1);
		return why;
	}
	copy_word(p->cur->binary, sizeof(p->cur->binary), b);
	return NULL;
}

static const char *key_args(struct parser *p, const struct words *w, char *why,
			    size_t whylen)
{
	for (unsigned i = 1; i < w->count; i++) {
		if (strlen(w->word[i]) >= MANIFEST_ARG_MAX) {
			snprintf(why, whylen,
				 "argument %u is longer than %u bytes", i,
				 MANIFEST_ARG_MAX - 1);
			return why;
		}
	}
	for (unsigned i = 1; i < w->count; i++)
		copy_word(p->cur->argv[i - 1], MANIFEST_ARG_MAX, w->word[i]);
	p->cur->argc = w->count - 1;
	return NULL;
}

static const char *key_class(struct parser *p, const struct words *w, char *why,
			     size_t whylen)
{
	static const enum manifest_class classes[] = {
	    MANIFEST_IC2, MANIFEST_IC1, MANIFEST_IC0};

	for (unsigned i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(w->word[1], manifest_class_name(classes[i])) == 0) {
			p->cur->class = classes[i];
			return NULL;
		}
	}
	snprintf(why, whylen,
		 "unknown class '%.40s' (expected ic2, ic1 or ic0)",
		 w->word[1]);
	return why;
}

static const char *key_group(struct parser *p, const struct words *w, char *why,
			     size_t whylen)
{
	if (!valid_name(w->word[1])) {
		snprintf(why, whylen, "'%.40s' is not a valid group name",
			 w->word[1]);
		return why;
	}
	copy_word(p->cur->group, sizeof(p->cur->group), w->word[1]);
	return NULL;
}

/* restart POLICY [limit N] */
static const char *key_restart(struct parser *p, const struct words *w,
			       char *why, size_t whylen)
{
	static const enum manifest_restart policies[] = {
	    MANIFEST_RESTART_ON_FAILURE, MANIFEST_RESTART_ALWAYS,
	    MANIFEST_RESTART_NEVER};
	uint64_t limit = 0;
	unsigned i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strcmp(w->word[1], manifest_restart_name(policies[i])) == 0)
			break;
	if (i == sizeof(policies) / sizeof(policies[0])) {
		snprintf(why, whylen,
			 "unknown restart policy '%.40s' (expected "
			 "on-failure, always or never)",
			 w->word[1]);
		return why;
	}
	if (w->count == 3 || (w->count == 4 && strcmp(w->word[2], "limit"))) {
		return "expected 'restart POLICY' or "
		       "'restart POLICY limit N'";
	}
	if (w->count == 4 && (!parse_number(w->word[3], &limit) || limit == 0 ||
			      limit > UINT32_MAX))
		return "the restart limit must be a number from 1 up";
	p->cur->restart = policies[i];
	p->cur->restart_limit = (uint32_t)limit;
	return NULL;
}

static const char *key_heartbeat(struct parser *p, const struct words *w,
				 char *why, size_t whylen)
{
	uint64_t ms;

	if (!parse_duration_ms(w->word[1], &ms) || ms < MIN_HEARTBEAT ||
	    ms > MAX_HEARTBEAT) {
		snprintf(why, whylen,
			 "heartbeat must be a duration from %ums to %us, "
			 "like 500ms or 2s",
			 MIN_HEARTBEAT, MAX_HEARTBEAT / 1000);
		return why;
	}
	p->cur->heartbeat_ms = (uint32_t)ms;
	return NULL;
}

static const char *key_memory(struct parser *p, const struct words *w,
			      char *why, size_t whylen)
{
	uint64_t bytes;

	if (!parse_size(w->word[1], &bytes) || bytes == 0 ||
	    bytes > UINT64_MAX - PAGE_SIZE)
		return "memory must be a size like 4096, 64K, 16M or 1G";
	p->cur->quota_pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	return NULL;
}

/* Append every word after the key to one of the service's name lists. */
static const char *add_names(struct manifest_names *list, const struct words *w,
			     char *why, size_t whylen)
{
	for (unsigned i = 1; i < w->count; i++) {
		if (!valid_name(w->word[i])) {
			snprintf(why, whylen, "'%.40s' is not a valid name",
				 w->word[i]);
			return why;
		}
	}
	if (list->count + w->count - 1 > MANIFEST_MAX_NAMES) {
		snprintf(why, whylen, "more than %u names in one list",
			 MANIFEST_MAX_NAMES);
		return why;
	}
	for (unsigned i = 1; i < w->count; i++)
		copy_word(list->name[list->count++], MANIFEST_NAME_MAX,
			  w->word[i]);
	return NULL;
}

static const char *key_after(struct parser *p, const struct words *w, char *why,
			     size_t whylen)
{
	return add_names(&p->cur->after, w, why, whylen);
}

static const char *key_register(struct parser *p, const struct words *w,
				char *why, size_t whylen)
{
	return add_names(&p->cur->registers, w, why, whylen);
}

static const char *key_lookup(struct parser *p, const struct words *w,
			      char *why, size_t whylen)
{
	return add_names(&p->cur->lookups, w, why, whylen);
}

static const char *key_control(struct parser *p, const struct words *w,
			       char *why, size_t whylen)
{
	return add_names(&p->cur->controls, w, why, whylen);
}

static const char *add_range(struct manifest_ranges *list, uint64_t base,
			     uint64_t size)
{
	if (list->count == MANIFEST_MAX_RANGES)
		return "too many ranges of this kind";
	list->range[list->count++] = (struct manifest_range){base, size};
	return NULL;
}

/* irq LINE [COUNT] */
static const char *key_irq(struct parser *p, const struct words *w, char *why,
			   size_t whylen)
{
	uint64_t line, count = 1;

	if (!parse_number(w->word[1], &line) ||
	    (w->count == 3 && !parse_number(w->word[2], &count)))
		return "expected 'irq LINE' or 'irq LINE COUNT'";
	if (count == 0 || line >= MAX_IRQ_LINE || count > MAX_IRQ_LINE - line) {
		snprintf(why, whylen,
			 "interrupt lines must lie below %u, with a count of "
			 "at least 1",
			 MAX_IRQ_LINE);
		return why;
	}
	return add_range(&p->cur->irq, line, count);
}

/* mmio BASE SIZE: page-aligned physical memory a driver may map. */
static const char *key_mmio(struct parser *p, const struct words *w, char *why,
			    size_t whylen)
{
	uint64_t base, size;

	if (!parse_number(w->word[1], &base) || !parse_size(w->word[2], &size))
		return "expected 'mmio BASE SIZE', like 'mmio 0x9000000 4K'";
	if (size == 0 || base % PAGE_SIZE || size % PAGE_SIZE ||
	    base > UINT64_MAX - size)
		return "an mmio range must be page aligned, non-empty and "
		       "must not wrap around";
	return add_range(&p->cur->mmio, base, size);
}

/* ioport BASE COUNT (x86_64 only; refused at start elsewhere). */
static const char *key_ioport(struct parser *p, const struct words *w,
			      char *why, size_t whylen)
{
	uint64_t base, count;

	if (!parse_number(w->word[1], &base) ||
	    !parse_number(w->word[2], &count))
		return "expected 'ioport BASE COUNT', like 'ioport 0x3f8 8'";
	if (count == 0 || base >= MAX_IOPORT || count > MAX_IOPORT - base)
		return "an I/O port range must be non-empty and lie below "
		       "0x10000";
	return add_range(&p->cur->ioport, base, count);
}

/* system POWER...: the system calls it may make (enum slate_system_power). */
static const char *key_system(struct parser *p, const struct words *w,
			      char *why, size_t whylen)
{
	static const char *const powers[SLATE_POWER_COUNT] = {
	    [SLATE_POWER_LOG] = "log",
	    [SLATE_POWER_PROCESSES] = "processes",
	    [SLATE_POWER_OFF] = "poweroff",
	};
	uint32_t set = 0;

	for (unsigned i = 1; i < w->count; i++) {
		unsigned k = 0;

		while (k < SLATE_POWER_COUNT && strcmp(w->word[i], powers[k]))
			k++;
		if (k == SLATE_POWER_COUNT) {
			snprintf(why, whylen,
				 "unknown power '%.40s' (expected log, "
				 "processes or poweroff)",
				 w->word[i]);
			return why;
		}
		set |= 1u << k;
	}
	p->cur->powers |= set;
	return NULL;
}

/*
 * The keys a service block may hold. once: may appear at most once per
 * service (the bit in parser.seen is the key's index); the word counts
 * include the key itself.
 */
static const struct key {
	const char *name;
	unsigned min_words, max_words;
	bool once;
	key_fn fn;
} keys[] = {
    {"binary", 2, 2, true, key_binary},
    {"args", 1, MANIFEST_MAX_ARGS + 1, true, key_args},
    {"class", 2, 2, true, key_class},
    {"group", 2, 2, true, key_group},
    {"restart", 2, 4, true, key_restart},
    {"heartbeat", 2, 2, true, key_heartbeat},
    {"memory", 2, 2, true, key_memory},
    {"after", 2, MANIFEST_MAX_NAMES + 1, false, key_after},
    {"register", 2, MANIFEST_MAX_NAMES + 1, false, key_register},
    {"lookup", 2, MANIFEST_MAX_NAMES + 1, false, key_lookup},
    {"control", 2, MANIFEST_MAX_NAMES + 1, false, key_control},
    {"irq", 2, 3, false, key_irq},
    {"mmio", 3, 3, false, key_mmio},
    {"ioport", 3, 3, false, key_ioport},
    {"system", 2, SLATE_POWER_COUNT + 1, false, key_system},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* ---- lines ---- */

static void start_service(struct parser *p, const struct words *w)
{
	struct manifest *m = p->m;
	const struct manifest_service *old;

	p->cur = NULL;
	if (w->count != 2 || !valid_name(w->word[1])) {
		add_error(m, p->line,
			  "expected 'service NAME' with a name of lower-case "
			  "letters, digits, '_', '-' or '.'");
		return;
	}
	old = manifest_find(m, w->word[1]);
	if (old) {
		add_error(m, p->line,
			  "service '%s' is already defined on line %u",
			  w->word[1], old->line);
		return;
	}
	if (m->count == MANIFEST_MAX_SERVICES) {
		add_error(m, p->line, "more than %u services",
			  MANIFEST_MAX_SERVICES);
		return;
	}
	p->cur = &m->service[m->count++];
	memset(p->cur, 0, sizeof(*p->cur));
	copy_word(p->cur->name, sizeof(p->cur->name), w->word[1]);
	p->cur->line = p->line;
	p->seen = 0;
}

static void service_property(struct parser *p, const struct words *w)
{
	char why[MANIFEST_ERROR_MAX];
	const char *err;
	unsigned k;

	for (k = 0; k < NKEYS && strcmp(w->word[0], keys[k].name); k++)
		;
	if (k == NKEYS) {
		add_error(p->m, p->line,
			  "unknown key '%.40s' (expected binary, args, class, "
			  "group, restart, heartbeat, memory, after, register, "
			  "lookup, control, irq, mmio, ioport or system)",
			  w->word[0]);
		return;
	}
	if (w->count < keys[k].min_words || w->count > keys[k].max_words) {
		add_error(p->m, p->line, "'%s' takes %u to %u values, not %u",
			  keys[k].name, keys[k].min_words - 1,
			  keys[k].max_words - 1, w->count - 1);
		return;
	}
	if (keys[k].once && (p->seen & (1u << k))) {
		add_error(p->m, p->line, "'%s' is given twice", keys[k].name);
		return;
	}
	err = keys[k].fn(p, w, why, sizeof(why));
	if (err)
		add_error(p->m, p->line, "%s: %s", keys[k].name, err);
	else
		p->seen |= 1u << k;
}

static void parse_line(struct parser *p, const char *s, size_t len)
{
	struct words w;
	const char *err;

	if (len > MANIFEST_LINE_MAX) {
		add_error(p->m, p->line, "line is longer than %u bytes",
			  MANIFEST_LINE_MAX);
		return;
	}
	if (find_byte(s, len, '\0') < len) {
		add_error(p->m, p->line, "line holds a NUL byte");
		return;
	}
	err = split_words(s, len, &w);
	if (err) {
		add_error(p->m, p->line, "%s", err);
		return;
	}
	if (w.count == 0)
		return;
	if (!is_space(s[0])) {
		if (strcmp(w.word[0], "service") == 0)
			start_service(p, &w);
		else
			add_error(p->m, p->line,
				  "expected 'service NAME' at the start of a "
				  "line, not '%.40s' (properties are indented)",
				  w.word[0]);
		return;
	}
	if (p->cur)
		service_property(p, &w);
	else if (p->m->count == 0)
		add_error(p->m, p->line,
			  "an indented property before any 'service' line");
	/* else: the block's 'service' line was bad and already reported. */
}

/* ---- checks across services ---- */

static bool names_contain(const struct manifest_names *l, const char *name)
{
	for (unsigned i = 0; i < l->count; i++)
		if (strcmp(l->name[i], name) == 0)
			return true;
	return false;
}

/* The service that registers name, or -1. */
static int registrar_of(const struct manifest *m, const char *name)
{
	for (unsigned i = 0; i < m->count; i++)
		if (names_contain(&m->service[i].registers, name))
			return (int)i;
	return -1;
}

static void check_service(struct manifest *m, unsigned i)
{
	const struct manifest_service *s = &m->service[i];

	if (s->binary[0] == '\0')
		add_error(m, s->line, "service '%s' has no binary", s->name);
	for (unsigned j = 0; j < s->after.count; j++) {
		const char *dep = s->after.name[j];

		if (strcmp(dep, s->name) == 0)
			add_error(m, s->line, "service '%s' is after itself",
				  s->name);
		else if (!manifest_find(m, dep))
			add_error(m, s->line,
				  "service '%s': after '%s', which is not "
				  "defined",
				  s->name, dep);
	}
	for (unsigned j = 0; j < s->controls.count; j++)
		if (!manifest_find(m, s->controls.name[j]))
			add_error(m, s->line,
				  "service '%s': control '%s', which is not "
				  "defined",
				  s->name, s->controls.name[j]);
	for (unsigned j = 0; j < s->lookups.count; j++)
		if (registrar_of(m, s->lookups.name[j]) < 0)
			add_error(m, s->line,
				  "service '%s': lookup '%s', which no "
				  "service registers",
				  s->name, s->lookups.name[j]);
	for (unsigned j = 0; j < s->registers.count; j++) {
		int r = registrar_of(m, s->registers.name[j]);

		if (r >= 0 && (unsigned)r != i)
			add_error(m, s->line,
				  "service '%s': '%s' is already registered "
				  "by '%s'",
				  s->name, s->registers.name[j],
				  m->service[r].name);
	}
}

/* Coalesced services share an address space, so they share a class. */
static void check_groups(struct manifest *m)
{
	for (unsigned i = 0; i < m->count; i++) {
		const struct manifest_service *s = &m->service[i];

		for (unsigned j = 0; s->group[0] && j < i; j++) {
			const struct manifest_service *t = &m->service[j];

			if (strcmp(s->group, t->group) || s->class == t->class)
				continue;
			add_error(m, s->line,
				  "service '%s' is %s but '%s' in its group "
				  "'%s' is %s",
				  s->name, manifest_class_name(s->class),
				  t->name, s->group,
				  manifest_class_name(t->class));
			break;
		}
	}
}

/* True if service i must start after service j. */
static bool depends_on(const struct manifest *m, unsigned i, unsigned j)
{
	const struct manifest_service *s = &m->service[i];

	if (i == j)
		return false;
	if (names_contain(&s->after, m->service[j].name))
		return true;
	for (unsigned k = 0; k < s->lookups.count; k++)
		if (names_contain(&m->service[j].registers, s->lookups.name[k]))
			return true;
	return false;
}

/*
 * Report one cycle among the services not yet ordered. Each of them
 * waits for another unplaced one (or it would have been ready), so a
 * walk along those waits must come back to a service it has seen.
 */
static void report_cycle(struct manifest *m, const bool *placed)
{
	int step[MANIFEST_MAX_SERVICES];
	char text[MANIFEST_ERROR_MAX];
	unsigned at = 0, first;
	size_t used = 0;

	for (unsigned i = 0; i < MANIFEST_MAX_SERVICES; i++)
		step[i] = -1;
	while (placed[at])
		at++;
	while (step[at] < 0) {
		unsigned next = 0;

		while (next < m->count &&
		       (placed[next] || !depends_on(m, at, next)))
			next++;
		if (next == m->count)
			return; /* cannot happen: at would have been ready */
		step[at] = (int)next;
		at = next;
	}
	first = at;
	do {
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s -> ", m->service[at].name);
		at = (unsigned)step[at];
	} while (at != first && used < sizeof(text));
	if (used < sizeof(text))
		snprintf(text + used, sizeof(text) - used, "%s",
			 m->service[first].name);
	add_error(m, 0, "dependency cycle: %s", text);
}

/*
 * Order the services so that each starts after everything it depends
 * on; among those ready at once, file order wins, so the order is
 * stable and predictable.
 */
static void order_services(struct manifest *m)
{
	bool placed[MANIFEST_MAX_SERVICES] = {false};
	unsigned n = 0;

	while (n < m->count) {
		unsigned i;

		for (i = 0; i < m->count; i++) {
			bool ready = !placed[i];

			for (unsigned j = 0; ready && j < m->count; j++)
				if (!placed[j] && depends_on(m, i, j))
					ready = false;
			if (ready)
				break;
		}
		if (i == m->count) {
			report_cycle(m, placed);
			return;
		}
		placed[i] = true;
		m->order[n++] = i;
	}
}

static void check_manifest(struct manifest *m)
{
	unsigned before = m->nerrors;

	if (m->count == 0) {
		add_error(m, 0, "the manifest defines no service");
		return;
	}
	for (unsigned i = 0; i < m->count; i++)
		check_service(m, i);
	check_groups(m);
	/* Ordering only means something once every reference resolves. */
	if (m->nerrors == before)
		order_services(m);
}

/* ---- the interface ---- */

bool manifest_parse(struct manifest *m, const char *text, size_t len)
{
	struct parser p = {.m = m};
	size_t start = 0;

	memset(m, 0, sizeof(*m));
	while (start < len) {
		size_t end = start + find_byte(text + start, len - start, '\n');
		size_t line_len = end - start;

		p.line++;
		if (line_len && text[end - 1] == '\r')
			line_len--;
		parse_line(&p, text + start, line_len);
		start = end + 1;
	}
	check_manifest(m);
	return m->nerrors == 0;
}

const struct manifest_service *manifest_find(const struct manifest *m,
					     const char *name)
{
	for (unsigned i = 0; i < m->count; i++)
		if (strcmp(m->service[i].name, name) == 0)
			return &m->service[i];
	return NULL;
}

const char *manifest_class_name(enum manifest_class c)
{
	switch (c) {
	case MANIFEST_IC2:
		return "ic2";
	case MANIFEST_IC1:
		return "ic1";
	case MANIFEST_IC0:
		return "ic0";
	}
	return "?";
}

const char *manifest_restart_name(enum manifest_restart r)
{
	switch (r) {
	case MANIFEST_RESTART_ON_FAILURE:
		return "on-failure";
	case MANIFEST_RESTART_ALWAYS:
		return "always";
	case MANIFEST_RESTART_NEVER:
		return "never";
	}
	return "?";
}
