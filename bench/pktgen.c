/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw-pktgen: the benchmarks' traffic generator, a DPDK application of its
 * own (own --file-prefix, one lcore). Its ports are whatever the EAL's
 * --vdev options create (net_virtio_user to a switch's vhost-user socket,
 * net_memif, net_pcap, net_null): it sends on one, receives on another (or
 * the same), and prints one line per run:
 *
 *   tx_mpps=14.20 rx_mpps=14.18 loss_pct=0.14 lat_p50_us=11.2 lat_p99_us=40.1 lat_p999_us=61.0
 *
 * Frames are UDP/IPv4 of --size bytes (FCS excluded) over --flows distinct
 * flows (source address and ports vary), each carrying a magic number and
 * its TSC send time in the payload, so the receive side counts only its
 * own frames and measures their latency. --rate limits the send rate in
 * packets per second (0: as fast as it can); counting starts after
 * --warmup seconds and lasts --duration seconds. One loop on one lcore
 * alternates a tx burst and an rx burst; its own ceiling (into net_null, or
 * generator to generator over memif) is measured by the benchmarks.
 *
 * The generator must cost less per packet than the switches it measures, so
 * its loop does little: frames are written whole once, into a mempool used
 * for nothing but sending (a driver only reads what it sends, so a freed
 * mbuf still holds its frame when it is allocated again), and each send
 * rewrites only the flow's fields, the IPv4 checksum (from a precomputed
 * partial sum) and the timestamp; the TSC is read once per burst; latency is
 * sampled every 2^k-th frame, k growing as the run lasts.
 *
 * With --vxlan MAC every frame sent is wrapped in VXLAN (50 bytes of outer
 * Ethernet to MAC, IPv4 10.99.0.2 to 10.99.0.1 with DF, UDP to 4789, VNI
 * 42), for a switch to decapsulate; --size is the inner frame's. Received
 * frames count whether they carry the magic number plainly or inside such a
 * VXLAN header (what a switch encapsulated). --both (with --vxlan) sends
 * both ways at once: plain frames on port 0 and VXLAN ones on port 1,
 * receiving on both; the counts are the sums.
 *
 * usage: vsw-pktgen EAL-ARGS -- [--tx PORT] [--rx PORT] [--flows N] [--size B]
 *                               [--rate PPS] [--duration S] [--warmup S] [--rxq N]
 *                               [--vxlan MAC [--both]] [--hold]
 * PORT is a DPDK port id (default: tx 0, rx 1 when there are two ports, else 0).
 * --rxq N gives every port N rx queues, all polled on the rx port: a memif
 * server that sends on its queue q needs a client with q + 1 rx queues (OVS
 * sends from its PMD on tx queue 1).
 * --hold keeps the ports open after the line is printed, until standard
 * input closes: the benchmark then stops the switch first, because DPDK
 * 22.11's memif server can crash when its client disconnects while the
 * server's PMD polls (docs/performance.md).
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>
#include <rte_vxlan.h>

#define BURST	    32
#define MAGIC	    0x7673772d70676e31ULL /* "vsw-pgn1" */
#define MAX_SAMPLES (1u << 20)
#define PAYLOAD_OFF                                                                                \
	(sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr))
#define MIN_FRAME_LEN (PAYLOAD_OFF + 2 * sizeof(uint64_t))
#define VXLAN_LEN     50 /* outer Ethernet, IPv4, UDP, VXLAN */

struct options {
	uint16_t tx, rx;
	uint16_t rxq; /* rx queues per port */
	uint32_t flows;
	uint32_t size; /* frame bytes, FCS excluded */
	double rate;   /* packets per second; 0 = unlimited */
	double duration, warmup;
	bool hold; /* wait for stdin to close before closing the ports */
	bool vxlan; /* send VXLAN-wrapped frames to vxlan_dst */
	bool both;  /* plain frames on port 0 and VXLAN ones on port 1, received on both */
	struct rte_ether_addr vxlan_dst;
};

