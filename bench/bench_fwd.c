/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * bench_fwd.c: the exact-match cache and the whole PMD loop (see bench_cls.c
 * for the method). The PMD part writes a pcap of N distinct UDP flows,
 * replays it forever through a net_pcap port (infinite_rx) into net_null
 * (no-rx), with one exact 5-tuple rule per flow plus filler rules, and reads
 * the PMD's own counters over one second.
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_malloc.h>

#include "bench.h"
#include "testlib.h"

/* ns per packet of EMC hits, and of misses resolved by the classifier and cached. */
void
bench_emc(void)
{
	struct vsw_flow_key *keys = malloc(sizeof(*keys) * N_PACKETS * 16);
	struct vsw_emc *emc = rte_zmalloc(NULL, sizeof(*emc), RTE_CACHE_LINE_SIZE);
	struct vsw_cls_writer *w = build(1000, 8, false, keys);
	const struct vsw_cls *cls;
	double hit_ns[9], miss_ns[9], hz = (double)rte_get_tsc_hz();
	uint64_t v, t0, n, hits = 0;
	unsigned int r, i;

	if (w == NULL || emc == NULL || keys == NULL)
		return;
	cls = vsw_cls_tables(w);
	v = vsw_cls_version(cls);
	/* Misses: 64k distinct keys cycle through an 8192-entry cache. */
	for (i = N_PACKETS; i < N_PACKETS * 16; i++) {
		keys[i] = keys[i % N_PACKETS];
		keys[i].tp_src = (uint16_t)i;
	}
	for (r = 0; r < runs; r++) {
		const struct vsw_rule *rule;
		const struct vsw_dpflow *flow;

		for (i = 0; i < N_PACKETS; i++)
			vsw_emc_insert(emc, cls, &keys[i], vsw_key_hash(&keys[i]), v, NULL, NULL);
		n = 0;
		t0 = rte_rdtsc();
		do {
			const struct vsw_flow_key *k = &keys[n % N_PACKETS];

			hits += vsw_emc_lookup(emc, cls, k, vsw_key_hash(k), v, &rule, &flow);
			n++;
		} while (rte_rdtsc() - t0 < (uint64_t)(min_seconds * hz));
		hit_ns[r] = (double)(rte_rdtsc() - t0) * 1e9 / hz / (double)n;
		n = 0;
		t0 = rte_rdtsc();
		do {
			const struct vsw_flow_key *k = &keys[N_PACKETS + n % (N_PACKETS * 15)];
			uint32_t h = vsw_key_hash(k);

			if (!vsw_emc_lookup(emc, cls, k, h, v, &rule, &flow)) {
				rule = vsw_cls_lookup(cls, 0, k, v);
				vsw_emc_insert(emc, cls, k, h, v, rule, NULL);
			}
			n++;
		} while (rte_rdtsc() - t0 < (uint64_t)(min_seconds * hz));
		miss_ns[r] = (double)(rte_rdtsc() - t0) * 1e9 / hz / (double)n;
	}
	printf("\n## Exact-match cache (1k rules over 8 masks behind it)\n\n");
	printf("| path | ns/pkt | cycles/pkt |\n|---|---|---|\n");
	printf("| hit (hash + compare) | %.1f | %.0f |\n", median(hit_ns, runs),
	       median(hit_ns, runs) * hz / 1e9);
	printf("| miss: classifier lookup + insert | %.1f | %.0f |\n", median(miss_ns, runs),
	       median(miss_ns, runs) * hz / 1e9);
	vsw_reclaim_destroy(reclaim);
	vsw_reclaim_create(qsbr, &reclaim);
	vsw_cls_destroy(w);
	rte_free(emc);
	free(keys);
}

