/* SPDX-License-Identifier: MIT */
/* x86_64-private: the COM1 boot console. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

void serial_init(void);

#endif
