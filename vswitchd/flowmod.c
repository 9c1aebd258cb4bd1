/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flowmod.c: flow changes requested at run time (vsw-ofctl's add-flow(s),
 * mod-flows, del-flows, replace-flows; reload), with ovs-ofctl's semantics,
 * applied to one bridge's classifier as one batch: every line is parsed and
 * staged, and the batch is committed only when all of it was accepted;
 * otherwise it is aborted and the running tables stay exactly as they were.
 * ipc.c hands requests here; flows.c parses the topology's own flows.
 *
 * Semantics (ovs-ofctl, OpenFlow 1.0):
 *  - add: a rule with the same table, match and priority is replaced; it
 *    hands its counters on;
 *  - modify: every rule the flow selects (non-strict: at least as specific;
 *    --strict: same match and priority) gets the new actions, keeping its
 *    counters, age and timeouts, and the flow's cookie when it sets one; when
 *    nothing is selected and no cookie mask was given, the flow is added;
 *  - delete: every rule selected (no match: every rule of every table);
 *  - replace: the bridge ends with exactly the given flows; rules already
 *    there with the same actions, cookie and timeouts are left alone
 *    (counters and age continue), others are replaced or removed.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_string_fns.h>

#include "vsw_flow.h"
#include "vsw_openflow.h"
#include "vswitchd.h"

/* One batch: its bridge, what it parses against, what it did. */
struct batch {
	struct vsw_cls_writer *w;
	struct vsw_flow_ports ports;
	struct vsw_flow_port port_list[VSW_MAX_PORTS];
	struct vsw_ipc_reply *rep;
	unsigned int line; /* being applied, 1-based */
};

/* Refuse at the current line, column col (0: none). Returns rc. */
static int
refuse(struct batch *bt, int rc, unsigned int col, const char *msg)
{
	bt->rep->status = rc;
	bt->rep->line = bt->line;
	bt->rep->col = col;
	rte_strscpy(bt->rep->msg, msg, sizeof(bt->rep->msg)); /* may cut a long one */
	return rc;
}

static int
parse(struct batch *bt, const char *s, enum vsw_flow_parse_mode mode, struct vsw_flow *f)
{
	char err[VSW_FLOW_ERR_LEN];
	unsigned int col;
	int rc = vsw_flow_parse(s, &bt->ports, mode, f, err, sizeof(err), &col);

	return rc < 0 ? refuse(bt, rc, col, err) : 0;
}

/* Whether rule r and flow f match a packet in common, with the same priority. */
struct overlap {
	const struct vsw_flow *f;
};

static bool
overlaps(const struct vsw_rule *r, void *arg)
{
	const struct vsw_flow *f = ((const struct overlap *)arg)->f;
	const uint8_t *rk = (const uint8_t *)&r->key, *rm = (const uint8_t *)&r->mask;
	const uint8_t *fk = (const uint8_t *)&f->key, *fm = (const uint8_t *)&f->mask;
	size_t i;

	if (r->priority != f->priority)
		return false;
	for (i = 0; i < sizeof(r->key) - sizeof(r->key.pad); i++)
		if ((rk[i] ^ fk[i]) & rm[i] & fm[i])
			return false;
	for (i = 0; i < VSW_N_REGS; i++)
		if ((r->state.reg[i] ^ f->state.reg[i]) & r->state_mask.reg[i] &
		    f->state_mask.reg[i])
			return false;
	return !((r->state.metadata ^ f->state.metadata) & r->state_mask.metadata &
		 f->state_mask.metadata);
}

/* check_overlap: whether a rule of f's table with f's priority overlaps f's match. */
static bool
overlapped(struct vsw_cls_writer *w, const struct vsw_flow *f)
{
	struct overlap o = {f};
	const struct vsw_rule **rules;
	size_t n = 0;

	if (vsw_cls_select(w, f->table, overlaps, &o, &rules, &n) == 0)
		free(rules);
	return n > 0;
}

