/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * diff-flows BRIDGE FILE: how the bridge's flows differ from FILE's, read
 * straight from shared memory (no request to vswitchd). A flow is its table,
 * priority and match; "-FLOW" is in the switch only, "+FLOW" in the file
 * only, and a flow in both with other actions, cookie or timeouts prints
 * both lines. Flows print in dump-flows --no-stats form. Exit 0 when there
 * is no difference, 1 when there is one (as diff(1)), or when FILE is bad.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofctl.h"

/* One flow of either side, identified by table, priority and match. */
struct entry {
	uint8_t table;
	uint16_t priority;
	struct vsw_flow_key key;
	struct vsw_flow_key mask;
	struct vsw_pipe_state state;
	struct vsw_pipe_state state_mask;
	char *text; /* the rest, canonical: how two versions differ */
};

struct side {
	struct entry *e;
	size_t n, cap;
};

static int
add_entry(struct side *s, const struct vsw_flow *f, const struct vsw_flow_ports *ports)
{
	char buf[8192];
	struct entry *e;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		e = realloc(s->e, s->cap * sizeof(*e));
		if (e == NULL)
			return -1;
		s->e = e;
	}
	e = &s->e[s->n];
	vsw_flow_format(f, ports, 0, buf, sizeof(buf));
	e->text = strdup(buf + (buf[0] == ' '));
	if (e->text == NULL)
		return -1;
	e->table = f->table;
	e->priority = f->priority;
	e->key = f->key;
	e->mask = f->mask;
	e->state = f->state;
	e->state_mask = f->state_mask;
	s->n++;
	return 0;
}

static int
by_identity(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	c = memcmp(&x->mask, &y->mask, sizeof(x->mask));
	c = c != 0 ? c : memcmp(&x->key, &y->key, sizeof(x->key));
	c = c != 0 ? c : memcmp(&x->state_mask, &y->state_mask, sizeof(x->state_mask));
	return c != 0 ? c : memcmp(&x->state, &y->state, sizeof(x->state));
}

/* The file's flows; on a bad one, FILE:LINE:COL and OFCTL_REFUSED. */
static int
read_side(const char *path, const struct vsw_flow_ports *ports, struct side *s)
{
	static struct vsw_flow f;
	char err[VSW_FLOW_ERR_LEN], *text = NULL, *line, *eol;
	unsigned int lineno, col;
	size_t len;
	int rc;

	rc = ofctl_read_file(path, &text, &len);
	for (line = rc == OFCTL_OK ? text : NULL, lineno = 1; rc == OFCTL_OK && line != NULL;
	     line = eol, lineno++) {
		eol = strchr(line, '\n');
		if (eol != NULL)
			*eol++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#')
			continue;
		if (vsw_flow_parse(line, ports, VSW_FLOW_ADD, &f, err, sizeof(err), &col) < 0) {
			fprintf(stderr, "%s:%u:%u: %s\n", path, lineno, col, err);
			rc = OFCTL_REFUSED;
		} else if (add_entry(s, &f, ports) < 0) {
			fprintf(stderr, "vsw-ofctl: out of memory\n");
			rc = OFCTL_REFUSED;
		}
	}
	free(text);
	return rc;
}

static void
free_side(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i].text);
	free(s->e);
}

/* Print the differences; returns how many flows differ. */
static size_t
print_diff(const struct side *sw, const struct side *file)
{
	size_t i = 0, j = 0, n = 0;

	while (i < sw->n || j < file->n) {
		int c = i == sw->n ? 1 : j == file->n ? -1 : by_identity(&sw->e[i], &file->e[j]);

		if (c == 0 && strcmp(sw->e[i].text, file->e[j].text) == 0) {
			i++, j++;
			continue;
		}
		n++;
		if (c <= 0)
			printf("-%s\n", sw->e[i++].text);
		if (c >= 0)
			printf("+%s\n", file->e[j++].text);
	}
	return n;
}

int
ofctl_diff_flows(struct ofctl *o, char **args, int n)
{
	struct vsw_flow_port pp[VSW_MAX_PORTS];
	struct side sw = {0}, file = {0};
	static struct vsw_flow f, all;
	struct vsw_flow_ports ports;
	const struct vsw_rule **rules = NULL;
	char err[VSW_FLOW_ERR_LEN];
	unsigned int slot, col;
	size_t n_rules = 0, i;
	int b, rc;

	b = ofctl_bridge_arg(o, args, n, 2, 2, "diff-flows takes BRIDGE FILE (- for stdin)");
	if (b < 0)
		return -b;
	ofctl_bridge_ports(o, (unsigned int)b, pp, &ports);
	rc = read_side(args[1], &ports, &file);
	if (rc == OFCTL_OK && vsw_shm_reader_enter(o->shm, &slot) < 0) {
		fprintf(stderr, "vsw-ofctl: too many helpers read flow tables now; try again\n");
		rc = OFCTL_NO_SWITCH;
	}
	if (rc == OFCTL_OK) {
		vsw_flow_parse("", &ports, VSW_FLOW_MATCH, &all, err, sizeof(err), &col);
		if (ofctl_collect_rules(o->shm->bridges[b].cls, &all, &rules, &n_rules) < 0)
			rc = OFCTL_NO_SWITCH;
		for (i = 0; rc == OFCTL_OK && i < n_rules; i++) {
			ofctl_rule_flow(rules[i], &f);
			if (add_entry(&sw, &f, &ports) < 0)
				rc = OFCTL_NO_SWITCH;
		}
		vsw_shm_reader_leave(o->shm, slot);
		free(rules);
		if (rc != OFCTL_OK)
			fprintf(stderr, "vsw-ofctl: out of memory\n");
	}
	if (rc == OFCTL_OK) {
		if (sw.n > 0)
			qsort(sw.e, sw.n, sizeof(sw.e[0]), by_identity);
		if (file.n > 0)
			qsort(file.e, file.n, sizeof(file.e[0]), by_identity);
		rc = print_diff(&sw, &file) > 0 ? OFCTL_REFUSED : OFCTL_OK;
	}
	free_side(&sw);
	free_side(&file);
	return rc;
}
