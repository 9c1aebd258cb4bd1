/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * reload.c: re-reading the topology file while the switch runs (vsw-ofctl
 * reload, SIGHUP). The new file is loaded and checked exactly as at start
 * (config/, flows.c); a file that does not load changes nothing and the
 * reply says why (FILE:LINE:COL). Then only the difference is applied: each
 * bridge's flows are replaced (flowmod.c's replace: unchanged rules keep
 * their counters), all bridges staged before any is committed, so a failure
 * anywhere leaves every bridge as it was.
 *
 * Everything else (dpdk, pmd-cores, bridges, ports) must be unchanged: this
 * build cannot add or remove ports at run time yet, and says which setting
 * differs rather than ignore it.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_string_fns.h>

#include "vswitchd.h"

#define DEFAULT_RULE "priority=0,actions=NORMAL"

static bool
same_strlist(const struct vsw_cfg_strlist *a, const struct vsw_cfg_strlist *b)
{
	unsigned int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool
same_port(const struct vsw_cfg_port *a, const struct vsw_cfg_port *b)
{
	return strcmp(a->name, b->name) == 0 && a->type == b->type &&
	       strcmp(a->devargs, b->devargs) == 0 && strcmp(a->path, b->path) == 0 &&
	       strcmp(a->socket_owner, b->socket_owner) == 0 &&
	       strcmp(a->socket_group, b->socket_group) == 0 && a->socket_mode == b->socket_mode &&
	       a->ofport == b->ofport && a->rxq == b->rxq && a->mtu == b->mtu &&
	       same_strlist(&a->addresses, &b->addresses);
}

/* NULL when cur and next differ in flows only, else what differs. */
static const char *
topology_change(const struct vsw_cfg *cur, const struct vsw_cfg *next, char *buf, size_t len)
{
	unsigned int b, p, i;

	if (strcmp(cur->dpdk.file_prefix, next->dpdk.file_prefix) != 0 ||
	    cur->dpdk.main_lcore != next->dpdk.main_lcore ||
	    cur->dpdk.socket_mem != next->dpdk.socket_mem ||
	    !same_strlist(&cur->dpdk.extra, &next->dpdk.extra))
		return "the dpdk section";
	if (cur->pmd_cores.n != next->pmd_cores.n)
		return "pmd-cores";
	for (i = 0; i < cur->pmd_cores.n; i++)
		if (cur->pmd_cores.v[i] != next->pmd_cores.v[i])
			return "pmd-cores";
	if (cur->n_bridges != next->n_bridges)
		return "the list of bridges";
	for (b = 0; b < cur->n_bridges; b++) {
		const struct vsw_cfg_bridge *x = &cur->bridges[b], *y = &next->bridges[b];

		if (strcmp(x->name, y->name) != 0 || x->fail_mode != y->fail_mode) {
			snprintf(buf, len, "bridge %s's name or fail-mode", x->name);
			return buf;
		}
		if (x->n_ports != y->n_ports) {
			snprintf(buf, len, "bridge %s's ports", x->name);
			return buf;
		}
		for (p = 0; p < x->n_ports; p++) {
			if (!same_port(&x->ports[p], &y->ports[p])) {
				snprintf(buf, len, "port %s", x->ports[p].name);
				return buf;
			}
		}
	}
	return NULL;
}

/* Stage bridge b's rules as next's flows (plus a standalone bridge's default rule). */
static int
stage_bridge(struct vswd_switch *sw, const struct vsw_cfg *next, unsigned int b,
	     struct vsw_ipc_reply *rep)
{
	static struct vsw_flow f; /* 2 KiB: not on the stack; control thread only */
	const struct vsw_cfg_bridge *br = &next->bridges[b];
	struct vsw_flow_port pl[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	struct vswd_replace rp;
	char err[VSWD_ERR_LEN];
	unsigned int i, col;
	int rc = 0;

	vswd_bridge_flow_ports(next, b, pl, &ports);
	if (vswd_replace_begin(sw->cls[b], &rp) < 0) {
		snprintf(rep->msg, sizeof(rep->msg), "out of memory listing rules");
		return -ENOMEM;
	}
	for (i = 0; rc == 0 && i <= br->flows.n; i++) {
		const char *s = i < br->flows.n ? br->flows.v[i] : DEFAULT_RULE;

		if (i == br->flows.n && br->fail_mode != VSW_CFG_FAIL_STANDALONE)
			break;
		/* Checked already by vswd_flows_check: only memory can fail here. */
		rc = vsw_flow_parse(s, &ports, VSW_FLOW_ADD, &f, err, sizeof(err), &col);
		if (rc == 0)
			rc = vswd_replace_flow(&rp, &f, err, sizeof(err));
		if (rc < 0)
			rte_strscpy(rep->msg, err, sizeof(rep->msg));
	}
	if (vswd_replace_end(&rp, rc == 0) < 0 && rc == 0) {
		snprintf(rep->msg, sizeof(rep->msg), "bridge %s: out of memory", br->name);
		rc = -ENOMEM;
	}
	rep->n_changed += rp.n_changed;
	return rc;
}

int
vswd_reload(struct vswd_switch *sw, struct vsw_ipc_reply *rep)
{
	char err[VSWD_ERR_LEN], what[96];
	struct vsw_cfg next;
	const char *change;
	unsigned int b, n_flows;
	int rc;

	rc = vsw_cfg_load(sw->cfg->file, &next, err, sizeof(err));
	if (rc == 0) {
		rc = vswd_flows_check(&next, &n_flows, err, sizeof(err));
		if (rc < 0)
			vsw_cfg_free(&next);
	}
	if (rc < 0) {
		rep->status = rc;
		rte_strscpy(rep->msg, err, sizeof(rep->msg));
		return rc;
	}
	change = topology_change(sw->cfg, &next, what, sizeof(what));
	if (change != NULL) {
		rep->status = -EOPNOTSUPP;
		snprintf(rep->msg, sizeof(rep->msg),
			 "%s: %s changed: only flows can change without a restart", sw->cfg->file,
			 change);
		vsw_cfg_free(&next);
		return rep->status;
	}
	for (b = 0, rc = 0; rc == 0 && b < sw->n_cls; b++)
		rc = stage_bridge(sw, &next, b, rep);
	for (b = 0; b < sw->n_cls; b++) {
		if (rc == 0) {
			vsw_cls_commit(sw->cls[b]);
			/* Keep the new flow lists; next takes the old ones to free. */
			RTE_SWAP(sw->cfg->bridges[b].flows, next.bridges[b].flows);
		} else {
			vsw_cls_abort(sw->cls[b]);
		}
	}
	vsw_cfg_free(&next);
	rep->status = rc;
	if (rc < 0)
		rep->n_changed = 0;
	return rc;
}
