/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw-ofctl: an ovs-ofctl-style command line for a running vswitchd. It runs
 * as a short-lived DPDK secondary of the switch's file-prefix, reads flows,
 * ports and PMD counters straight from shared memory (attach.c, show.c,
 * dump_flows.c, diff_flows.c) and sends changes to vswitchd over mp IPC
 * (request.c, flow_mods.c).
 *
 * Exit status: 0 done; 1 a request refused (unknown bridge or port, bad
 * flow, a command this build does not have yet) or, for diff-flows, a
 * difference; 2 a bad command line; 3 no vswitchd answers (or one vsw-ofctl
 * cannot read).
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofctl.h"

static const struct {
	const char *name;
	int (*run)(struct ofctl *o, char **args, int n);
} commands[] = {
	{"show", ofctl_show},
	{"dump-flows", ofctl_dump_flows},
	{"dump-ports", ofctl_dump_ports},
	{"dump-tables", ofctl_dump_tables},
	{"pmd-stats-show", ofctl_pmd_stats_show},
	{"dump-dp-flows", ofctl_dump_dp_flows},
	{"pmd-rxq-show", ofctl_pmd_rxq_show},
	{"diff-flows", ofctl_diff_flows},
	{"add-flow", ofctl_add_flow},
	{"add-flows", ofctl_add_flows},
	{"mod-flows", ofctl_mod_flows},
	{"del-flows", ofctl_del_flows},
	{"replace-flows", ofctl_replace_flows},
	{"pmd-stats-clear", ofctl_pmd_stats_clear},
	{"reload", ofctl_reload},
	{"capture-reset", ofctl_capture_reset},
	{"fdb-show", ofctl_fdb_show},
	{"fdb-flush", ofctl_fdb_flush},
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: vsw-ofctl [--prefix NAME] [--timeout SEC] [--names] COMMAND [BRIDGE] "
		"[ARGS...]\n"
		"Reads a running vswitchd (DPDK file-prefix NAME, default vsw).\n"
		"  show BRIDGE                        ports: number, name, type, MAC, link\n"
		"  dump-flows BRIDGE [MATCH]          flows, as ovs-ofctl prints them "
		"(--no-stats, --names)\n"
		"  dump-ports BRIDGE [PORT]           port counters and drops by reason\n"
		"  dump-tables BRIDGE                 rules per table\n"
		"  pmd-stats-show                     per PMD: packets, cache hits, misses, "
		"cycles\n"
		"  pmd-rxq-show                       which PMD polls which rx queue\n"
		"  dump-dp-flows [BRIDGE]             the PMDs' cached pipeline outcomes\n"
		"  fdb-show BRIDGE                    learned MACs: port, VLAN, MAC, age\n"
		"  diff-flows BRIDGE FILE             how the flows differ from FILE's (exit 1 "
		"if they do)\n"
		"Changes (vswitchd applies each batch whole or not at all):\n"
		"  add-flow BRIDGE FLOW               add (or replace) one flow\n"
		"  add-flows BRIDGE FILE              add the flows of FILE (- for stdin)\n"
		"  mod-flows BRIDGE FLOW              new actions for the flows FLOW selects "
		"(--strict)\n"
		"  del-flows BRIDGE [MATCH]           delete the flows MATCH selects (--strict)\n"
		"  replace-flows BRIDGE FILE          make FILE's flows the bridge's flows\n"
		"  pmd-stats-clear                    restart pmd-stats-show's counts\n"
		"  fdb-flush BRIDGE                   forget every learned MAC\n"
		"  reload                             re-read the topology file (flows)\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"prefix", required_argument, NULL, 'p'}, {"timeout", required_argument, NULL, 't'},
		{"names", no_argument, NULL, 'n'},	  {"no-names", no_argument, NULL, 'N'},
		{"no-stats", no_argument, NULL, 's'},	  {"strict", no_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0},
	};
	struct ofctl o = {.prefix = "vsw", .timeout = 60.0};
	char *end;
	int opt, i, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			o.prefix = optarg;
			break;
		case 't':
			o.timeout = strtod(optarg, &end);
			if (*end != '\0' || o.timeout <= 0) {
				fprintf(stderr, "vsw-ofctl: --timeout takes seconds, got '%s'\n",
					optarg);
				return OFCTL_USAGE;
			}
			break;
		case 'n':
			o.names = true;
			break;
		case 'N':
			o.names = false;
			break;
		case 's':
			o.no_stats = true;
			break;
		case 'S':
			o.strict = true;
			break;
		case 'h':
			usage(stdout);
			return OFCTL_OK;
		default:
			fprintf(stderr, "vsw-ofctl: %s '%s' (try --help)\n",
				optopt ? "option needs a value:" : "unknown option",
				argv[optind - 1]);
			return OFCTL_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return OFCTL_USAGE;
	}
	for (i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++) {
		if (strcmp(argv[optind], commands[i].name) != 0)
			continue;
		rc = ofctl_attach(&o);
		if (rc != 0)
			return rc;
		rc = commands[i].run(&o, argv + optind + 1, argc - optind - 1);
		ofctl_detach(&o);
		return rc;
	}
	fprintf(stderr, "vsw-ofctl: unknown command '%s' (try --help)\n", argv[optind]);
	return OFCTL_USAGE;
}
