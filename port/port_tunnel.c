/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * port_tunnel.c: ports of type vxlan, as the port interface sees them: no
 * device and no queue. The datapath sends their packets through their
 * underlay bridge and receives theirs from it (datapath/tunnel.c), so
 * nothing ever polls or transmits on such a port; its link is up while
 * the switch runs.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_malloc.h>

#include "vsw_config.h"
#include "vsw_port.h"

static uint16_t
tunnel_burst(struct vsw_port *port, uint16_t q, struct rte_mbuf **pkts, uint16_t n)
{
	RTE_SET_USED(port);
	RTE_SET_USED(q);
	RTE_SET_USED(pkts);
	RTE_SET_USED(n);
	return 0;
}

static int
tunnel_link_get(struct vsw_port *port, struct vsw_port_link *link)
{
	RTE_SET_USED(port);
	*link = (struct vsw_port_link){.up = true, .full_duplex = true};
	return 0;
}

static int
tunnel_hw_stats_get(struct vsw_port *port, struct vsw_port_hw_stats *st)
{
	RTE_SET_USED(port);
	memset(st, 0, sizeof(*st));
	return 0;
}

static void
tunnel_close(struct vsw_port *port)
{
	rte_free(port);
}

static const struct vsw_port_ops tunnel_ops = {
	.rx_burst = tunnel_burst,
	.tx_burst = tunnel_burst,
	.link_get = tunnel_link_get,
	.hw_stats_get = tunnel_hw_stats_get,
	.close = tunnel_close,
};

int
vsw_port_tunnel_open(const struct vsw_port_ethdev_params *p, struct vsw_port **out, char *err,
		     size_t err_len)
{
	struct vsw_port *port = rte_zmalloc("vsw_port", sizeof(*port), 0);

	if (port == NULL) {
		snprintf(err, err_len, "port %s: out of memory", p->cfg->name);
		return -ENOMEM;
	}
	port->ops = &tunnel_ops;
	snprintf(port->name, sizeof(port->name), "%s", p->cfg->name);
	port->type = vsw_cfg_port_type_name(p->cfg->type);
	port->index = p->index;
	port->bridge = p->bridge;
	port->ofport = (uint16_t)p->cfg->ofport;
	port->ethdev_id = UINT16_MAX;
	port->n_txq = 1;
	*out = port;
	return 0;
}
