/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_actions.c: the "actions=" part of a flow, compiled into struct
 * vsw_action entries the datapath runs in order (datapath/actions.c).
 *
 * Items are separated by commas outside parentheses and take the forms
 * "name", "name:arg", "name(args)", or a bare port (number or name) that
 * means output to it. The field rewrites (set_field, mod_*) are
 * flow_set_field.c's, the pipeline state's (load, move, write_metadata)
 * flow_state.c's.
 */

#include <errno.h>
#include <string.h>

#include "flow_private.h"

/* ovs-ofctl actions vsw does not do yet: refused by name. */
static const char *const unsupported[] = {
	"local",
	"enqueue",
	"set_queue",
	"pop_queue",
	"group",
	"meter",
	"learn",
	"ct",
	"ct_clear",
	"note",
	"multipath",
	"bundle",
	"bundle_load",
	"push_mpls",
	"pop_mpls",
	"set_mpls_label",
	"set_mpls_tc",
	"set_mpls_ttl",
	"dec_mpls_ttl",
	"sample",
	"clone",
	"exit",
	"fin_timeout",
	"conjunction",
	"decap",
	"encap",
	"check_pkt_larger",
	"output_reg",
	"stack_push",
	"stack_pop",
	"set_mpls_label",
	"nat",
	"meter",
	"delete_field",
	NULL,
};

/* resubmit:PORT, resubmit(PORT,TABLE), resubmit(,TABLE), resubmit(PORT,) */
static int
parse_resubmit(struct flow_ctx *ctx, const char *arg, size_t n, bool paren, unsigned int col,
	       struct vsw_action *a)
{
	const char *comma = paren ? memchr(arg, ',', n) : NULL;
	size_t plen = comma ? (size_t)(comma - arg) : n, tlen = comma ? n - plen - 1 : 0;
	uint16_t index;
	uint64_t t;

	a->type = VSW_ACTION_RESUBMIT;
	a->ofport = VSW_OFPORT_NONE;
	a->table = VSW_TABLE_CURRENT;
	/* resubmit(PORT) is resubmit:PORT, as ovs-ofctl reads it. */
	if (plen > 0 && !flow_word_is(arg, plen, "in_port") &&
	    flow_parse_port(ctx->ports, arg, plen, VSW_OFPORT_LOCAL, &a->ofport, &index) < 0)
		return flow_error(ctx, -ENOENT, col, "resubmit: no such port '%.*s'", (int)plen,
				  arg);
	if (tlen > 0) {
		if (flow_parse_uint(comma + 1, tlen, VSW_N_TABLES - 1, &t) < 0)
			return flow_error(ctx, -EINVAL, col, "resubmit: tables are 0..%u",
					  VSW_N_TABLES - 1);
		a->table = (uint8_t)t;
	}
	if (a->ofport == VSW_OFPORT_NONE && a->table == VSW_TABLE_CURRENT) /* in_port alone */
		return flow_error(ctx, -EINVAL, col, "resubmit needs a port or a table");
	return 0;
}

/* A port as an output: reserved names become their own actions. */
static int
parse_output(struct flow_ctx *ctx, const char *arg, size_t n, unsigned int col,
	     struct vsw_action *a)
{
	static const struct {
		const char *name;
		uint16_t type;
	} reserved[] = {{"IN_PORT", VSW_ACTION_IN_PORT},
			{"NORMAL", VSW_ACTION_NORMAL},
			{"FLOOD", VSW_ACTION_FLOOD},
			{"ALL", VSW_ACTION_ALL}};
	unsigned int i;

	for (i = 0; i < RTE_DIM(reserved); i++) {
		if (flow_word_is(arg, n, reserved[i].name)) {
			a->type = reserved[i].type;
			return 0;
		}
	}
	if (flow_word_is(arg, n, "CONTROLLER")) {
		a->type = VSW_ACTION_CONTROLLER;
		a->value = VSW_MAX_LEN_ALL;
		return 0;
	}
	if (flow_word_is(arg, n, "LOCAL"))
		return flow_error(ctx, -ENOTSUP, col, "unsupported port: %.*s", (int)n, arg);
	a->type = VSW_ACTION_OUTPUT;
	if (flow_parse_port(ctx->ports, arg, n, VSW_OFPORT_MAX, &a->ofport, &a->port) < 0)
		return flow_error(ctx, -ENOENT, col, "output: no such port '%.*s' in this bridge",
				  (int)n, arg);
	return 0;
}

