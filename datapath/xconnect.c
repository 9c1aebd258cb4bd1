/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * xconnect.c: the temporary forwarding rule that stands in for flow tables:
 * a bridge with exactly two ports sends what one receives out of the other.
 * It is a table from input port to output port that pmd.c reads per burst.
 */

#include "vsw_datapath.h"

int
vsw_dp_bridge_forwards(const struct vsw_cfg *cfg, unsigned int b)
{
	return b < cfg->n_bridges && cfg->bridges[b].n_ports == 2;
}

void
vsw_dp_xconnect(struct vsw_dp *dp, const struct vsw_cfg *cfg)
{
	unsigned int i, j;

	for (i = 0; i < VSW_MAX_PORTS; i++)
		dp->out_port[i] = VSW_DP_NO_PORT;
	for (i = 0; i < dp->n_ports; i++) {
		if (!vsw_dp_bridge_forwards(cfg, dp->ports[i]->bridge))
			continue;
		for (j = 0; j < dp->n_ports; j++)
			if (j != i && dp->ports[j]->bridge == dp->ports[i]->bridge)
				dp->out_port[i] = (uint16_t)j;
	}
}
