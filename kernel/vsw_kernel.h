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
 * The routes to tunnel endpoints (route.c): the kernel's routing and
 * neighbour tables, asked over rtnetlink, and its notifications of changes.
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

/* How the kernel reaches an IPv4 address. */
struct vsw_route {
	uint32_t oif;	   /* output interface index */
	uint32_t next_hop; /* the gateway, or the address itself on a link; network order */
	bool resolved;	   /* mac is the next hop's (a usable neighbour entry) */
	uint8_t mac[6];
};

/*
 * Look up remote (network order): its route and its next hop's MAC. An
 * unresolved next hop is asked for (the kernel sends an ARP request). 0 (r
 * filled; r->resolved may be false), -ENETUNREACH (no route), or another
 * negative errno (rtnetlink failed).
 */
int vsw_route_lookup(uint32_t remote, struct vsw_route *r);

struct mnl_socket;

/* A non-blocking socket on the kernel's route, neighbour, address and link notifications. */
struct mnl_socket *vsw_route_watch_open(char *err, size_t err_len);

/* Read every waiting notification; whether there was any (or some were lost). */
bool vsw_route_watch_changed(struct mnl_socket *nl);

#endif /* VSW_KERNEL_H */
