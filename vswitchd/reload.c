/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * reload.c: re-reading the topology file while the switch runs (vsw-ofctl
 * reload, SIGHUP). The new file is loaded and checked exactly as at start
 * (config/, flows.c); a file that does not load changes nothing and the
 * reply says why (FILE:LINE:COL). Then only the difference is applied:
 *  - ports: a port whose settings are unchanged stays open (its guest stays
 *    connected, its counters go on; its OpenFlow number may change); a new
 *    port is opened, a dropped one closed; a changed one is refused (its old
 *    device would have to close before the new one opens). The port table takes the new file's
 *    order, so ports may move to other indexes; their counters move along.
 *    New ports are opened before anything else changes, so a port that
 *    cannot open leaves the switch as it was. Changing the port table needs
 *    the PMDs stopped for a moment (milliseconds; packets wait in the rx
 *    rings). A port's VLAN settings may change: that is a switch-over too;
 *    every switch-over also forgets the learned MACs, whose port numbers
 *    may now mean other ports;
 *  - flows: each bridge's are replaced (flowmod.c's replace: unchanged rules
 *    keep their counters), all bridges staged before any is committed;
 *    except a bridge with controllers: they own its flow table, which a
 *    reload leaves as it is (the file's flows are its first rules, at start)
 *    but for its outputs, which follow their OpenFlow numbers to the ports'
 *    new indexes;
 *  - mac-aging applies from the next second.
 * New ports that need more mbufs than the pools hold get a pool of their
 * own. What cannot change at run time (dpdk, pmd-cores, the list of
 * bridges, a bridge's fail-mode or mac-table-size) is refused by name,
 * changing nothing.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_mbuf.h>
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

/* Whether a and b are the same port with the same settings (its OpenFlow number aside). */
static bool
same_port(const struct vsw_cfg_port *a, const struct vsw_cfg_port *b)
{
	return strcmp(a->name, b->name) == 0 && a->type == b->type &&
	       strcmp(a->devargs, b->devargs) == 0 && strcmp(a->path, b->path) == 0 &&
	       strcmp(a->socket_owner, b->socket_owner) == 0 &&
	       strcmp(a->socket_group, b->socket_group) == 0 && a->socket_mode == b->socket_mode &&
	       a->rxq == b->rxq && a->mtu == b->mtu && strcmp(a->mac, b->mac) == 0 &&
	       same_strlist(&a->addresses, &b->addresses) &&
	       strcmp(a->remote_ip, b->remote_ip) == 0 && strcmp(a->local_ip, b->local_ip) == 0 &&
	       strcmp(a->key, b->key) == 0 && a->dst_port == b->dst_port &&
	       a->src_port_min == b->src_port_min && a->src_port_max == b->src_port_max;
}

/* Whether a and b have the same VLAN settings (a change needs no reopen, only a switch-over). */
static bool
same_vlan(const struct vsw_cfg_port *a, const struct vsw_cfg_port *b)
{
	return a->vlan_mode == b->vlan_mode && a->tag == b->tag &&
	       memcmp(a->trunks, b->trunks, sizeof(a->trunks)) == 0;
}

/* Whether a and b would drive the same device (an ethdev, a socket, an interface). */
static bool
same_device(const struct vsw_cfg_port *a, const struct vsw_cfg_port *b)
{
	size_t n = strcspn(a->devargs, ",");

	if (a->type != b->type)
		return false;
	if (a->type == VSW_CFG_PORT_DPDK)
		return n == strcspn(b->devargs, ",") && strncmp(a->devargs, b->devargs, n) == 0;
	if (a->type == VSW_CFG_PORT_INTERNAL || a->type == VSW_CFG_PORT_VXLAN)
		return strcmp(a->name, b->name) == 0; /* its interface; a tunnel has no device */
	return strcmp(a->path, b->path) == 0;
}

/* NULL when cur and next differ in ports and flows only, else what differs. */
static const char *
topology_change(const struct vsw_cfg *cur, const struct vsw_cfg *next, char *buf, size_t len)
{
	unsigned int b, i;

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

		if (strcmp(x->name, y->name) != 0 || x->fail_mode != y->fail_mode ||
		    x->mac_table_size != y->mac_table_size) {
			snprintf(buf, len, "bridge %s's name, fail-mode or mac-table-size",
				 x->name);
			return buf;
		}
		if (x->datapath_id != y->datapath_id || x->of_versions != y->of_versions ||
		    x->inactivity_probe != y->inactivity_probe ||
		    x->max_backoff != y->max_backoff ||
		    x->controller_rate_limit != y->controller_rate_limit ||
		    x->controller_burst_limit != y->controller_burst_limit ||
		    (x->listen_at.line == 0) != (y->listen_at.line == 0) ||
		    !same_strlist(&x->listen, &y->listen) ||
		    !same_strlist(&x->controllers, &y->controllers)) {
			snprintf(buf, len,
				 "bridge %s's OpenFlow channel (datapath-id, protocols, "
				 "listen, controllers, inactivity-probe, max-backoff, controller "
				 "limits)",
				 x->name);
			return buf;
		}
	}
	return NULL;
}

/* ---- ports ---- */

/* The port table a reload moves to, in the new file's order. */
struct port_plan {
	struct vsw_port *ports[VSW_MAX_PORTS]; /* by new index */
	int old_index[VSW_MAX_PORTS];	       /* before the reload; -1: opened by it */
	unsigned int n_ports;
	bool changed; /* a port opened, closed or moved */
};

/*
 * The index of cur's port that next's port np (of bridge b) keeps: the same
 * name and settings in the same bridge; -1 when np is new. -EBUSY (with why
 * in err) when np would drive the device of a running port it does not keep:
 * the old one would have to close before the new one opens, and a reload
 * changes nothing until every new port is open.
 */
static int
kept_port(const struct vsw_cfg *cur, const struct vsw_cfg_port *np, unsigned int b, char *err,
	  size_t err_len)
{
	unsigned int cb, cp, index = 0;
	int kept = -1;

	for (cb = 0; cb < cur->n_bridges; cb++) {
		for (cp = 0; cp < cur->bridges[cb].n_ports; cp++, index++) {
			const struct vsw_cfg_port *op = &cur->bridges[cb].ports[cp];

			if (cb == b && same_port(op, np))
				kept = (int)index;
			else if (strcmp(op->name, np->name) == 0) {
				snprintf(err, err_len,
					 "port %s changed: a reload adds and removes ports but "
					 "cannot change one (remove it, reload, add it, reload)",
					 np->name);
				return -EBUSY;
			} else if (same_device(op, np)) {
				snprintf(err, err_len,
					 "port %s takes the device of port %s: remove %s in one "
					 "reload, add %s in the next",
					 np->name, op->name, op->name, np->name);
				return -EBUSY;
			}
		}
	}
	return kept;
}

/* Close the ports the plan opened (a reload that fails). */
static void
plan_abort(struct port_plan *pl)
{
	unsigned int i;

	for (i = 0; i < pl->n_ports; i++)
		if (pl->old_index[i] < 0)
			pl->ports[i]->ops->close(pl->ports[i]);
}

/* Port number `index` of cfg, counting in file order over every bridge. */
static const struct vsw_cfg_port *
cfg_port(const struct vsw_cfg *cfg, unsigned int index)
{
	unsigned int b;

	for (b = 0; b < cfg->n_bridges; b++) {
		if (index < cfg->bridges[b].n_ports)
			return &cfg->bridges[b].ports[index];
		index -= cfg->bridges[b].n_ports;
	}
	return NULL;
}

/* Plan next's port table: keep what is unchanged, open what is new. */
static int
plan_ports(struct vswd_switch *sw, const struct vsw_cfg *next, struct port_plan *pl,
	   struct vsw_ipc_reply *rep)
{
	char err[VSWD_ERR_LEN];
	unsigned int b, p;
	int old, rc;

	memset(pl, 0, sizeof(*pl));
	for (b = 0; b < next->n_bridges; b++) {
		for (p = 0; p < next->bridges[b].n_ports; p++, pl->n_ports++) {
			old = kept_port(sw->cfg, &next->bridges[b].ports[p], b, err, sizeof(err));
			if (old == -EBUSY) {
				plan_abort(pl);
				rte_strscpy(rep->msg, err, sizeof(rep->msg));
				return old;
			}
			pl->old_index[pl->n_ports] = old;
			pl->changed |= old != (int)pl->n_ports;
			if (old >= 0) {
				pl->ports[pl->n_ports] = sw->dp.ports[old];
				pl->changed |= sw->dp.ports[old]->ofport !=
					       next->bridges[b].ports[p].ofport;
				pl->changed |= !same_vlan(cfg_port(sw->cfg, (unsigned int)old),
							  &next->bridges[b].ports[p]);
				continue;
			}
			rc = vswd_port_open(sw, next, b, p, pl->n_ports, &pl->ports[pl->n_ports],
					    err, sizeof(err));
			if (rc < 0) {
				plan_abort(pl);
				rte_strscpy(rep->msg, err, sizeof(rep->msg));
				return rc;
			}
		}
	}
	pl->changed |= pl->n_ports != sw->dp.n_ports;
	return 0;
}

/* Whether port index i of the running table is kept by the plan. */
static bool
plan_keeps(const struct port_plan *pl, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < pl->n_ports; j++)
		if (pl->old_index[j] == (int)i)
			return true;
	return false;
}

