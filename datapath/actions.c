/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * actions.c: what happens to a packet: the packet operations of an action
 * list (edits and outputs), the end of its trip, and running a cached
 * datapath flow. The tables themselves (rules, resubmit, goto_table) are
 * pipeline.c's.
 *
 * Order matters: "output:1,mod_vlan_vid:5,output:2" sends port 1 the packet
 * as it was and port 2 the modified one. So an output that some later action
 * could still change (a rewrite, or a resubmit/goto_table that might rewrite)
 * sends a copy; outputs after the last possible change share the original by
 * reference count, buffered once the list is done. NORMAL asks normal.c where
 * the packet goes and in which VLAN encoding; ports that want the other
 * encoding share one edited copy.
 *
 * Outputs go to the PMD's per-port tx buffers (flushed once per loop).
 */

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include "exec_private.h"
#include "packet_edit.h"
#include "pull.h"

/* Hand one output port's buffered packets to its tx queue; free and count the rest. */
static void
flush_port(struct vsw_pmd *pmd, uint16_t out)
{
	struct vsw_pmd_txbuf *tb = &pmd->tx[out];
	struct vsw_shm_port_counters *c = &pmd->stats->port[out];
	uint64_t bytes = 0, unsent_bytes = 0;
	uint16_t i, sent;

	if (unlikely(pmd->dp->tunnel_of[out] != 0)) {
		/* Reset first: the underlay's outputs may buffer (and flush) more. */
		uint16_t n = tb->n;
		struct rte_mbuf *pkts[VSW_BURST];

		memcpy(pkts, tb->pkts, n * sizeof(pkts[0]));
		tb->n = 0;
		vsw_tunnel_output(pmd, out, pkts, n);
		return;
	}
	for (i = 0; i < tb->n; i++)
		bytes += tb->pkts[i]->pkt_len;
	sent = vsw_port_tx(pmd->dp->ports[out], pmd->index, tb->pkts, tb->n);
	for (i = sent; i < tb->n; i++) {
		unsent_bytes += tb->pkts[i]->pkt_len;
		rte_pktmbuf_free(tb->pkts[i]);
	}
	c->tx_packets += sent;
	c->tx_bytes += bytes - unsent_bytes;
	c->drops[VSW_DROP_TX_RING_FULL] += (uint64_t)(tb->n - sent);
	tb->n = 0;
}

void
vsw_pmd_flush(struct vsw_pmd *pmd)
{
	unsigned int i;

	for (i = 0; i < pmd->n_dirty; i++)
		flush_port(pmd, pmd->dirty[i]);
	pmd->n_dirty = 0;
}

/* Queue one packet for output port out, flushing first if its buffer is full. */
static void
buffer_packet(struct vsw_pmd *pmd, uint16_t out, struct rte_mbuf *m)
{
	struct vsw_pmd_txbuf *tb = &pmd->tx[out];

	if (tb->n == 0)
		pmd->dirty[pmd->n_dirty++] = out;
	else if (tb->n == VSW_BURST)
		flush_port(pmd, out); /* stays listed in dirty[] */
	tb->pkts[tb->n++] = m;
}

/* buffer_packet for n packets to one port: whole runs of pointers at a time. */
static void
buffer_burst(struct vsw_pmd *pmd, uint16_t out, struct rte_mbuf **pkts, uint16_t n)
{
	struct vsw_pmd_txbuf *tb = &pmd->tx[out];
	uint16_t k;

	if (tb->n == 0 && n > 0)
		pmd->dirty[pmd->n_dirty++] = out;
	while (n > 0) {
		if (tb->n == VSW_BURST)
			flush_port(pmd, out); /* stays listed in dirty[] */
		k = RTE_MIN(n, (uint16_t)(VSW_BURST - tb->n));
		memcpy(&tb->pkts[tb->n], pkts, k * sizeof(pkts[0]));
		tb->n = (uint16_t)(tb->n + k);
		pkts += k;
		n = (uint16_t)(n - k);
	}
}

/*
 * Add extra references to every segment: rte_pktmbuf_free() releases each
 * segment on its own, so a shared chain needs them all counted.
 */