/* A pcap of n 64-byte UDP frames, flow i: 10.0.x.y -> 10.1.x.y, ports 1000+i%1000. */
static int
write_flows_pcap(const char *path, unsigned int n)
{
	static const uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
	uint32_t rec[4] = {0, 0, 60, 60};
	uint8_t f[60];
	FILE *fp = fopen(path, "wb");
	unsigned int i;

	if (fp == NULL)
		return -1;
	fwrite(hdr, sizeof(hdr), 1, fp);
	for (i = 0; i < n; i++) {
		memset(f, 0, sizeof(f));
		f[12] = 0x08;
		f[14] = 0x45;
		f[17] = 46;
		f[22] = 64;
		f[23] = 17;
		f[26] = 10, f[28] = (uint8_t)(i >> 8), f[29] = (uint8_t)i;
		f[30] = 10, f[31] = 1, f[32] = (uint8_t)(i >> 8), f[33] = (uint8_t)i;
		f[34] = (uint8_t)((1000 + i % 1000) >> 8), f[35] = (uint8_t)(1000 + i % 1000);
		f[36] = 0x13, f[37] = 0x89;
		fwrite(rec, sizeof(rec), 1, fp);
		fwrite(f, sizeof(f), 1, fp);
	}
	return fclose(fp);
}

/* One exact rule per pcap flow, then random fillers up to n_rules over 8 masks. */
static int
add_rules(struct vsw_cls_writer *w, unsigned int n_flows, unsigned int n_rules)
{
	static const struct vsw_action out = {.type = VSW_ACTION_OUTPUT, .port = 1};
	struct vsw_rule_spec s;
	char err[256];
	unsigned int i;

	memset(&s, 0, sizeof(s));
	s.actions = &out;
	s.n_actions = 1;
	s.priority = 100;
	memset(&s.mask, 0xff, sizeof(s.mask));
	memset(s.mask.pad, 0, sizeof(s.mask.pad));
	s.mask.nw_tos = s.mask.nw_ttl = s.mask.tcp_flags = 0;
	for (i = 0; i < n_flows; i++) {
		memset(&s.key, 0, sizeof(s.key));
		s.key.in_port = 1;
		s.key.dl_type = RTE_BE16(0x0800);
		s.key.nw_proto = 17;
		s.key.nw_src[0] = 10, s.key.nw_src[2] = (uint8_t)(i >> 8);
		s.key.nw_src[3] = (uint8_t)i;
		s.key.nw_dst[0] = 10, s.key.nw_dst[1] = 1, s.key.nw_dst[2] = (uint8_t)(i >> 8);
		s.key.nw_dst[3] = (uint8_t)i;
		s.key.tp_src = rte_cpu_to_be_16((uint16_t)(1000 + i % 1000));
		s.key.tp_dst = RTE_BE16(5001);
		if (vsw_cls_add(w, &s, err, sizeof(err)) < 0)
			return -1;
	}
	for (; i < n_rules; i++) {
		make_mask(i % 8, &s.mask);
		random_key(&s.key);
		s.priority = (uint16_t)(1 + rnd() % 99);
		if (vsw_cls_add(w, &s, err, sizeof(err)) < 0)
			return -1;
	}
	vsw_cls_commit(w);
	return 0;
}

