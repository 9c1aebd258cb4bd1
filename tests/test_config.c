/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * test_config: unit tests of the topology loader (config/).
 *   test_config bad FILE   FILE must be refused with exactly the message on
 *                          its "# expect: LINE:COL: message" line (a trailing
 *                          "..." matches a machine-dependent tail);
 *   test_config good FILE  FILE must load;
 *   test_config unit       defaults, ofport numbering, places, API edges.
 * Exit 0 on pass, 1 on failure with the difference printed.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vsw_config.h"

/* The text after "# expect: " in file, without its newline. */
static int
read_expectation(const char *file, char *out, size_t len)
{
	char line[1024];
	FILE *f = fopen(file, "r");
	int found = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "# expect: ", 10) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%s", line + 10);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* A file of tests/config/bad must fail with its "# expect: " message. */
static int
test_bad(const char *file)
{
	char expect[1024], err[VSW_CFG_ERR_LEN], want[2048];
	struct vsw_cfg cfg;
	bool loaded, same;
	size_t n;

	EXPECT_MSG(read_expectation(file, expect, sizeof(expect)), "%s: no '# expect: ' line",
		   file);
	if (test_failures)
		return test_report(file);
	loaded = vsw_cfg_load(file, &cfg, err, sizeof(err)) == 0;
	EXPECT_MSG(!loaded, "%s: loaded, but should fail with: %s", file, expect);
	if (loaded) {
		vsw_cfg_free(&cfg);
		return test_report(file);
	}
	/* A message without a place reads "FILE: message". */
	snprintf(want, sizeof(want), "%s:%s%s", file,
		 expect[0] >= '0' && expect[0] <= '9' ? "" : " ", expect);
	n = strlen(want);
	same = n > 3 && strcmp(want + n - 3, "...") == 0 ? strncmp(err, want, n - 3) == 0
							 : strcmp(err, want) == 0;
	EXPECT_MSG(same, "%s:\n  want: %s\n  got:  %s", file, want, err);
	return test_report(file);
}

/* A file of tests/config/good must load. */
static int
test_good(const char *file)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;
	bool loaded = vsw_cfg_load(file, &cfg, err, sizeof(err)) == 0;

	EXPECT_MSG(loaded, "%s: should load: %s", file, err);
	if (loaded)
		vsw_cfg_free(&cfg);
	return test_report(file);
}

static int
load(const char *text, struct vsw_cfg *cfg, char *err)
{
	return vsw_cfg_load_buffer("t.yaml", text, strlen(text), cfg, err, VSW_CFG_ERR_LEN);
}

static void
test_defaults(void)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;
	const struct vsw_cfg_port *p;

	EXPECT(load("bridges:\n  - name: br0\n    ports:\n      - {name: a, type: dpdk, "
		    "devargs: net_null0}\n",
		    &cfg, err) == 0);
	EXPECT(strcmp(cfg.dpdk.file_prefix, "vsw") == 0);
	EXPECT(cfg.dpdk.main_lcore == 0);
	EXPECT(cfg.dpdk.socket_mem == 512);
	EXPECT(cfg.version == 1);
	EXPECT(cfg.pmd_cores.n == 1 && cfg.pmd_cores.v[0] != cfg.dpdk.main_lcore);
	EXPECT(cfg.n_bridges == 1);
	EXPECT(cfg.bridges[0].fail_mode == VSW_CFG_FAIL_STANDALONE);
	p = &cfg.bridges[0].ports[0];
	EXPECT(p->rxq == 1 && p->mtu == 1500 && p->ofport == 1);
	EXPECT(p->type == VSW_CFG_PORT_DPDK && strcmp(p->devargs, "net_null0") == 0);
	EXPECT(p->name_at.line == 4 && p->name_at.col == 16);
	vsw_cfg_free(&cfg);
	vsw_cfg_free(&cfg); /* idempotent */
}

