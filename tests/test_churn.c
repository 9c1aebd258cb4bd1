/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_churn: rules added and deleted 10,000 times a second while a real PMD
 * thread (vsw_pmd_run on lcore 1) forwards.
 *
 * Ports: IN, HIT and MISS are net_ring ethdevs whose rings this test feeds
 * and drains, so it knows when each packet was sent relative to each commit;
 * LOAD is a net_pcap port replaying a capture forever (infinite_rx) into
 * SINK (net_null), to keep the PMD busy meanwhile.
 * Rules: in_port=LOAD -> SINK (50); in_port=IN -> MISS (0); and, churned,
 * one rule per flow i, udp,tp_dst=1000+i -> HIT (100).
 *
 * Each round sends a burst, toggles a few flows' rules (each change is its
 * own commit), sends another burst, and drains. A packet sent after the last
 * change to its flow returned must have gone where the rules then said:
 * HIT if its rule was present, MISS if deleted. In particular no packet sent
 * after a deletion returned is handled by the deleted rule. Packets sent
 * before a change may go either way. At the end, with every churned rule
 * deleted and the grace periods passed, the rule count and the hugepage heap
 * are back where they started.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "testlib.h"
#include "vsw_dp_writer.h"

#define N_FLOWS		       64
#define CHANGES_PER_ROUND      16
#define TARGET_CHANGES_PER_SEC 10000
#define RUN_SECONDS	       3
#define MAX_SEQ		       (1u << 22)

enum { P_IN, P_HIT, P_MISS, P_LOAD, P_SINK, N_PORTS };

static struct vsw_dp dp;
static struct vsw_cls_writer *cls;
static struct rte_mempool *pool;
static struct rte_ring *rings[3][2]; /* IN, HIT, MISS: [0] rx, [1] tx */
static char pcap_path[64];

/* What the test knows of each flow and each packet it sent. */
static bool present[N_FLOWS];	    /* flow's rule present (as of the last commit) */
static uint32_t changes[N_FLOWS];   /* commits that toggled it */
static uint8_t sent_state[MAX_SEQ]; /* per seq: 1 present, 0 absent */
static uint32_t sent_changes[MAX_SEQ];
static uint8_t sent_flow[MAX_SEQ];
static uint32_t next_seq;
static unsigned long checked, either_way, violations;

static void
flow_spec(unsigned int f, struct vsw_rule_spec *s)
{
	static const struct vsw_action hit = {
		.type = VSW_ACTION_OUTPUT, .port = P_HIT, .ofport = P_HIT + 1};

	memset(s, 0, sizeof(*s));
	s->priority = 100;
	s->key.dl_type = RTE_BE16(0x0800);
	s->key.nw_proto = 17;
	s->key.tp_dst = rte_cpu_to_be_16((uint16_t)(1000 + f));
	s->mask.dl_type = 0xffff;
	s->mask.nw_proto = 0xff;
	s->mask.tp_dst = 0xffff;
	s->actions = &hit;
	s->n_actions = 1;
}

static void
toggle(unsigned int f)
{
	struct vsw_rule_spec s;
	char err[256];

	flow_spec(f, &s);
	if (present[f])
		EXPECT(vsw_cls_delete_strict(cls, &s) == 0);
	else
		EXPECT(vsw_cls_add(cls, &s, err, sizeof(err)) == 0);
	vsw_cls_commit(cls);
	present[f] = !present[f];
	changes[f]++;
}

/* UDP to port 1000+f, carrying its sequence number. */
static struct rte_mbuf *
make_packet(unsigned int f, uint32_t seq)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, 14 + 20 + 8 + 4);
	memset(p, 0, 14 + 20 + 8 + 4);
	p[12] = 0x08;				     /* IPv4 */
	p[14] = 0x45;				     /* version, IHL */
	p[17] = 20 + 8 + 4;			     /* total length */
	p[22] = 64;				     /* TTL */
	p[23] = 17;				     /* UDP */
	p[14 + 20 + 2] = (uint8_t)((1000 + f) >> 8); /* destination port */
	p[14 + 20 + 3] = (uint8_t)(1000 + f);
	memcpy(p + 14 + 20 + 8, &seq, 4);
	return m;
}