/* What a run counted after the warm-up. */
struct counts {
	uint64_t tx, rx;
	uint32_t n_samples;
	uint32_t stride_log2; /* one frame in 2^stride_log2 is sampled */
	uint64_t *samples;    /* latencies in TSC cycles, at most MAX_SAMPLES */
};

/* The frame every send starts from, and what a send changes in it. */
struct frame_template {
	uint32_t ip_sum; /* IPv4 header words summed with src_addr and checksum 0 */
	uint32_t inner;	 /* where the (inner) frame starts: 0, or VXLAN_LEN */
};

static int
parse_options(int argc, char **argv, uint16_t n_ports, struct options *o)
{
	static const struct option longopts[] = {
		{"tx", required_argument, NULL, 't'},
		{"rx", required_argument, NULL, 'r'},
		{"flows", required_argument, NULL, 'f'},
		{"size", required_argument, NULL, 's'},
		{"rate", required_argument, NULL, 'R'},
		{"duration", required_argument, NULL, 'd'},
		{"warmup", required_argument, NULL, 'w'},
		{"rxq", required_argument, NULL, 'q'},
		{"hold", no_argument, NULL, 'h'},
		{"vxlan", required_argument, NULL, 'x'},
		{"both", no_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	double v;
	int opt;

	*o = (struct options){.tx = 0,
			      .rx = n_ports > 1 ? 1 : 0,
			      .rxq = 1,
			      .flows = 1,
			      .size = 64,
			      .duration = 2,
			      .warmup = 1};
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'h' || opt == 'b') {
			*(opt == 'h' ? &o->hold : &o->both) = true;
			continue;
		}
		if (optarg == NULL)
			return -1;
		if (opt == 'x') {
			if (rte_ether_unformat_addr(optarg, &o->vxlan_dst) < 0)
				return -1;
			o->vxlan = true;
			continue;
		}
		v = strtod(optarg, &end);
		if (*end != '\0' || v < 0)
			return -1;
		switch (opt) {
		case 't':
			o->tx = (uint16_t)v;
			break;
		case 'r':
			o->rx = (uint16_t)v;
			break;
		case 'f':
			o->flows = (uint32_t)v;
			break;
		case 's':
			o->size = (uint32_t)v;
			break;
		case 'R':
			o->rate = v;
			break;
		case 'd':
			o->duration = v;
			break;
		case 'w':
			o->warmup = v;
			break;
		case 'q':
			o->rxq = (uint16_t)v;
			break;
		default:
			return -1;
		}
	}
	if ((o->both && (!o->vxlan || n_ports < 2)) || o->tx >= n_ports || o->rx >= n_ports ||
	    o->flows == 0 || o->size < MIN_FRAME_LEN ||
	    o->size > 9000 || o->duration <= 0 || o->rxq == 0 || o->rxq > 16)
		return -1;
	return 0;
}

/* Start port p with n_rxq rx queues and one tx queue. */
static int
port_start(uint16_t p, uint16_t n_rxq, struct rte_mempool *pool)
{
	unsigned int socket = (unsigned int)rte_eth_dev_socket_id(p);
	struct rte_eth_conf conf;
	uint16_t q;

	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure(p, n_rxq, 1, &conf) < 0)
		return -1;
	for (q = 0; q < n_rxq; q++)
		if (rte_eth_rx_queue_setup(p, q, 1024, socket, NULL, pool) < 0)
			return -1;
	if (rte_eth_tx_queue_setup(p, 0, 1024, socket, NULL) < 0 || rte_eth_dev_start(p) < 0)
		return -1;
	rte_eth_promiscuous_enable(p);
	return 0;
}

