/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * flow_mods.c: the commands that change the switch: add-flow, add-flows,
 * mod-flows, del-flows, replace-flows, pmd-stats-clear, reload. Each sends
 * one request (request.c); vswitchd parses and checks the flows itself and
 * applies a batch whole or not at all, so this file only moves text and
 * reports the answer: FILE:LINE:COL for a file, the column for a flow given
 * on the command line. Like ovs-ofctl, success prints nothing.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofctl.h"

/* Print why a request was refused; returns the exit status. file: NULL for a command-line flow. */
static int
report(const char *file, const struct vsw_ipc_reply *rep)
{
	if (rep->status >= 0)
		return OFCTL_OK;
	if (file != NULL && rep->line > 0 && rep->col > 0)
		fprintf(stderr, "%s:%u:%u: %s\n", file, rep->line, rep->col, rep->msg);
	else if (file != NULL && rep->line > 0)
		fprintf(stderr, "%s:%u: %s\n", file, rep->line, rep->msg);
	else if (rep->col > 0)
		fprintf(stderr, "vsw-ofctl: column %u: %s\n", rep->col, rep->msg);
	else
		fprintf(stderr, "vsw-ofctl: %s\n", rep->msg);
	return rep->status == -ESHUTDOWN ? OFCTL_NO_SWITCH : OFCTL_REFUSED;
}

