/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_select.c: which rules a flow string selects, as ovs-ofctl's
 * del-flows, mod-flows and dump-flows select them (strict and non-strict).
 * Used by vswitchd for flow-mods and by vsw-ofctl for dump-flows; rules are
 * the classifier's (vsw_shm_flow.h), matches the parser's (flow_parse.c).
 */

#include <stddef.h>
#include <string.h>

#include "vsw_flow.h"

/*
 * Whether a rule's match (rk under rm, n bytes) is f's (fk under fm), or
 * for !strict at least as specific.
 */
static bool
bytes_select(const void *rk, const void *rm, const void *fk, const void *fm, size_t n,
	     bool strict)
{
	const uint8_t *a = rk, *am = rm, *b = fk, *bm = fm;
	size_t i;

	if (strict)
		return memcmp(am, bm, n) == 0 && memcmp(a, b, n) == 0;
	for (i = 0; i < n; i++)
		if ((am[i] & bm[i]) != bm[i] || (a[i] & bm[i]) != b[i])
			return false;
	return true;
}

bool
vsw_flow_selects(const struct vsw_flow *f, const struct vsw_rule *r, bool strict)
{
	if (f->table_given && r->table != f->table)
		return false;
	if ((r->cookie & f->cookie_mask) != (f->cookie & f->cookie_mask))
		return false;
	if (strict && r->priority != f->priority)
		return false;
	/* A rule's key ends with the classifier's state digest (pad): not part of the match. */
	return bytes_select(&r->key, &r->mask, &f->key, &f->mask,
			    offsetof(struct vsw_flow_key, pad), strict) &&
	       bytes_select(&r->state, &r->state_mask, &f->state, &f->state_mask,
			    sizeof(f->state), strict);
}