/*
 * Stage f as a new rule (replacing one with its table, match and priority);
 * -EEXIST when f asks check_overlap and a rule overlaps it.
 */
static int
add(struct vsw_cls_writer *w, const struct vsw_flow *f, unsigned int *n_changed, char *err,
    size_t err_len)
{
	struct vsw_rule_spec spec;
	int rc;

	if ((f->flags & VSW_RULE_CHECK_OVERLAP) && overlapped(w, f)) {
		snprintf(err, err_len, "check_overlap: a rule of table %u with priority %u overlaps",
			 f->table, f->priority);
		return -EEXIST;
	}
	vswd_flow_spec(f, &spec);
	rc = vsw_cls_add(w, &spec, err, err_len);
	if (rc == 0)
		(*n_changed)++;
	return rc;
}

/* ---- replace: keep what is unchanged, replace or remove the rest ---- */

static int
by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const struct vsw_rule *const *)a;
	uintptr_t y = (uintptr_t) * (const struct vsw_rule *const *)b;

	return x < y ? -1 : x > y;
}

static bool
every_rule(const struct vsw_rule *r, void *arg)
{
	RTE_SET_USED(r);
	RTE_SET_USED(arg);
	return true;
}

int
vswd_replace_begin(struct vsw_cls_writer *w, struct vswd_replace *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->w = w;
	if (vsw_cls_select(w, VSW_N_TABLES, every_rule, NULL, &rp->old, &rp->n_old) < 0)
		return -ENOMEM;
	if (rp->n_old > 0)
		qsort(rp->old, rp->n_old, sizeof(rp->old[0]), by_address);
	rp->kept = calloc(rp->n_old ? rp->n_old : 1, sizeof(rp->kept[0]));
	if (rp->kept == NULL) {
		free(rp->old);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Whether a rule's action list a is list b (a flow's): the same, but that the
 * classifier wrote a CONTROLLER action's table, cookie and reason into the rule's.
 */
static bool
same_actions(const struct vsw_action *a, const struct vsw_action *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (a[i].type == VSW_ACTION_CONTROLLER ? b[i].type != a[i].type ||
							 b[i].value != a[i].value
						       : memcmp(&a[i], &b[i], sizeof(a[i])) != 0)
			return false;
	}
	return true;
}

/* Whether rule r already is flow f (match, priority and table aside). */
static bool
same_rule(const struct vsw_rule *r, const struct vsw_flow *f)
{
	return r->cookie == f->cookie && r->idle_timeout == f->idle_timeout &&
	       r->hard_timeout == f->hard_timeout && r->flags == f->flags &&
	       r->actions->n == f->n_actions && same_actions(r->actions->a, f->actions, f->n_actions);
}

int
vswd_replace_flow(struct vswd_replace *rp, const struct vsw_flow *f, char *err, size_t err_len)
{
	const struct vsw_rule *r, **at;
	struct vsw_rule_spec spec;
	int rc;

	vswd_flow_spec(f, &spec);
	r = vsw_cls_find_strict(rp->w, &spec);
	at = r != NULL && rp->n_old > 0
		     ? bsearch(&r, rp->old, rp->n_old, sizeof(rp->old[0]), by_address)
		     : NULL;
	if (at != NULL && same_rule(r, f)) {
		rp->kept[at - rp->old] = true;
		return 0;
	}
	rc = vsw_cls_add(rp->w, &spec, err, err_len);
	if (rc == 0)
		rp->n_changed++;
	return rc;
}

int
vswd_replace_end(struct vswd_replace *rp, bool apply)
{
	size_t i;
	int rc = 0;

	for (i = 0; apply && rc == 0 && i < rp->n_old; i++) {
		if (rp->kept[i] || rp->old[i]->remove_version != VSW_VERSION_MAX)
			continue; /* unchanged, or replaced by an add */
		rc = vsw_cls_remove(rp->w, rp->old[i]);
		rp->n_changed++;
	}
	free(rp->old);
	free(rp->kept);
	return rc;
}