static unsigned int
send_burst(uint64_t *seed)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, n = 0;

	for (i = 0; i < RTE_DIM(pkts) && next_seq < MAX_SEQ; i++) {
		unsigned int f = (unsigned int)(test_rand(seed) % N_FLOWS);

		pkts[n] = make_packet(f, next_seq);
		if (pkts[n] == NULL)
			break;
		sent_flow[next_seq] = (uint8_t)f;
		sent_state[next_seq] = present[f];
		sent_changes[next_seq] = changes[f];
		next_seq++;
		n++;
	}
	EXPECT(rte_ring_enqueue_burst(rings[P_IN][0], (void **)pkts, n, NULL) == n);
	return n;
}

/* Receive `want` packets from HIT and MISS and judge each. */
static void
drain(unsigned int want)
{
	uint64_t deadline = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	struct rte_mbuf *pkts[64];
	unsigned int got = 0, r, i, n;

	while (got < want && rte_get_timer_cycles() < deadline) {
		for (r = P_HIT; r <= P_MISS; r++) {
			n = rte_ring_dequeue_burst(rings[r][1], (void **)pkts, RTE_DIM(pkts), NULL);
			for (i = 0; i < n; i++) {
				uint32_t seq;
				unsigned int f;

				memcpy(&seq, rte_pktmbuf_mtod_offset(pkts[i], uint8_t *, 42), 4);
				f = sent_flow[seq];
				checked++;
				if (sent_changes[seq] != changes[f])
					either_way++; /* sent before a change to its flow */
				else if ((r == P_HIT) != (sent_state[seq] == 1))
					violations++;
				rte_pktmbuf_free(pkts[i]);
			}
			got += n;
		}
	}
	EXPECT(got == want);
}

/* A capture of 64 UDP frames for the LOAD port. */
static int
write_load_pcap(void)
{
	static const uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
	uint8_t frame[60] = {0};
	uint32_t rec[4] = {0, 0, sizeof(frame), sizeof(frame)};
	FILE *f;
	int i;

	snprintf(pcap_path, sizeof(pcap_path), "/tmp/vswt-churn-%d.pcap", (int)getpid());
	f = fopen(pcap_path, "wb");
	if (f == NULL)
		return -1;
	fwrite(hdr, sizeof(hdr), 1, f);
	frame[12] = 0x08;
	frame[14] = 0x45;
	frame[23] = 17;
	for (i = 0; i < 64; i++) {
		frame[14 + 20 + 3] = (uint8_t)i;
		fwrite(rec, sizeof(rec), 1, f);
		fwrite(frame, sizeof(frame), 1, f);
	}
	return fclose(f);
}

/* Open devargs as port idx of the single bridge. */
static int
open_port(unsigned int idx, const char *devargs)
{
	dp.ports[idx] = test_open_port(idx, devargs, pool);
	if (dp.ports[idx] == NULL)
		return -1;
	dp.bridges[0].ports[dp.bridges[0].n_ports++] = (uint16_t)idx;
	dp.n_ports++;
	return 0;
}

