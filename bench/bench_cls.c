/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * bench_cls: what a flow-table lookup costs (a benchmark, not a test).
 *
 * This file: the classifier, and main(); bench_fwd.c: the cache and the PMD.
 *
 *  1. classifier: vsw_cls_lookup_burst in bursts of 32 over 4096 packets
 *     that each match some rule, for 1, 1k, 100k, 1M rules spread over 1, 8
 *     and 32 masks; twice: priorities random (every subtable must be
 *     searched) and priorities ranked by mask (the search stops early);
 *  2. exact-match cache: a hit, and a miss that falls through to the
 *     classifier and is inserted;
 *  3. the real PMD loop (vsw_pmd_run on lcore 1) forwarding a net_pcap port
 *     that replays N distinct UDP flows forever into net_null, with one exact
 *     rule per flow in table 0: Mpps and cycles per packet from its counters.
 *     The pcap PMD copies every packet it "receives", so this is a floor.
 *
 * Every figure is the median of `runs` (default 3). Needs about 1.6 GiB of
 * free 2 MiB hugepages for the 1M-rule cases. usage: bench_cls [--quick]
 */

#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_malloc.h>

#include "bench.h"

struct vsw_reclaim *reclaim;
struct rte_rcu_qsbr *qsbr;
unsigned int runs = 3;
double min_seconds = 0.3;