/* ---- the commands ---- */

/* Whether line s holds a flow (not blank, not a '#' comment). */
static bool
is_flow(const char *s)
{
	s += strspn(s, " \t");
	return *s != '\0' && *s != '#';
}

/* vsw_cls_select's test for a flow used as a selection. */
struct selection {
	const struct vsw_flow *f;
	bool strict;
	uint32_t out_port; /* OpenFlow's out_port filter; VSW_OFPP_ANY: none */
	bool may_add;	   /* a modify that selects nothing adds f (OpenFlow 1.0) */
};

static bool
selected(const struct vsw_rule *r, void *arg)
{
	const struct selection *sel = arg;

	return vsw_flow_selects(sel->f, r, sel->strict) &&
	       vsw_ofp_outputs_to(r->actions->a, r->actions->n, sel->out_port);
}

/*
 * Modify (remove false) or delete (remove true) every rule f selects. A
 * modify that selects nothing adds f when sel->may_add.
 */
static int
change_selected(struct vsw_cls_writer *w, const struct vsw_flow *f, const struct selection *sel,
		bool remove, unsigned int *n_changed, char *err, size_t err_len)
{
	const struct vsw_rule **rules;
	size_t n, i;
	int rc;

	if (vsw_cls_select(w, f->table_given ? f->table : VSW_N_TABLES, selected, (void *)sel,
			   &rules, &n) < 0) {
		snprintf(err, err_len, "out of memory selecting rules");
		return -ENOMEM;
	}
	for (i = 0, rc = 0; rc == 0 && i < n; i++) {
		if (remove) {
			rc = vsw_cls_remove(w, rules[i]);
			if (rc < 0)
				snprintf(err, err_len, "out of memory removing rules");
		} else {
			rc = vsw_cls_modify(w, rules[i], f->actions, f->n_actions,
					    f->cookie_set ? f->cookie : rules[i]->cookie, err,
					    err_len);
		}
		(*n_changed)++;
	}
	free(rules);
	if (!remove && rc == 0 && n == 0 && sel->may_add)
		rc = add(w, f, n_changed, err, err_len);
	return rc;
}

int
vswd_flow_stage(struct vsw_cls_writer *w, enum vsw_ipc_flow_cmd cmd, const struct vsw_flow *f,
		uint32_t out_port, bool of10, unsigned int *n_changed, char *err, size_t err_len)
{
	/* OpenFlow 1.0 (and ovs-ofctl's text): a modify without a cookie mask may add. */
	struct selection sel = {f, false, out_port, of10 && f->cookie_mask == 0};

	switch (cmd) {
	case VSW_FLOW_CMD_ADD:
	case VSW_FLOW_CMD_REPLACE:
		return add(w, f, n_changed, err, err_len);
	case VSW_FLOW_CMD_MODIFY:
	case VSW_FLOW_CMD_MODIFY_STRICT:
		sel.strict = cmd == VSW_FLOW_CMD_MODIFY_STRICT;
		return change_selected(w, f, &sel, false, n_changed, err, err_len);
	case VSW_FLOW_CMD_DELETE:
	case VSW_FLOW_CMD_DELETE_STRICT:
		sel.strict = cmd == VSW_FLOW_CMD_DELETE_STRICT;
		return change_selected(w, f, &sel, true, n_changed, err, err_len);
	case VSW_FLOW_CMD__NONE:
	case VSW_FLOW_CMD__COUNT:
		break;
	}
	snprintf(err, err_len, "unknown flow command %d", (int)cmd);
	return -EINVAL;
}