static void
share(struct rte_mbuf *m, int16_t extra)
{
	for (; m != NULL; m = m->next)
		rte_mbuf_refcnt_update(m, extra);
}

bool
exec_may_modify(const struct vsw_action *a)
{
	static const bool modifies[VSW_ACTION__COUNT] = {
#define ACTION_MODIFIES(e, name, mod, what) [VSW_ACTION_##e] = mod,
		VSW_ACTIONS(ACTION_MODIFIES)
#undef ACTION_MODIFIES
	};

	/* cls_write.c admits only types of the table. */
	if (a->type == VSW_ACTION_SET_FIELD || a->type == VSW_ACTION_MOVE)
		return vsw_field_in_packet(a->field); /* else the pipeline state */
	return modifies[a->type];
}

/*
 * The tunnel metadata a flow-based tunnel port encapsulates m with: the
 * key's, now (a share's key is final: nothing changes it after). A run that
 * sends to such a port is not cached: the flow would need the metadata exact.
 */
static void
put_tunnel_md(struct exec *x, struct rte_mbuf *m)
{
	struct vsw_tunnel_md *md = RTE_MBUF_DYNFIELD(m, x->pmd->dp->tun_md_off,
						     struct vsw_tunnel_md *);
	const struct vsw_flow_key *key = exec_current_key(x);

	md->tun_id = key->tun_id;
	md->tun_dst = key->tun_dst;
	if (x->rec != NULL)
		x->overflow = true;
}

/* Send the packet to port out: a copy if it may still change, else a share. */
static void
output(struct exec *x, uint16_t out, bool changes_follow)
{
	struct rte_mbuf *c;

	if (unlikely(x->pmd->dp->flow_tunnel[out]) && !changes_follow)
		put_tunnel_md(x, x->m);
	if (!changes_follow) {
		if (x->n_share < RTE_DIM(x->share))
			x->share[x->n_share++] = out;
		else
			x->pmd->stats->port[x->in].drops[VSW_DROP_OUTPUT_LIMIT]++;
		return;
	}
	c = rte_pktmbuf_copy(x->m, x->m->pool, 0, UINT32_MAX);
	if (c == NULL) {
		x->pmd->stats->port[x->in].drops[VSW_DROP_NO_MBUF_COPY]++;
		return;
	}
	if (unlikely(x->pmd->dp->flow_tunnel[out]))
		put_tunnel_md(x, c);
	buffer_packet(x->pmd, out, c);
	x->n_sent++;
}

void
exec_unshare(struct exec *x)
{
	unsigned int n = x->n_share, i;

	x->n_share = 0;
	for (i = 0; i < n; i++)
		output(x, x->share[i], true);
}

/* Every port of the bridge but the input one. */
static void
output_flood(struct exec *x, bool changes_follow)
{
	unsigned int i;

	for (i = 0; i < x->br->n_ports; i++)
		if (x->br->ports[i] != x->out_in)
			output(x, x->br->ports[i], changes_follow);
}

const struct vsw_flow_key *
exec_current_key(struct exec *x)
{
	if (x->key_stale) {
		uint64_t tun_id = x->key->tun_id;
		uint32_t tun_src = x->key->tun_src, tun_dst = x->key->tun_dst;

		/* The tunnel metadata is not in the packet's bytes: kept across the parse. */
		vsw_key_parse(x->m, x->key->in_port, &x->scratch);
		x->scratch.tun_id = tun_id;
		x->scratch.tun_src = tun_src;
		x->scratch.tun_dst = tun_dst;
		x->key = &x->scratch;
		x->key_stale = false;
	}
	return x->key;
}

/*
 * NORMAL: send the packet where normal.c says. Ports that want it as it is
 * get it like any output; those that want a tag pushed (or popped) share
 * one edited copy.
 */
