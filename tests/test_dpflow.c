/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_dpflow: the datapath flow cache against the uncached pipeline,
 * packet by packet, on randomised pipelines, frames and rule changes.
 *
 * Two PMD structs share one bridge: PMD 0 receives each burst from port
 * IN's ring and handles it the way the PMD thread does (vsw_pmd_poll:
 * exact-match cache, datapath flow cache, translation), PMD 1 runs the same
 * frames, copied, through the tables one by one (vsw_pmd_execute, no
 * cache). Every output port's frames, in order and byte for byte, every
 * packet-in (its fields and bytes, in order), every drop counter and every
 * rule's packet and byte counts must be the same for both. The pipelines: 4 tables of random rules
 * over a few fields (ports, VLAN, addresses with prefixes, protocol, L4 ports, TTL) with random
 * actions (edits, VLAN push/pop, dec_ttl, outputs, flood, NORMAL,
 * controller, resubmit, goto_table) and pipeline state (rules match reg0 and metadata;
 * actions load them, and move bits between them and packet fields, both
 * ways); the frames draw from small sets of values, so
 * many share a datapath flow while differing in bits it leaves wild. Every
 * 25 bursts one rule is added or deleted (a commit each: the cache keeps
 * the flows the change cannot affect), every 500 a batch the change log
 * summarises changes one table: random rules, or host routes within one
 * prefix, and a quarter of the table's rules deleted.
 */

#include <stdlib.h>
#include <string.h>

#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "testlib.h"
#include "vsw_dp_writer.h"

#define N_PORTS		4 /* IN (0) and three outputs, all on bridge 0 */
#define N_TABLES	4
#define N_ROUNDS	3000
#define SEEDS		4
#define PACKET_IN_QUEUE 4096 /* per port: a burst's packet-ins all fit, none lost */

static struct vsw_dp dp;
static struct vsw_cls_writer *cls;
static struct vsw_reclaim *reclaim;
static struct rte_mempool *pool;
static struct rte_ring *rx_ring[N_PORTS], *tx_ring[N_PORTS];
static struct vsw_pmd *pmds[2];
static unsigned long frames_compared, mismatches, packet_ins_compared;

/* Small value sets: frames collide on some fields and differ on others. */
static const uint32_t addrs[] = {0x0a000001, 0x0a000002, 0x0a010001, 0x0b000001, 0xc0a80001};
static const uint16_t l4_ports[] = {53, 80, 443, 1000};
static const uint8_t ttls[] = {1, 2, 64};

static uint32_t
pick(uint64_t *seed, uint32_t n)
{
	return (uint32_t)(test_rand(seed) % n);
}

/* A random frame: Ethernet, maybe one or two VLAN tags, then IPv4 UDP/TCP or ARP. */
static struct rte_mbuf *
random_frame(uint64_t *seed)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p, tags = (uint8_t)pick(seed, 4) == 0 ? 2 : (uint8_t)pick(seed, 2);
	unsigned int off = 12, i, len;
	uint32_t src = addrs[pick(seed, RTE_DIM(addrs))], dst = addrs[pick(seed, RTE_DIM(addrs))];
	bool arp = pick(seed, 8) == 0;

	if (m == NULL)
		return NULL;
	len = 14 + 4u * tags + (arp ? 28 : 20 + 8 + 6);
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	memset(p, 0, len);
	p[0] = 0x02;
	p[5] = (uint8_t)pick(seed, 3); /* destination MAC: three of them */
	p[6] = 0x02;
	p[11] = (uint8_t)pick(seed, 3);
	for (i = 0; i < tags; i++, off += 4) {
		p[off] = i == 0 && tags == 2 ? 0x88 : 0x81;
		p[off + 1] = i == 0 && tags == 2 ? 0xa8 : 0x00;
		p[off + 3] = (uint8_t)(10 + pick(seed, 2));
	}
	p[off] = 0x08;
	p[off + 1] = arp ? 0x06 : 0x00;
	off += 2;
	if (arp) {
		p[off + 1] = 1;
		p[off + 2] = 0x08;
		p[off + 4] = 6;
		p[off + 5] = 4;
		p[off + 7] = 1;
		memcpy(p + off + 14, &src, 4);
		memcpy(p + off + 24, &dst, 4);
		return m;
	}
	p[off] = 0x45;
	p[off + 3] = 20 + 8 + 6;
	p[off + 8] = ttls[pick(seed, RTE_DIM(ttls))];
	p[off + 9] = pick(seed, 2) ? 17 : 6;
	src = rte_cpu_to_be_32(src);
	dst = rte_cpu_to_be_32(dst);
	memcpy(p + off + 12, &src, 4);
	memcpy(p + off + 16, &dst, 4);
	p[off + 20 + 1] = (uint8_t)l4_ports[pick(seed, RTE_DIM(l4_ports))];
	p[off + 20 + 2] = (uint8_t)(l4_ports[pick(seed, RTE_DIM(l4_ports))] >> 8);
	p[off + 20 + 3] = (uint8_t)l4_ports[pick(seed, RTE_DIM(l4_ports))];
	if (p[off + 9] == 6) /* TCP: the header is longer than what is there: truncated */
		m->data_len = m->pkt_len = off + 20 + 8;
	return m;
}