/* Parse and stage one flow line of command cmd. */
static int
stage_line(struct batch *bt, enum vsw_ipc_flow_cmd cmd, const char *s, struct vswd_replace *rp)
{
	static struct vsw_flow f; /* 2 KiB: not on the stack; control thread only */
	static const enum vsw_flow_parse_mode modes[] = {
		[VSW_FLOW_CMD_ADD] = VSW_FLOW_ADD,	    [VSW_FLOW_CMD_REPLACE] = VSW_FLOW_ADD,
		[VSW_FLOW_CMD_MODIFY] = VSW_FLOW_MODIFY,    [VSW_FLOW_CMD_MODIFY_STRICT] = VSW_FLOW_MODIFY,
		[VSW_FLOW_CMD_DELETE] = VSW_FLOW_MATCH,	    [VSW_FLOW_CMD_DELETE_STRICT] = VSW_FLOW_MATCH,
	};
	char err[VSWD_ERR_LEN];
	int rc = parse(bt, s, modes[cmd], &f);

	if (rc < 0)
		return rc;
	if (cmd == VSW_FLOW_CMD_REPLACE)
		rc = vswd_replace_flow(rp, &f, err, sizeof(err));
	else
		rc = vswd_flow_stage(bt->w, cmd, &f, VSW_OFPP_ANY, true, &bt->rep->n_changed, err,
				     sizeof(err));
	return rc < 0 ? refuse(bt, rc, 0, err) : 0;
}

/* Stage every line of text (NUL-terminated, writable) as command cmd. */
static int
stage_text(struct batch *bt, enum vsw_ipc_flow_cmd cmd, char *text, struct vswd_replace *rp)
{
	bool single = cmd != VSW_FLOW_CMD_ADD && cmd != VSW_FLOW_CMD_REPLACE;
	unsigned int n_flows = 0;
	char *s = text, *eol;
	int rc;

	for (bt->line = 1; s != NULL; bt->line++, s = eol) {
		eol = strchr(s, '\n');
		if (eol != NULL)
			*eol++ = '\0';
		s[strcspn(s, "\r")] = '\0';
		if (!is_flow(s))
			continue;
		if (++n_flows > 1 && single)
			return refuse(bt, -EINVAL, 1, "one flow only (add-flows takes many)");
		rc = stage_line(bt, cmd, s, rp);
		if (rc < 0)
			return rc;
	}
	bt->line = 0;
	/* del-flows without a match: every rule. */
	if (n_flows == 0 && (cmd == VSW_FLOW_CMD_DELETE || cmd == VSW_FLOW_CMD_DELETE_STRICT))
		return stage_line(bt, VSW_FLOW_CMD_DELETE, "", rp);
	if (n_flows == 0 && cmd != VSW_FLOW_CMD_REPLACE)
		return refuse(bt, -EINVAL, 0, "no flow given (only blank lines and # comments)");
	return 0;
}

int
vswd_flowmod(struct vswd_switch *sw, unsigned int b, enum vsw_ipc_flow_cmd cmd, char *text,
	     struct vsw_ipc_reply *rep)
{
	struct batch bt = {.w = sw->cls[b], .rep = rep};
	struct vswd_replace rp;
	int rc;

	vswd_bridge_flow_ports(sw->cfg, b, bt.port_list, &bt.ports);
	if (cmd == VSW_FLOW_CMD_REPLACE && vswd_replace_begin(bt.w, &rp) < 0)
		return refuse(&bt, -ENOMEM, 0, "out of memory listing rules");
	rc = stage_text(&bt, cmd, text, &rp);
	if (cmd == VSW_FLOW_CMD_REPLACE) {
		if (vswd_replace_end(&rp, rc == 0) < 0 && rc == 0)
			rc = refuse(&bt, -ENOMEM, 0, "out of memory removing rules");
		rep->n_changed += rp.n_changed;
	}
	if (rc < 0) {
		vsw_cls_abort(bt.w);
		rep->n_changed = 0;
		return rc;
	}
	vsw_cls_commit(bt.w);
	return 0;
}