/*
 * Move to the planned port table: PMDs stopped. Counters move with their
 * port; opened ports start from zero; dropped ports are closed.
 */
static void
plan_apply(struct vswd_switch *sw, const struct vsw_cfg *next, struct port_plan *pl)
{
	static struct vsw_shm_port_counters moved[VSW_MAX_PORTS];
	static struct vsw_shm_port ports[VSW_MAX_PORTS];
	unsigned int i, j, b, p;

	for (i = 0; i < sw->n_pmds; i++) {
		struct vsw_shm_port_counters *c = sw->shm->pmds[i].port;

		for (j = 0; j < VSW_MAX_PORTS; j++) {
			if (j < pl->n_ports && pl->old_index[j] >= 0)
				moved[j] = c[pl->old_index[j]];
			else
				memset(&moved[j], 0, sizeof(moved[j]));
		}
		memcpy(c, moved, sizeof(moved));
	}
	for (j = 0; j < VSW_MAX_PORTS; j++) {
		if (j < pl->n_ports && pl->old_index[j] >= 0)
			ports[j] = sw->shm->ports[pl->old_index[j]];
		else
			memset(&ports[j], 0, sizeof(ports[j]));
	}
	memcpy(sw->shm->ports, ports, sizeof(ports));
	for (i = 0; i < sw->dp.n_ports; i++)
		if (!plan_keeps(pl, i))
			sw->dp.ports[i]->ops->close(sw->dp.ports[i]);
	for (j = 0; j < VSW_MAX_PORTS; j++) {
		sw->dp.ports[j] = j < pl->n_ports ? pl->ports[j] : NULL;
		if (j < pl->n_ports)
			sw->dp.ports[j]->index = (uint16_t)j;
	}
	/* A kept port may have a new OpenFlow number (numbers follow file order). */
	for (b = 0, j = 0; b < next->n_bridges; b++)
		for (p = 0; p < next->bridges[b].n_ports; p++, j++)
			sw->dp.ports[j]->ofport = (uint16_t)next->bridges[b].ports[p].ofport;
	sw->dp.n_ports = pl->n_ports;
	vswd_bridges_link_ports(sw, next);
	vswd_bridges_fdb_reset(sw);
	vsw_pmd_assign_rxqs(&sw->dp, sw->pmds, sw->n_pmds);
	vswd_switch_publish(sw, next);
}

