/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_kernel.h: the kernel side of the switch. An internal port is a
 * kernel TAP interface, named after the port, that the switch reads and
 * writes like any other port (DPDK's net_tap driver behind the port
 * interface, port/), and whose link state, MTU and addresses vsw sets over
 * rtnetlink with libmnl (rtnl.c). The interface disappears when the port is
 * closed (net_tap removes it).
 *
 * Errors are values: a negative errno and one line in err; a refusal from
 * the kernel carries the kernel's own message when it gives one (extended
 * ACK). Control thread only.
 */

#ifndef VSW_KERNEL_H
#define VSW_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsw_port.h"

/*
 * Open internal port p->cfg: create the TAP interface, open it as a port,
 * then bring its link up with the port's MTU (and MAC, if it has one) and
 * add its addresses. On error nothing is left behind.
 */
int vsw_internal_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
		      size_t err_len);

/* Set ifname's link up or down and, unless mtu is 0, its MTU; unless mac is NULL, its MAC. */
int vsw_rtnl_link_set(const char *ifname, bool up, uint32_t mtu, const unsigned char *mac,
		      char *err, size_t err_len);

/* Add address cidr ("192.168.50.1/24", "fd00::1/64") to ifname (replacing it if present). */
int vsw_rtnl_addr_add(const char *ifname, const char *cidr, char *err, size_t err_len);

#endif /* VSW_KERNEL_H */