static int
setup_ports(void)
{
	/* rte_eth_from_rings("in") creates device net_ring_in, which vsw then opens. */
	static const char *const names[3] = {"in", "hit", "miss"};
	char load[128], ring[32], dev[32];
	unsigned int i, d;

	pool = rte_pktmbuf_pool_create("churn", 16383, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL || write_load_pcap() < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		for (d = 0; d < 2; d++) {
			snprintf(ring, sizeof(ring), "churn%u%u", i, d);
			rings[i][d] = rte_ring_create(ring, 4096, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
			if (rings[i][d] == NULL)
				return -1;
		}
		snprintf(dev, sizeof(dev), "net_ring_%s", names[i]);
		if (rte_eth_from_rings(names[i], &rings[i][0], 1, &rings[i][1], 1, 0) < 0 ||
		    open_port(i, dev) < 0)
			return -1;
	}
	snprintf(load, sizeof(load), "net_pcap_load,rx_pcap=%s,infinite_rx=1", pcap_path);
	return open_port(P_LOAD, load) == 0 && open_port(P_SINK, "net_null_sink,no-rx=1") == 0 ? 0
											       : -1;
}

static int
add_fixed_rules(void)
{
	static const struct vsw_action to_miss = {.type = VSW_ACTION_OUTPUT, .port = P_MISS};
	static const struct vsw_action to_sink = {.type = VSW_ACTION_OUTPUT, .port = P_SINK};
	struct vsw_rule_spec s;
	char err[256];

	memset(&s, 0, sizeof(s));
	s.mask.in_port = 0xffff;
	s.key.in_port = P_IN + 1;
	s.actions = &to_miss;
	s.n_actions = 1;
	if (vsw_cls_add(cls, &s, err, sizeof(err)) < 0)
		return -1;
	s.key.in_port = P_LOAD + 1;
	s.priority = 50;
	s.actions = &to_sink;
	if (vsw_cls_add(cls, &s, err, sizeof(err)) < 0)
		return -1;
	vsw_cls_commit(cls);
	return 0;
}

/* Wait (at most 5 s) until the PMD's quiescent reports let every queued free run. */
static void
drain_reclaim(struct vsw_reclaim *rc)
{
	uint64_t deadline = rte_get_timer_cycles() + 5 * rte_get_timer_hz();

	while (vsw_reclaim_pending(rc) > 0 && rte_get_timer_cycles() < deadline)
		vsw_reclaim_poll(rc);
}

int
main(void)
{
	struct vsw_pmd *pmd;
	struct vsw_reclaim *rc;
	unsigned int lcore = 1, f, i, n_changes = 0, rounds = 0;
	uint64_t seed = 42, start, deadline, hz;
	uint32_t rules0;
	size_t heap0;
	char err[256];
	double secs;

	if (test_eal_init("test_churn", "0,1") < 0)
		return 1;
	dp.shm = vsw_shm_create();
	dp.qsbr = rte_zmalloc(NULL, rte_rcu_qsbr_get_memsize(1), RTE_CACHE_LINE_SIZE);
	if (dp.shm == NULL || dp.qsbr == NULL || rte_rcu_qsbr_init(dp.qsbr, 1) != 0 ||
	    vsw_reclaim_create(dp.qsbr, &rc) != 0 ||
	    vsw_cls_create(0, 1, rc, &cls, err, sizeof(err)) != 0 || setup_ports() < 0) {
		fprintf(stderr, "test_churn: setup failed\n");
		return 1;
	}
	dp.bridges[0].cls = vsw_cls_tables(cls);
	dp.bridges[0].fail_mode = VSW_FAIL_SECURE;
	dp.n_bridges = 1;
	dp.shm->n_ports = dp.n_ports;
	dp.shm->n_pmds = 1;
	if (add_fixed_rules() < 0 || vsw_pmd_create_all(&dp, &lcore, 1, &pmd) < 0 ||
	    rte_eal_remote_launch(vsw_pmd_run, pmd, lcore) < 0)
		return 1;
	rules0 = vsw_cls_n_rules(cls);
	drain_reclaim(rc);
	heap0 = test_heap_in_use();

	hz = rte_get_timer_hz();
	start = rte_get_timer_cycles();
	deadline = start + RUN_SECONDS * hz;
	while (rte_get_timer_cycles() < deadline && next_seq + 64 < MAX_SEQ) {
		unsigned int sent = send_burst(&seed);

		for (i = 0; i < CHANGES_PER_ROUND; i++)
			toggle((unsigned int)(test_rand(&seed) % N_FLOWS));
		n_changes += CHANGES_PER_ROUND;
		sent += send_burst(&seed);
		drain(sent);
		vsw_reclaim_poll(rc);
		rounds++;
		/* Hold the rate at TARGET_CHANGES_PER_SEC. */
		while ((rte_get_timer_cycles() - start) * TARGET_CHANGES_PER_SEC < n_changes * hz)
			rte_pause();
	}
	secs = (double)(rte_get_timer_cycles() - start) / (double)hz;

	for (f = 0; f < N_FLOWS; f++)
		if (present[f])
			toggle(f);
	drain_reclaim(rc);
	EXPECT(violations == 0);
	EXPECT(vsw_reclaim_pending(rc) == 0);
	EXPECT(vsw_cls_n_rules(cls) == rules0);
	EXPECT(test_heap_in_use() == heap0);
	printf("test_churn: %u rule changes in %.2fs (%.0f/s), %u rounds; %lu packets judged, %lu "
	       "sent before a change to their flow, %lu violations; PMD forwarded %" PRIu64
	       " LOAD packets meanwhile; heap %zu -> %zu bytes\n",
	       n_changes, secs, n_changes / secs, rounds, checked, either_way, violations,
	       dp.shm->pmds[0].port[P_LOAD].rx_packets, heap0, test_heap_in_use());

	vsw_dp_stop(&dp);
	rte_eal_mp_wait_lcore();
	vsw_pmd_free_all(&pmd, 1);
	for (i = 0; i < dp.n_ports; i++)
		dp.ports[i]->ops->close(dp.ports[i]);
	vsw_reclaim_destroy(rc);
	vsw_cls_destroy(cls);
	unlink(pcap_path);
	return test_finish("test_churn");
}