/* VXLAN's outer headers for an inner frame of len bytes at p, to dst (the --vxlan MAC). */
static void
build_outer(uint8_t *p, uint32_t len, const struct rte_ether_addr *dst)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct rte_vxlan_hdr *vx = (struct rte_vxlan_hdr *)(udp + 1);

	eth->dst_addr = *dst;
	memcpy(eth->src_addr.addr_bytes, "\x02\x00\x00\x00\x00\x09", 6);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len + VXLAN_LEN - sizeof(*eth)));
	ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(0x0a630002u); /* 10.99.0.2 */
	ip->dst_addr = rte_cpu_to_be_32(0x0a630001u); /* 10.99.0.1 */
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(50000);
	udp->dst_port = rte_cpu_to_be_16(4789);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(len + sizeof(*udp) + sizeof(*vx)));
	vx->vx_flags = rte_cpu_to_be_32(0x08000000u);
	vx->vx_vni = rte_cpu_to_be_32(42u << 8);
}

/* Write the frame of flow 0, o->size bytes (and VXLAN's in front), into m; return its template. */
static struct frame_template
build_frame(struct rte_mbuf *m, const struct options *o)
{
	uint32_t inner = o->vxlan ? VXLAN_LEN : 0;
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod_offset(m, struct rte_ether_hdr *, inner);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t l3_len = (uint16_t)(o->size - sizeof(*eth));

	memset(eth, 0, o->size);
	memcpy(eth->dst_addr.addr_bytes, "\x02\x00\x00\x00\x00\x02", 6);
	memcpy(eth->src_addr.addr_bytes, "\x02\x00\x00\x00\x00\x01", 6);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(l3_len);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->dst_addr = rte_cpu_to_be_32(0x0a010001u); /* 10.1.0.1 */
	udp->dst_port = rte_cpu_to_be_16(5001);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(l3_len - sizeof(*ip)));
	if (o->vxlan)
		build_outer(rte_pktmbuf_mtod(m, uint8_t *), o->size, &o->vxlan_dst);
	return (struct frame_template){.ip_sum = rte_raw_cksum(ip, sizeof(*ip)), .inner = inner};
}

/*
 * Make m, a frame written by build_frame(), flow f's frame sent at time now:
 * source address 10.0.x.y and source port 1024 + f / 65536.
 */
static inline void
stamp_frame(struct rte_mbuf *m, const struct options *o, const struct frame_template *t, uint32_t f,
	    uint64_t now)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *,
							 t->inner + sizeof(struct rte_ether_hdr));
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint64_t ts[2] = {MAGIC, now};
	uint32_t src = 0x0a000000u | (f & 0xffffu), sum;

	ip->src_addr = rte_cpu_to_be_32(src);
	sum = t->ip_sum + rte_cpu_to_be_16((uint16_t)(src >> 16)) + rte_cpu_to_be_16((uint16_t)src);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ip->hdr_checksum = (uint16_t)~sum;
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + (f >> 16)));
	memcpy(udp + 1, ts, sizeof(ts));
	m->data_len = (uint16_t)(o->size + t->inner);
	m->pkt_len = o->size + t->inner;
}

/*
 * Fill every mbuf of pool with the frame of flow 0 (they keep it: see the
 * file's opening comment) and set *t to its template. Return 0, or -1 when
 * the pool cannot be drained.
 */
static int
prebuild_frames(struct rte_mempool *pool, const struct options *o, struct frame_template *t)
{
	unsigned int n = rte_mempool_avail_count(pool), i;
	struct rte_mbuf **all = malloc(n * sizeof(*all));

	if (all == NULL || rte_pktmbuf_alloc_bulk(pool, all, n) != 0) {
		free(all);
		return -1;
	}
	for (i = 0; i < n; i++)
		*t = build_frame(all[i], o);
	rte_pktmbuf_free_bulk(all, n);
	free(all);
	return 0;
}

/* Keep one latency sample; halve the sampling rate when the array is full. */
static void
sample_latency(struct counts *c, uint64_t cycles)
{
	uint32_t i;

	if ((c->rx & ((1ull << c->stride_log2) - 1)) != 0)
		return;
	if (c->n_samples == MAX_SAMPLES) {
		for (i = 0; i < MAX_SAMPLES / 2; i++)
			c->samples[i] = c->samples[2 * i];
		c->n_samples = MAX_SAMPLES / 2;
		c->stride_log2++;
		if ((c->rx & ((1ull << c->stride_log2) - 1)) != 0)
			return;
	}
	c->samples[c->n_samples++] = cycles;
}

