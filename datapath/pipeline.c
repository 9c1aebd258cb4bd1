/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * pipeline.c: a packet's way through the OpenFlow tables: a rule's actions
 * in order, resubmit and goto_table looking up further tables with the
 * packet as modified so far (its key parsed again first), at most
 * VSW_RESUBMIT_DEPTH deep and VSW_RESUBMIT_TOTAL lookups per packet, past
 * which the packet is dropped and counted. actions.c carries out the
 * packet operations.
 *
 * Translation: the same run can record what it did as a datapath flow
 * (vsw_datapath.h, struct vsw_dpflow): every packet operation it applied,
 * every rule it went through and after how many operations, and the bits
 * of the packet's key every lookup depended on (the masks of the subtables
 * each lookup probed, in_port, and the VLAN fields once a VLAN edit came
 * before a lookup). Any packet that agrees with this one on those bits
 * takes the same rules in the same order, so the recorded operations do to
 * it exactly what the pipeline would: that is what makes a cached flow
 * correct, never wider than the rules. Decisions that depend on more than
 * the key stay per packet: NORMAL (the MAC table) and DEC_TTL's drop (a run
 * that DEC_TTL ended makes the TTL exact).
 * Wildcards are conservative where a field was rewritten before a lookup:
 * the original bits stay exact, which narrows a flow, never widens it.
 *
 * The action set: write_actions adds its actions to the packet's set,
 * clear_actions empties it, and what it holds runs once the pipeline ends
 * (run_action_set), recorded as any operation is; the outputs that shared
 * the packet until then are copied first when the set changes it.
 *
 * The pipeline state (metadata, registers) starts at zero for each packet,
 * is matched by lookups and written by SET_FIELD and MOVE; it is resolved
 * while the run is recorded and never recorded itself: what it decides is
 * in the rules the run went through, and a MOVE from a packet field makes
 * that field exact (pipe_state.c), so a flow never needs to key on it.
 */

#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "exec_private.h"

static void run_actions(struct exec *x, const struct vsw_action *acts, uint32_t n,
			unsigned int table, unsigned int depth, bool changes_follow);

/* Record packet operation a, just applied, into the flow being built. */
static void
record_op(struct exec *x, const struct vsw_action *a)
{
	struct vsw_action out = {.type = VSW_ACTION_OUTPUT, .port = x->out_in};

	if (x->rec == NULL)
		return;
	if (x->out_in != VSW_PORT_ABSENT) /* dump-dp-flows prints it by OpenFlow number */
		out.ofport = x->pmd->dp->ports[x->out_in]->ofport;
	/*
	 * A flow replays with the packet's own input port: once a rule set
	 * in_port, IN_PORT is recorded as the output it made, and what leaves
	 * out the input port (NORMAL, FLOOD, ALL) is not cached.
	 */
	if (x->out_in != x->in && a->type == VSW_ACTION_IN_PORT) {
		if (x->out_in == VSW_PORT_ABSENT)
			return;
		a = &out;
	} else if (x->out_in != x->in &&
		   (a->type == VSW_ACTION_NORMAL || a->type == VSW_ACTION_FLOOD ||
		    a->type == VSW_ACTION_ALL)) {
		x->overflow = true;
		return;
	}
	if (x->rec->n_ops == VSW_DPFLOW_OPS) {
		x->overflow = true;
		return;
	}
	x->rec->ops[x->rec->n_ops++] = *a;
	x->edited |= exec_may_modify(a);
	if (a->type == VSW_ACTION_MOD_VLAN_VID || a->type == VSW_ACTION_MOD_VLAN_PCP ||
	    a->type == VSW_ACTION_STRIP_VLAN || a->type == VSW_ACTION_PUSH_VLAN)
		x->vlan_edited = true;
}

