/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_select.c: which rules a flow string selects, as ovs-ofctl's
 * del-flows, mod-flows and dump-flows select them (strict and non-strict).
 * Used by vswitchd for flow-mods and by vsw-ofctl for dump-flows; rules are
 * the classifier's (vsw_shm_flow.h), matches the parser's (flow_parse.c).
 */

#include <string.h>

#include "vsw_flow.h"

bool
vsw_flow_selects(const struct vsw_flow *f, const struct vsw_rule *r, bool strict)
{
	const uint8_t *rk = (const uint8_t *)&r->key, *rm = (const uint8_t *)&r->mask;
	const uint8_t *fk = (const uint8_t *)&f->key, *fm = (const uint8_t *)&f->mask;
	size_t i;

	if (f->table_given && r->table != f->table)
		return false;
	if ((r->cookie & f->cookie_mask) != (f->cookie & f->cookie_mask))
		return false;
	if (strict)
		return r->priority == f->priority &&
		       memcmp(&r->mask, &f->mask, sizeof(f->mask)) == 0 &&
		       memcmp(&r->key, &f->key, sizeof(f->key)) == 0;
	for (i = 0; i < sizeof(r->key); i++)
		if ((rm[i] & fm[i]) != fm[i] || (rk[i] & fm[i]) != fk[i])
			return false;
	return true;
}
