/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * bench.h: what bench_cls.c (classifier, main) and bench_fwd.c (exact-match
 * cache, PMD forwarding) share.
 */

#ifndef VSW_BENCH_H
#define VSW_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_dp_writer.h"

#define N_PACKETS 4096 /* lookup working set */
#define BURST	  32

extern struct vsw_reclaim *reclaim;
extern struct rte_rcu_qsbr *qsbr;
extern unsigned int runs;  /* medians are over this many runs */
extern double min_seconds; /* each run lasts at least this long */

/* A fast xorshift PRNG, fixed seed. */
uint64_t rnd(void);

/* Mask k of 32: dl_type, nw_proto, nw_src prefix /32../17, tp_dst when k >= 16. */
void make_mask(unsigned int k, struct vsw_flow_key *m);

/* A random IPv4/UDP key on in_port 1. */
void random_key(struct vsw_flow_key *k);

/* The median of v[0..n-1] (sorts v). */
double median(double *v, unsigned int n);

/*
 * A classifier (bridge 0) of n_rules over n_masks masks, priorities random
 * or ranked by mask; keys[0..N_PACKETS-1] each match one of its rules.
 */
struct vsw_cls_writer *build(unsigned int n_rules, unsigned int n_masks, bool ranked,
			     struct vsw_flow_key *keys);

/* bench_fwd.c */
void bench_emc(void);
void bench_pmd(bool quick);

#endif /* VSW_BENCH_H */