int
ofctl_read_file(const char *path, char **text, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	size_t cap = 0, n = 0, got;
	char *buf = NULL, *b;
	int rc = OFCTL_OK;

	if (f == NULL) {
		fprintf(stderr, "vsw-ofctl: %s: %s\n", path, strerror(errno));
		return OFCTL_REFUSED;
	}
	do {
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 1 << 16;
			b = n <= VSW_IPC_BUF_MAX ? realloc(buf, cap) : NULL;
			if (b == NULL) {
				fprintf(stderr, "vsw-ofctl: %s: %s\n", path,
					n > VSW_IPC_BUF_MAX ? "larger than a batch may be (1 GiB)"
							    : "out of memory");
				rc = OFCTL_REFUSED;
				break;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (rc == OFCTL_OK && ferror(f)) {
		fprintf(stderr, "vsw-ofctl: %s: read error\n", path);
		rc = OFCTL_REFUSED;
	}
	if (f != stdin)
		fclose(f);
	if (rc != OFCTL_OK) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return OFCTL_OK;
}

/* Send text as command cmd to the bridge named args[0]; file names it in errors. */
static int
send_text(struct ofctl *o, const char *bridge, enum vsw_ipc_flow_cmd cmd, const char *text,
	  size_t len, const char *file)
{
	struct vsw_ipc_reply rep;
	int b, rc;

	b = ofctl_bridge(o, bridge);
	if (b < 0)
		return OFCTL_REFUSED;
	rc = ofctl_send_flows(o, (unsigned int)b, cmd, text, len, &rep);
	return rc != 0 ? rc : report(file, &rep);
}

/* One flow from the command line: a line break would smuggle in a second one. */
static int
send_flow(struct ofctl *o, const char *bridge, enum vsw_ipc_flow_cmd cmd, const char *flow)
{
	if (strpbrk(flow, "\r\n") != NULL) {
		fprintf(stderr, "vsw-ofctl: one flow per argument: no line breaks (use add-flows "
				"FILE for many)\n");
		return OFCTL_USAGE;
	}
	return send_text(o, bridge, cmd, flow, strlen(flow), NULL);
}

static int
send_file(struct ofctl *o, const char *bridge, enum vsw_ipc_flow_cmd cmd, const char *path)
{
	size_t len;
	char *text;
	int rc;

	rc = ofctl_read_file(path, &text, &len);
	if (rc != OFCTL_OK)
		return rc;
	rc = send_text(o, bridge, cmd, text, len, path);
	free(text);
	return rc;
}

/* A flow command: its arguments, and what it sends. */
struct flow_command {
	const char *usage;		  /* "add-flow takes BRIDGE FLOW" */
	int min_args;			  /* BRIDGE and then 1 (or 0: the flow may be absent) */
	bool file;			  /* the second argument names a file */
	enum vsw_ipc_flow_cmd cmd;	  /* sent ... */
	enum vsw_ipc_flow_cmd cmd_strict; /* ... with --strict (0: --strict does not apply) */
};

static int
flow_command(struct ofctl *o, char **args, int n, const struct flow_command *c)
{
	enum vsw_ipc_flow_cmd cmd = o->strict && c->cmd_strict ? c->cmd_strict : c->cmd;

	if (n < c->min_args + 1 || n > 2) {
		fprintf(stderr, "vsw-ofctl: %s\n", c->usage);
		return OFCTL_USAGE;
	}
	if (c->file)
		return send_file(o, args[0], cmd, args[1]);
	/* An empty argument is a script's unset variable, never "every flow". */
	if (n == 2 && args[1][strspn(args[1], " \t")] == '\0') {
		fprintf(stderr, "vsw-ofctl: %s: the flow is empty%s\n", c->usage,
			c->min_args == 0 ? " (leave it out to mean every flow)" : "");
		return OFCTL_USAGE;
	}
	return send_flow(o, args[0], cmd, n == 2 ? args[1] : "");
}

int
ofctl_add_flow(struct ofctl *o, char **args, int n)
{
	static const struct flow_command c = {"add-flow takes BRIDGE FLOW", 1, false,
					      VSW_FLOW_CMD_ADD, 0};

	return flow_command(o, args, n, &c);
}

int
ofctl_add_flows(struct ofctl *o, char **args, int n)
{
	static const struct flow_command c = {"add-flows takes BRIDGE FILE (- for stdin)", 1, true,
					      VSW_FLOW_CMD_ADD, 0};

	return flow_command(o, args, n, &c);
}

int
ofctl_replace_flows(struct ofctl *o, char **args, int n)
{
	static const struct flow_command c = {"replace-flows takes BRIDGE FILE (- for stdin)", 1,
					      true, VSW_FLOW_CMD_REPLACE, 0};

	return flow_command(o, args, n, &c);
}

int
ofctl_mod_flows(struct ofctl *o, char **args, int n)
{
	static const struct flow_command c = {"mod-flows takes [--strict] BRIDGE FLOW", 1, false,
					      VSW_FLOW_CMD_MODIFY, VSW_FLOW_CMD_MODIFY_STRICT};

	return flow_command(o, args, n, &c);
}

int
ofctl_del_flows(struct ofctl *o, char **args, int n)
{
	static const struct flow_command c = {"del-flows takes [--strict] BRIDGE [MATCH]", 0, false,
					      VSW_FLOW_CMD_DELETE, VSW_FLOW_CMD_DELETE_STRICT};

	return flow_command(o, args, n, &c);
}

/*
 * A request without data: no arguments, or (when bridge is set) one BRIDGE
 * in args[0]; usage says which. Fills *rep. OFCTL_OK or an exit status
 * after saying why.
 */
static int
send_op(struct ofctl *o, enum vsw_ipc_op op, char **args, int n, bool bridge, const char *usage,
	struct vsw_ipc_reply *rep)
{
	struct vsw_ipc_request req;
	int b = 0, rc;

	if (bridge) {
		b = ofctl_bridge_arg(o, args, n, 1, 1, usage);
		if (b < 0)
			return -b;
	} else if (n != 0) {
		fprintf(stderr, "vsw-ofctl: %s\n", usage);
		return OFCTL_USAGE;
	}
	memset(&req, 0, sizeof(req));
	req.op = op;
	req.bridge = (uint16_t)b;
	rc = ofctl_request(o, &req, rep);
	return rc != 0 ? rc : report(NULL, rep);
}

int
ofctl_pmd_stats_clear(struct ofctl *o, char **args, int n)
{
	struct vsw_ipc_reply rep;

	return send_op(o, VSW_IPC_PMD_STATS_CLEAR, args, n, false,
		       "pmd-stats-clear takes no arguments", &rep);
}

int
ofctl_reload(struct ofctl *o, char **args, int n)
{
	struct vsw_ipc_reply rep;

	return send_op(o, VSW_IPC_RELOAD, args, n, false, "reload takes no arguments", &rep);
}

int
ofctl_fdb_flush(struct ofctl *o, char **args, int n)
{
	struct vsw_ipc_reply rep;
	int rc = send_op(o, VSW_IPC_FDB_FLUSH, args, n, true, "fdb-flush takes one BRIDGE", &rep);

	if (rc == OFCTL_OK)
		printf("table successfully flushed (%u MACs)\n", rep.n_changed);
	return rc;
}
