/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * pmd.c: the poll-mode loop, in the shape of DPDK's skeleton/basicfwd.c:
 * for each rx queue, receive a burst, count it, pick the output port, buffer;
 * then flush every output buffer once per loop. Nothing here allocates,
 * locks (except a shared tx queue, in vsw_port_tx), logs or makes a syscall.
 */

#include <errno.h>

#include <rte_lcore.h>
#include <rte_malloc.h>

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

static void
flush_all(struct vsw_pmd *pmd)
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

/* Receive one burst from rxq and send it on its way. */
static void
poll_rxq(struct vsw_pmd *pmd, const struct vsw_pmd_rxq *rxq)
{
	struct rte_mbuf *pkts[VSW_BURST];
	uint16_t in = rxq->port->index, out, n, i;
	struct vsw_shm_port_counters *c = &pmd->stats->port[in];
	uint64_t bytes = 0;

	n = vsw_port_rx(rxq->port, rxq->queue, pkts, VSW_BURST);
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	c->rx_packets += n;
	c->rx_bytes += bytes;

	out = pmd->dp->out_port[in];
	if (unlikely(out == VSW_DP_NO_PORT)) {
		rte_pktmbuf_free_bulk(pkts, n);
		c->drops[VSW_DROP_TABLE_MISS] += n;
		return;
	}
	for (i = 0; i < n; i++)
		buffer_packet(pmd, out, pkts[i]);
}

int
vsw_pmd_run(void *arg)
{
	struct vsw_pmd *pmd = arg;
	unsigned int i;

	while (!__atomic_load_n(&pmd->dp->stop, __ATOMIC_RELAXED)) {
		for (i = 0; i < pmd->n_rxq; i++)
			poll_rxq(pmd, &pmd->rxq[i]);
		flush_all(pmd);
		pmd->stats->loops++;
	}
	flush_all(pmd);
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
	unsigned int i, p, q, next = 0;

	for (i = 0; i < n_pmds; i++) {
		pmds[i] = rte_zmalloc_socket("vsw_pmd", sizeof(*pmds[i]), RTE_CACHE_LINE_SIZE,
					     (int)rte_lcore_to_socket_id(lcores[i]));
		if (pmds[i] == NULL) {
			vsw_pmd_free_all(pmds, i);
			return -ENOMEM;
		}
		pmds[i]->dp = dp;
		pmds[i]->index = i;
		pmds[i]->lcore = lcores[i];
		pmds[i]->stats = &dp->shm->pmds[i];
		pmds[i]->stats->lcore = lcores[i];
	}
	for (p = 0; p < dp->n_ports; p++) {
		for (q = 0; q < dp->ports[p]->n_rxq; q++) {
			struct vsw_pmd *pmd = pmds[next++ % n_pmds];

			pmd->rxq[pmd->n_rxq].port = dp->ports[p];
			pmd->rxq[pmd->n_rxq].queue = (uint16_t)q;
			pmd->n_rxq++;
			pmd->stats->n_rxq = pmd->n_rxq;
		}
	}
	return 0;
}

void
vsw_pmd_free_all(struct vsw_pmd **pmds, unsigned int n_pmds)
{
	unsigned int i;

	for (i = 0; i < n_pmds; i++) {
		rte_free(pmds[i]);
		pmds[i] = NULL;
	}
}
