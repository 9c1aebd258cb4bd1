/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofasync.c: the messages the switch sends the controllers unasked:
 * PACKET_IN, from the datapath's per-port packet-in rings, and
 * FLOW_REMOVED, for send_flow_rem rules a commit removed (the classifier
 * tells: vsw_cls_on_removed), and PORT_STATUS, for a port that came, went
 * (a reload) or whose link changed, seen once a second.
 *
 * Each loop the control thread takes packet-ins from a bridge's ports in
 * turn, one per port per round, so that a port flooding the controllers
 * gets no more than its share, under a token bucket per bridge
 * (controller-rate-limit a second, at most controller-burst-limit at
 * once). What the bucket does not let through stays in the rings, and a
 * full ring loses what comes next (counted by the PMDs: packet_ins_lost).
 * A packet-in goes to every connection that asked for them (miss_send_len
 * not 0: a controller, or a tool after SET_CONFIG), is not a slave and
 * reads what it is sent (less than PACKET_IN_BACKLOG waits for it); a
 * bridge without one drops them as they come.
 */

#include <string.h>

#include "vswitchd.h"

#define PACKET_INS_PER_LOOP 1024	 /* so that one loop never starves the rest */
#define PACKET_IN_BACKLOG   (1u << 20) /* unsent bytes past which a peer gets no packet-ins */
#define OFPCR_ROLE_SLAVE    3

/* A bridge's token bucket. */
static struct {
	double tokens;
	uint64_t last_ns;
} buckets[VSW_MAX_BRIDGES];

/* The connections of bridge b that take packet-ins, into out; how many. */
static unsigned int
takers(unsigned int b, struct vswd_ofconn **out)
{
	struct vswd_ofconn **conns;
	unsigned int n = vswd_channel_conns(&conns), i, k = 0;

	for (i = 0; i < n; i++)
		if (conns[i]->bridge == b && conns[i]->version != 0 && conns[i]->miss_send_len != 0 &&
		    conns[i]->role != OFPCR_ROLE_SLAVE && !conns[i]->closing &&
		    conns[i]->tx_len - conns[i]->tx_off < PACKET_IN_BACKLOG)
			out[k++] = conns[i];
	return k;
}

/* Refill b's bucket for the time since the last refill. */
static double
refill(const struct vsw_cfg_bridge *cb, unsigned int b, uint64_t now)
{
	double burst = (double)cb->controller_burst_limit;

	if (buckets[b].last_ns == 0)
		buckets[b].tokens = burst;
	else
		buckets[b].tokens += (double)cb->controller_rate_limit *
				     (double)(now - buckets[b].last_ns) / 1e9;
	buckets[b].last_ns = now;
	buckets[b].tokens = RTE_MIN(buckets[b].tokens, burst);
	return buckets[b].tokens;
}

/* One packet-in to each of conns[0..n). */
static void
send_packet_in(struct vswd_ofconn **conns, unsigned int n, const struct vsw_packet_in *pin)
{
	static uint8_t out[VSW_PACKET_IN_DATA + 128];
	struct vsw_ofp_packet_in pi = {
		.cookie = pin->cookie,
		.in_port = pin->in_port,
		.total_len = pin->total_len,
		.reason = pin->reason,
		.table = pin->table,
		.data = pin->data,
		.len = pin->len,
	};
	struct vsw_ofp_buf b = {.p = out, .cap = sizeof(out)};
	unsigned int i;

	vsw_ofp_packet_in_encode(&b, VSW_OFP13, &pi);
	for (i = 0; !b.overflow && i < n; i++)
		vswd_ofconn_send(conns[i], out, b.len);
}

/*
 * Bridge b's packet-ins of this loop; whether any ring still holds some.
 * *takers_seen: set when a connection takes packet-ins.
 */
static bool
bridge_packet_ins(struct vswd_switch *sw, unsigned int b, uint64_t now, bool *takers_seen)
{
	static struct vsw_packet_in pin;
	const struct vsw_dp_bridge *br = &sw->dp.bridges[b];
	struct vswd_ofconn *conns[64];
	unsigned int n_conns = takers(b, conns), p, sent = 0;
	double tokens = refill(&sw->cfg->bridges[b], b, now);
	bool more = true;

	*takers_seen |= n_conns > 0;
	while (more && sent < PACKET_INS_PER_LOOP && (n_conns == 0 || tokens >= 1)) {
		more = false;
		for (p = 0; p < br->n_ports; p++) {
			struct rte_ring *r = sw->dp.packet_ins[br->ports[p]];

			if (r == NULL || rte_ring_sc_dequeue_elem(r, &pin, sizeof(pin)) != 0)
				continue;
			more = true;
			if (n_conns == 0)
				continue; /* nobody to tell: dropped */
			send_packet_in(conns, n_conns, &pin);
			sent++;
			tokens -= 1;
		}
	}
	buckets[b].tokens = tokens;
	for (p = 0; !more && p < br->n_ports; p++)
		more = sw->dp.packet_ins[br->ports[p]] != NULL &&
		       !rte_ring_empty(sw->dp.packet_ins[br->ports[p]]);
	return more;
}

