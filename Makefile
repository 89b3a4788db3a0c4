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
	-fno-asynchronous-unwind-tables -g \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Ikernel/include -Ikernel/arch/$(ARCH)/include -Iinclude \
	-MMD -MP
ifeq ($(FLAVOUR),debug)
KCFLAGS += -O1 -DSLATE_DEBUG=1
else
KCFLAGS += -O2
endif
KASFLAGS := -D__ASSEMBLY__
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-dynamic-linker --build-id=none

KERNEL_ELF  := $(BUILD)/slate.elf
include kernel/arch/$(ARCH)/arch.mk

KERNEL_SRCS := $(wildcard kernel/*.c kernel/tests/*.c) $(ARCH_SRCS)
KERNEL_OBJS := $(patsubst %,$(BUILD)/%.o,$(KERNEL_SRCS))

.PHONY: all kernel both deps run debug test host-test bench clean help \
	format format-check
all: kernel

kernel: $(KERNEL_IMAGE)

both:
	$(Q)$(MAKE) --no-print-directory ARCH=x86_64 kernel
	$(Q)$(MAKE) --no-print-directory ARCH=aarch64 kernel

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

# ---- commands for people and CI ---------------------------------------

deps:
	@tools/deps

run: deps kernel
	tools/guest --arch $(ARCH) --interactive $(if $(CMDLINE),--append "$(CMDLINE)")

debug: deps kernel
	tools/guest --arch $(ARCH) --interactive --gdb $(if $(CMDLINE),--append "$(CMDLINE)")

test: deps
	@tools/test-all

host-test:
	@$(MAKE) --no-print-directory -f tests/host/host.mk

bench: deps
	@$(MAKE) --no-print-directory both FLAVOUR=release
	@tools/bench-boot

format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build

help:
	@echo "make [ARCH=x86_64|aarch64] [FLAVOUR=debug|release]  build the kernel"
	@echo "make both        build both architectures"
	@echo "make run         boot in QEMU on the serial console (CMDLINE=...)"
	@echo "make debug       boot halted, waiting for gdb (see docs/debugging.md)"
	@echo "make test        every test: host, both arches, 1 and 4 CPUs"
	@echo "make host-test   host unit tests with ASan and UBSan"
	@echo "make bench       benchmarks under QEMU -icount"
	@echo "make deps        install missing Debian packages"
	@echo "make format      run clang-format over the tree"
