# SPDX-License-Identifier: MIT
# aarch64 kernel build: freestanding, no FP/SIMD registers, small code
# model (the image is far smaller than the +-4 GiB that adrp reaches).

ARCH_CFLAGS := --target=aarch64-unknown-none-elf -mgeneral-regs-only \
	-mcmodel=small
ARCH_SRCS := $(wildcard kernel/arch/aarch64/*.c kernel/arch/aarch64/*.S)
ARCH_LDSCRIPT := kernel/arch/aarch64/linker.ld

# QEMU's -kernel and boot loaders take a flat arm64 Image, not an ELF.
# (This fragment is read before the Makefile defines KERNEL_ELF, so the
# rule names the ELF by its path.)
KERNEL_IMAGE := $(BUILD)/slate.bin

$(BUILD)/slate.bin: $(BUILD)/slate.elf
	$(call echo_cmd,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

# The rule above must not become the default goal.
.DEFAULT_GOAL := all