uint64_t
rnd(void)
{
	static uint64_t s = 88172645463325252ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

void
make_mask(unsigned int k, struct vsw_flow_key *m)
{
	unsigned int plen = 32 - (k % 16), i;

	memset(m, 0, sizeof(*m));
	m->dl_type = 0xffff;
	m->nw_proto = 0xff;
	for (i = 0; i < 4; i++)
		m->nw_src[i] = (uint8_t)(plen >= (i + 1) * 8 ? 0xff
					 : plen > i * 8	     ? 0xff << (8 - (plen - i * 8))
							     : 0);
	if (k >= 16)
		m->tp_dst = 0xffff;
}

void
random_key(struct vsw_flow_key *k)
{
	uint64_t r = rnd();

	memset(k, 0, sizeof(*k));
	k->in_port = 1;
	k->dl_type = RTE_BE16(0x0800);
	k->nw_proto = 17;
	memcpy(k->nw_src, &r, 4);
	memcpy(k->nw_dst, (char *)&r + 4, 4);
	k->tp_src = (uint16_t)rnd();
	k->tp_dst = (uint16_t)rnd();
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

struct vsw_cls_writer *
build(unsigned int n_rules, unsigned int n_masks, bool ranked, struct vsw_flow_key *keys)
{
	static const struct vsw_action out = {.type = VSW_ACTION_OUTPUT, .port = 1};
	struct vsw_cls_writer *w;
	struct vsw_rule_spec s;
	struct vsw_flow_key *rule_keys;
	char err[256];
	unsigned int i, j;

	if (vsw_cls_create(0, 1, reclaim, &w, err, sizeof(err)) < 0)
		return NULL;
	rule_keys = malloc(sizeof(*rule_keys) * N_PACKETS);
	memset(&s, 0, sizeof(s));
	s.actions = &out;
	s.n_actions = 1;
	for (i = 0; i < n_rules; i++) {
		unsigned int m = i % n_masks;

		make_mask(m, &s.mask);
		random_key(&s.key);
		s.priority = ranked ? (uint16_t)(1000 - m) : (uint16_t)(1 + rnd() % 1000);
		if (vsw_cls_add(w, &s, err, sizeof(err)) < 0) {
			fprintf(stderr, "bench_cls: %s\n", err);
			vsw_cls_destroy(w);
			free(rule_keys);
			return NULL;
		}
		if (i < N_PACKETS)
			rule_keys[i] = s.key;
		if (i % 4096 == 4095)
			vsw_cls_commit(w);
	}
	vsw_cls_commit(w);
	/* Packets: a rule's key, with fields outside every mask changed. */
	for (j = 0; j < N_PACKETS; j++) {
		keys[j] = rule_keys[rnd() % RTE_MIN(n_rules, (unsigned int)N_PACKETS)];
		keys[j].tp_src = (uint16_t)rnd();
		keys[j].nw_dst[3] = (uint8_t)rnd();
	}
	free(rule_keys);
	return w;
}

/* ns and cycles per packet of burst lookups over keys. */
static void
time_lookups(const struct vsw_cls *cls, const struct vsw_flow_key *keys, double *ns, double *cycles)
{
	const struct vsw_flow_key *kp[BURST];
	const struct vsw_rule *out[BURST];
	uint64_t v = vsw_cls_version(cls), hz = rte_get_tsc_hz(), t0, n = 0, misses = 0;
	unsigned int i, b = 0;

	t0 = rte_rdtsc();
	do {
		for (i = 0; i < BURST; i++)
			kp[i] = &keys[(b * BURST + i) % N_PACKETS];
		vsw_cls_lookup_burst(cls, 0, kp, BURST, v, out);
		for (i = 0; i < BURST; i++)
			misses += out[i] == NULL;
		n += BURST;
		b++;
	} while (rte_rdtsc() - t0 < (uint64_t)(min_seconds * hz));
	*cycles = (double)(rte_rdtsc() - t0) / (double)n;
	*ns = *cycles * 1e9 / (double)hz;
	if (misses)
		fprintf(stderr, "bench_cls: %" PRIu64 " lookups found no rule\n", misses);
}

static void
bench_classifier(bool quick)
{
	static const unsigned int rules[] = {1, 1000, 100000, 1000000};
	static const unsigned int masks[] = {1, 8, 32};
	struct vsw_flow_key *keys = malloc(sizeof(*keys) * N_PACKETS);
	unsigned int r, m, k, ranked;

	printf("\n## Classifier lookup (bursts of 32, packets that all match)\n\n");
	printf("| rules | masks | ns/pkt random prio | cycles/pkt | ns/pkt ranked prio | "
	       "cycles/pkt |\n|---|---|---|---|---|---|\n");
	for (r = 0; r < RTE_DIM(rules); r++) {
		if (quick && rules[r] > 100000)
			break;
		for (m = 0; m < RTE_DIM(masks); m++) {
			double ns[2], cyc[2];

			if (masks[m] > rules[r])
				continue;
			for (ranked = 0; ranked < 2; ranked++) {
				double vns[9], vcyc[9];
				struct vsw_cls_writer *w = build(rules[r], masks[m], ranked, keys);

				if (w == NULL)
					return;
				for (k = 0; k < runs; k++)
					time_lookups(vsw_cls_tables(w), keys, &vns[k], &vcyc[k]);
				ns[ranked] = median(vns, runs);
				cyc[ranked] = median(vcyc, runs);
				vsw_reclaim_destroy(reclaim);
				vsw_reclaim_create(qsbr, &reclaim);
				vsw_cls_destroy(w);
			}
			printf("| %u | %u | %.1f | %.0f | %.1f | %.0f |\n", rules[r], masks[m],
			       ns[0], cyc[0], ns[1], cyc[1]);
			fflush(stdout);
		}
	}
	free(keys);
}

int
main(int argc, char **argv)
{
	char *eal[] = {argv[0], "-l0,1", "--in-memory", "--no-pci", "--log-level=.*:warning",
		       "-m",	"1800",	 NULL};
	bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;

	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0) {
		fprintf(stderr, "bench_cls: cannot start DPDK: reserve 1024 hugepages of 2 MiB\n");
		return 1;
	}
	if (quick) {
		runs = 3;
		min_seconds = 0.1;
	}
	qsbr = rte_zmalloc(NULL, rte_rcu_qsbr_get_memsize(1), RTE_CACHE_LINE_SIZE);
	rte_rcu_qsbr_init(qsbr, 1);
	vsw_reclaim_create(qsbr, &reclaim);
	printf("# bench_cls: TSC %.2f GHz, median of %u runs of >= %.1f s\n",
	       (double)rte_get_tsc_hz() / 1e9, runs, min_seconds);
	bench_classifier(quick);
	bench_emc();
	bench_pmd(quick);
	rte_eal_cleanup();
	return 0;
}
