/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * fdb_show.c: fdb-show BRIDGE, the MAC learning table read straight from
 * shared memory (shm/vsw_shm_fdb.h), printed as `ovs-appctl fdb/show` does:
 *
 *	 port  VLAN  MAC                Age
 *	    1     0  02:00:00:00:00:01    3
 *
 * Ports print as OpenFlow numbers (names with --names); entries sort by
 * port, VLAN and MAC, so two calls on a quiet switch print the same. The
 * writer may change the table while we read: an entry is taken only while
 * it is in use, and copied before it is printed.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofctl.h"

/* One entry as printed. */
struct fdb_row {
	uint16_t ofport;
	uint16_t port; /* index into vsw_shm.ports */
	uint16_t vlan;
	uint8_t mac[6];
	uint32_t age;
};

static int
row_cmp(const void *a, const void *b)
{
	const struct fdb_row *x = a, *y = b;

	if (x->ofport != y->ofport)
		return x->ofport < y->ofport ? -1 : 1;
	if (x->vlan != y->vlan)
		return x->vlan < y->vlan ? -1 : 1;
	return memcmp(x->mac, y->mac, sizeof(x->mac));
}

int
ofctl_fdb_show(struct ofctl *o, char **args, int n)
{
	const struct vsw_fdb *fdb;
	struct fdb_row *rows;
	struct timespec now;
	uint32_t i, n_rows = 0;
	int b;

	b = ofctl_bridge_arg(o, args, n, 1, 1, "fdb-show takes one BRIDGE");
	if (b < 0)
		return -b;
	fdb = o->shm->bridges[b].fdb;
	if (fdb == NULL || fdb->version != VSW_SHM_VERSION) {
		fprintf(stderr, "vsw-ofctl: bridge %s has no MAC table this build can read\n",
			args[0]);
		return OFCTL_NO_SWITCH;
	}
	rows = calloc(fdb->capacity ? fdb->capacity : 1, sizeof(*rows));
	if (rows == NULL) {
		fprintf(stderr, "vsw-ofctl: out of memory\n");
		return OFCTL_REFUSED;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < fdb->capacity; i++) {
		const struct vsw_fdb_entry *e = &fdb->entries[i];
		struct fdb_row *r = &rows[n_rows];
		uint32_t seen;

		if (!__atomic_load_n(&e->in_use, __ATOMIC_ACQUIRE))
			continue;
		r->port = __atomic_load_n(&e->port, __ATOMIC_RELAXED);
		if (r->port >= o->shm->n_ports)
			continue;
		r->ofport = o->shm->ports[r->port].ofport;
		r->vlan = e->vlan;
		memcpy(r->mac, e->mac, sizeof(r->mac));
		seen = __atomic_load_n(&e->seen_s, __ATOMIC_RELAXED);
		r->age = (uint32_t)now.tv_sec > seen ? (uint32_t)now.tv_sec - seen : 0;
		n_rows++;
	}
	qsort(rows, n_rows, sizeof(*rows), row_cmp);
	printf(" port  VLAN  MAC                Age\n");
	for (i = 0; i < n_rows; i++) {
		const struct fdb_row *r = &rows[i];
		char port[VSW_NAME_LEN];

		if (o->names)
			snprintf(port, sizeof(port), "%s", o->shm->ports[r->port].name);
		else
			snprintf(port, sizeof(port), "%u", r->ofport);
		printf("%5s  %4u  %02x:%02x:%02x:%02x:%02x:%02x  %3u\n", port, r->vlan, r->mac[0],
		       r->mac[1], r->mac[2], r->mac[3], r->mac[4], r->mac[5], r->age);
	}
	free(rows);
	return OFCTL_OK;
}