/* A uint argument in [0, max]; name is for the message. */
static int
uint_arg(struct flow_ctx *ctx, const char *name, const char *arg, size_t n, uint64_t max,
	 unsigned int col, uint64_t *v)
{
	if (n == 0)
		return flow_error(ctx, -EINVAL, col, "%s needs a value (%s:N)", name, name);
	if (flow_parse_uint(arg, n, max, v) < 0)
		return flow_error(ctx, -EINVAL, col, "%s:%.*s: value out of range 0..%llu", name,
				  (int)n, arg, (unsigned long long)max);
	return 0;
}

/*
 * One action item, split: name, then an argument after ':' or inside
 * "(...)" (arg NULL when there is none).
 */
struct action_item {
	const char *s; /* the whole item */
	size_t n;
	size_t nlen; /* of the name */
	const char *arg;
	size_t alen;
	bool paren; /* the argument was in parentheses */
	unsigned int col;
};

/*
 * The action parsers: each reads item it into a (zeroed, the next slot of
 * f's list) and returns 0, or flow_error's value. The caller counts a.
 */

static int
act_mod(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	struct vsw_action *a)
{
	return flow_act_mod(ctx, it->s, it->nlen, it->arg, it->alen, it->col, f, a);
}

static int
act_output(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	   struct vsw_action *a)
{
	RTE_SET_USED(f);
	if (it->arg == NULL || it->paren)
		return flow_error(ctx, -EINVAL, it->col, "output takes output:PORT");
	return parse_output(ctx, it->arg, it->alen, it->col, a);
}

/* in_port, normal, flood, all: the reserved ports as bare words. */
static int
act_reserved(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	     struct vsw_action *a)
{
	RTE_SET_USED(f);
	return parse_output(ctx, it->s, it->n, it->col, a);
}

/*
 * controller, controller:MAX_LEN, controller(max_len=MAX_LEN): a packet-in
 * of at most MAX_LEN bytes of the packet (the whole packet by default).
 */
static int
act_controller(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	       struct vsw_action *a)
{
	static const char key[] = "max_len=";
	const char *arg = it->arg;
	size_t n = it->alen;

	RTE_SET_USED(f);
	a->type = VSW_ACTION_CONTROLLER;
	a->value = VSW_MAX_LEN_ALL;
	if (arg == NULL)
		return 0;
	if (it->paren) {
		if (n < sizeof(key) - 1 || memcmp(arg, key, sizeof(key) - 1) != 0 ||
		    memchr(arg, ',', n) != NULL)
			return flow_error(ctx, -ENOTSUP, it->col,
					  "controller(...): vsw takes max_len=N only (no reason, "
					  "id, userdata, pause or meter_id)");
		arg += sizeof(key) - 1;
		n -= sizeof(key) - 1;
	}
	return uint_arg(ctx, "controller", arg, n, VSW_MAX_LEN_ALL, it->col, &a->value);
}

static int
act_mod_vlan_vid(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		 struct vsw_action *a)
{
	RTE_SET_USED(f);
	a->type = VSW_ACTION_MOD_VLAN_VID;
	return uint_arg(ctx, "mod_vlan_vid", it->arg, it->alen, 0xfff, it->col, &a->value);
}

static int
act_mod_vlan_pcp(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		 struct vsw_action *a)
{
	RTE_SET_USED(f);
	a->type = VSW_ACTION_MOD_VLAN_PCP;
	return uint_arg(ctx, "mod_vlan_pcp", it->arg, it->alen, 7, it->col, &a->value);
}

static int
act_strip_vlan(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	       struct vsw_action *a)
{
	RTE_SET_USED(ctx);
	RTE_SET_USED(it);
	RTE_SET_USED(f);
	a->type = VSW_ACTION_STRIP_VLAN;
	return 0;
}

static int
act_push_vlan(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	      struct vsw_action *a)
{
	int rc;

	RTE_SET_USED(f);
	a->type = VSW_ACTION_PUSH_VLAN;
	rc = uint_arg(ctx, "push_vlan", it->arg, it->alen, 0xffff, it->col, &a->value);
	if (rc == 0 && a->value != 0x8100 && a->value != 0x88a8)
		return flow_error(ctx, -EINVAL, it->col,
				  "push_vlan: the ethertype must be 0x8100 or 0x88a8");
	return rc;
}

