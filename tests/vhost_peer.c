/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vhost_peer: a stand-in for a VM in tests. A separate DPDK primary whose
 * port 0 is a net_virtio_user device on a vswitchd vhost-user socket (what a
 * guest's virtio-net driver would be) and port 1 a net_pcap device: what
 * port 1 reads goes to the switch, what comes from the switch is written by
 * port 1. Every 50 ms it writes "sent=N received=M" to STATUS-FILE, and once
 * more when SIGTERM stops it.
 *
 * usage: vhost_peer EAL-ARGS -- STATUS-FILE [--no-start | --delay-ms N | --sink]
 *   EAL-ARGS must create the two ports, e.g. --vdev=net_virtio_user0,path=S
 *   --vdev=net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap (queues=N for N pairs).
 *   --no-start configures the virtio device but never starts it, so its
 *   rings are never enabled: a guest that is not ready. --delay-ms N waits
 *   N ms after starting before it sends, so the switch side is ready.
 *   --sink frees what it receives instead of writing it (for benchmarks).
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define BURST 32
#define RING  1024

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
setup(uint16_t port, uint16_t nq, struct rte_mempool *pool, int start)
{
	struct rte_eth_conf conf;
	uint16_t q;

	struct rte_eth_dev_info info;

	memset(&conf, 0, sizeof(conf));
	/* virtio_user in server mode takes a reconnecting backend back on a link event. */
	if (rte_eth_dev_info_get(port, &info) == 0 && (*info.dev_flags & RTE_ETH_DEV_INTR_LSC))
		conf.intr_conf.lsc = 1;
	if (rte_eth_dev_configure(port, nq, nq, &conf) < 0)
		return -1;
	for (q = 0; q < nq; q++)
		if (rte_eth_rx_queue_setup(port, q, RING, 0, NULL, pool) < 0 ||
		    rte_eth_tx_queue_setup(port, q, RING, 0, NULL) < 0)
			return -1;
	return start ? rte_eth_dev_start(port) : 0;
}

static void
write_status(const char *path, uint64_t sent, uint64_t received)
{
	char tmp[512];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fprintf(f, "sent=%lu received=%lu\n", (unsigned long)sent, (unsigned long)received);
	fclose(f);
	rename(tmp, path);
}

int
main(int argc, char **argv)
{
	struct rte_mbuf *pkts[BURST];
	struct rte_eth_dev_info info;
	struct rte_mempool *pool;
	uint64_t sent = 0, received = 0, next, hz;
	uint16_t nq, q, n, i, tx_q = 0;
	int used, start, delay_ms = 0, sink;
	const char *status;

	used = rte_eal_init(argc, argv);
	if (used < 0 || argc - used < 2 || rte_eth_dev_count_avail() != 2) {
		fprintf(stderr, "usage: vhost_peer EAL-ARGS -- STATUS-FILE [--no-start] "
				"(with a virtio_user and a pcap port)\n");
		return 2;
	}
	status = argv[used + 1];
	start = !(argc - used > 2 && strcmp(argv[used + 2], "--no-start") == 0);
	if (argc - used > 3 && strcmp(argv[used + 2], "--delay-ms") == 0)
		delay_ms = atoi(argv[used + 3]);
	sink = argc - used > 2 && strcmp(argv[used + 2], "--sink") == 0;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	pool = rte_pktmbuf_pool_create("peer", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (pool == NULL || rte_eth_dev_info_get(0, &info) < 0)
		return 1;
	nq = info.max_rx_queues < 8 ? info.max_rx_queues : 8;
	if (setup(0, nq, pool, start) < 0 || setup(1, 1, pool, 1) < 0) {
		fprintf(stderr, "vhost_peer: cannot set up the ports\n");
		return 1;
	}
	hz = rte_get_timer_hz();
	write_status(status, 0, 0);
	rte_delay_ms((unsigned int)delay_ms);
	next = rte_get_timer_cycles();
	while (!stop) {
		n = start ? rte_eth_rx_burst(1, 0, pkts, BURST) : 0;
		if (n > 0) {
			/* Spread over the queue pairs, as a multiqueue guest would. */
			i = rte_eth_tx_burst(0, tx_q, pkts, n);
			tx_q = (uint16_t)((tx_q + 1) % nq);
			sent += i;
			if (i < n)
				rte_pktmbuf_free_bulk(pkts + i, n - i);
		}
		for (q = 0; start && q < nq; q++) {
			n = rte_eth_rx_burst(0, q, pkts, BURST);
			if (n == 0)
				continue;
			received += n;
			i = sink ? 0 : rte_eth_tx_burst(1, 0, pkts, n);
			if (i < n)
				rte_pktmbuf_free_bulk(pkts + i, n - i);
		}
		if (rte_get_timer_cycles() >= next) {
			write_status(status, sent, received);
			next += hz / 20;
		}
	}
	write_status(status, sent, received);
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	if (start)
		rte_eth_dev_stop(0);
	rte_eth_dev_close(0);
	rte_eal_cleanup();
	return 0;
}