/* A random match over a few fields. */
static void
random_match(uint64_t *seed, struct vsw_rule_spec *s)
{
	static const uint8_t prefixes[] = {8, 16, 24, 32};
	uint32_t a;

	if (pick(seed, 3) == 0) {
		s->mask.in_port = 0xffff;
		s->key.in_port = (uint16_t)(1 + pick(seed, N_PORTS));
	}
	if (pick(seed, 4) == 0) {
		s->mask.vlan_tci = RTE_BE16(0x1fff);
		s->key.vlan_tci =
			pick(seed, 2) ? 0 : rte_cpu_to_be_16(0x1000 | (10 + pick(seed, 2)));
	}
	if (pick(seed, 4) == 0) {
		s->mask.dl_dst[5] = 0xff;
		s->key.dl_dst[5] = (uint8_t)pick(seed, 3);
	}
	if (pick(seed, 4) == 0) {
		s->state_mask.reg[0] = 0x3;
		s->state.reg[0] = pick(seed, 4);
	}
	if (pick(seed, 6) == 0) {
		s->state_mask.metadata = UINT64_MAX;
		s->state.metadata = pick(seed, 2);
	}
	if (pick(seed, 3) == 0)
		return;
	s->mask.dl_type = 0xffff;
	s->key.dl_type = RTE_BE16(0x0800);
	if (pick(seed, 2)) {
		a = rte_cpu_to_be_32(~0u << (32 - prefixes[pick(seed, RTE_DIM(prefixes))]));
		memcpy(s->mask.nw_src, &a, 4);
		a &= rte_cpu_to_be_32(addrs[pick(seed, RTE_DIM(addrs))]);
		memcpy(s->key.nw_src, &a, 4);
	}
	if (pick(seed, 2)) {
		a = rte_cpu_to_be_32(~0u << (32 - prefixes[pick(seed, RTE_DIM(prefixes))]));
		memcpy(s->mask.nw_dst, &a, 4);
		a &= rte_cpu_to_be_32(addrs[pick(seed, RTE_DIM(addrs))]);
		memcpy(s->key.nw_dst, &a, 4);
	}
	if (pick(seed, 3) == 0) {
		s->mask.nw_ttl = 0xff;
		s->key.nw_ttl = ttls[pick(seed, RTE_DIM(ttls))];
	}
	if (pick(seed, 2)) {
		s->mask.nw_proto = 0xff;
		s->key.nw_proto = pick(seed, 2) ? 17 : 6;
		if (pick(seed, 2)) {
			s->mask.tp_dst = 0xffff;
			s->key.tp_dst = rte_cpu_to_be_16(l4_ports[pick(seed, RTE_DIM(l4_ports))]);
		}
	}
}

