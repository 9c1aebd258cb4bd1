/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flows.c: the flows a topology lists under each bridge. They are parsed
 * (flow/) when the topology is checked, before DPDK starts, so a bad flow
 * stops the start (and fails --check-config) with FILE:LINE:COL pointing
 * into the flow string; then installed into the bridge's table 0.. after
 * its default rule, all in one committed version.
 */

#include <errno.h>
#include <stdio.h>

#include "vsw_flow.h"
#include "vswitchd.h"

void
vswd_bridge_flow_ports(const struct vsw_cfg *cfg, unsigned int b, struct vsw_flow_port *p,
		       struct vsw_flow_ports *ports)
{
	unsigned int i, index = 0;

	for (i = 0; i < b; i++)
		index += cfg->bridges[i].n_ports;
	for (i = 0; i < cfg->bridges[b].n_ports; i++) {
		p[i].name = cfg->bridges[b].ports[i].name;
		p[i].ofport = (uint16_t)cfg->bridges[b].ports[i].ofport;
		p[i].index = (uint16_t)(index + i);
	}
	ports->p = p;
	ports->n = cfg->bridges[b].n_ports;
}

void
vswd_flow_spec(const struct vsw_flow *f, struct vsw_rule_spec *spec)
{
	spec->table = f->table;
	spec->priority = f->priority;
	spec->flags = f->flags;
	spec->cookie = f->cookie;
	spec->idle_timeout = f->idle_timeout;
	spec->hard_timeout = f->hard_timeout;
	spec->key = f->key;
	spec->mask = f->mask;
	spec->state = f->state;
	spec->state_mask = f->state_mask;
	spec->actions = f->actions;
	spec->n_actions = f->n_actions;
}

/* Parse flow i of bridge b into *f; on error "FILE:LINE:COL: message" in err. */
static int
parse_flow(const struct vsw_cfg *cfg, unsigned int b, unsigned int i,
	   const struct vsw_flow_ports *ports, struct vsw_flow *f, char *err, size_t err_len)
{
	const struct vsw_cfg_strlist *flows = &cfg->bridges[b].flows;
	char msg[VSW_FLOW_ERR_LEN];
	unsigned int col;
	int rc;

	rc = vsw_flow_parse(flows->v[i], ports, VSW_FLOW_ADD, f, msg, sizeof(msg), &col);
	if (rc < 0)
		snprintf(err, err_len, "%s:%u:%u: %s", cfg->file, flows->at[i].line,
			 flows->at[i].col + (col > 0 ? col - 1 : 0), msg);
	return rc;
}

int
vswd_flows_check(const struct vsw_cfg *cfg, unsigned int *n_flows, char *err, size_t err_len)
{
	struct vsw_flow_port p[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	struct vsw_flow f;
	unsigned int b, i;
	int rc;

	*n_flows = 0;
	for (b = 0; b < cfg->n_bridges; b++) {
		vswd_bridge_flow_ports(cfg, b, p, &ports);
		for (i = 0; i < cfg->bridges[b].flows.n; i++) {
			rc = parse_flow(cfg, b, i, &ports, &f, err, err_len);
			if (rc < 0)
				return rc;
			(*n_flows)++;
		}
	}
	return 0;
}

int
vswd_flows_install(const struct vsw_cfg *cfg, unsigned int b, struct vsw_cls_writer *w, char *err,
		   size_t err_len)
{
	struct vsw_flow_port p[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	struct vsw_rule_spec spec;
	struct vsw_flow f;
	char msg[VSWD_ERR_LEN];
	unsigned int i;
	int rc;

	vswd_bridge_flow_ports(cfg, b, p, &ports);
	for (i = 0; i < cfg->bridges[b].flows.n; i++) {
		rc = parse_flow(cfg, b, i, &ports, &f, err, err_len);
		if (rc < 0)
			return rc;
		vswd_flow_spec(&f, &spec);
		rc = vsw_cls_add(w, &spec, msg, sizeof(msg));
		if (rc < 0) {
			snprintf(err, err_len, "%s:%u:%u: %s", cfg->file,
				 cfg->bridges[b].flows.at[i].line, cfg->bridges[b].flows.at[i].col,
				 msg);
			return rc;
		}
	}
	vsw_cls_commit(w);
	return 0;
}
