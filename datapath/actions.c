/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * actions.c: what happens to a packet once table 0 has answered: a rule's
 * action list is run, or the bridge's fail-mode decides a miss. Outputs go
 * to the PMD's per-port tx buffers (flushed once per loop by pmd.c); a
 * packet sent to several ports is shared by reference count, not copied,
 * since no action modifies it yet.
 *
 * NORMAL floods for now: every port of the bridge but the input one, which
 * is what a learning switch does with an unknown destination.
 */

#include <rte_mbuf.h>

#include "vsw_datapath.h"

/* Hand one output port's buffered packets to its tx queue; free and count the rest. */
static void
flush_port(struct vsw_pmd *pmd, uint16_t out)
{
	struct vsw_pmd_txbuf *tb = &pmd->tx[out];
	struct vsw_shm_port_counters *c = &pmd->stats->port[out];
	uint64_t bytes = 0, unsent_bytes = 0;
	uint16_t i, sent;

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

/* The ports one action sends to; returns how many it wrote into outs. */
static unsigned int
action_ports(const struct vsw_action *a, const struct vsw_dp_bridge *br, uint16_t in,
	     uint16_t *outs)
{
	unsigned int i, n = 0;

	switch (a->type) {
	case VSW_ACTION_OUTPUT:
		/* OpenFlow: output to the input port is dropped (in_port action aside). */
		if (a->port != in)
			outs[n++] = a->port;
		break;
	case VSW_ACTION_NORMAL:
	case VSW_ACTION_FLOOD:
		for (i = 0; i < br->n_ports; i++)
			if (br->ports[i] != in)
				outs[n++] = br->ports[i];
		break;
	}
	return n;
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

void
vsw_pmd_execute(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		const struct vsw_rule *rule, struct rte_mbuf *m)
{
	static const struct vsw_action normal = {.type = VSW_ACTION_NORMAL};
	uint16_t outs[VSW_MAX_PORTS * 2];
	const struct vsw_action *acts;
	unsigned int n_acts, n_out = 0, i;

	if (rule == NULL) {
		if (br->fail_mode == VSW_CFG_FAIL_SECURE) {
			pmd->stats->port[in].drops[VSW_DROP_TABLE_MISS]++;
			rte_pktmbuf_free(m);
			return;
		}
		acts = &normal;
		n_acts = 1;
	} else {
		struct vsw_rule_counters *c =
			&((struct vsw_rule *)(uintptr_t)rule)->counters[pmd->index];

		c->packets++;
		c->bytes += m->pkt_len;
		acts = rule->actions->a;
		n_acts = rule->actions->n;
	}
	for (i = 0; i < n_acts && n_out <= VSW_MAX_PORTS; i++)
		n_out += action_ports(&acts[i], br, in, outs + n_out);
	if (n_out == 0) {
		pmd->stats->port[in].drops[VSW_DROP_ACTION_DROP]++;
		rte_pktmbuf_free(m);
		return;
	}
	if (n_out > 1)
		share(m, (int16_t)(n_out - 1));
	for (i = 0; i < n_out; i++)
		buffer_packet(pmd, outs[i], m);
}