/* Count a rule's hit (and record it) and run its actions; nothing for a miss. */
static void
run_rule(struct exec *x, const struct vsw_rule *rule, unsigned int depth, bool changes_follow)
{
	if (rule == NULL)
		return;
	exec_count(exec_rule_counters(x->pmd, rule), 1, x->m->pkt_len);
	if (x->rec != NULL && x->rec->n_rules == VSW_DPFLOW_RULES) {
		x->overflow = true;
	} else if (x->rec != NULL) {
		/* rec->bytes holds the length as received while recording. */
		x->rec->len_delta[x->rec->n_rules] = (int8_t)(x->m->pkt_len - x->rec->bytes);
		x->rec->counters[x->rec->n_rules++] = exec_rule_counters(x->pmd, rule);
	}
	run_actions(x, rule->actions->a, rule->actions->n, rule->table, depth, changes_follow);
}

/* While recording: the bits every lookup depends on, besides its subtables' masks. */
static void
widen_for_lookup(struct exec *x)
{
	x->wc->in_port = UINT16_MAX;
	if (x->vlan_edited) {
		/* An edit may have moved a tag's bits between these fields. */
		x->wc->vlan_tci = UINT16_MAX;
		x->wc->vlan_tpid = UINT16_MAX;
		x->wc->dl_type = UINT16_MAX;
	}
}

/*
 * While recording: lookup number n_lookups was in table `table` and found r,
 * with the packet's own key (clean) or not.
 */
static void
record_lookup(struct exec *x, unsigned int table, const struct vsw_rule *r, bool clean)
{
	struct vsw_dpflow_lookup *l;

	if (x->rec == NULL)
		return;
	if (x->rec->n_lookups == VSW_DPFLOW_LOOKUPS) {
		x->overflow = true;
		return;
	}
	l = &x->rec->lookups[x->rec->n_lookups++];
	l->table = (uint8_t)table;
	l->flags = (uint8_t)((r != NULL ? VSW_LOOKUP_FOUND : 0) | (clean ? VSW_LOOKUP_CLEAN : 0));
	l->priority = r != NULL ? r->priority : 0;
}

/* Look table up for the packet as it is now, as if it came in on ofport. */
static const struct vsw_rule *
lookup(struct exec *x, unsigned int table, uint16_t ofport, unsigned int depth)
{
	const struct vsw_rule *r;
	uint16_t saved;

	if (depth >= VSW_RESUBMIT_DEPTH || ++x->lookups > VSW_RESUBMIT_TOTAL) {
		x->drop = VSW_DROP_RESUBMIT_LIMIT;
		return NULL;
	}
	/* The PMD's key is copied (or re-parsed) only when a lookup needs to. */
	exec_current_key(x);
	if (x->key != &x->scratch) {
		x->scratch = *x->key;
		x->key = &x->scratch;
	}
	saved = x->scratch.in_port;
	if (ofport != VSW_OFPORT_NONE)
		x->scratch.in_port = ofport;
	if (x->wc != NULL)
		widen_for_lookup(x);
	r = vsw_cls_lookup_wc(x->br->cls, table, &x->scratch, &x->state, x->version, x->wc);
	record_lookup(x, table, r, !x->edited && x->scratch.in_port == saved);
	x->scratch.in_port = saved;
	return r;
}

/*
 * in_port set by a rule: later lookups see it, and outputs treat its port
 * (if the bridge has one) as the input port, as in OVS; the packet's own
 * input port is only where it came from (counters).
 */
static void
set_in_port(struct exec *x, uint16_t ofport)
{
	const struct vsw_dp *dp = x->pmd->dp;
	unsigned int i;

	exec_current_key(x);
	if (x->key != &x->scratch) {
		x->scratch = *x->key;
		x->key = &x->scratch;
	}
	x->scratch.in_port = ofport;
	x->edited = true;
	x->out_in = VSW_PORT_ABSENT;
	for (i = 0; i < x->br->n_ports; i++)
		if (dp->ports[x->br->ports[i]]->ofport == ofport)
			x->out_in = x->br->ports[i];
}