static void
output_normal(struct exec *x, bool changes_follow)
{
	const struct vsw_flow_key *key = exec_current_key(x);
	uint16_t tci = rte_be_to_cpu_16(key->vlan_tci);
	bool tagged = tci & VSW_VLAN_PRESENT;
	uint16_t vid = tci & 0x0fff;
	uint16_t edit[2][VSW_MAX_PORTS]; /* [want tagged]: ports that need an edit */
	unsigned int n_edit[2] = {0, 0}, i, t;
	struct vsw_normal_out o;
	struct rte_mbuf *c;

	if (x->out_in == VSW_PORT_ABSENT)
		return; /* as OVS: NORMAL from a port the bridge does not have sends nothing */
	vsw_normal_decide(x->pmd, x->br, x->out_in, key, &o);
	if (o.drop >= 0)
		x->unsent = o.drop;
	for (i = 0; i < o.n; i++) {
		t = o.tagged[i];
		if (t == tagged && (!t || vid == o.vlan))
			output(x, o.port[i], changes_follow);
		else
			edit[t][n_edit[t]++] = o.port[i];
	}
	for (t = 0; t < 2; t++) {
		if (n_edit[t] == 0)
			continue;
		c = rte_pktmbuf_copy(x->m, x->m->pool, 0, UINT32_MAX);
		if (c == NULL) {
			x->pmd->stats->port[x->in].drops[VSW_DROP_NO_MBUF_COPY]++;
			continue;
		}
		if (t)
			vsw_edit_vlan_vid(c, o.vlan, true);
		else
			vsw_edit_strip_vlan(c);
		if (n_edit[t] > 1)
			share(c, (int16_t)(n_edit[t] - 1));
		for (i = 0; i < n_edit[t]; i++)
			buffer_packet(x->pmd, edit[t][i], c);
		x->n_sent += n_edit[t];
	}
}

void
exec_op(struct exec *x, const struct vsw_action *a, bool changes_follow)
{
	switch (a->type) {
	case VSW_ACTION_OUTPUT:
		output(x, a->port, changes_follow);
		break;
	case VSW_ACTION_IN_PORT:
		if (x->out_in != VSW_PORT_ABSENT)
			output(x, x->out_in, changes_follow);
		break;
	case VSW_ACTION_NORMAL:
		output_normal(x, changes_follow);
		break;
	case VSW_ACTION_FLOOD:
	case VSW_ACTION_ALL:
		output_flood(x, changes_follow);
		break;
	case VSW_ACTION_CONTROLLER:
		exec_packet_in(x, a);
		break;
	case VSW_ACTION_MOD_VLAN_VID:
		vsw_edit_vlan_vid(x->m, (uint16_t)a->value, true);
		x->key_stale = true;
		break;
	case VSW_ACTION_MOD_VLAN_PCP:
		vsw_edit_vlan_pcp(x->m, (uint8_t)a->value, true);
		x->key_stale = true;
		break;
	case VSW_ACTION_STRIP_VLAN:
		vsw_edit_strip_vlan(x->m);
		x->key_stale = true;
		break;
	case VSW_ACTION_PUSH_VLAN:
		vsw_edit_push_vlan(x->m, rte_cpu_to_be_16((uint16_t)a->value));
		x->key_stale = true;
		break;
	case VSW_ACTION_SET_FIELD:
		vsw_edit_set_field(x->m, a->field, a->value, a->mask);
		x->key_stale = true;
		break;
	case VSW_ACTION_DEC_TTL:
		vsw_edit_dec_ttl(x->m);
		x->key_stale = true;
		break;
	case VSW_ACTION_RESUBMIT:
	case VSW_ACTION_GOTO_TABLE:
	case VSW_ACTION_MOVE:
	case VSW_ACTION_WRITE_ACTIONS:
	case VSW_ACTION_CLEAR_ACTIONS:
		break; /* lookups, moves, the action set: not packet operations (pipeline.c) */
	}
}

void
exec_start(struct exec *x, struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
	   const struct vsw_flow_key *key, uint64_t version, struct rte_mbuf *m)
{
	x->pmd = pmd;
	x->br = br;
	x->version = version;
	x->in = in;
	x->out_in = in;
	x->m = m;
	x->key = key;
	x->key_stale = false;
	x->lookups = 0;
	x->n_share = 0;
	x->n_set = 0;
	x->n_sent = 0;
	x->missed = false;
	x->drop = -1;
	x->unsent = -1;
	x->rec = NULL;
	x->wc = NULL;
	x->vlan_edited = false;
	x->edited = false;
	x->overflow = false;
	x->ttl_expired = false;
}

