/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * pmd.c: the poll-mode loop, in the shape of DPDK's skeleton/basicfwd.c.
 * For each rx queue: receive a burst, parse every packet once, ask the
 * exact-match cache, then the datapath flow cache (dpflow.c), then table 0
 * in one bulk lookup for the rest; run a rule's actions (actions.c), a
 * cached flow's operations, or, when table 0's rule looks up further
 * tables, the whole pipeline once to cache its outcome (pipeline.c). When
 * table 0 matches on in_port at most and its rule looks no further, one
 * lookup answers the whole burst instead, and packets are parsed only if
 * their actions need it. Once per loop: flush every output
 * buffer, report an RCU quiescent state, account busy or idle cycles.
 * Nothing here allocates, locks (except a shared tx queue, in vsw_port_tx),
 * logs or makes a syscall.
 */

#include <errno.h>

#include <string.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "vsw_datapath.h"

/* Count a burst of n packets received on rxq. */
static void
count_rx(struct vsw_pmd *pmd, const struct vsw_pmd_rxq *rxq, struct rte_mbuf **pkts, uint16_t n)
{
	struct vsw_shm_port_counters *c = &pmd->stats->port[rxq->port->index];
	uint64_t bytes = 0;
	uint16_t i;

	for (i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	c->rx_packets += n;
	c->rx_bytes += bytes;
	c->rxq_packets[rxq->queue] += n;
	c->rxq_bytes[rxq->queue] += bytes;
	pmd->stats->c.packets += n;
}

bool
vsw_pmd_port_rule(const struct vsw_pmd *pmd, const struct vsw_port *port, uint64_t v,
		  const struct vsw_rule **rule)
{
	const struct vsw_dp_bridge *br = &pmd->dp->bridges[port->bridge];
	struct vsw_flow_key key;

	if (!vsw_cls_port_only(br->cls, 0))
		return false;
	vsw_key_zero(&key);
	key.in_port = port->ofport;
	*rule = vsw_cls_lookup(br->cls, 0, &key, v);
	return !vsw_rule_looks_up(*rule);
}

/*
 * OVS's "simple match" (vsw_pmd_port_rule): one lookup answers the whole
 * burst, and nothing is parsed unless the actions need it. Returns the
 * packets handled: n, or 0 (a rule that looks up further tables sends the
 * burst the cached way instead).
 */
static uint16_t
forward_by_port(struct vsw_pmd *pmd, const struct vsw_pmd_rxq *rxq, const struct vsw_dp_bridge *br,
		uint64_t v, struct rte_mbuf **pkts, uint16_t n)
{
	struct vsw_port *port = rxq->port;
	const struct vsw_rule *rule;

	if (!vsw_pmd_port_rule(pmd, port, v, &rule))
		return 0;
	count_rx(pmd, rxq, pkts, n);
	pmd->stats->c.simple_hits += n;
	vsw_pmd_execute_burst(pmd, br, port->index, port->ofport, v, rule, pkts, n);
	return n;
}

/*
 * What answered a packet of the burst. A rule's answer is counted where it
 * is found; a flow's when it runs, as the flow it was found as (a
 * translation earlier in the burst may have taken its slot: then the packet
 * is answered again), so each packet counts once.
 */
enum answer {
	ANSWER_RULE,	  /* table 0's rule (or a miss) that looks up no other table */
	ANSWER_EMC_FLOW,  /* a datapath flow, from the exact-match cache */
	ANSWER_FLOW,	  /* a datapath flow, from the datapath flow cache */
	ANSWER_TRANSLATE, /* table 0's rule looks further: run the pipeline, cache it */
};

/*
 * A standalone bridge whose controllers have been away too long (OVS's
 * fail-open): every packet goes to NORMAL, whatever the rules say, until
 * one is back. No cache: a plain learning switch is the point.
 */
static uint16_t
forward_fail_open(struct vsw_pmd *pmd, const struct vsw_pmd_rxq *rxq,
		  const struct vsw_dp_bridge *br, uint64_t v, struct rte_mbuf **pkts,
		  struct vsw_flow_key *keys, uint16_t n)
{
	struct vsw_port *port = rxq->port;
	uint16_t i;

	count_rx(pmd, rxq, pkts, n);
	for (i = 0; i < n; i++) {
		vsw_key_parse(pkts[i], port->ofport, &keys[i]);
		vsw_pmd_execute(pmd, br, port->index, &keys[i], v, NULL, pkts[i]);
	}
	return n;
}

/*
 * The packets the exact-match cache missed: the datapath flow cache, then
 * table 0 in one bulk lookup for the rest. miss[0..n_miss-1] are indexes;
 * a flow found is flows[i], with its generation in gens[i].
 */
static void
resolve_misses(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint64_t v,
	       const struct vsw_flow_key *keys, const uint32_t *hashes, const uint8_t *miss,
	       uint16_t n_miss, const struct vsw_rule **rules, struct vsw_dpflow **flows,
	       uint32_t *gens, uint8_t *answer)
{
	const struct vsw_flow_key *cls_keys[VSW_BURST];
	const struct vsw_rule *cls_rules[VSW_BURST];
	uint8_t cls_idx[VSW_BURST];
	struct vsw_shm_pmd *st = pmd->stats;
	unsigned int probes = 0;
	uint16_t i, n_cls = 0;

	for (i = 0; i < n_miss; i++) {
		uint8_t p = miss[i];

		flows[p] = vsw_dpflow_lookup(&pmd->dpflows, br->cls, &keys[p], v, &probes);
		if (flows[p] != NULL) {
			answer[p] = ANSWER_FLOW;
			gens[p] = flows[p]->gen;
			vsw_emc_insert(&pmd->emc, br->cls, &keys[p], hashes[p], v, NULL, flows[p]);
			continue;
		}
		cls_keys[n_cls] = &keys[p];
		cls_idx[n_cls++] = p;
	}
	st->c.dpflow_probes += probes;
	st->c.dpflow_kept = pmd->dpflows.kept;
	st->c.dpflow_invalidated = pmd->dpflows.invalidated;
	if (n_cls == 0)
		return;
	vsw_cls_lookup_burst(br->cls, 0, cls_keys, n_cls, v, cls_rules);
	for (i = 0; i < n_cls; i++) {
		uint8_t p = cls_idx[i];

		rules[p] = cls_rules[i];
		if (vsw_rule_looks_up(cls_rules[i])) {
			answer[p] = ANSWER_TRANSLATE;
			continue;
		}
		if (cls_rules[i] != NULL)
			st->c.classifier_hits++;
		else
			st->c.misses++;
		vsw_emc_insert(&pmd->emc, br->cls, &keys[p], hashes[p], v, cls_rules[i], NULL);
	}
}

void
vsw_pmd_receive(struct vsw_pmd *pmd, const struct vsw_port *port, uint64_t v,
		struct rte_mbuf **pkts, struct vsw_flow_key *keys, uint16_t n)
{
	const struct vsw_rule *rules[VSW_BURST];
	struct vsw_dpflow *flows[VSW_BURST];
	uint32_t hashes[VSW_BURST];
	uint32_t gens[VSW_BURST]; /* flows[i]->gen when found */
	uint8_t answer[VSW_BURST], miss[VSW_BURST];
	const struct vsw_dp_bridge *br = &pmd->dp->bridges[port->bridge];
	uint16_t i, n_miss = 0;
	unsigned int probes = 0;

	/*
	 * Prefetches, both measured (bench/run memif-memif 100000 flows, one
	 * exact rule each, alternated runs): the cache entries of the whole
	 * burst before any is compared, and each rule's actions and counters
	 * before any runs, take about a quarter off the cycles per packet when
	 * flows outnumber the cache; with 1000 flows they cost nothing.
	 * Keys are hashed only once the whole burst is parsed: the parser
	 * writes a key a few bytes at a time, and the hash's word loads right
	 * behind those stores cannot be forwarded from them and wait.
	 */
	for (i = 0; i < n; i++) {
		hashes[i] = vsw_key_hash(&keys[i]);
		rte_prefetch0(&pmd->emc.e[hashes[i] & (VSW_EMC_ENTRIES - 1)]);
		rte_prefetch0((char *)&pmd->emc.e[hashes[i] & (VSW_EMC_ENTRIES - 1)] + 64);
	}
	for (i = 0; i < n; i++) {
		const struct vsw_dpflow *flow;

		if (!vsw_emc_lookup(&pmd->emc, br->cls, &keys[i], hashes[i], v, &rules[i], &flow)) {
			miss[n_miss++] = (uint8_t)i;
			continue;
		}
		flows[i] = (struct vsw_dpflow *)(uintptr_t)flow;
		answer[i] = flow != NULL ? ANSWER_EMC_FLOW : ANSWER_RULE;
		gens[i] = flow != NULL ? flow->gen : 0;
		pmd->stats->c.emc_hits += flow == NULL;
	}
	for (i = 0; i < n_miss; i++)
		answer[miss[i]] = ANSWER_RULE;
	if (n_miss > 0)
		resolve_misses(pmd, br, v, keys, hashes, miss, n_miss, rules, flows, gens, answer);
	for (i = 0; i < n; i++)
		if (answer[i] == ANSWER_RULE && rules[i] != NULL) {
			rte_prefetch0(rules[i]->actions);
			rte_prefetch0(&rules[i]->counters[pmd->index]);
		}
	for (i = 0; i < n; i++) {
		switch (answer[i]) {
		case ANSWER_RULE:
			vsw_pmd_execute(pmd, br, port->index, &keys[i], v, rules[i], pkts[i]);
			break;
		case ANSWER_EMC_FLOW:
		case ANSWER_FLOW:
			if (likely(flows[i]->gen == gens[i])) {
				if (answer[i] == ANSWER_EMC_FLOW)
					pmd->stats->c.emc_hits++;
				else
					pmd->stats->c.dpflow_hits++;
				vsw_pmd_execute_dpflow(pmd, br, port->index, &keys[i], flows[i],
						       pkts[i]);
				break;
			}
			/* its slot holds another flow now: answer it again */
			/* fall through */
		case ANSWER_TRANSLATE:
			/* An earlier packet of this burst may have cached its flow. */
			flows[i] = vsw_dpflow_lookup(&pmd->dpflows, br->cls, &keys[i], v, &probes);
			if (flows[i] != NULL) {
				pmd->stats->c.dpflow_hits++;
				vsw_pmd_execute_dpflow(pmd, br, port->index, &keys[i], flows[i],
						       pkts[i]);
			} else {
				vsw_pmd_translate(pmd, br, port->index, &keys[i], hashes[i], v,
						  pkts[i]);
			}
			break;
		}
	}
	vsw_pmd_count_flows(pmd);
	pmd->stats->c.dpflow_probes += probes;
	pmd->stats->c.dpflow_kept = pmd->dpflows.kept;
	pmd->stats->c.dpflow_invalidated = pmd->dpflows.invalidated;
}

uint16_t
vsw_pmd_poll(struct vsw_pmd *pmd, unsigned int q)
{
	const struct vsw_pmd_rxq *rxq = &pmd->rxq[q];
	struct rte_mbuf *pkts[VSW_BURST];
	struct vsw_flow_key keys[VSW_BURST];
	struct vsw_port *port = rxq->port;
	const struct vsw_dp_bridge *br = &pmd->dp->bridges[port->bridge];
	uint16_t n, i, kept;
	uint64_t v;

	n = vsw_port_rx(port, rxq->queue, pkts, VSW_BURST);
	if (n == 0)
		return 0;
	/* After rx: a packet received after a commit returned sees its version. */
	v = vsw_cls_version(br->cls);
	if (__atomic_load_n(&br->fail_open, __ATOMIC_RELAXED))
		return forward_fail_open(pmd, rxq, br, v, pkts, keys, n);
	if (!br->decap && forward_by_port(pmd, rxq, br, v, pkts, n) == n)
		return n;
	count_rx(pmd, rxq, pkts, n);
	if (unlikely(br->decap)) {
		kept = vsw_tunnel_decap(pmd, port, pkts, keys, n);
	} else {
		for (i = 0; i < n; i++)
			vsw_key_parse(pkts[i], port->ofport, &keys[i]);
		kept = n;
	}
	if (kept > 0)
		vsw_pmd_receive(pmd, port, v, pkts, keys, kept);
	return n;
}

int
vsw_pmd_run(void *arg)
{
	struct vsw_pmd *pmd = arg;
	struct rte_rcu_qsbr *qsbr = pmd->dp->qsbr;
	struct vsw_shm_pmd *st = pmd->stats;
	uint64_t t0 = rte_rdtsc(), t1;
	unsigned int i, got;

	rte_rcu_qsbr_thread_register(qsbr, pmd->index);
	rte_rcu_qsbr_thread_online(qsbr, pmd->index);
	while (!__atomic_load_n(&pmd->dp->stop, __ATOMIC_RELAXED)) {
		got = 0;
		for (i = 0; i < pmd->n_rxq; i++)
			got += vsw_pmd_poll(pmd, i);
		if (!rte_ring_empty(pmd->packet_outs))
			vsw_pmd_packet_outs(pmd);
		vsw_pmd_flush(pmd);
		rte_rcu_qsbr_quiescent(qsbr, pmd->index);
		t1 = rte_rdtsc();
		pmd->loop_tsc = t1;
		if (got) {
			st->c.busy_cycles += t1 - t0;
			st->c.busy_loops++;
		} else {
			st->c.idle_cycles += t1 - t0;
		}
		t0 = t1;
		st->c.loops++;
	}
	vsw_pmd_flush(pmd);
	rte_rcu_qsbr_thread_offline(qsbr, pmd->index);
	rte_rcu_qsbr_thread_unregister(qsbr, pmd->index);
	return 0;
}

void
vsw_dp_stop(struct vsw_dp *dp)
{
	__atomic_store_n(&dp->stop, 1, __ATOMIC_RELEASE);
}

int
vsw_pmd_create_all(struct vsw_dp *dp, const unsigned int *lcores, unsigned int n_pmds,
		   struct vsw_pmd **pmds)
{
	char name[RTE_RING_NAMESIZE];
	unsigned int i;

	for (i = 0; i < n_pmds; i++) {
		pmds[i] = rte_zmalloc_socket("vsw_pmd", sizeof(*pmds[i]), RTE_CACHE_LINE_SIZE,
					     (int)rte_lcore_to_socket_id(lcores[i]));
		if (pmds[i] == NULL) {
			vsw_pmd_free_all(pmds, i);
			return -ENOMEM;
		}
		if (vsw_dpflow_cache_init(&pmds[i]->dpflows,
					  dp->dpflow_flows ? dp->dpflow_flows
							   : VSW_DPFLOW_DEFAULT_FLOWS,
					  i, (int)rte_lcore_to_socket_id(lcores[i])) < 0) {
			vsw_pmd_free_all(pmds, i + 1);
			return -ENOMEM;
		}
		snprintf(name, sizeof(name), "vsw_pout_%u", i);
		if (vsw_controller_ring_create(name, VSW_PACKET_OUT_QUEUE,
					       sizeof(struct vsw_packet_out),
					       &pmds[i]->packet_outs) < 0) {
			vsw_pmd_free_all(pmds, i + 1);
			return -ENOMEM;
		}
		pmds[i]->dp = dp;
		pmds[i]->index = i;
		pmds[i]->lcore = lcores[i];
		pmds[i]->stats = &dp->shm->pmds[i];
		pmds[i]->stats->dpflows = &pmds[i]->dpflows;
		pmds[i]->stats->lcore = lcores[i];
	}
	vsw_pmd_assign_rxqs(dp, pmds, n_pmds);
	return 0;
}

void
vsw_pmd_assign_rxqs(struct vsw_dp *dp, struct vsw_pmd **pmds, unsigned int n_pmds)
{
	unsigned int i, p, q, next = 0;

	for (i = 0; i < n_pmds; i++) {
		pmds[i]->n_rxq = 0;
		pmds[i]->stats->n_rxq = 0;
		pmds[i]->n_dirty = 0;
		memset(&pmds[i]->emc, 0, sizeof(pmds[i]->emc));
		vsw_dpflow_cache_flush(&pmds[i]->dpflows);
	}
	for (p = 0; p < dp->n_ports; p++) {
		for (q = 0; q < dp->ports[p]->n_rxq; q++) {
			struct vsw_pmd *pmd = pmds[next++ % n_pmds];

			pmd->rxq[pmd->n_rxq].port = dp->ports[p];
			pmd->rxq[pmd->n_rxq].queue = (uint16_t)q;
			pmd->stats->rxq[pmd->n_rxq].port = (uint16_t)p;
			pmd->stats->rxq[pmd->n_rxq].queue = (uint16_t)q;
			pmd->n_rxq++;
			pmd->stats->n_rxq = pmd->n_rxq;
		}
	}
}

void
vsw_pmd_free_all(struct vsw_pmd **pmds, unsigned int n_pmds)
{
	unsigned int i;

	for (i = 0; i < n_pmds; i++) {
		if (pmds[i] != NULL) {
			vsw_dpflow_cache_free(&pmds[i]->dpflows);
			rte_ring_free(pmds[i]->packet_outs); /* packets left in it: freed by exit */
		}
		rte_free(pmds[i]);
		pmds[i] = NULL;
	}
}