static void
test_ofport_numbering(void)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;

	/* Explicit numbers are kept; the others take the next free one from 1. */
	EXPECT(load("bridges:\n"
		    "  - name: br0\n"
		    "    ports:\n"
		    "      - {name: a, type: dpdk, devargs: net_null0}\n"
		    "      - {name: b, type: dpdk, devargs: net_null1, ofport: 1}\n"
		    "      - {name: c, type: dpdk, devargs: net_null2}\n"
		    "      - {name: d, type: dpdk, devargs: net_null3, ofport: 3}\n"
		    "  - name: br1\n"
		    "    fail-mode: secure\n"
		    "    ports:\n"
		    "      - {name: e, type: dpdk, devargs: net_null4}\n",
		    &cfg, err) == 0);
	EXPECT(cfg.bridges[0].ports[0].ofport == 2);
	EXPECT(cfg.bridges[0].ports[1].ofport == 1);
	EXPECT(cfg.bridges[0].ports[2].ofport == 4);
	EXPECT(cfg.bridges[0].ports[3].ofport == 3);
	EXPECT(cfg.bridges[1].ports[0].ofport == 1); /* numbering is per bridge */
	EXPECT(cfg.bridges[1].fail_mode == VSW_CFG_FAIL_SECURE);
	vsw_cfg_free(&cfg);
}

static void
test_full_file(void)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;

	EXPECT(load("version: 1\n"
		    "dpdk:\n"
		    "  file-prefix: t1\n"
		    "  main-lcore: 1\n"
		    "  socket-mem: 1024\n"
		    "  extra: [--no-pci, \"--vdev=net_null9\"]\n"
		    "pmd-cores: [0]\n"
		    "bridges:\n"
		    "  - name: br0\n"
		    "    ports:\n"
		    "      - name: p\n"
		    "        type: dpdk\n"
		    "        devargs: \"0000:01:00.0,rxq_cqe_comp_en=0\"\n"
		    "        rxq: 4\n"
		    "        mtu: 9000\n",
		    &cfg, err) == 0);
	EXPECT(strcmp(cfg.dpdk.file_prefix, "t1") == 0);
	EXPECT(cfg.dpdk.main_lcore == 1 && cfg.dpdk.socket_mem == 1024);
	EXPECT(cfg.dpdk.extra.n == 2 && strcmp(cfg.dpdk.extra.v[1], "--vdev=net_null9") == 0);
	EXPECT(cfg.dpdk.extra.at[1].line == 6 && cfg.dpdk.extra.at[1].col == 22);
	EXPECT(cfg.pmd_cores.n == 1 && cfg.pmd_cores.v[0] == 0);
	EXPECT(cfg.bridges[0].ports[0].rxq == 4 && cfg.bridges[0].ports[0].mtu == 9000);
	vsw_cfg_free(&cfg);
}

static void
test_edges(void)
{
	char err[VSW_CFG_ERR_LEN];
	struct vsw_cfg cfg;

	EXPECT(vsw_cfg_load("/nonexistent/vsw.yaml", &cfg, err, sizeof(err)) < 0);
	EXPECT(strcmp(err, "/nonexistent/vsw.yaml: cannot open: No such file or directory") == 0);
	/* An embedded NUL in a quoted string is refused, not truncated. */
	EXPECT(load("bridges:\n  - name: \"br\\0x\"\n", &cfg, err) < 0);
	EXPECT(strcmp(err, "t.yaml:2:11: value of 'name' contains a NUL character") == 0);
	/* A tiny error buffer truncates, never overflows. */
	EXPECT(vsw_cfg_load_buffer("t.yaml", "x: 1\n", 5, &cfg, err, 8) < 0);
	EXPECT(strlen(err) == 7);
	EXPECT(strcmp(vsw_cfg_port_type_name(VSW_CFG_PORT_VHOST_USER_CLIENT),
		      "vhost-user-client") == 0);
	EXPECT(strcmp(vsw_cfg_port_type_name(99), "?") == 0);
	EXPECT(strcmp(vsw_cfg_fail_mode_name(VSW_CFG_FAIL_SECURE), "secure") == 0);
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "bad") == 0)
		return test_bad(argv[2]);
	if (argc == 3 && strcmp(argv[1], "good") == 0)
		return test_good(argv[2]);
	if (argc == 2 && strcmp(argv[1], "unit") == 0) {
		test_defaults();
		test_ofport_numbering();
		test_full_file();
		test_edges();
		return test_report("test_config unit");
	}
	fprintf(stderr, "usage: test_config bad FILE | good FILE | unit\n");
	return 2;
}
