/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fdb.c: the MAC learning table as readers see it, and the ring that carries
 * learn requests from PMDs to its one writer. normal.c looks MACs up and
 * sends requests; the control thread drains the ring into fdb_write.c; the
 * layout is shm/vsw_shm_fdb.h's, so vsw-ofctl reads the same table.
 */

#include <errno.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "vsw_dp_writer.h"

int
vsw_fdb_lookup(const struct vsw_fdb *fdb, const uint8_t mac[6], uint16_t vlan, int32_t *pos)
{
	struct vsw_fdb_key k;
	void *data;
	int32_t p;

	memcpy(k.mac, mac, sizeof(k.mac));
	k.vlan = vlan;
	p = rte_hash_lookup_with_hash_data(fdb->hash, &k, vsw_fdb_hash(&k), &data);
	if (p < 0)
		return -1;
	if (pos != NULL)
		*pos = p;
	return (int)(uintptr_t)data;
}

int
vsw_fdb_ring_create(struct rte_ring **out)
{
	/* Any PMD enqueues; only the control thread dequeues. */
	*out = rte_ring_create_elem(VSW_SHM_FDB_RING, sizeof(struct vsw_fdb_learn),
				    VSW_SHM_FDB_RING_SIZE, SOCKET_ID_ANY, RING_F_SC_DEQ);
	return *out == NULL ? -rte_errno : 0;
}

unsigned int
vsw_fdb_ring_drain(struct rte_ring *ring, struct vsw_fdb_writer *const *w, unsigned int n_w,
		   const struct vsw_dp *dp, unsigned int max)
{
	struct vsw_fdb_learn req[64];
	unsigned int n, i, total = 0;

	while (total < max) {
		n = rte_ring_sc_dequeue_burst_elem(ring, req, sizeof(req[0]), RTE_DIM(req), NULL);
		for (i = 0; i < n; i++) {
			const struct vsw_fdb_learn *r = &req[i];

			/* PMDs are ours, but a stale request may outlive a reload. */
			if (r->bridge >= n_w || r->port >= dp->n_ports ||
			    dp->ports[r->port]->bridge != r->bridge) {
				if (r->bridge < n_w)
					vsw_fdb_table(w[r->bridge])->refused++;
				continue;
			}
			vsw_fdb_learn(w[r->bridge], r->mac, r->vlan, r->port);
		}
		total += n;
		if (n < RTE_DIM(req))
			break;
	}
	return total;
}