/* A random action set entry: what write_actions may hold. */
static void
random_set_action(uint64_t *seed, struct vsw_action *a)
{
	static const uint16_t types[] = {VSW_ACTION_OUTPUT,    VSW_ACTION_SET_FIELD,
					 VSW_ACTION_DEC_TTL,   VSW_ACTION_STRIP_VLAN,
					 VSW_ACTION_PUSH_VLAN, VSW_ACTION_MOD_VLAN_VID,
					 VSW_ACTION_FLOOD,     VSW_ACTION_IN_PORT};

	memset(a, 0, sizeof(*a));
	a->type = types[pick(seed, RTE_DIM(types))];
	a->port = (uint16_t)pick(seed, N_PORTS);
	a->ofport = (uint16_t)(a->port + 1);
	a->value = a->type == VSW_ACTION_PUSH_VLAN ? 0x8100 : 10 + pick(seed, 2);
	if (a->type == VSW_ACTION_SET_FIELD) {
		a->field = pick(seed, 2) ? VSW_FIELD_ETH_DST : VSW_FIELD_IPV4_SRC;
		a->value = a->field == VSW_FIELD_ETH_DST ? 0x020000000000ULL | pick(seed, 3)
							 : addrs[pick(seed, RTE_DIM(addrs))];
		a->mask = a->field == VSW_FIELD_ETH_DST ? 0xffffffffffffULL : 0xffffffff;
	}
}

/*
 * Now and then clear_actions and write_actions (1 to 3 actions) at the end
 * of list a[0..n), before a goto_table; returns the new length.
 */
static uint32_t
random_instructions(uint64_t *seed, struct vsw_action *a, uint32_t n)
{
	struct vsw_action go = {0};
	uint32_t k, w;

	if (pick(seed, 4) != 0)
		return n;
	if (n > 0 && a[n - 1].type == VSW_ACTION_GOTO_TABLE)
		go = a[--n];
	if (pick(seed, 3) == 0) {
		memset(&a[n], 0, sizeof(a[n]));
		a[n++].type = VSW_ACTION_CLEAR_ACTIONS;
	}
	if (pick(seed, 4) != 0) {
		w = 1 + pick(seed, 3);
		memset(&a[n], 0, sizeof(a[n]));
		a[n].type = VSW_ACTION_WRITE_ACTIONS;
		a[n++].value = w;
		for (k = 0; k < w; k++)
			random_set_action(seed, &a[n++]);
	}
	if (go.type != VSW_ACTION__NONE)
		a[n++] = go;
	return n;
}