/* A SET_FIELD: on the pipeline state, the tunnel metadata, or a packet operation (applied and recorded). */
static void
run_set_field(struct exec *x, const struct vsw_action *a, bool changes_follow)
{
	if (a->field == VSW_FIELD_IN_PORT) {
		set_in_port(x, (uint16_t)((exec_current_key(x)->in_port & ~a->mask) |
					  (a->value & a->mask)));
		return;
	}
	if (vsw_field_is_tunnel(a->field)) {
		exec_tunnel_set(x, a->field, a->value, a->mask);
		return;
	}
	if (!vsw_field_in_packet(a->field)) {
		exec_state_set(&x->state, a->field, a->value, a->mask);
		return;
	}
	exec_op(x, a, changes_follow);
	record_op(x, a);
}

/*
 * A MOVE: the source bits as they are now; into the pipeline state, or
 * into the packet as the SET_FIELD of their value (which is what a recorded
 * flow replays: the source's bits are exact in it).
 */
static void
run_move(struct exec *x, const struct vsw_action *a, bool changes_follow)
{
	uint64_t bits = a->n_bits == 64 ? UINT64_MAX : (1ULL << a->n_bits) - 1;
	struct vsw_action set = {
		.type = VSW_ACTION_SET_FIELD,
		.field = a->field,
		.mask = bits << a->dst_ofs,
	};

	set.value = ((exec_field_get(x, a->src_field, a->src_ofs, a->n_bits) >> a->src_ofs) & bits)
		    << a->dst_ofs;
	run_set_field(x, &set, changes_follow);
}

/* Whether the key's ethertype is a second tag's TPID (one tag is parsed). */
static bool
second_tag(const struct vsw_flow_key *k)
{
	return k->dl_type == RTE_BE16(RTE_ETHER_TYPE_VLAN) ||
	       k->dl_type == RTE_BE16(RTE_ETHER_TYPE_QINQ);
}

/*
 * Whether a DEC_TTL finds the TTL run out: an IP packet whose key has a TTL
 * (hop limit) of 0 or 1, 0 also when its header could not be parsed, as
 * OVS decides; not IP: nothing to do. The flow keeps what it decided on
 * exact (the ethertype, the tags in front of it, the TTL), so a cached
 * flow's DEC_TTL always decrements.
 */
static bool
ttl_runs_out(struct exec *x)
{
	const struct vsw_flow_key *k = exec_current_key(x);

	if (x->wc != NULL) {
		x->wc->nw_ttl = 0xff;
		x->wc->dl_type = 0xffff;
		x->wc->vlan_tci = 0xffff;
		x->wc->vlan_tpid = 0xffff;
	}
	if ((k->dl_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) &&
	     k->dl_type != RTE_BE16(RTE_ETHER_TYPE_IPV6)) ||
	    k->nw_ttl > 1)
		return false;
	x->ttl_expired = true;
	return true;
}

