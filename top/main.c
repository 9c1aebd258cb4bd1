/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw-top: live rates of a running vswitchd, per port (link, packets and
 * bits per second each way, drops per second) and per PMD (packets per second,
 * cycles per packet, busy share, exact-match cache hit rate), from the
 * shared counters (shm/), refreshed every interval in a terminal. --once
 * prints one interval and exits; --json prints it for machines, with the
 * counters' totals at the end of the interval next to the rates.
 *
 * A helper like vsw-ofctl: it joins the switch as a DPDK secondary
 * (vsw_shm_helper_attach) and only reads. Exit: 0; 2 bad command line; 3
 * no vswitchd answers.
 */

#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vsw_shm.h"

/* Every counter vsw-top shows, read at one moment. */
struct sample {
	double t; /* CLOCK_MONOTONIC seconds */
	struct vsw_port_totals port[VSW_MAX_PORTS];
	struct vsw_pmd_stats pmd[VSW_MAX_PMDS];
};

/* The rates between two samples. */
struct port_rate {
	double rx_pps, rx_bps, tx_pps, tx_bps, drops_ps;
	uint64_t drops; /* total at the end */
};

struct pmd_rate {
	double pps, cycles_per_packet, busy_pct, emc_hit_pct, dpflow_hit_pct;
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	stop = sig;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t
drops_of(const struct vsw_port_totals *t)
{
	uint64_t n = 0;
	unsigned int r;

	for (r = 0; r < VSW_DROP__COUNT; r++)
		n += t->drops[r];
	return n;
}

static void
take(const struct vsw_shm *shm, struct sample *s)
{
	unsigned int i;

	s->t = now();
	for (i = 0; i < shm->n_ports && i < VSW_MAX_PORTS; i++)
		vsw_shm_port_totals(shm, i, &s->port[i]);
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++)
		vsw_shm_pmd_stats(shm, i, &s->pmd[i]);
}

static void
port_rate(const struct vsw_port_totals *a, const struct vsw_port_totals *b, double dt,
	  struct port_rate *r)
{
	r->rx_pps = (double)(b->rx_packets - a->rx_packets) / dt;
	r->rx_bps = (double)(b->rx_bytes - a->rx_bytes) * 8 / dt;
	r->tx_pps = (double)(b->tx_packets - a->tx_packets) / dt;
	r->tx_bps = (double)(b->tx_bytes - a->tx_bytes) * 8 / dt;
	r->drops = drops_of(b);
	r->drops_ps = (double)(r->drops - drops_of(a)) / dt;
}

static void
pmd_rate(const struct vsw_pmd_stats *a, const struct vsw_pmd_stats *b, double dt,
	 struct pmd_rate *r)
{
	uint64_t pkts = b->packets - a->packets, busy = b->busy_cycles - a->busy_cycles;
	uint64_t total = busy + b->idle_cycles - a->idle_cycles;

	r->pps = (double)pkts / dt;
	r->cycles_per_packet = pkts ? (double)busy / (double)pkts : 0;
	r->busy_pct = total ? 100.0 * (double)busy / (double)total : 0;
	r->emc_hit_pct = pkts ? 100.0 * (double)(b->emc_hits - a->emc_hits) / (double)pkts : 0;
	r->dpflow_hit_pct =
		pkts ? 100.0 * (double)(b->dpflow_hits - a->dpflow_hits) / (double)pkts : 0;
}

static const char *
link_name(const struct vsw_shm *shm, unsigned int p)
{
	return vsw_shm_link_name(__atomic_load_n(&shm->ports[p].link, __ATOMIC_ACQUIRE));
}

static void
print_text(const struct vsw_shm *shm, const struct sample *a, const struct sample *b)
{
	double dt = b->t - a->t;
	struct port_rate pr;
	struct pmd_rate mr;
	unsigned int i;

	printf("vsw-top: vswitchd pid %u, %u ports, %u PMDs, over %.2f s\n\n", shm->pid,
	       shm->n_ports, shm->n_pmds, dt);
	printf("%-16s %5s %12s %10s %12s %10s %10s\n", "port", "link", "rx pps", "rx Mbps",
	       "tx pps", "tx Mbps", "drops/s");
	for (i = 0; i < shm->n_ports && i < VSW_MAX_PORTS; i++) {
		port_rate(&a->port[i], &b->port[i], dt, &pr);
		printf("%-16s %5s %12.0f %10.1f %12.0f %10.1f %10.0f\n", shm->ports[i].name,
		       link_name(shm, i), pr.rx_pps, pr.rx_bps / 1e6, pr.tx_pps, pr.tx_bps / 1e6,
		       pr.drops_ps);
	}
	printf("\n%-16s %12s %10s %10s %10s %11s\n", "pmd (core)", "pps", "cyc/pkt", "busy %",
	       "emc hit %", "dpflow hit %");
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		pmd_rate(&a->pmd[i], &b->pmd[i], dt, &mr);
		printf("%-16u %12.0f %10.1f %10.1f %10.1f %11.1f\n", shm->pmds[i].lcore, mr.pps,
		       mr.cycles_per_packet, mr.busy_pct, mr.emc_hit_pct, mr.dpflow_hit_pct);
	}
}

