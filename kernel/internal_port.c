/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * internal_port.c: internal ports. Each is a net_tap ethdev whose kernel
 * interface carries the port's name; once the device runs, its link is set
 * up with the port's MTU (and MAC) and its addresses are added over rtnetlink
 * (rtnl.c). Closing the port (port/) removes the device and, with it, the
 * interface and its addresses.
 */

#include <errno.h>
#include <stdio.h>

#include "vsw_config.h"
#include "vsw_kernel.h"

/* Number of the next net_tap device vsw creates; control thread only. */
static unsigned int next_tap;

int
vsw_internal_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
		  size_t err_len)
{
	const struct vsw_cfg_port *cfg = p->cfg;
	struct vsw_port_ethdev_params ep = *p;
	struct vsw_cfg_port tcfg = *cfg;
	unsigned char mac[6];
	bool has_mac = cfg->mac[0] != '\0' && vsw_cfg_parse_mac(cfg->mac, mac) == 0;
	char msg[256];
	unsigned int i;
	int rc;

	snprintf(tcfg.devargs, sizeof(tcfg.devargs), "net_tap_vsw%u,iface=%s", next_tap++,
		 cfg->name);
	ep.cfg = &tcfg;
	rc = vsw_port_ethdev_open(&ep, out, err, err_len);
	if (rc < 0)
		return rc;
	(*out)->type = vsw_cfg_port_type_name(cfg->type);
	rc = vsw_rtnl_link_set(cfg->name, true, (uint32_t)cfg->mtu, has_mac ? mac : NULL, msg,
			       sizeof(msg));
	for (i = 0; rc == 0 && i < cfg->addresses.n; i++)
		rc = vsw_rtnl_addr_add(cfg->name, cfg->addresses.v[i], msg, sizeof(msg));
	if (rc < 0) {
		snprintf(err, err_len, "port %s: %s", cfg->name, msg);
		(*out)->ops->close(*out);
		*out = NULL;
	}
	return rc;
}