/* The applied actions of a random list for a rule of table t; how many. */
static uint32_t
random_applied(uint64_t *seed, unsigned int t, struct vsw_action *a)
{
	uint32_t n = pick(seed, 5), i;

	for (i = 0; i < n; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		switch (pick(seed, 15)) {
		case 0:
		case 1:
			a[i].type = VSW_ACTION_OUTPUT;
			a[i].port = (uint16_t)pick(seed, N_PORTS);
			a[i].ofport = (uint16_t)(a[i].port + 1);
			break;
		case 2:
			a[i].type = VSW_ACTION_SET_FIELD;
			a[i].field = VSW_FIELD_IPV4_SRC;
			a[i].value = addrs[pick(seed, RTE_DIM(addrs))];
			a[i].mask = pick(seed, 2) ? 0xffffffff : 0xff;
			break;
		case 3:
			a[i].type = VSW_ACTION_SET_FIELD;
			a[i].field = VSW_FIELD_ETH_DST;
			a[i].value = 0x020000000000ULL | pick(seed, 3);
			a[i].mask = 0xffffffffffffULL;
			break;
		case 4:
			a[i].type = VSW_ACTION_SET_FIELD;
			a[i].field = VSW_FIELD_TP_DST;
			a[i].value = l4_ports[pick(seed, RTE_DIM(l4_ports))];
			a[i].mask = 0xffff;
			if (pick(seed, 3) == 0) { /* the TTL a later dec_ttl or match sees */
				a[i].field = VSW_FIELD_NW_TTL;
				a[i].value = pick(seed, 3);
				a[i].mask = 0xff;
			} else if (pick(seed, 4) == 0) { /* another input port, or none (0) */
				a[i].field = VSW_FIELD_IN_PORT;
				a[i].value = pick(seed, N_PORTS + 1);
				a[i].mask = 0xffff;
			}
			break;
		case 5:
			a[i].type = VSW_ACTION_DEC_TTL;
			break;
		case 6:
			a[i].type = pick(seed, 2) ? VSW_ACTION_STRIP_VLAN : VSW_ACTION_MOD_VLAN_VID;
			a[i].value = 10 + pick(seed, 2);
			break;
		case 7:
			a[i].type = VSW_ACTION_PUSH_VLAN;
			a[i].value = pick(seed, 2) ? 0x8100 : 0x88a8;
			break;
		case 8:
			a[i].type = pick(seed, 3) == 0	 ? VSW_ACTION_NORMAL
				    : pick(seed, 2) == 0 ? VSW_ACTION_FLOOD
							 : VSW_ACTION_IN_PORT;
			if (pick(seed, 3) == 0) { /* controller:max_len */
				static const uint16_t max_lens[] = {0, 14, 64, 0xffff};

				a[i].type = VSW_ACTION_CONTROLLER;
				a[i].value = max_lens[pick(seed, RTE_DIM(max_lens))];
			}
			break;
		case 9: /* load, write_metadata */
			a[i].type = VSW_ACTION_SET_FIELD;
			a[i].field = pick(seed, 3) ? VSW_FIELD_REG0 : VSW_FIELD_METADATA;
			a[i].value = pick(seed, 4);
			a[i].mask = pick(seed, 2) ? 0x3 : 0x1;
			break;
		case 10: /* a packet field's low bits into reg0 */
			a[i].type = VSW_ACTION_MOVE;
			a[i].src_field = pick(seed, 3) == 0   ? VSW_FIELD_ETH_DST
					 : pick(seed, 2) == 0 ? VSW_FIELD_IPV4_DST
							      : VSW_FIELD_TP_DST;
			a[i].field = VSW_FIELD_REG0;
			a[i].n_bits = 2;
			break;
		case 11: /* reg0's low bits into a packet field */
			a[i].type = VSW_ACTION_MOVE;
			a[i].src_field = VSW_FIELD_REG0;
			a[i].field = pick(seed, 2) ? VSW_FIELD_ETH_DST : VSW_FIELD_TP_DST;
			a[i].n_bits = 2;
			break;
		default: /* resubmit, or goto_table as the last action */
			a[i].type = VSW_ACTION_RESUBMIT; /* now and then back, into a loop */
			a[i].table = pick(seed, 8) == 0 || t + 1 == N_TABLES
					     ? (uint8_t)pick(seed, N_TABLES)
					     : (uint8_t)(t + 1 + pick(seed, N_TABLES - t - 1));
			a[i].ofport = pick(seed, 4) == 0 ? (uint16_t)(1 + pick(seed, N_PORTS))
							 : VSW_OFPORT_NONE;
			if (t + 1 < N_TABLES && pick(seed, 2) == 0) {
				a[i].type = VSW_ACTION_GOTO_TABLE;
				a[i].table = (uint8_t)(t + 1 + pick(seed, N_TABLES - t - 1));
				a[i].ofport = 0;
				return i + 1;
			}
			break;
		}
	}
	return n;
}

/* A random action list for a rule of table t; returns how many actions. */
static uint32_t
random_actions(uint64_t *seed, unsigned int t, struct vsw_action *a)
{
	return random_instructions(seed, a, random_applied(seed, t, a));
}