void
exec_finish(struct exec *x)
{
	struct vsw_shm_port_counters *c = &x->pmd->stats->port[x->in];
	unsigned int i;

	if (x->drop >= 0 || x->n_share == 0) {
		if (x->drop >= 0)
			c->drops[x->drop]++;
		else if (x->n_sent == 0)
			c->drops[x->missed	  ? VSW_DROP_TABLE_MISS
				 : x->unsent >= 0 ? x->unsent
						  : VSW_DROP_ACTION_DROP]++;
		rte_pktmbuf_free(x->m);
		return;
	}
	if (x->n_share > 1)
		share(x->m, (int16_t)(x->n_share - 1));
	for (i = 0; i < x->n_share; i++)
		buffer_packet(x->pmd, x->share[i], x->m);
}

/*
 * Count n more packets of bytes bytes (as received) on the first n_rules
 * rules of flow, each with the length it saw.
 */
static void
count_flow_rules(const struct vsw_dpflow *flow, unsigned int n_rules, uint64_t n, uint64_t bytes)
{
	unsigned int r;

	for (r = 0; r < n_rules; r++)
		exec_count(flow->counters[r], n, bytes + n * (uint64_t)(int64_t)flow->len_delta[r]);
}

void
vsw_pmd_count_flows(struct vsw_pmd *pmd)
{
	unsigned int i;

	for (i = 0; i < pmd->n_pending; i++)
		count_flow_rules(pmd->pending[i].flow, pmd->pending[i].flow->n_rules,
				 pmd->pending[i].packets, pmd->pending[i].bytes);
	pmd->n_pending = 0;
}

/* A packet of len bytes went through all of flow's rules: count it with the burst's. */
static void
defer_count(struct vsw_pmd *pmd, const struct vsw_dpflow *flow, uint32_t len)
{
	unsigned int i = pmd->n_pending;

	while (i > 0 && pmd->pending[i - 1].flow != flow)
		i--;
	if (i == 0) {
		if (pmd->n_pending == RTE_DIM(pmd->pending))
			vsw_pmd_count_flows(pmd);
		i = ++pmd->n_pending;
		pmd->pending[i - 1].flow = flow;
		pmd->pending[i - 1].packets = 0;
		pmd->pending[i - 1].bytes = 0;
	}
	pmd->pending[i - 1].packets++;
	pmd->pending[i - 1].bytes += len;
}

void
vsw_pmd_execute_dpflow(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		       const struct vsw_flow_key *key, struct vsw_dpflow *flow, struct rte_mbuf *m)
{
	uint32_t len = m->pkt_len;
	unsigned int k;
	struct exec x;

	flow->packets++;
	flow->bytes += len;
	flow->used_tsc = pmd->loop_tsc;
	exec_start(&x, pmd, br, in, key, flow->version, m);
	for (k = 0; k < flow->n_ops; k++)
		exec_op(&x, &flow->ops[k], k + 1 < flow->last_change);
	defer_count(pmd, flow, len);
	x.drop = flow->drop;
	x.missed = flow->missed;
	exec_finish(&x);
}

/*
 * Whether rule's actions are one output to a port other than in: no
 * interpreter needed. Not to a flow-based tunnel port: that one takes the
 * tunnel metadata output() writes into the packet.
 */
static inline bool
single_output(const struct vsw_dp *dp, const struct vsw_rule *rule, uint16_t in)
{
	return rule != NULL && rule->actions->n == 1 &&
	       rule->actions->a[0].type == VSW_ACTION_OUTPUT && rule->actions->a[0].port != in &&
	       rule->actions->a[0].port != VSW_PORT_ABSENT &&
	       !dp->flow_tunnel[rule->actions->a[0].port];
}

/*
 * How many packets from pkts[0] on (n > 0) carry the same untagged Ethernet
 * header: 1 or more; 0 when pkts[0] is tagged or too short.
 */
