/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * reclaim.c: frees that wait for an RCU grace period, without waiting.
 *
 * The writer (cls_write.c) unlinks a rule, a subtable array, a hash key slot
 * or a whole hash table, then hands its free to vsw_reclaim_defer(). That
 * takes a token from the QSBR variable PMDs report to (rte_rcu_qsbr_start)
 * and queues the free. vsw_reclaim_poll(), called from the control loop,
 * runs the frees at the head of the queue whose token every PMD has passed
 * (rte_rcu_qsbr_check, non-blocking). Tokens grow monotonically, so the queue
 * is FIFO: the first free that must still wait ends the poll. The writer
 * never blocks on a PMD, so adding flows under load cannot stall it.
 *
 * The queue itself is process-local (only the control thread uses it).
 */

#include <errno.h>
#include <stdlib.h>

#include "vsw_dp_writer.h"

struct reclaim_item {
	uint64_t token;
	void (*fn)(void *a, void *b);
	void *a;
	void *b;
};

struct vsw_reclaim {
	struct rte_rcu_qsbr *qsbr;
	struct reclaim_item *q; /* ring of cap items */
	size_t cap;
	size_t head; /* oldest */
	size_t n;    /* queued */
};

int
vsw_reclaim_create(struct rte_rcu_qsbr *qsbr, struct vsw_reclaim **out)
{
	struct vsw_reclaim *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return -ENOMEM;
	r->qsbr = qsbr;
	*out = r;
	return 0;
}

/* Double the ring, keeping order. */
static int
grow(struct vsw_reclaim *r)
{
	size_t cap = r->cap ? r->cap * 2 : 1024, i;
	struct reclaim_item *q = malloc(cap * sizeof(*q));

	if (q == NULL)
		return -ENOMEM;
	for (i = 0; i < r->n; i++)
		q[i] = r->q[(r->head + i) % r->cap];
	free(r->q);
	r->q = q;
	r->cap = cap;
	r->head = 0;
	return 0;
}

int
vsw_reclaim_defer(struct vsw_reclaim *r, void (*fn)(void *a, void *b), void *a, void *b)
{
	struct reclaim_item *it;

	if (r->n == r->cap && grow(r) < 0)
		return -ENOMEM;
	it = &r->q[(r->head + r->n) % r->cap];
	it->token = rte_rcu_qsbr_start(r->qsbr);
	it->fn = fn;
	it->a = a;
	it->b = b;
	r->n++;
	return 0;
}

unsigned int
vsw_reclaim_poll(struct vsw_reclaim *r)
{
	unsigned int done = 0;

	while (r->n > 0) {
		struct reclaim_item *it = &r->q[r->head];

		if (rte_rcu_qsbr_check(r->qsbr, it->token, false) != 1)
			break;
		it->fn(it->a, it->b);
		r->head = (r->head + 1) % r->cap;
		r->n--;
		done++;
	}
	return done;
}

unsigned int
vsw_reclaim_pending(const struct vsw_reclaim *r)
{
	return (unsigned int)r->n;
}

void
vsw_reclaim_destroy(struct vsw_reclaim *r)
{
	if (r == NULL)
		return;
	while (r->n > 0) {
		struct reclaim_item *it = &r->q[r->head];

		it->fn(it->a, it->b);
		r->head = (r->head + 1) % r->cap;
		r->n--;
	}
	free(r->q);
	free(r);
}