static void
run_actions(struct exec *x, const struct vsw_action *acts, uint32_t n, unsigned int table,
	    unsigned int depth, bool changes_follow)
{
	uint32_t i, j, last_change = 0;
	const struct vsw_rule *r;

	/* Index past the last action of this list that may change the packet. */
	for (i = 0; i < n; i++)
		if (exec_may_modify(&acts[i]))
			last_change = i + 1;
	for (i = 0; i < n && x->drop < 0; i++) {
		const struct vsw_action *a = &acts[i];

		switch (a->type) {
		case VSW_ACTION_RESUBMIT:
			/* What follows the resubmit in this list may still change the packet. */
			for (j = i + 1; j < n && !exec_may_modify(&acts[j]); j++)
				;
			r = lookup(x, a->table == VSW_TABLE_CURRENT ? table : a->table, a->ofport,
				   depth);
			run_rule(x, r, depth + 1, changes_follow || j < n);
			break;
		case VSW_ACTION_GOTO_TABLE:
			r = lookup(x, a->table, VSW_OFPORT_NONE, depth);
			x->missed |= r == NULL && x->drop < 0;
			run_rule(x, r, depth + 1, changes_follow);
			break;
		case VSW_ACTION_OUTPUT:
			/* OpenFlow: in_port is reached by IN_PORT only; a missing port drops. */
			if (a->port == x->out_in || a->port == VSW_PORT_ABSENT)
				break;
			exec_op(x, a, changes_follow || i < last_change);
			record_op(x, a);
			break;
		case VSW_ACTION_SET_FIELD:
			run_set_field(x, a, changes_follow || i < last_change);
			break;
		case VSW_ACTION_MOVE:
			run_move(x, a, changes_follow || i < last_change);
			break;
		case VSW_ACTION_IN_PORT:
		case VSW_ACTION_NORMAL:
		case VSW_ACTION_FLOOD:
		case VSW_ACTION_ALL:
		case VSW_ACTION_CONTROLLER:
		case VSW_ACTION_MOD_VLAN_VID:
		case VSW_ACTION_MOD_VLAN_PCP:
		case VSW_ACTION_STRIP_VLAN:
		case VSW_ACTION_PUSH_VLAN:
			/* A second tag under the one stripped: what follows it is not in the
			 * key (one tag is parsed), so such a run is not cached. */
			if (x->rec != NULL && a->type == VSW_ACTION_STRIP_VLAN &&
			    second_tag(exec_current_key(x)))
				x->overflow = true;
			exec_op(x, a, changes_follow || i < last_change);
			record_op(x, a);
			break;
		case VSW_ACTION_DEC_TTL:
			if (ttl_runs_out(x))
				return; /* the rest of this list, as OVS; the caller's goes on */
			exec_op(x, a, changes_follow || i < last_change);
			record_op(x, a);
			break;
		case VSW_ACTION_WRITE_ACTIONS: /* its actions follow it: into the set */
			for (j = i + 1; j <= i + a->value && j < n; j++)
				if (x->n_set < VSW_ACTION_SET_MAX)
					x->set[x->n_set++] = acts[j];
			i += (uint32_t)a->value;
			break;
		case VSW_ACTION_CLEAR_ACTIONS:
			x->n_set = 0;
			break;
		}
	}
}

/*
 * Where an action goes in the action set's run: OpenFlow 1.3.5 5.10's order
 * (pop, push, dec_ttl, the sets, output), and OVS's choices where it is
 * silent: of each kind but the sets only the last written runs, the sets all
 * in the order written, and nothing runs without an output.
 */
enum set_slot { SLOT_NONE, SLOT_POP, SLOT_PUSH, SLOT_DEC_TTL, SLOT_SET, SLOT_OUTPUT, SLOT__COUNT };

static const uint8_t set_slots[VSW_ACTION__COUNT] = {
	[VSW_ACTION_STRIP_VLAN] = SLOT_POP,   [VSW_ACTION_PUSH_VLAN] = SLOT_PUSH,
	[VSW_ACTION_DEC_TTL] = SLOT_DEC_TTL,  [VSW_ACTION_SET_FIELD] = SLOT_SET,
	[VSW_ACTION_MOD_VLAN_VID] = SLOT_SET, [VSW_ACTION_MOD_VLAN_PCP] = SLOT_SET,
	[VSW_ACTION_MOVE] = SLOT_SET,	      [VSW_ACTION_OUTPUT] = SLOT_OUTPUT,
	[VSW_ACTION_IN_PORT] = SLOT_OUTPUT,   [VSW_ACTION_NORMAL] = SLOT_OUTPUT,
	[VSW_ACTION_FLOOD] = SLOT_OUTPUT,     [VSW_ACTION_ALL] = SLOT_OUTPUT,
};