static int
act_dec_ttl(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	    struct vsw_action *a)
{
	RTE_SET_USED(f);
	if (it->arg != NULL)
		return flow_error(ctx, -ENOTSUP, it->col,
				  "unsupported: dec_ttl with controller ids");
	a->type = VSW_ACTION_DEC_TTL;
	return 0;
}

static int
act_set_field(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	      struct vsw_action *a)
{
	return flow_act_set_field(ctx, it->arg, it->alen, it->col, f, a);
}

static int
act_resubmit(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	     struct vsw_action *a)
{
	RTE_SET_USED(f);
	if (it->arg == NULL)
		return flow_error(ctx, -EINVAL, it->col,
				  "resubmit needs a port or a table "
				  "(resubmit:PORT or resubmit(,TABLE))");
	return parse_resubmit(ctx, it->arg, it->alen, it->paren, it->col, a);
}

static int
act_goto_table(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	       struct vsw_action *a)
{
	uint64_t v;
	int rc;

	rc = uint_arg(ctx, "goto_table", it->arg, it->alen, VSW_N_TABLES - 1, it->col, &v);
	if (rc == 0 && v <= f->table)
		return flow_error(ctx, -EINVAL, it->col,
				  "goto_table:%llu must go to a later table than %u",
				  (unsigned long long)v, f->table);
	a->type = VSW_ACTION_GOTO_TABLE;
	a->table = (uint8_t)v;
	return rc;
}

static int
act_load(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	 struct vsw_action *a)
{
	return flow_act_load(ctx, f, it->arg, it->alen, it->col, a);
}

static int
act_move(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	 struct vsw_action *a)
{
	return flow_act_move(ctx, f, it->arg, it->alen, it->col, a);
}

static int
act_write_metadata(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		   struct vsw_action *a)
{
	unsigned int i;

	for (i = 0; i < f->n_actions; i++)
		if (f->actions[i].form == VSW_FORM_WRITE_METADATA)
			return flow_error(ctx, -EINVAL, it->col,
					  "write_metadata appears twice (one instruction, as in "
					  "OpenFlow 1.1+)");
	return flow_act_write_metadata(ctx, it->arg, it->alen, it->col, a);
}

static int
act_set_tunnel(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
	       struct vsw_action *a)
{
	RTE_SET_USED(f);
	return flow_act_set_tunnel(ctx, it->arg, it->alen, it->col, it->nlen == 12, a);
}

/* What argument a keyword takes; an item of another form is an unknown action. */
enum action_form {
	FORM_ANY,   /* the parser checks */
	FORM_BARE,  /* no argument */
	FORM_COLON, /* name:ARG */
};

/*
 * write_actions(LIST): a WRITE_ACTIONS whose value counts the actions of
 * LIST, parsed after it into f's list; returns that count (as "more
 * actions written"). Only what an action set may hold goes in it.
 */
static int
act_write_actions(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		  struct vsw_action *a)
{
	struct vsw_flow *w = (struct vsw_flow *)(uintptr_t)f; /* appends after a */
	uint32_t start = f->n_actions;
	int rc;

	if (!it->paren)
		return flow_error(ctx, -EINVAL, it->col, "write_actions takes (actions)");
	if (ctx->instructions & FLOW_INST_WRITE)
		return flow_error(ctx, -EINVAL, it->col,
				  "duplicate write_actions instruction not allowed, for OpenFlow "
				  "1.1+ compatibility");
	a->type = VSW_ACTION_WRITE_ACTIONS;
	ctx->instructions |= FLOW_INST_WRITE | FLOW_INST_INSIDE;
	w->n_actions = start + 1;
	rc = flow_parse_actions(ctx, it->arg, it->alen, it->col + (unsigned int)it->nlen + 1, w);
	ctx->instructions &= ~(unsigned int)FLOW_INST_INSIDE;
	a->value = w->n_actions - start - 1;
	w->n_actions = start;
	return rc < 0 ? rc : (int)a->value;
}

static int
act_clear_actions(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		  struct vsw_action *a)
{
	RTE_SET_USED(f);
	if (ctx->instructions & (FLOW_INST_WRITE | FLOW_INST_CLEAR))
		return flow_error(ctx, -EINVAL, it->col,
				  "invalid instruction ordering: clear_actions must appear before "
				  "write_actions, once, for OpenFlow 1.1+ compatibility");
	ctx->instructions |= FLOW_INST_CLEAR;
	a->type = VSW_ACTION_CLEAR_ACTIONS;
	return 0;
}