/* Mpps and cycles/pkt of the PMD forwarding n_flows with n_rules in table 0. */
static int
run_pmd(unsigned int n_flows, unsigned int n_rules, double *mpps, double *cycles, double *emc_rate)
{
	static struct vsw_dp dp;
	struct rte_mempool *pool;
	struct vsw_cls_writer *w;
	struct vsw_pmd *pmd;
	unsigned int lcore = 1;
	char path[64], devargs[128], err[256];
	uint64_t p0, c0, e0, t0, hz = rte_get_tsc_hz();
	int rc = -1;

	memset(&dp, 0, sizeof(dp));
	snprintf(path, sizeof(path), "/tmp/vsw-bench-%d.pcap", (int)getpid());
	snprintf(devargs, sizeof(devargs), "net_pcap_bench,rx_pcap=%s,infinite_rx=1", path);
	pool = rte_pktmbuf_pool_create("bench", n_flows + 8192, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       0);
	dp.shm = vsw_shm_create();
	if (pool == NULL || dp.shm == NULL || write_flows_pcap(path, n_flows) < 0 ||
	    vsw_cls_create(0, 1, reclaim, &w, err, sizeof(err)) < 0)
		return -1;
	dp.qsbr = qsbr;
	dp.ports[0] = test_open_port(0, devargs, pool);
	dp.ports[1] = test_open_port(1, "net_null_bench,no-rx=1", pool);
	if (dp.ports[0] == NULL || dp.ports[1] == NULL || add_rules(w, n_flows, n_rules) < 0)
		goto out;
	dp.n_ports = 2;
	dp.bridges[0].cls = vsw_cls_tables(w);
	dp.bridges[0].fail_mode = VSW_FAIL_SECURE;
	dp.bridges[0].n_ports = 2;
	dp.bridges[0].ports[1] = 1;
	dp.n_bridges = 1;
	dp.shm->n_pmds = 1;
	if (vsw_pmd_create_all(&dp, &lcore, 1, &pmd) < 0 ||
	    rte_eal_remote_launch(vsw_pmd_run, pmd, lcore) < 0)
		goto out;
	rte_delay_ms(300); /* warm-up: caches, EMC */
	p0 = dp.shm->pmds[0].c.packets, c0 = dp.shm->pmds[0].c.busy_cycles;
	e0 = dp.shm->pmds[0].c.emc_hits, t0 = rte_rdtsc();
	rte_delay_ms((unsigned int)(min_seconds * 3000));
	*mpps = (double)(dp.shm->pmds[0].c.packets - p0) / ((double)(rte_rdtsc() - t0) / hz) / 1e6;
	*cycles = (double)(dp.shm->pmds[0].c.busy_cycles - c0) /
		  (double)(dp.shm->pmds[0].c.packets - p0);
	*emc_rate = (double)(dp.shm->pmds[0].c.emc_hits - e0) /
		    (double)(dp.shm->pmds[0].c.packets - p0);
	vsw_dp_stop(&dp);
	rte_eal_mp_wait_lcore();
	vsw_pmd_free_all(&pmd, 1);
	rc = 0;
out:
	if (dp.ports[0] != NULL)
		dp.ports[0]->ops->close(dp.ports[0]);
	if (dp.ports[1] != NULL)
		dp.ports[1]->ops->close(dp.ports[1]);
	vsw_reclaim_destroy(reclaim);
	vsw_reclaim_create(qsbr, &reclaim);
	vsw_cls_destroy(w);
	vsw_shm_free(dp.shm);
	rte_mempool_free(pool);
	unlink(path);
	return rc;
}

void
bench_pmd(bool quick)
{
	static const unsigned int rules[] = {1024, 100000};
	static const unsigned int flows[] = {1024, 16384};
	unsigned int r, f, k;

	printf("\n## PMD forwarding, one core (net_pcap replay -> net_null, 64-byte frames)\n\n");
	printf("| flows | rules | Mpps | cycles/pkt | EMC hit rate |\n|---|---|---|---|---|\n");
	for (r = 0; r < RTE_DIM(rules); r++) {
		for (f = 0; f < RTE_DIM(flows); f++) {
			double mpps[9], cyc[9], emc[9];

			if (flows[f] > rules[r] || (quick && rules[r] > 1024))
				continue;
			for (k = 0; k < runs; k++)
				if (run_pmd(flows[f], rules[r], &mpps[k], &cyc[k], &emc[k]) < 0)
					return;
			printf("| %u | %u | %.2f | %.0f | %.0f%% |\n", flows[f], rules[r],
			       median(mpps, runs), median(cyc, runs), 100 * median(emc, runs));
			fflush(stdout);
		}
	}
}
