# SPDX-License-Identifier: MIT
#
# Host unit tests: pure kernel logic compiled for this machine with
# AddressSanitizer and UndefinedBehaviorSanitizer, one program per test
# file, each printing "PASS name" / "FAIL name: why" lines.
# Run through `make host-test`; `make -f tests/host/host.mk fuzz` runs
# the libFuzzer harnesses for FUZZ_SECONDS each.

HOST_BUILD := build/host
HOST_CC := clang
HOST_CFLAGS := -std=c17 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Ikernel/include -Iinclude -Itests/host
FUZZ_SECONDS ?= 10

# Which kernel sources each test links against.
test_buddy_SRCS := kernel/buddy.c
test_fmt_SRCS := kernel/fmt.c
test_cmdline_SRCS := kernel/cmdline.c
test_fdt_SRCS := kernel/fdt.c
test_elf_SRCS := kernel/elf.c
test_bootfs_SRCS := kernel/bootfs.c kernel/fmt.c kernel/elf.c
test_manifest_SRCS := servers/init/manifest.c
test_ldisc_SRCS := drivers/console/ldisc.c
fuzz_fdt_SRCS := kernel/fdt.c
fuzz_cmdline_SRCS := kernel/cmdline.c
fuzz_elf_SRCS := kernel/elf.c
fuzz_bootfs_SRCS := kernel/bootfs.c kernel/fmt.c
fuzz_manifest_SRCS := servers/init/manifest.c
fuzz_ldisc_SRCS := drivers/console/ldisc.c

TESTS := $(basename $(notdir $(wildcard tests/host/test_*.c)))
FUZZERS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: run fuzz
run: $(addprefix $(HOST_BUILD)/,$(TESTS))
	@for t in $^; do \
		ASAN_OPTIONS=detect_leaks=1 $$t || echo "FAIL $$(basename $$t): exited with status $$?"; \
	done

.SECONDEXPANSION:
$(HOST_BUILD)/test_%: tests/host/test_%.c $$(test_$$*_SRCS) tests/host/check.h
	@mkdir -p $(dir $@)
	@$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(test_$*_SRCS)

$(HOST_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(fuzz_$$*_SRCS)
	@mkdir -p $(dir $@)
	@$(HOST_CC) $(HOST_CFLAGS) -fsanitize=fuzzer -o $@ $< $(fuzz_$*_SRCS)

fuzz: $(addprefix $(HOST_BUILD)/,$(FUZZERS))
	@for f in $^; do \
		mkdir -p $(HOST_BUILD)/corpus-$$(basename $$f); \
		if $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
			$(HOST_BUILD)/corpus-$$(basename $$f) tests/data \
			>$(HOST_BUILD)/$$(basename $$f).log 2>&1; then \
			echo "PASS $$(basename $$f) ($(FUZZ_SECONDS) s)"; \
		else \
			echo "FAIL $$(basename $$f): see $(HOST_BUILD)/$$(basename $$f).log"; \
		fi; \
	done