/* Every action keyword, with its form and parser. */
static const struct {
	const char *name;
	enum action_form form;
	int (*parse)(struct flow_ctx *ctx, const struct action_item *it, const struct vsw_flow *f,
		     struct vsw_action *a);
} keywords[] = {
	{"output", FORM_ANY, act_output},
	{"in_port", FORM_BARE, act_reserved},
	{"normal", FORM_BARE, act_reserved},
	{"flood", FORM_BARE, act_reserved},
	{"all", FORM_BARE, act_reserved},
	{"controller", FORM_ANY, act_controller},
	{"mod_vlan_vid", FORM_ANY, act_mod_vlan_vid},
	{"mod_vlan_pcp", FORM_ANY, act_mod_vlan_pcp},
	{"set_vlan_vid", FORM_ANY, act_mod_vlan_vid}, /* OpenFlow 1.1's name */
	{"set_vlan_pcp", FORM_ANY, act_mod_vlan_pcp},
	{"strip_vlan", FORM_BARE, act_strip_vlan},
	{"pop_vlan", FORM_BARE, act_strip_vlan},
	{"push_vlan", FORM_ANY, act_push_vlan},
	{"dec_ttl", FORM_ANY, act_dec_ttl},
	{"set_field", FORM_COLON, act_set_field},
	{"resubmit", FORM_ANY, act_resubmit},
	{"goto_table", FORM_COLON, act_goto_table},
	{"load", FORM_COLON, act_load},
	{"move", FORM_COLON, act_move},
	{"write_metadata", FORM_COLON, act_write_metadata},
	{"set_tunnel", FORM_COLON, act_set_tunnel},
	{"set_tunnel64", FORM_COLON, act_set_tunnel},
	{"write_actions", FORM_ANY, act_write_actions},
	{"clear_actions", FORM_BARE, act_clear_actions},
	{"mod_dl_src", FORM_ANY, act_mod},
	{"mod_dl_dst", FORM_ANY, act_mod},
	{"mod_nw_src", FORM_ANY, act_mod},
	{"mod_nw_dst", FORM_ANY, act_mod},
	{"mod_nw_tos", FORM_ANY, act_mod},
	{"mod_tp_src", FORM_ANY, act_mod},
	{"mod_tp_dst", FORM_ANY, act_mod},
	{"mod_nw_ttl", FORM_ANY, act_mod},
	{"mod_nw_ecn", FORM_ANY, act_mod},
};

/* Splits item s[0..n) into name and argument; 0, or an error for a missing ')'. */
static int
split_item(struct flow_ctx *ctx, const char *s, size_t n, unsigned int col, struct action_item *it)
{
	*it = (struct action_item){.s = s, .n = n, .col = col, .nlen = strcspn(s, ":(")};
	if (it->nlen >= n) {
		it->nlen = n;
		return 0;
	}
	it->paren = s[it->nlen] == '(';
	it->arg = s + it->nlen + 1;
	it->alen = n - it->nlen - 1;
	if (it->paren && (it->alen == 0 || it->arg[it->alen - 1] != ')'))
		return flow_error(ctx, -EINVAL, col, "%.*s: missing ')'", (int)n, s);
	if (it->paren)
		it->alen--;
	return 0;
}

/* Whether item it has the form keyword k takes. */
static bool
form_fits(enum action_form form, const struct action_item *it)
{
	switch (form) {
	case FORM_ANY:
		return true;
	case FORM_BARE:
		return it->arg == NULL;
	case FORM_COLON:
		return it->arg != NULL && !it->paren;
	}
	return false;
}

/*
 * OpenFlow 1.1+'s instruction order, as ovs-ofctl checks it: applied
 * actions, clear_actions, write_actions, write_metadata, goto_table; inside
 * write_actions only what an action set holds (no lookups, controller or
 * instructions).
 */
