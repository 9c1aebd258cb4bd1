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
 * Each PMD lets no more than the same rate and burst into a port's ring
 * (datapath/controller.c): in a flood the rest are lost in the PMD for the
 * cost of a compare, and the rings hold about what the bucket lets out.
 * A message goes to every connection of the bridge that takes its kind
 * and reason (SET_ASYNC's masks for its role; by default a master or equal
 * takes every packet-in but INVALID_TTL, port status and flow removal, a
 * slave only port status), reads what it is sent (less than
 * PACKET_IN_BACKLOG waits for it), and is a controller or a tool that set a
 * miss_send_len with SET_CONFIG (OVS's rule for tools). A bridge without
 * one drops its packet-ins as they come.
 */

#include <string.h>

#include <rte_ring_elem.h>
#include <rte_ring_peek_zc.h>

#include "vswitchd.h"

#define PACKET_INS_PER_LOOP 1024       /* so that one loop never starves the rest */
#define PACKET_IN_BACKLOG   (1u << 20) /* unsent bytes past which a peer gets no packet-ins */
#define ASYNC_SET_LEN	    32	       /* SET_ASYNC and GET_ASYNC_REPLY in 1.3: 6 masks */

/* A bridge's token bucket. */
static struct {
	double tokens;
	uint64_t last_ns;
} buckets[VSW_MAX_BRIDGES];

/* The connections of bridge b that take a message of kind for reason, into out; how many. */
static unsigned int
takers(unsigned int b, enum vswd_async_kind kind, unsigned int reason, struct vswd_ofconn **out)
{
	struct vswd_ofconn **conns;
	unsigned int n = vswd_channel_conns(&conns), i, k = 0;

	for (i = 0; i < n; i++) {
		const struct vswd_ofconn *c = conns[i];

		if (c->bridge == b && c->version != 0 && !c->closing &&
		    (c->controller >= 0 || c->miss_send_len != 0) && reason < 32 &&
		    (c->async[kind][c->role == OFPCR_ROLE_SLAVE] >> reason & 1) != 0 &&
		    c->tx_len - c->tx_off < PACKET_IN_BACKLOG)
			out[k++] = conns[i];
	}
	return k;
}

void
vswd_of_async_defaults(struct vswd_ofconn *c)
{
	memset(c->async, 0, sizeof(c->async));
	c->async[VSWD_ASYNC_PACKET_IN][0] = 1u << 0 | 1u << 1; /* NO_MATCH, ACTION */
	c->async[VSWD_ASYNC_PORT_STATUS][0] = 7;	       /* ADD, DELETE, MODIFY */
	c->async[VSWD_ASYNC_PORT_STATUS][1] = 7;
	c->async[VSWD_ASYNC_FLOW_REMOVED][0] = 15; /* IDLE, HARD, DELETE, GROUP_DELETE */
}

void
vswd_of_on_get_async(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	uint8_t out[ASYNC_SET_LEN];
	unsigned int k, r, i = VSW_OFP_HEADER_LEN;

	RTE_SET_USED(sw);
	if (len != VSW_OFP_HEADER_LEN) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_LEN, msg, len);
		return;
	}
	memcpy(out, msg, VSW_OFP_HEADER_LEN);
	out[1] = (uint8_t)vsw_ofp_wire_type(c->version, VSW_OFPT_GET_ASYNC_REPLY);
	out[2] = 0;
	out[3] = ASYNC_SET_LEN;
	for (k = 0; k < VSWD_ASYNC__COUNT; k++)
		for (r = 0; r < 2; r++, i += 4)
			rte_memcpy(out + i, &(uint32_t){rte_cpu_to_be_32(c->async[k][r])}, 4);
	vswd_ofconn_send(c, out, sizeof(out));
}

void
vswd_of_on_set_async(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	unsigned int k, r, i = VSW_OFP_HEADER_LEN;
	uint32_t be;

	RTE_SET_USED(sw);
	if (len != ASYNC_SET_LEN) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_LEN, msg, len);
		return;
	}
	for (k = 0; k < VSWD_ASYNC__COUNT; k++)
		for (r = 0; r < 2; r++, i += 4) {
			memcpy(&be, msg + i, 4);
			c->async[k][r] = rte_be_to_cpu_32(be);
		}
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
 * Bridge b's packet-ins of this loop; whether any ring still holds some that
 * could go now (not when the bucket is empty: those wait for the next loop,
 * a sleep away). *takers_seen: set when a connection takes packet-ins.
 */
static bool
bridge_packet_ins(struct vswd_switch *sw, unsigned int b, uint64_t now, bool *takers_seen)
{
	const struct vsw_dp_bridge *br = &sw->dp.bridges[b];
	struct vswd_ofconn
		*conns[2][VSWD_OF_MAX_CONNS]; /* by reason: VSW_PACKET_IN_NO_MATCH, _ACTION */
	unsigned int n[2], r, p, sent = 0;
	double tokens = refill(&sw->cfg->bridges[b], b, now);
	bool more = true, any;

	RTE_BUILD_BUG_ON(VSW_PACKET_IN_NO_MATCH != 0 || VSW_PACKET_IN_ACTION != 1);
	for (r = 0; r < 2; r++)
		n[r] = takers(b, VSWD_ASYNC_PACKET_IN, r, conns[r]);
	any = n[0] + n[1] > 0;
	*takers_seen |= any;
	while (more && sent < PACKET_INS_PER_LOOP && (!any || tokens >= 1)) {
		more = false;
		for (p = 0; p < br->n_ports; p++) {
			struct rte_ring *ring = sw->dp.packet_ins[br->ports[p]];
			const struct vsw_packet_in *pin;
			struct rte_ring_zc_data zcd;

			if (ring == NULL || rte_ring_dequeue_zc_bulk_elem_start(ring, sizeof(*pin),
										1, &zcd, NULL) == 0)
				continue;
			more = true;
			pin = zcd.ptr1; /* read in place, then given back */
			r = pin->reason != VSW_PACKET_IN_NO_MATCH;
			if (n[r] != 0) { /* else nobody to tell: dropped */
				send_packet_in(conns[r], n[r], pin);
				sent++;
				tokens -= 1;
			}
			rte_ring_dequeue_zc_elem_finish(ring, 1);
		}
	}
	buckets[b].tokens = tokens;
	if (any && tokens < 1)
		return false; /* the rest waits for tokens: a sleep, not a spin, until then */
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
	struct vswd_ofconn *conns[VSWD_OF_MAX_CONNS];
	unsigned int n = takers(wt->bridge, VSWD_ASYNC_FLOW_REMOVED, why, conns), i;
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
	struct vswd_ofconn *conns[VSWD_OF_MAX_CONNS];
	unsigned int n = takers(b, VSWD_ASYNC_PORT_STATUS, reason, conns), i;
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
				send_port_status(b, s->present ? 2 : 0,
						 &ports[i]); /* MODIFY, ADD */
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
	/*
	 * Ones that could go now: no sleep. Someone to tell: 1 ms (the PMDs fill
	 * the rings no faster than the rate: a millisecond of it). Else 10 ms.
	 */
	return pending ? 0 : takers ? 1 : 10;
}
