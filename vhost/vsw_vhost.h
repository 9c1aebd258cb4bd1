/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_vhost.h: vhost-user guest ports. A port of type vhost-user (vswitchd
 * creates the socket, QEMU connects) or vhost-user-client (QEMU owns the
 * socket; vswitchd connects, and reconnects by itself after either side
 * restarts) is an ethdev of DPDK's net_vhost driver, so it is a struct
 * vsw_port like any other (port/) and DPDK's secondary tools (dpdk-dumpcap,
 * dpdk-pdump, dpdk-proc-info) see it. This module owns what is particular to
 * vhost-user: the socket's directory, a stale socket left by a crash, the
 * socket's owner, group and mode, and the driver's arguments.
 */

#ifndef VSW_VHOST_H
#define VSW_VHOST_H

#include <stddef.h>

#include "vsw_port.h"

/*
 * Open p->cfg (a vhost-user or vhost-user-client port) as a net_vhost ethdev
 * with p->cfg->rxq queue pairs. For a server port: create the socket's
 * directory if missing, remove a stale socket nobody listens on, and once
 * the socket exists give it socket-owner, socket-group and socket-mode.
 * Control thread, before the PMDs run. 0 and *out, or a negative errno with
 * one line in err naming the port, the path and, for permissions, the user
 * and what is missing.
 */
int vsw_vhost_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
		   size_t err_len);

#endif /* VSW_VHOST_H */
