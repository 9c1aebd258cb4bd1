/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * pull.h: the datapath's one bounds-checked read of packet bytes (private to
 * datapath/). A cursor over a packet's first segment hands out the next n
 * bytes only when they are there; flow_key.c parses with it, and the PMD's
 * looks at raw headers before a parse (tunnel.c's VXLAN sort, actions.c's
 * runs of one Ethernet header) go through it too.
 */

#ifndef VSW_PULL_H
#define VSW_PULL_H

#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>

/* A read cursor over the bytes that may be parsed. */
struct pull {
	const uint8_t *p;
	uint32_t left;
};

/* A cursor at the start of m's first segment. */
static inline struct pull
pull_start(const struct rte_mbuf *m)
{
	return (struct pull){rte_pktmbuf_mtod(m, const uint8_t *), m->data_len};
}

/* The next n bytes, advancing past them; NULL (and nothing moved) if fewer remain. */
static inline const uint8_t *
pull(struct pull *c, uint32_t n)
{
	const uint8_t *r = c->p;

	if (unlikely(c->left < n))
		return NULL;
	c->p += n;
	c->left -= n;
	return r;
}

/* A 16-bit field, kept in network byte order. */
static inline uint16_t
be16_at(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

#endif /* VSW_PULL_H */