static int
check_instruction_order(struct flow_ctx *ctx, const char *name, size_t n, unsigned int col)
{
	static const char *const instructions[] = {"clear_actions", "write_actions",
						   "write_metadata", "goto_table"};
	static const char *const not_in_set[] = {"resubmit",	  "goto_table",
						 "controller",	  "write_metadata",
						 "write_actions", "clear_actions"};
	unsigned int i;

	if (ctx->instructions & FLOW_INST_INSIDE) {
		for (i = 0; i < RTE_DIM(not_in_set); i++)
			if (flow_word_is(name, n, not_in_set[i]))
				return flow_error(
					ctx, -ENOTSUP, col,
					"%s in write_actions: vsw's action set holds "
					"outputs, VLAN pushes and pops, dec_ttl and field "
					"writes",
					not_in_set[i]);
		return 0;
	}
	for (i = 0; i < RTE_DIM(instructions); i++)
		if (flow_word_is(name, n, instructions[i]))
			return 0;
	if (ctx->instructions & (FLOW_INST_CLEAR | FLOW_INST_WRITE))
		return flow_error(ctx, -EINVAL, col,
				  "invalid instruction ordering: apply_actions must appear before "
				  "%s, for OpenFlow 1.1+ compatibility",
				  ctx->instructions & FLOW_INST_WRITE ? "write_actions"
								      : "clear_actions");
	return 0;
}

/* One action item, appended to f's list. */
static int
parse_item(struct flow_ctx *ctx, const char *s, size_t n, unsigned int col, struct vsw_flow *f)
{
	struct vsw_action *a = &f->actions[f->n_actions];
	struct action_item it;
	unsigned int i;
	int rc;

	rc = split_item(ctx, s, n, col, &it);
	if (rc < 0)
		return rc;
	for (i = 0; unsupported[i] != NULL; i++)
		if (flow_word_is(s, it.nlen, unsupported[i]))
			return flow_error(ctx, -ENOTSUP, col, "unsupported action: %.*s",
					  (int)it.nlen, s);
	if (f->n_actions == VSW_FLOW_MAX_ACTIONS)
		return flow_error(ctx, -E2BIG, col, "more than %u actions", VSW_FLOW_MAX_ACTIONS);
	if (f->n_actions > 0 && f->actions[f->n_actions - 1].type == VSW_ACTION_GOTO_TABLE)
		return flow_error(ctx, -EINVAL, col, "goto_table must be the last action");
	if (f->n_actions > 0 && f->actions[f->n_actions - 1].form == VSW_FORM_WRITE_METADATA &&
	    !flow_word_is(s, it.nlen, "goto_table"))
		return flow_error(ctx, -EINVAL, col,
				  "write_metadata must be the last action or come just before "
				  "goto_table (OpenFlow 1.1+ instruction order)");
	rc = check_instruction_order(ctx, s, it.nlen, col);
	if (rc < 0)
		return rc;
	memset(a, 0, sizeof(*a));
	for (i = 0; i < RTE_DIM(keywords); i++)
		if (flow_word_is(s, it.nlen, keywords[i].name) && form_fits(keywords[i].form, &it))
			break;
	if (i < RTE_DIM(keywords))
		rc = keywords[i].parse(ctx, &it, f, a);
	else if (it.arg == NULL &&
		 flow_parse_port(ctx->ports, s, n, VSW_OFPORT_MAX, &a->ofport, &a->port) == 0)
		a->type = VSW_ACTION_OUTPUT; /* a bare port */
	else
		return flow_error(ctx, -EINVAL, col, "unknown action: %.*s", (int)it.nlen, s);
	if (rc < 0)
		return rc;
	if (a->type == VSW_ACTION_WRITE_ACTIONS && a->value == 0)
		return 0;		      /* write_actions(): nothing, as ovs-ofctl takes it */
	f->n_actions += 1 + (unsigned int)rc; /* a parser may write more than one */
	return 0;
}

static bool
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
flow_parse_actions(struct flow_ctx *ctx, const char *s, size_t n, unsigned int col,
		   struct vsw_flow *f)
{
	size_t i = 0, start, end;
	int depth, rc;

	if (n == 0)
		return 0; /* as ovs-ofctl: no action drops */
	if (flow_word_is(s, n, "drop"))
		return 0;
	while (i < n) {
		while (i < n && is_space(s[i]))
			i++;
		start = i;
		for (depth = 0; i < n && (depth > 0 || s[i] != ','); i++)
			depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
		end = i;
		while (end > start && is_space(s[end - 1]))
			end--;
		if (end == start) { /* an empty item, as ovs-ofctl, is nothing */
			i += i < n;
			continue;
		}
		if (flow_word_is(s + start, end - start, "drop"))
			return flow_error(ctx, -EINVAL, col + (unsigned int)start,
					  "drop must be the "
					  "only action");
		rc = parse_item(ctx, s + start, end - start, col + (unsigned int)start, f);
		if (rc < 0)
			return rc;
		if (i < n)
			i++; /* the comma */
	}
	return 0;
}
