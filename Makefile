# SPDX-License-Identifier: MIT
#
# Slate's one build. `make` builds the kernel for $(ARCH) (x86_64 by
# default, or aarch64) in the $(FLAVOUR) flavour (debug or release); the
# other targets are listed by `make help`.

ARCH	?= x86_64
FLAVOUR ?= debug
V	?= 0

ifeq ($(filter $(ARCH),x86_64 aarch64),)
$(error ARCH must be x86_64 or aarch64, not '$(ARCH)')
endif
ifeq ($(filter $(FLAVOUR),debug release),)
$(error FLAVOUR must be debug or release, not '$(FLAVOUR)')
endif

ifeq ($(V),0)
Q := @
echo_cmd = @printf '  %-7s %s\n' $(1) $(2);
else
Q :=
echo_cmd :=
endif

BUILD	:= build/$(ARCH)-$(FLAVOUR)
CC	:= clang
LD	:= ld.lld
NM	:= llvm-nm
OBJCOPY := llvm-objcopy

# Flags every kernel file gets; the arch fragment adds its own.
KCFLAGS := -std=c17 -ffreestanding -nostdlibinc -fno-builtin-printf \
	-fno-pic -fno-pie -fno-common -fno-strict-aliasing \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -g -fstack-protector-strong \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Ikernel/include -Ikernel/arch/$(ARCH)/include -Iinclude \
	-MMD -MP
ifeq ($(FLAVOUR),debug)
KCFLAGS += -O1 -DSLATE_DEBUG=1
else
KCFLAGS += -O2 -flto=full
endif
KASFLAGS := -D__ASSEMBLY__
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-dynamic-linker --build-id=none

KERNEL_ELF  := $(BUILD)/slate.elf
include kernel/arch/$(ARCH)/arch.mk

