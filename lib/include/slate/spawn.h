/* SPDX-License-Identifier: MIT */
/*
 * Starting a program in a new process: the user-space loader. It parses
 * a static native ELF executable, maps its segments into a new process
 * with their permissions, builds the stack and start information
 * (include/slate/start.h) the way the kernel does for init, hands over
 * the child's handles and starts its first thread.
 *
 * The child always gets SLATE_START_SELF_PROCESS and
 * SLATE_START_SELF_THREAD (all rights) first, then the caller's handles
 * in the order given. The loader is meant for init, the process manager
 * and tests alike; it keeps no state but the boot archive mapping.
 */
#ifndef SLATE_SPAWN_H
#define SLATE_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#include <slate/start.h>
#include <slate/types.h>

/* A handle to move into the child, and what it is to the child. */
struct slate_spawn_handle {
	slate_handle_t handle; /* in the caller; needs SLATE_RIGHT_TRANSFER */
	uint32_t kind;         /* enum slate_start_handle, usually >= USER */
};

/* Caller handles a child may get: the rest of the start block is its own. */
#define SLATE_SPAWN_MAX_HANDLES (SLATE_START_MAX_HANDLES - 2)
/* Bytes of argv strings and pointers the start block may carry. */
#define SLATE_SPAWN_ARGS_MAX    (16 * 1024)
/* The child's stack, below the start block and above a guard gap. */
#define SLATE_SPAWN_STACK_SIZE  (256 * 1024)

/*
 * Start the program called name in the boot archive (the
 * SLATE_START_BOOTFS VMO this process was given), as a new process with
 * a quota of quota_pages pages. argv is a NULL-terminated array (NULL
 * means just { name }); argv[0] is by convention the program's name.
 *
 * On success returns 0, stores the child's process handle (all rights)
 * in *process_out, and the handles have moved into the child. Errors:
 *	SLATE_ERR_NOT_FOUND	no such program, or no boot archive
 *	SLATE_ERR_INVALID	not a native executable (static, or a PIE
 *				with only RELATIVE relocations), or a
 *				bad argument (name, nhandles, a handle
 *				without TRANSFER)
 *	SLATE_ERR_TOO_BIG	argv longer than SLATE_SPAWN_ARGS_MAX
 *	SLATE_ERR_QUOTA,
 *	SLATE_ERR_NO_MEMORY	the caller or the child ran out
 * or what a system call returned. On failure the half-built child is
 * killed and every object the loader made is released; the caller's
 * handles stay with the caller.
 */
slate_status_t slate_spawn(const char *name, const char *const *argv,
			   const struct slate_spawn_handle *handles,
			   unsigned nhandles, uint64_t quota_pages,
			   slate_handle_t *process_out);

/*
 * The same for an executable already in this process's memory (size
 * bytes at image, which must not change meanwhile): how a process
 * manager starts programs read from a file system. name names the
 * process (up to 31 bytes are kept).
 */
slate_status_t slate_spawn_image(const char *name, const void *image,
				 size_t size, const char *const *argv,
				 const struct slate_spawn_handle *handles,
				 unsigned nhandles, uint64_t quota_pages,
				 slate_handle_t *process_out);

/*
 * More for the loader: an environment and a reason for refusals.
 * envp is a NULL-terminated array of "NAME=value" strings (NULL: none);
 * it shares SLATE_SPAWN_ARGS_MAX with argv. If why is set, a refused
 * image (SLATE_ERR_INVALID, _TOO_BIG, _NOT_FOUND) leaves a sentence
 * there saying what is wrong with it, such as "cannot relocate: needs
 * relocations other than RELATIVE ...".
 */
struct slate_spawn_opts {
	const char *const *envp;
	char *why;
	size_t why_size;
};

/*
 * Both loaders also take position-independent executables linked
 * without an interpreter (static PIE): they are loaded at a base of the
 * loader's choosing and their R_X86_64_RELATIVE / R_AARCH64_RELATIVE
 * relocations applied; a PIE that needs any other relocation (shared
 * libraries, symbols, PLT) is refused with SLATE_ERR_INVALID.
 */
slate_status_t slate_spawn_opts(const char *name, const char *const *argv,
				const struct slate_spawn_handle *handles,
				unsigned nhandles, uint64_t quota_pages,
				const struct slate_spawn_opts *opts,
				slate_handle_t *process_out);
slate_status_t slate_spawn_image_opts(const char *name, const void *image,
				      size_t size, const char *const *argv,
				      const struct slate_spawn_handle *handles,
				      unsigned nhandles, uint64_t quota_pages,
				      const struct slate_spawn_opts *opts,
				      slate_handle_t *process_out);

/*
 * Find a file in the boot archive, mapping the archive read-only on
 * first use (the mapping stays for the life of the process). Returns 0
 * and the file's bytes, SLATE_ERR_NOT_FOUND, or the mapping's error.
 */
slate_status_t slate_bootfs_find(const char *name, const void **data,
				 size_t *size);

#endif