/* Add one random rule to table t (-1: any) (a collision with an existing match replaces it). */
static void
add_random_rule(uint64_t *seed, int t)
{
	struct vsw_action acts[16];
	struct vsw_rule_spec s;
	char err[256];

	memset(&s, 0, sizeof(s));
	s.table = (uint8_t)(t >= 0 ? (unsigned int)t : pick(seed, N_TABLES));
	s.priority = (uint16_t)pick(seed, 4) * 10;
	random_match(seed, &s);
	s.actions = acts;
	s.n_actions = random_actions(seed, s.table, acts);
	EXPECT_MSG(vsw_cls_add(cls, &s, err, sizeof(err)) == 0, "add: %s", err);
}

/*
 * Add n rules on /32 sources 10.0.0.1..n to table t, random priorities and
 * actions: a batch the change log summarises as "10.0.0.0/27", which some
 * frames' sources fall in and others do not.
 */
static void
add_host_rules(uint64_t *seed, unsigned int t, unsigned int n)
{
	struct vsw_action acts[16];
	struct vsw_rule_spec s;
	char err[256];
	unsigned int i;
	uint32_t a;

	for (i = 1; i <= n; i++) {
		memset(&s, 0, sizeof(s));
		s.table = (uint8_t)t;
		s.priority = (uint16_t)pick(seed, 4) * 10;
		s.mask.dl_type = 0xffff;
		s.key.dl_type = RTE_BE16(0x0800);
		memset(s.mask.nw_src, 0xff, 4);
		a = rte_cpu_to_be_32(0x0a000000 | i);
		memcpy(s.key.nw_src, &a, 4);
		s.actions = acts;
		s.n_actions = random_actions(seed, t, acts);
		EXPECT_MSG(vsw_cls_add(cls, &s, err, sizeof(err)) == 0, "add: %s", err);
	}
}

static bool
keep_all(const struct vsw_rule *r, void *arg)
{
	RTE_SET_USED(r);
	RTE_SET_USED(arg);
	return true;
}

static bool
keep_one(const struct vsw_rule *r, void *arg)
{
	RTE_SET_USED(r);
	return test_rand(arg) % 4 == 0;
}

/* Delete about a quarter of table t's rules, or only the first of them. */
static void
delete_some(uint64_t *seed, unsigned int t, bool only_one)
{
	const struct vsw_rule **sel = NULL;
	size_t n = 0, i;

	if (vsw_cls_select(cls, t, keep_one, seed, &sel, &n) < 0)
		return;
	for (i = 0; i < n && (i == 0 || !only_one); i++)
		EXPECT(vsw_cls_remove(cls, sel[i]) == 0);
	free(sel);
}

/* The frames each PMD sent, per port. */
struct sent {
	struct rte_mbuf *m[N_PORTS][4096]; /* a burst sends at most VSW_BURST * 64 */
	unsigned int n[N_PORTS];
};

/* Flush PMD i's buffers and take what reached each port's tx ring. */
static void
collect(unsigned int i, struct sent *out)
{
	unsigned int p;

	vsw_pmd_flush(pmds[i]);
	for (p = 0; p < N_PORTS; p++) {
		out->n[p] = rte_ring_dequeue_burst(tx_ring[p], (void **)out->m[p],
						   RTE_DIM(out->m[p]), NULL);
		EXPECT(out->n[p] < RTE_DIM(out->m[p]));
	}
}

/* The frames the two PMDs sent out of each port must be the same, in order. */
static void
compare_sent(struct sent *a, struct sent *b)
{
	unsigned int p, i;

	for (p = 0; p < N_PORTS; p++) {
		EXPECT_MSG(a->n[p] == b->n[p], "port %u: %u frames cached, %u uncached", p, a->n[p],
			   b->n[p]);
		for (i = 0; i < a->n[p] && i < b->n[p]; i++) {
			const struct rte_mbuf *x = a->m[p][i], *y = b->m[p][i];
			bool same = x->pkt_len == y->pkt_len &&
				    memcmp(rte_pktmbuf_mtod(x, const void *),
					   rte_pktmbuf_mtod(y, const void *), x->data_len) == 0;

			frames_compared++;
			mismatches += !same;
			EXPECT_MSG(same, "port %u frame %u differs (lengths %u, %u)", p, i,
				   x->pkt_len, y->pkt_len);
		}
		rte_pktmbuf_free_bulk(a->m[p], a->n[p]);
		rte_pktmbuf_free_bulk(b->m[p], b->n[p]);
	}
}