/* Run x's action set, the pipeline having ended. */
static void
run_action_set(struct exec *x)
{
	const struct vsw_action *last[SLOT__COUNT] = {NULL};
	struct vsw_action run[VSW_ACTION_SET_MAX];
	unsigned int i, slot, n = 0;
	bool modifies = false;

	for (i = 0; i < x->n_set; i++)
		last[set_slots[x->set[i].type]] = &x->set[i];
	if (last[SLOT_OUTPUT] == NULL || x->drop >= 0)
		return;
	for (slot = SLOT_POP; slot < SLOT__COUNT; slot++)
		for (i = 0; i < x->n_set; i++)
			if (set_slots[x->set[i].type] == slot &&
			    (slot == SLOT_SET || &x->set[i] == last[slot]))
				run[n++] = x->set[i];
	for (i = 0; i < n; i++)
		modifies |= exec_may_modify(&run[i]);
	if (modifies)
		exec_unshare(x); /* what was sent so far leaves as it was then */
	x->n_set = 0;
	run_actions(x, run, n, 0, 0, false);
}

/* A TTL that ran out, with nothing sent, is the trip's drop reason. */
static void
note_ttl_expiry(struct exec *x)
{
	if (x->ttl_expired && x->drop < 0 && x->n_sent == 0 && x->n_share == 0)
		x->drop = VSW_DROP_TTL_EXPIRED;
}

void
exec_run_pipeline(struct exec *x, const struct vsw_rule *rule)
{
	static const struct vsw_action normal = {.type = VSW_ACTION_NORMAL};

	memset(&x->state, 0, sizeof(x->state));
	if (rule != NULL)
		run_rule(x, rule, 0, false);
	else if (x->br->fail_mode == VSW_FAIL_SECURE)
		x->drop = VSW_DROP_TABLE_MISS;
	else
		run_actions(x, &normal, 1, 0, 0, false);
	if (x->n_set > 0)
		run_action_set(x);
	note_ttl_expiry(x);
}

void
exec_run_actions(struct exec *x, const struct vsw_action *acts, uint32_t n)
{
	memset(&x->state, 0, sizeof(x->state));
	run_actions(x, acts, n, 0, 0, false);
	if (x->n_set > 0)
		run_action_set(x);
	note_ttl_expiry(x);
}

/* The index past the last operation of f that changes the packet. */
static uint8_t
last_change(const struct vsw_dpflow *f)
{
	uint8_t k, last = 0;

	for (k = 0; k < f->n_ops; k++)
		if (exec_may_modify(&f->ops[k]))
			last = (uint8_t)(k + 1);
	return last;
}

void
vsw_pmd_translate(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		  const struct vsw_flow_key *key, uint32_t hash, uint64_t version,
		  struct rte_mbuf *m)
{
	struct vsw_dpflow *rec = &pmd->xlate;
	struct vsw_flow_key wc;
	const struct vsw_dpflow *cached;
	const struct vsw_rule *r;
	uint32_t len = m->pkt_len;
	bool evicted = false;
	struct exec x;

	vsw_pmd_count_flows(pmd); /* an insert may reuse a slot the burst's counts point at */
	memset(&wc, 0, sizeof(wc));
	rec->n_ops = 0;
	rec->n_rules = 0;
	rec->n_lookups = 0;
	rec->bytes = len;
	exec_start(&x, pmd, br, in, key, version, m);
	x.rec = rec;
	x.wc = &wc;
	widen_for_lookup(&x);
	r = vsw_cls_lookup_wc(br->cls, 0, key, NULL, version, &wc);
	record_lookup(&x, 0, r, true);
	exec_run_pipeline(&x, r);
	pmd->stats->c.dpflow_misses++;
	if (!x.overflow) {
		rec->key = *key;
		rec->cls = br->cls;
		rec->version = version;
		rec->packets = 1;
		rec->used_tsc = pmd->loop_tsc;
		rec->drop = (int8_t)x.drop;
		rec->missed = x.missed;
		rec->last_change = last_change(rec);
		cached = vsw_dpflow_insert(&pmd->dpflows, rec, &wc, &evicted);
		if (cached != NULL) {
			pmd->stats->c.dpflow_inserts++;
			pmd->stats->c.dpflow_evictions += evicted;
			vsw_emc_insert(&pmd->emc, br->cls, key, hash, version, NULL, cached);
		}
	}
	exec_finish(&x);
}
