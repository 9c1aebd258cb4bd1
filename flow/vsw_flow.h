/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_flow.h: OpenFlow rules as text, in ovs-ofctl's flow syntax, both ways.
 * vsw_flow_parse() turns "priority=100,tcp,tp_dst=80,actions=output:2" into
 * a struct vsw_flow: a match (flow key and mask, as the classifier takes
 * them), rule attributes and a compiled action list (struct vsw_action, the
 * form the datapath runs). vsw_flow_format() prints a flow back in the
 * canonical form ovs-ofctl dump-flows prints (OpenFlow 1.0 style).
 *
 * The module knows nothing of DPDK or of the running switch: ports are
 * resolved through a struct vsw_flow_ports the caller gives. vswitchd uses it
 * for the topology's flows, vsw-ofctl for its commands.
 *
 * Errors are values: a negative errno, one line in err, and the 1-based
 * column of the offending token in *col (0 when no token is to blame).
 * Where ovs-ofctl is lenient vsw is strict: a field without its
 * prerequisite, a value out of range, a field or action vsw does not
 * support: each is refused, by name.
 */

#ifndef VSW_FLOW_H
#define VSW_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vsw_shm_flow.h"

#define VSW_FLOW_MAX_ACTIONS VSW_MAX_ACTIONS
#define VSW_FLOW_ERR_LEN     256

/* One port of the bridge a flow is for. */
struct vsw_flow_port {
	const char *name;
	uint16_t ofport; /* OpenFlow number */
	uint16_t index;	 /* the switch's port index (struct vsw_action.port) */
};

struct vsw_flow_ports {
	const struct vsw_flow_port *p;
	unsigned int n;
};

/* What a flow string may or must hold. */
enum vsw_flow_parse_mode {
	VSW_FLOW_ADD,	 /* add-flow: actions required, no cookie mask */
	VSW_FLOW_MODIFY, /* mod-flows: actions required, cookie mask allowed */
	VSW_FLOW_MATCH,	 /* del-flows, dump-flows: no actions, cookie mask allowed */
};

struct vsw_flow {
	uint8_t table;
	uint16_t priority; /* default 32768 */
	uint64_t cookie;
	uint64_t cookie_mask;  /* 0: not given */
	uint16_t idle_timeout; /* seconds, 0 = none */
	uint16_t hard_timeout;
	uint8_t flags;	       /* VSW_RULE_*: send_flow_rem, check_overlap ... */
	struct vsw_flow_key key; /* masked */
	struct vsw_flow_key mask;
	struct vsw_pipe_state state; /* the match on metadata and registers, masked */
	struct vsw_pipe_state state_mask;
	uint32_t n_actions;
	struct vsw_action actions[VSW_FLOW_MAX_ACTIONS];
	bool cookie_set;     /* "cookie=" without a mask: the cookie mod-flows sets */
	bool table_given;    /* "table=" appeared (dump and del default to all tables) */
	bool priority_given; /* for strict matching */
};

/*
 * Parse one flow. Returns 0, or a negative errno with err and *col set
 * (-EINVAL bad syntax or value, -ENOTSUP a field or action vsw does not
 * support, -ENOENT an unknown port).
 */
int vsw_flow_parse(const char *s, const struct vsw_flow_ports *ports, enum vsw_flow_parse_mode mode,
		   struct vsw_flow *f, char *err, size_t err_len, unsigned int *col);

/*
 * Whether flow f, as a selection (del-flows, mod-flows, dump-flows), takes
 * rule r. Non-strict: r's match is at least as specific as f's (every field
 * f matches, r matches the same way or more narrowly). Strict: r's match and
 * priority are f's. Both: r is in f's table when f names one, and r's cookie
 * agrees with f's under f's cookie mask.
 */
bool vsw_flow_selects(const struct vsw_flow *f, const struct vsw_rule *r, bool strict);

/*
 * For flows built from another encoding (openflow/): whether f's match (or
 * an action already in f->actions) guarantees the header packet field
 * `field` (enum vsw_field) lives in: NULL, or what the match needs.
 */
const char *vsw_flow_field_prereq(const struct vsw_flow *f, unsigned int field);

/* The switch's port index of OpenFlow port ofport in ports, VSW_PORT_ABSENT when none. */
uint16_t vsw_flow_port_index(const struct vsw_flow_ports *ports, uint16_t ofport);

/* Whether the packet has a VLAN tag when an action appended to f->actions runs. */
bool vsw_flow_vlan_tagged(const struct vsw_flow *f);

/* Formatting options. */
#define VSW_FLOW_FMT_NAMES 0x1 /* ports by name, as --names */

/*
 * Print f's match in canonical order ("priority=100,ip,in_port=1"; priority
 * omitted when 32768; empty when it matches everything with that priority).
 * Returns the length it wanted (as snprintf).
 */
size_t vsw_flow_format_match(const struct vsw_flow *f, const struct vsw_flow_ports *ports,
			     unsigned int flags, char *buf, size_t len);

/* Print an action list ("output:2", "drop" when empty), as snprintf. */
size_t vsw_flow_format_actions(const struct vsw_action *a, uint32_t n,
			       const struct vsw_flow_ports *ports, unsigned int flags, char *buf,
			       size_t len);

/*
 * The whole flow as dump-flows --no-stats prints it:
 * " cookie=0x5, table=1, idle_timeout=300, priority=0,ip actions=drop"
 * (cookie, table and timeouts only when non-zero). As snprintf.
 */
size_t vsw_flow_format(const struct vsw_flow *f, const struct vsw_flow_ports *ports,
		       unsigned int flags, char *buf, size_t len);

#endif /* VSW_FLOW_H */
