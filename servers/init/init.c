/* SPDX-License-Identifier: MIT */
/*
 * init, the first process. It reads the system manifest from the boot
 * archive (system.manifest, or the entry named by a "manifest=NAME"
 * argument), falls back to a built-in rescue manifest if that is
 * missing or wrong, starts the services it names (services.c) and
 * watches them (watch.c). It exits once every service has ended; the
 * kernel then powers off if it was asked to ("poweroff").
 */
#include <stdio.h>
#include <string.h>

#include <slate/names.h>
#include <slate/spawn.h>

#include "init.h"

#define INIT_MANIFEST_DEFAULT "system.manifest"

/*
 * What runs when the manifest cannot be used: the name service alone,
 * so the system is up, says what went wrong, and has something to build
 * on. Kept tiny so that it cannot itself be wrong.
 */
static const char rescue_manifest[] = "service names\n"
				      "\tbinary names\n"
				      "\tmemory 1M\n";

/* Too big for a stack; one of each is all init ever needs. */
static struct manifest manifest;
static struct init_system sys;

static const char *manifest_name(int argc, char **argv)
{
	static const char key[] = "manifest=";

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, sizeof(key) - 1))
			return argv[i] + sizeof(key) - 1;
	return INIT_MANIFEST_DEFAULT;
}

static void print_errors(const struct manifest *m)
{
	for (unsigned i = 0; i < m->nerrors; i++)
		printf("init: manifest:%u: %s\n", m->error[i].line,
		       m->error[i].message);
	if (m->errors_dropped)
		printf("init: manifest: more errors not shown\n");
}

/*
 * What the parser cannot know: every IPC name must fit the name
 * service's SLATE_NAMES_MAX bytes. Reported like the parser's errors.
 */
static bool names_fit(const struct manifest *m)
{
	bool ok = true;

	for (unsigned i = 0; i < m->count; i++) {
		const struct manifest_service *v = &m->service[i];
		const struct manifest_names *lists[] = {
		    &v->registers, &v->lookups, &v->controls};

		for (unsigned l = 0; l < 3; l++)
			for (unsigned j = 0; j < lists[l]->count; j++) {
				const char *n = lists[l]->name[j];

				if (strlen(n) <= SLATE_NAMES_MAX)
					continue;
				printf("init: manifest:%u: service %s: name "
				       "'%s' is longer than the name "
				       "service's %u bytes\n",
				       v->line, v->name, n, SLATE_NAMES_MAX);
				ok = false;
			}
	}
	return ok;
}

/* Read and check the named manifest; false (having said why) if unusable. */
static bool load_manifest(struct manifest *m, const char *name)
{
	const void *text;
	size_t len;
	slate_status_t st = slate_bootfs_find(name, &text, &len);

	if (st != SLATE_OK) {
		printf("init: no manifest '%s' in the boot archive: %lld\n",
		       name, (long long)st);
		return false;
	}
	if (!manifest_parse(m, text, len)) {
		print_errors(m);
		return false;
	}
	return names_fit(m);
}

static void load_rescue(struct manifest *m, const char *name)
{
	printf("init: ************************************************\n");
	printf("init: RESCUE: manifest '%s' is unusable (see above);\n", name);
	printf("init: RESCUE: starting the built-in rescue manifest\n");
	printf("init: ************************************************\n");
	if (!manifest_parse(m, rescue_manifest, sizeof(rescue_manifest) - 1)) {
		print_errors(m); /* a bug in init: say so, start nothing */
		m->count = 0;
	}
}

int main(int argc, char **argv)
{
	const char *name = manifest_name(argc, argv);

	printf("init: started; manifest '%s'\n", name);
	if (!load_manifest(&manifest, name))
		load_rescue(&manifest, name);
	init_start_services(&sys, &manifest);
	init_watch_services(&sys);
	printf("init: no service left running; exiting\n");
	return 0;
}