/* The packet-ins the PMDs queued since the last call, into out (at most max); how many. */
static unsigned int
take_packet_ins(struct vsw_packet_in *out, unsigned int max)
{
	unsigned int p, n = 0;

	for (p = 0; p < N_PORTS; p++)
		while (n < max &&
		       rte_ring_dequeue_elem(dp.packet_ins[p], &out[n], sizeof(out[0])) == 0)
			n++;
	return n;
}

/* The packet-ins of the two PMDs must be the same, in order: fields and bytes. */
static void
compare_packet_ins(const struct vsw_packet_in *a, unsigned int na, const struct vsw_packet_in *b,
		   unsigned int nb)
{
	unsigned int i;

	EXPECT_MSG(na == nb, "%u packet-ins cached, %u uncached", na, nb);
	for (i = 0; i < na && i < nb; i++) {
		bool same = a[i].cookie == b[i].cookie && a[i].in_port == b[i].in_port &&
			    a[i].total_len == b[i].total_len && a[i].len == b[i].len &&
			    a[i].table == b[i].table && a[i].reason == b[i].reason &&
			    memcmp(a[i].data, b[i].data, a[i].len) == 0;

		packet_ins_compared++;
		mismatches += !same;
		EXPECT_MSG(same, "packet-in %u differs (in_port %u, %u; len %u, %u)", i,
			   a[i].in_port, b[i].in_port, a[i].len, b[i].len);
	}
}

/* One burst: PMD 0 the cached way, PMD 1 uncached; outputs compared per port. */
static void
one_burst(uint64_t *seed)
{
	struct rte_mbuf *pkts[VSW_BURST];
	static struct sent sent[2];
	static struct vsw_packet_in pins[2][PACKET_IN_QUEUE];
	unsigned int n = 1 + pick(seed, VSW_BURST), i, n_pins[2];
	const struct vsw_dp_bridge *br = &dp.bridges[0];
	uint64_t v = vsw_cls_version(br->cls);

	for (i = 0; i < n; i++) {
		pkts[i] = random_frame(seed);
		if (pkts[i] == NULL)
			return;
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *c = rte_pktmbuf_copy(pkts[i], pool, 0, UINT32_MAX);
		struct vsw_flow_key key;

		vsw_key_parse(c, 1, &key);
		vsw_pmd_execute(pmds[1], br, 0, &key, v, vsw_cls_lookup(br->cls, 0, &key, v), c);
	}
	collect(1, &sent[1]);
	n_pins[1] = take_packet_ins(pins[1], PACKET_IN_QUEUE);
	EXPECT(rte_ring_enqueue_burst(rx_ring[0], (void **)pkts, n, NULL) == n);
	EXPECT(vsw_pmd_poll(pmds[0], 0) == n);
	collect(0, &sent[0]);
	n_pins[0] = take_packet_ins(pins[0], PACKET_IN_QUEUE);
	compare_sent(&sent[0], &sent[1]);
	compare_packet_ins(pins[0], n_pins[0], pins[1], n_pins[1]);
}