KERNEL_SRCS := $(wildcard kernel/*.c kernel/tests/*.c) $(ARCH_SRCS)
KERNEL_OBJS := $(patsubst %,$(BUILD)/%.o,$(KERNEL_SRCS))

.PHONY: all kernel user both deps run debug test host-test bench clean help \
	format format-check
all: kernel user

kernel: $(KERNEL_IMAGE)

both:
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 kernel user
	$(Q)$(MAKE) --no-print-directory ARCH=aarch64 kernel user

$(BUILD)/%.c.o: %.c
	$(call echo_cmd,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) $(ARCH_CFLAGS) -c $< -o $@

$(BUILD)/%.S.o: %.S
	$(call echo_cmd,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KCFLAGS) $(ARCH_CFLAGS) $(KASFLAGS) -c $< -o $@

# Two link passes: the first finds where every function lands, the
# second adds that symbol table. The table sits after all code, so the
# code does not move between passes; ksymgen checks that it did not.
$(BUILD)/ksyms0.S:
	$(Q)mkdir -p $(dir $@)
	$(Q)tools/ksymgen /dev/null > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(Q)$(CC) $(KCFLAGS) $(ARCH_CFLAGS) $(KASFLAGS) -c $< -o $@

$(BUILD)/slate.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms0.o $(ARCH_LDSCRIPT)
	$(call echo_cmd,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -T $(ARCH_LDSCRIPT) -o $@ $(KERNEL_OBJS) \
		$(BUILD)/ksyms0.o

$(BUILD)/ksyms.S: $(BUILD)/slate.pass1.elf tools/ksymgen
	$(Q)$(NM) -n --defined-only $< | tools/ksymgen - > $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(BUILD)/ksyms.o $(ARCH_LDSCRIPT)
	$(call echo_cmd,LD,$@)
	$(Q)$(LD) $(KLDFLAGS) -T $(ARCH_LDSCRIPT) -o $@ $(KERNEL_OBJS) \
		$(BUILD)/ksyms.o
	$(Q)tools/ksymgen --check $(BUILD)/slate.pass1.elf $@

-include $(KERNEL_OBJS:.o=.d)

# ---- user space --------------------------------------------------------
#
# The native runtime lib/ (libslate.a), the programs built on it, and
# the boot archive that carries them to the kernel; docs/userspace.md
# explains the pieces. Everything lands in $(BUILD)/user/ except the
# archive, $(BUILD)/bootfs.img, which tools/guest hands QEMU as initrd.

UBUILD	:= $(BUILD)/user
AR	:= llvm-ar

# Freestanding and static like the kernel, but FP/SIMD is allowed, the
# stack protector is on (lib/start.c seeds the canary) and the default
# code model fits programs linked at 0x400000.
UCFLAGS := --target=$(ARCH)-unknown-none-elf -std=c17 -ffreestanding \
	-nostdlibinc -fno-pic -fno-pie -fno-common -fno-strict-aliasing \
	-fstack-protector-strong -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -g \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Ilib/include -Iinclude -MMD -MP
ifeq ($(ARCH),x86_64)
UCFLAGS += -march=x86-64
endif
ifeq ($(FLAVOUR),debug)
UCFLAGS += -O1 -DSLATE_DEBUG=1
else
UCFLAGS += -O2
endif
ULDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-dynamic-linker --build-id=none -T lib/user.ld

# Kernel files user space compiles unchanged rather than duplicating:
# the formatter, the string functions and the boot archive reader.
LIB_SHARED := kernel/fmt.c kernel/string.c kernel/bootfs.c kernel/elf.c
LIB_CRT0 := $(UBUILD)/obj/lib/arch/$(ARCH)/crt0.S.o
LIB_SRCS := $(wildcard lib/*.c) \
	$(filter-out %/crt0.S,$(wildcard lib/arch/$(ARCH)/*.S)) $(LIB_SHARED)
LIB_OBJS := $(patsubst %,$(UBUILD)/obj/%.o,$(LIB_SRCS))
LIBSLATE := $(UBUILD)/libslate.a

# The programs, and the sources of each. A new program gets a line in
# each list (docs/userspace.md, "Adding a program").
USER_PROGS := init names mm console dsh sltest sltest-child svctest slbench \
	sysfuzz
init_SRCS := $(wildcard servers/init/*.c)
names_SRCS := $(wildcard servers/names/*.c)
mm_SRCS := $(wildcard servers/mm/*.c)
console_SRCS := $(wildcard drivers/console/*.c)
dsh_SRCS := $(wildcard servers/dsh/*.c)
# sltest also tests the name service's handlers in its own process.
sltest_SRCS := $(wildcard tests/system/*.c) servers/names/names.c
svctest_SRCS := $(wildcard tests/system/svctest/*.c)
sltest-child_SRCS := $(wildcard tests/system/child/*.c)
slbench_SRCS := $(wildcard bench/slbench/*.c)
sysfuzz_SRCS := $(wildcard tests/sysfuzz/*.c)

# Only what uses kernel/fmt.h or kernel/bootfs.h sees kernel/include.
$(UBUILD)/obj/kernel/%: UEXTRA := -Ikernel/include
$(UBUILD)/obj/lib/%: UEXTRA := -Ikernel/include
$(UBUILD)/obj/servers/init/%: UEXTRA := -Ikernel/include
$(UBUILD)/obj/tests/system/test_spawn.c.o: UEXTRA := -Ikernel/include
$(UBUILD)/pie/obj/kernel/%: UEXTRA := -Ikernel/include
$(UBUILD)/pie/obj/lib/%: UEXTRA := -Ikernel/include

# Position-independent programs (static PIE, lib/user-pie.ld): the
# loader places them and applies their RELATIVE relocations. They link
# against a second copy of the runtime compiled -fPIE.
PIE_PROGS := sltest-pie
sltest-pie_SRCS := $(sltest-child_SRCS)
UPIE := $(UBUILD)/pie
PIE_CFLAGS := $(filter-out -fno-pic -fno-pie,$(UCFLAGS)) -fPIE
PIE_LDFLAGS := -nostdlib -static -pie --no-dynamic-linker \
	-z max-page-size=4096 -z noexecstack -z text --build-id=none \
	-T lib/user-pie.ld
LIBSLATE_PIE := $(UPIE)/libslate.a
PIE_CRT0 := $(UPIE)/obj/lib/arch/$(ARCH)/crt0.S.o

user: $(LIBSLATE) $(addprefix $(UBUILD)/,$(USER_PROGS) $(PIE_PROGS)) \
	$(BUILD)/bootfs.img

$(UBUILD)/obj/%.c.o: %.c
	$(call echo_cmd,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) $(UEXTRA) -c $< -o $@

$(UBUILD)/obj/%.S.o: %.S
	$(call echo_cmd,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(UPIE)/obj/%.c.o: %.c
	$(call echo_cmd,CC-PIE,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(PIE_CFLAGS) $(UEXTRA) -c $< -o $@

$(UPIE)/obj/%.S.o: %.S
	$(call echo_cmd,AS-PIE,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(PIE_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(LIBSLATE): $(LIB_OBJS)
	$(call echo_cmd,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(LIBSLATE_PIE): $(patsubst %,$(UPIE)/obj/%.o,$(LIB_SRCS))
	$(call echo_cmd,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# One link rule per program: crt0 first, the program, then the library.
define user_program
$(UBUILD)/$(1): $(LIB_CRT0) $(patsubst %,$(UBUILD)/obj/%.o,$($(1)_SRCS)) \
		$(LIBSLATE) lib/user.ld
	$$(call echo_cmd,LD,$$@)
	$(Q)$(LD) $(ULDFLAGS) -o $$@ $(LIB_CRT0) \
		$(patsubst %,$(UBUILD)/obj/%.o,$($(1)_SRCS)) $(LIBSLATE)
endef
$(foreach p,$(USER_PROGS),$(eval $(call user_program,$(p))))

define pie_program
$(UBUILD)/$(1): $(PIE_CRT0) $(patsubst %,$(UPIE)/obj/%.o,$($(1)_SRCS)) \
		$(LIBSLATE_PIE) lib/user-pie.ld
	$$(call echo_cmd,LD-PIE,$$@)
	$(Q)$(LD) $(PIE_LDFLAGS) -o $$@ $(PIE_CRT0) \
		$(patsubst %,$(UPIE)/obj/%.o,$($(1)_SRCS)) $(LIBSLATE_PIE)
endef
$(foreach p,$(PIE_PROGS),$(eval $(call pie_program,$(p))))

# The archive holds copies without debug information; gdb reads the
# unstripped programs beside them.
$(UBUILD)/stripped/%: $(UBUILD)/%
	$(Q)mkdir -p $(dir $@)
	$(Q)$(OBJCOPY) --strip-debug $< $@

# Besides the programs, the archive carries the system manifest init
# reads (docs/manifest.md; one per architecture, since the console's
# UART differs) and the manifests of init's own tests, which
# tools/test-all selects with init=init,manifest=NAME.
BOOTFS_FILES := system.manifest=servers/init/system.$(ARCH).manifest \
	test.manifest=tests/system/svctest/test.manifest \
	broken.manifest=tests/system/svctest/broken.manifest \
	heal.manifest=tests/system/svctest/heal.manifest

$(BUILD)/bootfs.img: $(addprefix $(UBUILD)/stripped/,$(USER_PROGS) $(PIE_PROGS)) \
		$(foreach f,$(BOOTFS_FILES),$(lastword $(subst =, ,$(f)))) \
		tools/mkbootfs
	$(call echo_cmd,BOOTFS,$@)
	$(Q)tools/mkbootfs -o $@ \
		$(foreach p,$(USER_PROGS) $(PIE_PROGS),$(p)=$(UBUILD)/stripped/$(p)) \
		$(BOOTFS_FILES)

-include $(LIB_OBJS:.o=.d) $(LIB_CRT0:.o=.d) \
	$(patsubst %,$(UPIE)/obj/%.d,$(LIB_SRCS) $(sltest-pie_SRCS)) \
	$(foreach p,$(USER_PROGS),$(patsubst %,$(UBUILD)/obj/%.d,$($(p)_SRCS)))

# ---- commands for people and CI ---------------------------------------

deps:
	@tools/deps

run: deps kernel user
	tools/guest --arch $(ARCH) --interactive $(if $(CMDLINE),--append "$(CMDLINE)")

debug: deps kernel user
	tools/guest --arch $(ARCH) --interactive --gdb $(if $(CMDLINE),--append "$(CMDLINE)")

test: deps
	@tools/test-all

host-test:
	@$(MAKE) --no-print-directory -f tests/host/host.mk

bench: deps
	@$(MAKE) --no-print-directory both FLAVOUR=release
	@tools/bench

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build

help:
	@echo "make [ARCH=x86_64|aarch64] [FLAVOUR=debug|release]  build the kernel"
	@echo "                 (and user space: lib, init, sltest, bootfs.img)"
	@echo "make both        build both architectures"
	@echo "make run         boot in QEMU on the serial console (CMDLINE=...)"
	@echo "make debug       boot halted, waiting for gdb (see docs/debugging.md)"
	@echo "make test        every test: host, both arches, 1 and 4 CPUs"
	@echo "make host-test   host unit tests with ASan and UBSan"
	@echo "make bench       benchmarks under QEMU -icount"
	@echo "make deps        install missing Debian packages"
	@echo "make format      run clang-format over the tree"