/* Note a received frame: count it and its latency when it is one of ours (VXLAN-wrapped or not). */
static void
receive(struct rte_mbuf *m, uint64_t now, bool counting, struct counts *c)
{
	uint64_t v[2];

	if (m->pkt_len >= MIN_FRAME_LEN && m->data_len >= MIN_FRAME_LEN) {
		memcpy(v, rte_pktmbuf_mtod_offset(m, const char *, PAYLOAD_OFF), sizeof(v));
		if (v[0] != MAGIC && m->data_len >= MIN_FRAME_LEN + VXLAN_LEN)
			memcpy(v, rte_pktmbuf_mtod_offset(m, const char *, PAYLOAD_OFF + VXLAN_LEN),
			       sizeof(v));
		if (v[0] == MAGIC && counting) {
			sample_latency(c, now - v[1]);
			c->rx++;
		}
	}
	rte_pktmbuf_free(m);
}

/* One way frames are sent: a port, its frames' pool and template, its options. */
struct sender {
	uint16_t port;
	struct rte_mempool *pool;
	struct frame_template t;
	struct options o; /* vxlan as this sender's frames are */
};

/* Send a burst of n frames from s at time now; how many left. */
static uint16_t
send_burst(struct sender *s, uint16_t n, uint32_t *flow, uint64_t now)
{
	struct rte_mbuf *tx[BURST];
	uint16_t i, sent;

	if (n == 0 || rte_pktmbuf_alloc_bulk(s->pool, tx, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		stamp_frame(tx[i], &s->o, &s->t, *flow, now);
		*flow = *flow + 1 == s->o.flows ? 0 : *flow + 1;
	}
	sent = rte_eth_tx_burst(s->port, 0, tx, n);
	if (sent < n)
		rte_pktmbuf_free_bulk(&tx[sent], n - sent);
	return sent;
}

/* Send from senders[0..n_senders) and receive until the warm-up and the measured time have passed. */
static int
run(const struct options *o, struct sender *senders, unsigned int n_senders, struct counts *c)
{
	uint64_t hz = rte_get_tsc_hz(), t0 = rte_rdtsc();
	uint64_t start = t0 + (uint64_t)(o->warmup * (double)hz);
	uint64_t stop = start + (uint64_t)(o->duration * (double)hz);
	double per_pkt = o->rate > 0 ? (double)hz / o->rate : 0;
	double next_send = (double)t0;
	uint16_t rx_ports[2] = {o->rx, o->tx};
	unsigned int n_rx = o->both ? 2 : 1, k, r;
	struct rte_mbuf *rx[BURST];
	uint32_t flow = 0;
	uint16_t n, sent, i, q;
	uint64_t now;

	while ((now = rte_rdtsc()) < stop) {
		n = BURST;
		if (per_pkt > 0) {
			double due = ((double)now - next_send) / per_pkt;

			n = due >= BURST ? BURST : (uint16_t)(due > 0 ? due : 0);
		}
		for (k = 0; k < n_senders; k++) {
			sent = send_burst(&senders[k], n, &flow, now);
			if (now >= start)
				c->tx += sent;
		}
		next_send += per_pkt * n;
		for (r = 0; r < n_rx; r++)
			for (q = 0; q < o->rxq; q++) {
				n = rte_eth_rx_burst(rx_ports[r], q, rx, BURST);
				if (n == 0)
					continue;
				now = rte_rdtsc();
				for (i = 0; i < n; i++)
					receive(rx[i], now, now >= start, c);
			}
	}
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double
percentile_us(const struct counts *c, double pct)
{
	size_t i;

	if (c->n_samples == 0)
		return 0;
	i = (size_t)(pct / 100.0 * (double)(c->n_samples - 1));
	return (double)c->samples[i] * 1e6 / (double)rte_get_tsc_hz();
}

/* A pool of mbufs that hold an o->size frame in one segment; NULL if no memory. */
static struct rte_mempool *
create_pool(const char *name, const struct options *o)
{
	return rte_pktmbuf_pool_create(name, 16383, 256, 0,
				       (uint16_t)(RTE_PKTMBUF_HEADROOM + RTE_MAX(o->size, 2048u)),
				       (int)rte_socket_id());
}

int
main(int argc, char **argv)
{
	struct sender senders[2];
	struct rte_mempool *rx_pool;
	unsigned int n_senders, k;
	struct options o;
	struct counts c = {0};
	uint16_t n_ports, p;
	int consumed;

	consumed = rte_eal_init(argc, argv);
	if (consumed < 0) {
		fprintf(stderr, "vsw-pktgen: DPDK EAL failed to start\n");
		return 1;
	}
	argc -= consumed;
	argv += consumed;
	n_ports = rte_eth_dev_count_avail();
	if (n_ports == 0 || parse_options(argc, argv, n_ports, &o) < 0) {
		fprintf(stderr,
			"usage: vsw-pktgen EAL-ARGS -- [--tx PORT] [--rx PORT] [--flows N] "
			"[--size %zu..9000] [--rate PPS] [--duration S] [--warmup S] "
			"[--rxq 1..16] [--vxlan MAC [--both]] [--hold] (%u ports)\n",
			MIN_FRAME_LEN, n_ports);
		return 2;
	}
	/* --both: plain frames on port 0, VXLAN ones on port 1; else o's way on o.tx. */
	n_senders = o.both ? 2 : 1;
	for (k = 0; k < n_senders; k++) {
		senders[k].o = o;
		senders[k].o.vxlan = o.both ? k == 1 : o.vxlan;
		senders[k].port = o.both ? (uint16_t)k : o.tx;
		senders[k].pool = create_pool(k == 0 ? "pktgen_tx" : "pktgen_tx1", &o);
		if (senders[k].pool == NULL ||
		    prebuild_frames(senders[k].pool, &senders[k].o, &senders[k].t) < 0) {
			fprintf(stderr, "vsw-pktgen: out of memory\n");
			return 1;
		}
	}
	if (o.both) {
		o.tx = 1;
		o.rx = 0; /* receives on both: rx_ports in run() */
	}
	rx_pool = create_pool("pktgen_rx", &o);
	c.samples = malloc(MAX_SAMPLES * sizeof(c.samples[0]));
	if (rx_pool == NULL || c.samples == NULL) {
		fprintf(stderr, "vsw-pktgen: out of memory\n");
		return 1;
	}
	for (p = 0; p < n_ports; p++) {
		if (port_start(p, o.rxq, rx_pool) < 0) {
			fprintf(stderr, "vsw-pktgen: cannot start port %u\n", p);
			return 1;
		}
	}
	run(&o, senders, n_senders, &c);
	qsort(c.samples, c.n_samples, sizeof(c.samples[0]), by_value);
	printf("tx_mpps=%.3f rx_mpps=%.3f loss_pct=%.2f lat_p50_us=%.1f lat_p99_us=%.1f "
	       "lat_p999_us=%.1f\n",
	       (double)c.tx / o.duration / 1e6, (double)c.rx / o.duration / 1e6,
	       c.tx ? 100.0 * (double)(c.tx > c.rx ? c.tx - c.rx : 0) / (double)c.tx : 0,
	       percentile_us(&c, 50), percentile_us(&c, 99), percentile_us(&c, 99.9));
	fflush(stdout);
	while (o.hold && getchar() != EOF)
		;
	for (p = 0; p < n_ports; p++)
		rte_eth_dev_stop(p);
	free(c.samples);
	rte_eal_cleanup();
	return 0;
}