/* Every rule's counts and every drop count the same for both PMDs. */
static void
compare_counters(void)
{
	const struct vsw_rule **all = NULL;
	size_t n = 0, i;
	unsigned int t, r;

	for (t = 0; t < N_TABLES; t++) {
		if (vsw_cls_select(cls, t, keep_all, NULL, &all, &n) < 0)
			continue;
		for (i = 0; i < n; i++)
			EXPECT_MSG(all[i]->counters[0].packets == all[i]->counters[1].packets &&
					   all[i]->counters[0].bytes == all[i]->counters[1].bytes,
				   "table %u rule %zu: cached %lu/%lu, uncached %lu/%lu", t, i,
				   (unsigned long)all[i]->counters[0].packets,
				   (unsigned long)all[i]->counters[0].bytes,
				   (unsigned long)all[i]->counters[1].packets,
				   (unsigned long)all[i]->counters[1].bytes);
		free(all);
		all = NULL;
	}
	for (r = 0; r < VSW_DROP__COUNT; r++)
		EXPECT_MSG(dp.shm->pmds[0].port[0].drops[r] == dp.shm->pmds[1].port[0].drops[r],
			   "drop %s: cached %lu, uncached %lu", vsw_shm_drop_name(r),
			   (unsigned long)dp.shm->pmds[0].port[0].drops[r],
			   (unsigned long)dp.shm->pmds[1].port[0].drops[r]);
}