static void
print_json(const struct vsw_shm *shm, const struct sample *a, const struct sample *b)
{
	double dt = b->t - a->t;
	struct port_rate pr;
	struct pmd_rate mr;
	unsigned int i;

	printf("{\"interval_s\": %.3f, \"ports\": [", dt);
	for (i = 0; i < shm->n_ports && i < VSW_MAX_PORTS; i++) {
		const struct vsw_port_totals *t = &b->port[i];

		port_rate(&a->port[i], t, dt, &pr);
		printf("%s{\"name\": \"%s\", \"link\": \"%s\", \"rx_pps\": %.1f, \"rx_bps\": %.1f, "
		       "\"tx_pps\": %.1f, "
		       "\"tx_bps\": %.1f, \"drops_ps\": %.1f, \"rx_packets\": %" PRIu64
		       ", \"rx_bytes\": %" PRIu64 ", \"tx_packets\": %" PRIu64
		       ", \"tx_bytes\": %" PRIu64 ", \"drops\": %" PRIu64 "}",
		       i ? ", " : "", shm->ports[i].name, link_name(shm, i), pr.rx_pps, pr.rx_bps,
		       pr.tx_pps, pr.tx_bps, pr.drops_ps, t->rx_packets, t->rx_bytes, t->tx_packets,
		       t->tx_bytes, pr.drops);
	}
	printf("], \"pmds\": [");
	for (i = 0; i < shm->n_pmds && i < VSW_MAX_PMDS; i++) {
		pmd_rate(&a->pmd[i], &b->pmd[i], dt, &mr);
		printf("%s{\"core\": %u, \"pps\": %.1f, \"cycles_per_packet\": %.1f, "
		       "\"busy_pct\": %.1f, \"emc_hit_pct\": %.1f, \"dpflow_hit_pct\": %.1f, "
		       "\"packets\": %" PRIu64 "}",
		       i ? ", " : "", shm->pmds[i].lcore, mr.pps, mr.cycles_per_packet, mr.busy_pct,
		       mr.emc_hit_pct, mr.dpflow_hit_pct, b->pmd[i].packets);
	}
	printf("]}\n");
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: vsw-top [--prefix NAME] [--interval SEC] [--once] [--json]\n"
		   "Live per-port and per-PMD rates of the vswitchd of file-prefix NAME "
		   "(default vsw).\n"
		   "  --interval SEC  between refreshes (default 1)\n"
		   "  --once          print one interval and exit\n"
		   "  --json          one JSON object per interval (rates and totals)\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"prefix", required_argument, NULL, 'p'},
		{"interval", required_argument, NULL, 'i'},
		{"once", no_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct sample s[2];
	const char *prefix = "vsw";
	double interval = 1.0;
	bool once = false, json = false;
	struct timespec ts;
	struct vsw_shm *shm;
	char err[512], *end;
	unsigned int cur = 0;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			prefix = optarg;
			break;
		case 'i':
			interval = strtod(optarg, &end);
			if (*end != '\0' || interval < 0.1 || interval > 3600) {
				fprintf(stderr,
					"vsw-top: --interval takes 0.1..3600 seconds, got "
					"'%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'o':
			once = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "vsw-top: %s '%s' (try --help)\n",
				optopt ? "option needs a value:" : "unknown option",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vsw-top: unexpected argument '%s' (try --help)\n", argv[optind]);
		return 2;
	}
	if (vsw_shm_helper_attach(prefix, "vsw-top", &shm, err, sizeof(err)) < 0) {
		fprintf(stderr, "vsw-top: %s\n", err);
		return 3;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	ts.tv_sec = (time_t)interval;
	ts.tv_nsec = (long)((interval - (double)ts.tv_sec) * 1e9);
	take(shm, &s[cur]);
	while (!stop && __atomic_load_n(&shm->state, __ATOMIC_ACQUIRE) == VSW_STATE_RUNNING) {
		nanosleep(&ts, NULL);
		take(shm, &s[cur ^ 1]);
		if (!once && !json)
			printf("\033[H\033[2J"); /* a terminal's clear screen */
		if (json)
			print_json(shm, &s[cur], &s[cur ^ 1]);
		else
			print_text(shm, &s[cur], &s[cur ^ 1]);
		fflush(stdout);
		cur ^= 1;
		if (once)
			break;
	}
	vsw_shm_helper_detach();
	return 0;
}
