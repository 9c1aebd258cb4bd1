/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofctl.h: what vsw-ofctl's files share (not a public header):
 *  - main.c: the command line, the command table, exit statuses;
 *  - attach.c: finding the running vswitchd and attaching as a DPDK
 *    secondary, quietly, and reading its shared state;
 *  - show.c: show, dump-ports, dump-tables, pmd-stats-show, pmd-rxq-show;
 *  - dump_flows.c: dump-flows.
 * Every command here reads shared memory; none sends anything to vswitchd.
 */

#ifndef VSW_OFCTL_H
#define VSW_OFCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "vsw_flow.h"
#include "vsw_shm.h"

/* Exit statuses, as ../shared/interface.md fixes them. */
#define OFCTL_OK	0
#define OFCTL_REFUSED	1 /* a request vsw refuses (bad flow, unknown port ...) */
#define OFCTL_USAGE	2
#define OFCTL_NO_SWITCH 3 /* no vswitchd answers, or one vsw-ofctl cannot read */

struct ofctl {
	const char *prefix; /* the switch's DPDK file-prefix */
	double timeout;	    /* seconds, for requests to vswitchd */
	bool names;	    /* ports by name (--names) */
	bool no_stats;	    /* dump-flows --no-stats */
	struct vsw_shm *shm;
};

/*
 * Attach to the vswitchd of o->prefix as a DPDK secondary. Returns 0, or
 * OFCTL_NO_SWITCH after printing one line saying why (no such switch, no
 * access, another layout version, the EAL failing).
 */
int ofctl_attach(struct ofctl *o);

/* Detach (rte_eal_cleanup). */
void ofctl_detach(struct ofctl *o);

/* The index of bridge `name`, or -1 after printing that it does not exist. */
int ofctl_bridge(const struct ofctl *o, const char *name);

/* Bridge b's ports for the flow parser and printer (names, ofports, indexes). */
void ofctl_bridge_ports(const struct ofctl *o, unsigned int b, struct vsw_flow_port *p,
			struct vsw_flow_ports *ports);

/* Commands: each returns an exit status. args[0..n-1] follow the command name. */
int ofctl_show(struct ofctl *o, char **args, int n);
int ofctl_dump_ports(struct ofctl *o, char **args, int n);
int ofctl_dump_tables(struct ofctl *o, char **args, int n);
int ofctl_pmd_stats_show(struct ofctl *o, char **args, int n);
int ofctl_pmd_rxq_show(struct ofctl *o, char **args, int n);
int ofctl_dump_flows(struct ofctl *o, char **args, int n);

#endif /* VSW_OFCTL_H */
