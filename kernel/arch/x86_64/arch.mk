# SPDX-License-Identifier: MIT
# x86_64 kernel build: freestanding, no SSE, no red zone, top-2GiB model.

ARCH_CFLAGS := --target=x86_64-unknown-none-elf -march=x86-64 \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-mno-sse -mno-mmx -mno-80387
ARCH_SRCS := $(wildcard kernel/arch/x86_64/*.c kernel/arch/x86_64/*.S)
ARCH_LDSCRIPT := kernel/arch/x86_64/linker.ld

# QEMU boots the ELF directly through its PVH note.
KERNEL_IMAGE := $(KERNEL_ELF)
