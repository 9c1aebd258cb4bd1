/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * exec_private.h: one packet's trip through the actions, shared by
 * actions.c (packet operations, outputs, the end of a trip, running a
 * datapath flow), pipeline.c (the tables: rules, resubmit, goto_table,
 * and recording a run as a datapath flow) and controller.c (packet-ins and
 * packet-outs). Private to datapath/.
 */

#ifndef VSW_EXEC_PRIVATE_H
#define VSW_EXEC_PRIVATE_H

#include "vsw_datapath.h"

/* One packet's trip. */
struct exec {
	struct vsw_pmd *pmd;
	const struct vsw_dp_bridge *br;
	uint64_t version;		/* the burst's classifier version */
	uint16_t in;			/* input port index */
	uint16_t out_in; /* the port outputs treat as the input one: in, until a rule sets
			  * in_port (another index, or VSW_PORT_ABSENT) */
	struct rte_mbuf *m;		/* owned; shared with outputs only at the end */
	const struct vsw_flow_key *key; /* m's key: the PMD's, or scratch once changed */
	struct vsw_flow_key scratch;	/* a key lookups may change */
	bool key_stale;			/* m changed since key was parsed */
	unsigned int lookups;		/* resubmit/goto_table lookups so far */
	unsigned int n_share;		/* outputs of m itself, at the end */
	uint16_t share[VSW_MAX_PORTS * 2];
	unsigned int n_sent; /* copies sent */
	bool missed;	     /* a goto_table found no rule */
	bool ttl_expired;    /* a DEC_TTL ended its action list: counted if nothing is sent */
	int drop;	     /* a drop reason that ends the trip, or -1 */
	int unsent;	     /* why NORMAL sent nothing: counted if nothing else is sent */
	struct vsw_pipe_state state; /* zero as the pipeline starts (exec_run_pipeline) */
	unsigned int n_set;	     /* the action set (write_actions), run as the pipeline ends */
	struct vsw_action set[VSW_ACTION_SET_MAX];
	/* Recording (pipeline.c), when rec is not NULL: */
	struct vsw_dpflow *rec;	 /* the flow being built */
	struct vsw_flow_key *wc; /* bits of the packet's key the run depended on */
	bool vlan_edited;	 /* a VLAN edit ran: the next lookup un-wildcards the tags */
	bool edited;		 /* an operation changed the packet: later lookups use another key */
	bool overflow;		 /* more rules or operations than a flow holds */
};

/* Start x's trip for m, which came in on port index in with key key. */
void exec_start(struct exec *x, struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		const struct vsw_flow_key *key, uint64_t version, struct rte_mbuf *m);

/*
 * Apply packet operation a (any action type but RESUBMIT and GOTO_TABLE) to
 * x's packet. changes_follow: a later operation may still change the
 * packet, so an output sends a copy. An OUTPUT to the input port is the
 * caller's to skip (OpenFlow reaches in_port by IN_PORT only).
 */
void exec_op(struct exec *x, const struct vsw_action *a, bool changes_follow);

/* The packet's key as it is now: parsed again once an operation changed it. */
const struct vsw_flow_key *exec_current_key(struct exec *x);

/*
 * Turn the outputs of the packet itself (shares, sent at the end) into
 * copies sent now: the action set is about to change the packet.
 */
void exec_unshare(struct exec *x);

/* Whether action a changes the packet, or may (by running other rules). */
bool exec_may_modify(const struct vsw_action *a);

/*
 * Set tunnel field `field` (VSW_FIELD_TUN_*) of x's key to value under mask:
 * the key becomes x's own (scratch); a recorded run is not cached.
 */
void exec_tunnel_set(struct exec *x, unsigned int field, uint64_t value, uint64_t mask);

/* Field `field` (VSW_FIELD_METADATA and later) of state s = (field & ~mask) | (value & mask). */
void exec_state_set(struct vsw_pipe_state *s, unsigned int field, uint64_t value, uint64_t mask);

/*
 * Field `field` of x's packet as it is now, or of its pipeline state,
 * right-aligned; while recording, its bits [ofs, ofs + n_bits) of a packet
 * field become exact in x->wc.
 */
uint64_t exec_field_get(struct exec *x, unsigned int field, unsigned int ofs, unsigned int n_bits);

/* PMD pmd's counters of rule (only that PMD writes them). */
static inline struct vsw_rule_counters *
exec_rule_counters(const struct vsw_pmd *pmd, const struct vsw_rule *rule)
{
	return &((struct vsw_rule *)(uintptr_t)rule)->counters[pmd->index];
}

/* n more packets of bytes bytes on counters c. */
static inline void
exec_count(struct vsw_rule_counters *c, uint64_t n, uint64_t bytes)
{
	c->packets += n;
	c->bytes += bytes;
}

/*
 * Run the pipeline from table 0's answer rule (pipeline.c): its actions,
 * or the bridge's table-miss behaviour when rule is NULL.
 */
void exec_run_pipeline(struct exec *x, const struct vsw_rule *rule);

/* Run action list acts[0..n) on x's packet from an empty pipeline state (a packet-out's). */
void exec_run_actions(struct exec *x, const struct vsw_action *acts, uint32_t n);

/* CONTROLLER: a copy of x's packet to its input port's packet-in ring (controller.c). */
void exec_packet_in(struct exec *x, const struct vsw_action *a);

/* End the trip: send the shared outputs, or free the packet and count the drop. */
void exec_finish(struct exec *x);

#endif /* VSW_EXEC_PRIVATE_H */