static uint16_t
same_header(struct rte_mbuf **pkts, uint16_t n)
{
	struct pull c = pull_start(pkts[0]);
	const uint8_t *first = pull(&c, RTE_ETHER_HDR_LEN), *p;
	uint16_t i;

	if (first == NULL || be16_at(first + 12) == RTE_BE16(RTE_ETHER_TYPE_VLAN) ||
	    be16_at(first + 12) == RTE_BE16(RTE_ETHER_TYPE_QINQ))
		return 0;
	for (i = 1; i < n; i++) {
		c = pull_start(pkts[i]);
		p = pull(&c, RTE_ETHER_HDR_LEN);
		if (p == NULL || memcmp(p, first, RTE_ETHER_HDR_LEN) != 0)
			break;
	}
	return i;
}

/*
 * A rule whose one action is NORMAL, over a run of packets with one
 * untagged Ethernet header (same_header): the decision depends on nothing
 * else (VLAN, source, destination, input port), so it is made once; when it
 * is one port that takes the frames as they are, the run goes into that
 * port's buffer whole and this returns true. False: nothing sent (the run
 * goes through the pipeline).
 */
static bool
normal_run(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
	   const struct vsw_rule *rule, struct rte_mbuf **pkts, uint16_t run)
{
	struct vsw_normal_out o;
	struct vsw_flow_key key;
	uint64_t bytes = 0;
	uint16_t i;

	vsw_key_zero(&key);
	memcpy(key.dl_dst, rte_pktmbuf_mtod(pkts[0], const uint8_t *), RTE_ETHER_ADDR_LEN);
	memcpy(key.dl_src, rte_pktmbuf_mtod_offset(pkts[0], const uint8_t *, RTE_ETHER_ADDR_LEN),
	       RTE_ETHER_ADDR_LEN);
	vsw_normal_decide(pmd, br, in, &key, &o);
	if (o.drop >= 0 || o.n != 1 || o.tagged[0] || pmd->dp->flow_tunnel[o.port[0]])
		return false;
	for (i = 0; i < run; i++)
		bytes += pkts[i]->pkt_len;
	buffer_burst(pmd, o.port[0], pkts, run);
	exec_count(exec_rule_counters(pmd, rule), run, bytes);
	return true;
}

/* Whether rule (NULL: a miss) is there and its actions are NORMAL alone. */
static inline bool
normal_only(const struct vsw_rule *rule)
{
	return rule != NULL && rule->actions->n == 1 && rule->actions->a[0].type == VSW_ACTION_NORMAL;
}

void
vsw_pmd_execute_burst(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		      uint16_t in_ofport, uint64_t version, const struct vsw_rule *rule,
		      struct rte_mbuf **pkts, uint16_t n)
{
	struct vsw_flow_key key;
	uint64_t bytes = 0;
	uint16_t i, j, run;

	if (!single_output(pmd->dp, rule, in)) {
		for (i = 0; i < n; i += run) {
			run = normal_only(rule) ? same_header(pkts + i, (uint16_t)(n - i)) : 0;
			if (run > 0 && normal_run(pmd, br, in, rule, pkts + i, run))
				continue;
			run = RTE_MAX(run, (uint16_t)1);
			for (j = i; j < i + run; j++) {
				vsw_key_parse(pkts[j], in_ofport, &key);
				vsw_pmd_execute(pmd, br, in, &key, version, rule, pkts[j]);
			}
		}
		return;
	}
	for (i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	buffer_burst(pmd, rule->actions->a[0].port, pkts, n);
	exec_count(exec_rule_counters(pmd, rule), n, bytes);
}

void
vsw_pmd_execute(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		const struct vsw_flow_key *key, uint64_t version, const struct vsw_rule *rule,
		struct rte_mbuf *m)
{
	struct exec x;

	/* The common rule, a single output, needs no interpreter. */
	if (single_output(pmd->dp, rule, in)) {
		exec_count(exec_rule_counters(pmd, rule), 1, m->pkt_len);
		buffer_packet(pmd, rule->actions->a[0].port, m);
		return;
	}
	exec_start(&x, pmd, br, in, key, version, m);
	exec_run_pipeline(&x, rule);
	exec_finish(&x);
}