/*
 * Pools are sized when made: when next's ports need more buffers (or larger
 * ones) than the pools hold, add a pool for the ports this reload opens.
 * Pools stay until vswitchd stops. 0, or a negative errno with rep->msg.
 */
static int
grow_pools(struct vswd_switch *sw, const struct vsw_cfg *next, struct vsw_ipc_reply *rep)
{
	struct vswd_pool_size ps;
	uint32_t have = 0;
	unsigned int i;
	int rc;

	vswd_pool_size(next, &ps);
	for (i = 0; i < sw->n_pools; i++)
		have += sw->pools[i]->size;
	if (ps.n_mbufs <= have &&
	    ps.data_room <= rte_pktmbuf_data_room_size(sw->pools[sw->n_pools - 1]))
		return 0;
	rc = vswd_pool_add(sw, ps.n_mbufs > have ? ps.n_mbufs - have : ps.n_mbufs, ps.data_room);
	if (rc < 0)
		snprintf(rep->msg, sizeof(rep->msg),
			 "no room for the new ports' buffers (%u more mbufs of %u bytes): %s",
			 ps.n_mbufs > have ? ps.n_mbufs - have : ps.n_mbufs, ps.data_room,
			 rc == -ENOSPC ? "too many reloads added ports: restart vswitchd"
				       : "raise dpdk.socket-mem (and restart)");
	return rc;
}

/* ---- flows ---- */

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

/* select_rules' test: whether an output of r names a port whose index next's table moves. */
static bool
outputs_move(const struct vsw_rule *r, void *arg)
{
	const struct vsw_flow_ports *ports = arg;
	uint32_t i;

	for (i = 0; i < r->actions->n; i++)
		if (r->actions->a[i].type == VSW_ACTION_OUTPUT &&
		    r->actions->a[i].port != vsw_flow_port_index(ports, r->actions->a[i].ofport))
			return true;
	return false;
}

/*
 * Bridge b has controllers: its rules stay, but each output follows its
 * OpenFlow number into next's port table (a port that went: absent, the
 * output sends nothing). A rule whose outputs move is modified in place
 * (modify_strict: its counters and cookie kept).
 */
