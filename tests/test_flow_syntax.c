/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_flow_syntax: the flow language (flow/) against two corpora.
 *   test_flow_syntax roundtrip FILE  each "INPUT<TAB>CANONICAL" line: INPUT
 *       prints as CANONICAL; CANONICAL parses back to the same rule and prints
 *       as itself (parse-print-parse);
 *   test_flow_syntax refuse FILE     each "INPUT<TAB>COL: message" line:
 *       INPUT is refused with exactly that column and message.
 * Ports for both: p1=1, p2=2, vm1=3. No DPDK needed.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vsw_flow.h"

static const struct vsw_flow_port port_list[] = {{"p1", 1, 0}, {"p2", 2, 1}, {"vm1", 3, 2}};
static const struct vsw_flow_ports ports = {port_list, 3};

/*
 * f's actions as what they do, into out (n returned): goto_table prints as
 * resubmit(,T) (ovs-ofctl's OpenFlow 1.0 form) and reads back as that
 * resubmit, the same effect as the last action (goto_table always is); a
 * set_field prints as load (its form and protocol name only spell it) and
 * a mask of several runs as one load per run, read back as consecutive
 * writes of one field: merged.
 */
static unsigned int
effects(const struct vsw_flow *f, struct vsw_action *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n_actions; i++) {
		struct vsw_action a = f->actions[i];

		if (a.type == VSW_ACTION_GOTO_TABLE) {
			a.type = VSW_ACTION_RESUBMIT;
			a.ofport = VSW_OFPORT_NONE;
		}
		/* How an action was spelled (load, nw_tos, vlan_tci ...) is no effect. */
		a.form = a.form == VSW_FORM_WRITE_METADATA ? a.form : 0;
		if (a.type == VSW_ACTION_SET_FIELD)
			a.proto = 0;
		if (a.type == VSW_ACTION_STRIP_VLAN)
			a.value = 0; /* vlan_tci's value as written */
		if (n > 0 && a.type == VSW_ACTION_SET_FIELD && out[n - 1].type == a.type &&
		    out[n - 1].field == a.field && out[n - 1].form == a.form &&
		    !(out[n - 1].mask & a.mask)) {
			out[n - 1].value |= a.value;
			out[n - 1].mask |= a.mask;
			continue;
		}
		out[n++] = a;
	}
	return n;
}

/* The rule itself, not how it was written (table_given and the like). */
static int
same_rule(const struct vsw_flow *a, const struct vsw_flow *b)
{
	struct vsw_action ea[VSW_FLOW_MAX_ACTIONS], eb[VSW_FLOW_MAX_ACTIONS];
	unsigned int n = effects(a, ea);

	if (n != effects(b, eb) || memcmp(ea, eb, n * sizeof(ea[0])) != 0)
		return 0;
	return a->table == b->table && a->priority == b->priority && a->cookie == b->cookie &&
	       a->idle_timeout == b->idle_timeout && a->hard_timeout == b->hard_timeout &&
	       memcmp(&a->key, &b->key, sizeof(a->key)) == 0 &&
	       memcmp(&a->mask, &b->mask, sizeof(a->mask)) == 0;
}

static void
check_roundtrip(const char *input, const char *want, unsigned int line)
{
	char err[VSW_FLOW_ERR_LEN], out[4096], out2[4096];
	struct vsw_flow f, g;
	unsigned int col;

	bool parsed = vsw_flow_parse(input, &ports, VSW_FLOW_ADD, &f, err, sizeof(err), &col) == 0;

	EXPECT_MSG(parsed, "line %u: %s\n  refused: %u: %s", line, input, col, err);
	if (!parsed)
		return;
	vsw_flow_format(&f, &ports, 0, out, sizeof(out));
	EXPECT_MSG(strcmp(out, want) == 0, "line %u: %s\n  want: %s\n  got:  %s", line, input, want,
		   out);
	if (strcmp(out, want) != 0)
		return;
	EXPECT(vsw_flow_parse(want, &ports, VSW_FLOW_ADD, &g, err, sizeof(err), &col) == 0);
	vsw_flow_format(&g, &ports, 0, out2, sizeof(out2));
	EXPECT(strcmp(out2, want) == 0);
	EXPECT(same_rule(&f, &g));
}

static void
check_refuse(const char *input, const char *want, unsigned int line)
{
	char err[VSW_FLOW_ERR_LEN], got[VSW_FLOW_ERR_LEN + 16];
	struct vsw_flow f;
	unsigned int col;

	bool refused = vsw_flow_parse(input, &ports, VSW_FLOW_ADD, &f, err, sizeof(err), &col) != 0;

	EXPECT_MSG(refused, "line %u: %s\n  accepted, should fail with: %s", line, input, want);
	if (!refused)
		return;
	snprintf(got, sizeof(got), "%u: %s", col, err);
	EXPECT_MSG(strcmp(got, want) == 0, "line %u: %s\n  want: %s\n  got:  %s", line, input, want,
		   got);
}

int
main(int argc, char **argv)
{
	char buf[8192];
	unsigned int line = 0, cases = 0;
	FILE *f;

	if (argc != 3 || (strcmp(argv[1], "roundtrip") != 0 && strcmp(argv[1], "refuse") != 0)) {
		fprintf(stderr, "usage: test_flow_syntax roundtrip|refuse FILE\n");
		return 2;
	}
	f = fopen(argv[2], "r");
	if (f == NULL) {
		perror(argv[2]);
		return 2;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *tab;

		line++;
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		tab = strchr(buf, '\t');
		EXPECT_MSG(tab != NULL, "line %u: no tab", line);
		if (tab == NULL)
			continue;
		*tab = '\0';
		cases++;
		if (argv[1][0] == 'r' && argv[1][1] == 'o')
			check_roundtrip(buf, tab + 1, line);
		else
			check_refuse(buf, tab + 1, line);
	}
	fclose(f);
	printf("test_flow_syntax %s: %u flow strings\n", argv[1], cases);
	return test_report("test_flow_syntax");
}
