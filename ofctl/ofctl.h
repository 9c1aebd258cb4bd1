/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofctl.h: what vsw-ofctl's files share (not a public header):
 *  - main.c: the command line, the command table, exit statuses;
 *  - attach.c: finding the running vswitchd and attaching as a DPDK
 *    secondary, quietly, and reading its shared state;
 *  - show.c: show, dump-ports, dump-tables, pmd-stats-show, pmd-rxq-show;
 *  - dump_flows.c: dump-flows;
 *  - diff_flows.c: diff-flows (reads shared memory too);
 *  - request.c: requests to vswitchd over mp IPC, bulk buffers;
 *  - flow_mods.c: the commands that send requests (add-flow(s), mod-flows,
 *    del-flows, replace-flows, pmd-stats-clear, reload, fdb-flush);
 *  - fdb_show.c: fdb-show (reads the MAC table in shared memory);
 *  - dump_dp_flows.c: dump-dp-flows (reads the PMDs' datapath flow caches);
 *  - capture.c: capture-reset (DPDK's pdump protocol, as dpdk-dumpcap).
 * Reading never goes through vswitchd; changing always does.
 */

#ifndef VSW_OFCTL_H
#define VSW_OFCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsw_flow.h"
#include "vsw_shm.h"

/* Exit statuses, as docs/ofctl.md states them (2 usage, 3 no switch). */
#define OFCTL_OK	0
#define OFCTL_REFUSED	1 /* a request vsw refuses (bad flow, unknown port ...) */
#define OFCTL_USAGE	2
#define OFCTL_NO_SWITCH 3 /* no vswitchd answers, or one vsw-ofctl cannot read */

struct ofctl {
	const char *prefix; /* the switch's DPDK file-prefix */
	double timeout;	    /* seconds, for requests to vswitchd */
	bool names;	    /* ports by name (--names) */
	bool no_stats;	    /* dump-flows --no-stats */
	bool strict;	    /* mod-flows, del-flows --strict */
	struct vsw_shm *shm;
};

/*
 * Attach to the vswitchd of o->prefix as a DPDK secondary. Returns 0, or
 * OFCTL_NO_SWITCH after printing one line saying why (no such switch, no
 * access, another layout version, the EAL failing).
 */
int ofctl_attach(struct ofctl *o);

/* Detach (vsw_shm_helper_detach). */
void ofctl_detach(struct ofctl *o);

/* The index of bridge `name`, or -1 after printing that it does not exist. */
int ofctl_bridge(const struct ofctl *o, const char *name);

/*
 * The arguments of a command whose first is a BRIDGE: between min (at least
 * 1) and max of them, else usage is printed. The bridge's index, or a
 * negated exit status (OFCTL_USAGE, OFCTL_REFUSED) after a message.
 */
int ofctl_bridge_arg(const struct ofctl *o, char **args, int n, int min, int max,
		     const char *usage);

/* Bridge b's ports for the flow parser and printer (names, ofports, indexes). */
void ofctl_bridge_ports(const struct ofctl *o, unsigned int b, struct vsw_flow_port *p,
			struct vsw_flow_ports *ports);

/*
 * The rules of cls present at its current version that filter selects
 * (non-strict), sorted by table, priority (high first), age; a malloc'ed
 * array. The caller is a registered reader (vsw_shm_reader_enter). 0 or -1.
 */
int ofctl_collect_rules(const struct vsw_cls *cls, const struct vsw_flow *filter,
			const struct vsw_rule ***out, size_t *n_out);

/* Whether arg names port sp, by name or by its whole OpenFlow number. */
bool ofctl_is_port(const struct vsw_shm_port *sp, const char *arg);

/* Rule r as a flow, for printing. */
void ofctl_rule_flow(const struct vsw_rule *r, struct vsw_flow *f);

/* All of path ("-": stdin) into *text (malloc'ed, NUL-terminated). OFCTL_OK or a status after
 * saying why. */
int ofctl_read_file(const char *path, char **text, size_t *len);

/*
 * Send req to vswitchd and wait (o->timeout) for its reply. OFCTL_OK with
 * *rep filled (rep->status says whether it was done), or OFCTL_NO_SWITCH
 * after saying why (no answer, another layout version).
 */
int ofctl_request(const struct ofctl *o, struct vsw_ipc_request *req, struct vsw_ipc_reply *rep);

/* Run flow command cmd on bridge with text (len bytes) through a bulk buffer. As ofctl_request. */
int ofctl_send_flows(const struct ofctl *o, unsigned int bridge, enum vsw_ipc_flow_cmd cmd,
		     const char *text, size_t len, struct vsw_ipc_reply *rep);

/* Commands: each returns an exit status. args[0..n-1] follow the command name. */
int ofctl_show(struct ofctl *o, char **args, int n);
int ofctl_dump_ports(struct ofctl *o, char **args, int n);
int ofctl_dump_tables(struct ofctl *o, char **args, int n);
int ofctl_pmd_stats_show(struct ofctl *o, char **args, int n);
int ofctl_dump_dp_flows(struct ofctl *o, char **args, int n);
int ofctl_pmd_rxq_show(struct ofctl *o, char **args, int n);
int ofctl_dump_flows(struct ofctl *o, char **args, int n);
int ofctl_diff_flows(struct ofctl *o, char **args, int n);
int ofctl_add_flow(struct ofctl *o, char **args, int n);
int ofctl_add_flows(struct ofctl *o, char **args, int n);
int ofctl_mod_flows(struct ofctl *o, char **args, int n);
int ofctl_del_flows(struct ofctl *o, char **args, int n);
int ofctl_replace_flows(struct ofctl *o, char **args, int n);
int ofctl_pmd_stats_clear(struct ofctl *o, char **args, int n);
int ofctl_reload(struct ofctl *o, char **args, int n);
int ofctl_capture_reset(struct ofctl *o, char **args, int n);
int ofctl_fdb_show(struct ofctl *o, char **args, int n);
int ofctl_fdb_flush(struct ofctl *o, char **args, int n);

#endif /* VSW_OFCTL_H */