static int
restage_outputs(struct vswd_switch *sw, const struct vsw_cfg *next, unsigned int b,
		struct vsw_ipc_reply *rep)
{
	static struct vsw_flow f; /* 2 KiB: not on the stack; control thread only */
	struct vsw_flow_port pl[VSW_MAX_PORTS];
	const struct vsw_rule **moved = NULL;
	struct vsw_flow_ports ports;
	unsigned int changed = 0;
	size_t n = 0, i;
	uint32_t k;
	int rc = 0;

	vswd_bridge_flow_ports(next, b, pl, &ports);
	if (vsw_cls_select(sw->cls[b], VSW_N_TABLES, outputs_move, &ports, &moved, &n) < 0) {
		snprintf(rep->msg, sizeof(rep->msg), "out of memory listing rules");
		return -ENOMEM;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		const struct vsw_rule *r = moved[i];

		memset(&f, 0, sizeof(f));
		f.table = r->table;
		f.priority = r->priority;
		f.cookie = r->cookie;
		f.idle_timeout = r->idle_timeout;
		f.hard_timeout = r->hard_timeout;
		f.flags = r->flags;
		f.key = r->key;
		f.mask = r->mask;
		f.state = r->state;
		f.state_mask = r->state_mask;
		f.table_given = f.priority_given = true;
		f.n_actions = r->actions->n;
		memcpy(f.actions, r->actions->a, f.n_actions * sizeof(f.actions[0]));
		for (k = 0; k < f.n_actions; k++)
			if (f.actions[k].type == VSW_ACTION_OUTPUT)
				f.actions[k].port =
					vsw_flow_port_index(&ports, f.actions[k].ofport);
		rc = vswd_flow_stage(sw->cls[b], VSW_FLOW_CMD_MODIFY_STRICT, &f, VSW_OFPP_ANY,
				     false, &changed, rep->msg, sizeof(rep->msg));
	}
	free(moved);
	rep->n_changed += changed;
	return rc;
}

int
vswd_reload(struct vswd_switch *sw, struct vsw_ipc_reply *rep)
{
	char err[VSWD_ERR_LEN], what[160];
	struct port_plan plan;
	struct vsw_cfg next;
	const char *change;
	unsigned int b, i, n_flows, opened, closed;
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
		snprintf(rep->msg, sizeof(rep->msg), "%s: %s: that needs a restart", sw->cfg->file,
			 change);
		vsw_cfg_free(&next);
		return rep->status;
	}
	rc = grow_pools(sw, &next, rep);
	if (rc == 0)
		rc = plan_ports(sw, &next, &plan, rep); /* on failure it closed what it opened */
	if (rc == 0) {
		for (b = 0; rc == 0 && b < sw->n_cls; b++) {
			if (next.bridges[b].controllers.n == 0) {
				rc = stage_bridge(sw, &next, b, rep);
				continue;
			}
			rc = restage_outputs(sw, &next, b, rep);
			if (!same_strlist(&sw->cfg->bridges[b].flows, &next.bridges[b].flows))
				VSWD_LOG(WARNING,
					 "reload: bridge %s has controllers: its flows are theirs, "
					 "the file's changed flows are not applied",
					 next.bridges[b].name);
		}
		if (rc < 0)
			plan_abort(&plan);
	}
	if (rc < 0) {
		for (b = 0; b < sw->n_cls; b++)
			vsw_cls_abort(sw->cls[b]);
		vsw_cfg_free(&next);
		rep->status = rc;
		rep->n_changed = 0;
		return rc;
	}
	/*
	 * Nothing is refused from here on: the change is applied whole. Only
	 * relaunching the PMDs can still fail, and that is reported, not undone.
	 */
	for (i = 0, opened = 0; i < plan.n_ports; i++)
		opened += plan.old_index[i] < 0;
	closed = sw->dp.n_ports - (plan.n_ports - opened);
	if (plan.changed) {
		vswd_pmds_stop(sw);
		plan_apply(sw, &next, &plan);
	}
	for (b = 0; b < sw->n_cls; b++)
		vsw_cls_commit(sw->cls[b]);
	for (b = 0; b < sw->n_fdb; b++)
		vsw_fdb_set_aging(sw->fdb[b], (uint32_t)next.bridges[b].mac_aging);
	RTE_SWAP(*sw->cfg, next); /* the running topology is the new file's now */
	vsw_cfg_free(&next);
	if (plan.changed && vswd_pmds_launch(sw, err, sizeof(err)) < 0) {
		VSWD_LOG(ERR, "reload: %s: nothing forwards", err);
		rte_strscpy(rep->msg, err, sizeof(rep->msg));
		rep->status = -EIO;
		return rep->status;
	}
	VSWD_LOG(INFO, "reloaded %s: %u ports opened, %u closed, %u rules changed", sw->cfg->file,
		 opened, closed, rep->n_changed);
	rep->status = 0;
	return 0;
}
