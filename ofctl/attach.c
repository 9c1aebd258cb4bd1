/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * attach.c: how vsw-ofctl reaches a running vswitchd (shm/'s helper
 * attach, with vsw-ofctl's exit status), and finds bridges and their ports
 * in the shared state.
 */

#include <stdio.h>
#include <string.h>

#include "ofctl.h"

int
ofctl_attach(struct ofctl *o)
{
	char err[512];

	if (vsw_shm_helper_attach(o->prefix, "vsw-ofctl", &o->shm, err, sizeof(err)) < 0) {
		fprintf(stderr, "vsw-ofctl: %s\n", err);
		return OFCTL_NO_SWITCH;
	}
	return 0;
}

void
ofctl_detach(struct ofctl *o)
{
	(void)o;
	vsw_shm_helper_detach();
}

int
ofctl_bridge(const struct ofctl *o, const char *name)
{
	unsigned int b;

	for (b = 0; b < o->shm->n_bridges && b < VSW_MAX_BRIDGES; b++)
		if (strcmp(o->shm->bridges[b].name, name) == 0)
			return (int)b;
	fprintf(stderr, "vsw-ofctl: no bridge named '%s'\n", name);
	return -1;
}

int
ofctl_bridge_arg(const struct ofctl *o, char **args, int n, int min, int max, const char *usage)
{
	int b;

	if (n < min || n > max) {
		fprintf(stderr, "vsw-ofctl: %s\n", usage);
		return -OFCTL_USAGE;
	}
	b = ofctl_bridge(o, args[0]);
	return b < 0 ? -OFCTL_REFUSED : b;
}

void
ofctl_bridge_ports(const struct ofctl *o, unsigned int b, struct vsw_flow_port *p,
		   struct vsw_flow_ports *ports)
{
	unsigned int i, n = 0;

	for (i = 0; i < o->shm->n_ports && i < VSW_MAX_PORTS; i++) {
		if (o->shm->ports[i].bridge != b)
			continue;
		p[n].name = o->shm->ports[i].name;
		p[n].ofport = o->shm->ports[i].ofport;
		p[n].index = (uint16_t)i;
		n++;
	}
	ports->p = p;
	ports->n = n;
}