static int
setup_ports(void)
{
	char name[32], dev[48];
	unsigned int i;

	pool = rte_pktmbuf_pool_create("dpflow", 16383, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL)
		return -1;
	for (i = 0; i < N_PORTS; i++) {
		snprintf(name, sizeof(name), "dpf%urx", i);
		rx_ring[i] = rte_ring_create(name, 4096, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dpf%utx", i);
		tx_ring[i] = rte_ring_create(name, 4096, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dpf%u", i);
		snprintf(dev, sizeof(dev), "net_ring_%s", name);
		if (rx_ring[i] == NULL || tx_ring[i] == NULL ||
		    rte_eth_from_rings(name, &rx_ring[i], 1, &tx_ring[i], 1, 0) < 0)
			return -1;
		snprintf(name, sizeof(name), "dpf%upin", i);
		if (vsw_controller_ring_create(name, PACKET_IN_QUEUE, sizeof(struct vsw_packet_in),
					       &dp.packet_ins[i]) < 0)
			return -1;
		dp.ports[i] = test_open_port(i, dev, pool);
		if (dp.ports[i] == NULL)
			return -1;
		dp.bridges[0].ports[dp.bridges[0].n_ports++] = (uint16_t)i;
		dp.n_ports++;
	}
	return 0;
}

/*
 * Publish the staged changes; free what they unlinked (no reader holds it
 * between two bursts of this thread's PMDs).
 */
static void
commit(void)
{
	vsw_cls_commit(cls);
	vsw_reclaim_poll(reclaim);
}

/* One randomised pipeline, N_ROUNDS bursts with rule changes among them. */
static void
run_seed(uint64_t seed)
{
	unsigned int round, i, t;

	for (i = 0; i < 40; i++)
		add_random_rule(&seed, -1);
	commit();
	for (round = 0; round < N_ROUNDS && test_failures < 20; round++) {
		one_burst(&seed);
		if (round % 500 == 499) {
			/* More changes to one table than the log keeps one by one. */
			t = pick(&seed, N_TABLES);
			if (pick(&seed, 2))
				add_host_rules(&seed, t, VSW_TABLE_LOG + 2);
			else
				for (i = 0; i < VSW_TABLE_LOG + 2; i++)
					add_random_rule(&seed, (int)t);
			delete_some(&seed, t, false);
			commit();
		} else if (round % 25 == 24) {
			/* One change per commit: the flows it cannot affect stay. */
			if (pick(&seed, 2))
				add_random_rule(&seed, -1);
			else
				delete_some(&seed, pick(&seed, N_TABLES), true);
			commit();
		}
	}
	compare_counters();
	for (i = 0; i < N_TABLES; i++) {
		const struct vsw_rule **all = NULL;
		size_t n = 0, j;

		if (vsw_cls_select(cls, i, keep_all, NULL, &all, &n) < 0)
			continue;
		for (j = 0; j < n; j++)
			vsw_cls_remove(cls, all[j]);
		free(all);
	}
	commit();
}

int
main(void)
{
	struct vsw_fdb_writer *fdb;
	unsigned int lcores[2] = {1, 2}, p;
	uint64_t seed;
	char err[256];

	if (test_eal_init("test_dpflow", "0") < 0)
		return 1;
	dp.shm = vsw_shm_create();
	dp.qsbr = rte_zmalloc(NULL, rte_rcu_qsbr_get_memsize(2), RTE_CACHE_LINE_SIZE);
	if (dp.shm == NULL || dp.qsbr == NULL || rte_rcu_qsbr_init(dp.qsbr, 2) != 0 ||
	    vsw_reclaim_create(dp.qsbr, &reclaim) != 0 ||
	    vsw_cls_create(0, 2, reclaim, &cls, err, sizeof(err)) != 0 ||
	    vsw_fdb_create(0, 1024, 300, reclaim, &fdb, err, sizeof(err)) != 0 ||
	    vsw_fdb_ring_create(&dp.learn_ring) != 0 || setup_ports() < 0) {
		fprintf(stderr, "test_dpflow: setup failed\n");
		return 1;
	}
	dp.bridges[0].cls = vsw_cls_tables(cls);
	dp.bridges[0].fdb = vsw_fdb_table(fdb);
	dp.bridges[0].fail_mode = VSW_FAIL_STANDALONE;
	dp.n_bridges = 1;
	dp.shm->n_ports = dp.n_ports;
	dp.shm->n_pmds = 2;
	dp.dpflow_flows = 2048; /* small: evictions happen too */
	if (vsw_pmd_create_all(&dp, lcores, 2, pmds) < 0)
		return 1;
	EXPECT(pmds[0]->n_rxq > 0 && pmds[0]->rxq[0].port == dp.ports[0]);
	for (seed = 1; seed <= SEEDS && test_failures == 0; seed++)
		run_seed(seed * 0x9e3779b97f4a7c15ULL);
	{
		const struct vsw_pmd_stats *c = &dp.shm->pmds[0].c;

		printf("test_dpflow: %d seeds, %lu frames and %lu packet-ins compared, %lu differ; "
		       "cached PMD: %lu "
		       "packets, %lu exact-match hits, %lu datapath flow hits, %lu translations, "
		       "%lu inserts, %lu evictions, %lu table-0 answers; across commits %lu flows "
		       "kept, %lu invalidated\n",
		       SEEDS, frames_compared, packet_ins_compared, mismatches,
		       (unsigned long)c->packets, (unsigned long)c->emc_hits,
		       (unsigned long)c->dpflow_hits, (unsigned long)c->dpflow_misses,
		       (unsigned long)c->dpflow_inserts, (unsigned long)c->dpflow_evictions,
		       (unsigned long)(c->classifier_hits + c->misses),
		       (unsigned long)c->dpflow_kept, (unsigned long)c->dpflow_invalidated);
		EXPECT(c->dpflow_invalidated > 0);
		EXPECT(c->dpflow_hits > 0 && c->dpflow_inserts > 0 && c->dpflow_evictions > 0);
		/* A commit every 25 bursts, yet most flows outlive them. */
		EXPECT(c->dpflow_kept > c->dpflow_invalidated);
		/* Every packet answered once, also when a flow was evicted in its burst. */
		EXPECT_MSG(c->simple_hits + c->emc_hits + c->dpflow_hits + c->classifier_hits +
					   c->misses + c->dpflow_misses ==
				   c->packets,
			   "answers %lu, packets %lu",
			   (unsigned long)(c->simple_hits + c->emc_hits + c->dpflow_hits +
					   c->classifier_hits + c->misses + c->dpflow_misses),
			   (unsigned long)c->packets);
	}
	vsw_pmd_free_all(pmds, 2);
	for (p = 0; p < dp.n_ports; p++)
		dp.ports[p]->ops->close(dp.ports[p]);
	vsw_fdb_destroy(fdb);
	vsw_cls_destroy(cls);
	vsw_reclaim_destroy(reclaim);
	return test_finish("test_dpflow");
}