/* The classifier's hook context of each bridge. */
static struct removal_watch {
	struct vswd_switch *sw;
	unsigned int bridge;
} watches[VSW_MAX_BRIDGES];

/* A removed send_flow_rem rule: FLOW_REMOVED to the bridge's controllers. */
static void
flow_removed(void *arg, const struct vsw_rule *r, enum vsw_removed_reason why)
{
	const struct removal_watch *wt = arg;
	struct vswd_ofconn *conns[64];
	unsigned int n = takers(wt->bridge, conns), i;
	uint64_t packets, bytes;
	struct vsw_ofp_buf b;
	uint8_t out[1024];

	if (n == 0)
		return;
	b = (struct vsw_ofp_buf){.p = out, .cap = sizeof(out)};
	vsw_rule_totals(r, &packets, &bytes);
	vsw_ofp_flow_removed_encode(&b, VSW_OFP13, r, (uint8_t)why, packets, bytes,
				    vswd_now_ns() - r->created_ns);
	for (i = 0; !b.overflow && i < n; i++)
		vswd_ofconn_send(conns[i], out, b.len);
}

void
vswd_of_watch_removals(struct vswd_switch *sw)
{
	unsigned int b;

	for (b = 0; b < sw->n_cls; b++) {
		watches[b] = (struct removal_watch){sw, b};
		vsw_cls_on_removed(sw->cls[b], flow_removed, &watches[b]);
	}
}

/* What the controllers were last told of a port (by bridge, by OpenFlow number). */
struct port_seen {
	bool present;
	bool link_up;
	struct vsw_ofp_port desc;
};

static struct port_seen seen[VSW_MAX_BRIDGES][VSW_MAX_PORTS];
static bool seen_once;

static void
send_port_status(unsigned int b, uint8_t reason, const struct vsw_ofp_port *port)
{
	struct vswd_ofconn *conns[64];
	unsigned int n = takers(b, conns), i;
	uint8_t out[128];
	struct vsw_ofp_buf buf = {.p = out, .cap = sizeof(out)};

	vsw_ofp_port_status_encode(&buf, VSW_OFP13, reason, port);
	for (i = 0; !buf.overflow && i < n; i++)
		vswd_ofconn_send(conns[i], out, buf.len);
}

void
vswd_of_port_status(struct vswd_switch *sw)
{
	struct vsw_ofp_port ports[VSW_MAX_PORTS];
	bool now[VSW_MAX_PORTS];
	unsigned int b, n, i, k;

	for (b = 0; b < sw->dp.n_bridges; b++) {
		n = vswd_of_bridge_ports(sw, b, ports);
		memset(now, 0, sizeof(now));
		for (i = 0; i < n; i++) {
			struct port_seen *s = NULL;

			for (k = 0; k < VSW_MAX_PORTS && s == NULL; k++)
				if (seen[b][k].present && seen[b][k].desc.ofport == ports[i].ofport)
					s = &seen[b][k];
			for (k = 0; k < VSW_MAX_PORTS && s == NULL; k++)
				if (!seen[b][k].present)
					s = &seen[b][k];
			if (s == NULL)
				continue;
			if (seen_once && (!s->present || s->link_up != ports[i].link_up))
				send_port_status(b, s->present ? 2 : 0, &ports[i]); /* MODIFY, ADD */
			s->present = true;
			s->link_up = ports[i].link_up;
			s->desc = ports[i];
			now[s - seen[b]] = true;
		}
		for (k = 0; k < VSW_MAX_PORTS; k++) {
			if (!seen[b][k].present || now[k])
				continue;
			send_port_status(b, 1, &seen[b][k].desc); /* DELETE */
			seen[b][k].present = false;
		}
	}
	seen_once = true;
}

unsigned int
vswd_of_packet_ins(struct vswd_switch *sw)
{
	uint64_t now = vswd_now_ns();
	bool pending = false, takers = false;
	unsigned int b;

	for (b = 0; b < sw->dp.n_bridges; b++)
		pending |= bridge_packet_ins(sw, b, now, &takers);
	/* Waiting ones: no sleep. Someone to tell: 1 ms (the rings' room). Else 10 ms. */
	return pending ? 0 : takers ? 1 : 10;
}
