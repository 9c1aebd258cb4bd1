/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * main.c: vswitchd's command line and life cycle. It reads the topology
 * (config/), checks memory before DPDK does (eal.c), optionally detaches
 * (daemon.c), starts the EAL and the switch (switch.c), then idles as the
 * control thread until SIGINT or SIGTERM, and takes everything down.
 *
 * Exit status: 0 after a clean stop or a valid --check-config; 2 for a bad
 * command line or topology; 1 when the switch could not start.
 */

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_pdump.h>

#include "vswitchd.h"

#define EXIT_INVALID 2
#define VSWD_VERSION "0.1.0"

int vswd_logtype;

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t reload_signal;

struct options {
	const char *config;
	const char *pidfile;
	const char *log_file;
	uint32_t log_level; /* RTE_LOG_* */
	bool check_config;
	bool detach;
	char **eal_args; /* after "--" */
	int n_eal_args;
};

static void
usage(void)
{
	printf("usage: vswitchd --config FILE [--check-config] [--detach] [--pidfile F]\n"
	       "                [--log-file F] [--log-level LEVEL] [-- EAL-ARGS...]\n"
	       "       vswitchd --check-config FILE\n"
	       "Runs the vsw virtual switch on the YAML topology FILE (see docs/config.md).\n"
	       "  --config FILE      the topology\n"
	       "  --check-config     validate the topology and exit (0 valid, 2 invalid)\n"
	       "  --detach           run in the background once the switch forwards\n"
	       "  --pidfile F        write the pid to F (refused if F names a live vswitchd)\n"
	       "  --log-file F       append logs to F instead of the terminal\n"
	       "  --log-level LEVEL  err, warning, notice, info (default) or debug\n"
	       "  -- EAL-ARGS        further DPDK EAL arguments, after dpdk.extra\n");
}

static const char *const level_names[] = {
	[RTE_LOG_ERR] = "err",	 [RTE_LOG_WARNING] = "warning", [RTE_LOG_NOTICE] = "notice",
	[RTE_LOG_INFO] = "info", [RTE_LOG_DEBUG] = "debug",
};

static int
parse_level(const char *s, uint32_t *level)
{
	uint32_t i;

	if (strcasecmp(s, "error") == 0)
		s = "err";
	for (i = RTE_LOG_ERR; i <= RTE_LOG_DEBUG; i++) {
		if (strcasecmp(s, level_names[i]) == 0) {
			*level = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Everything after "--" belongs to the EAL; getopt must not see it. Returns argc before it. */
static int
split_eal_args(int argc, char **argv, struct options *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			o->eal_args = &argv[i + 1];
			o->n_eal_args = argc - i - 1;
			return i;
		}
	}
	return argc;
}

/* One option getopt returned: 0, EXIT_INVALID after printing why, -1 after --help/--version. */
static int
apply_option(int opt, char **argv, struct options *o)
{
	switch (opt) {
	case 'c':
		o->config = optarg;
		return 0;
	case 'k':
		o->check_config = true;
		return 0;
	case 'd':
		o->detach = true;
		return 0;
	case 'p':
		o->pidfile = optarg;
		return 0;
	case 'l':
		o->log_file = optarg;
		return 0;
	case 'L':
		if (parse_level(optarg, &o->log_level) == 0)
			return 0;
		fprintf(stderr, "vswitchd: --log-level '%s': use err, warning, notice, info or debug\n",
			optarg);
		return EXIT_INVALID;
	case 'h':
		usage();
		return -1;
	case 'V':
		printf("vswitchd %s\n", VSWD_VERSION);
		return -1;
	}
	/* '?': getopt's own verdict on argv[optind - 1]. */
	if (optopt != 0 && strchr("cpslL", optopt) != NULL)
		fprintf(stderr, "vswitchd: %s needs a value\n", argv[optind - 1]);
	else
		fprintf(stderr, "vswitchd: unknown option '%s'\n", argv[optind - 1]);
	fprintf(stderr, "Try 'vswitchd --help'.\n");
	return EXIT_INVALID;
}

/* 0, or EXIT_INVALID after printing the reason; -1 after --help/--version. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"check-config", no_argument, NULL, 'k'},
		{"detach", no_argument, NULL, 'd'},
		{"pidfile", required_argument, NULL, 'p'},
		{"log-file", required_argument, NULL, 'l'},
		{"log-level", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int opt, rc;

	memset(o, 0, sizeof(*o));
	o->log_level = RTE_LOG_INFO;
	argc = split_eal_args(argc, argv, o);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1)
		if ((rc = apply_option(opt, argv, o)) != 0)
			return rc;
	/* "vswitchd --check-config FILE": the file may stand alone. */
	if (optind == argc - 1 && o->config == NULL)
		o->config = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "vswitchd: unexpected argument '%s' (EAL arguments go after '--')\n",
			argv[optind]);
		return EXIT_INVALID;
	}
	if (o->config == NULL) {
		fprintf(stderr, "vswitchd: no topology: give --config FILE\n");
		return EXIT_INVALID;
	}
	return 0;
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_signal = 1;
	else
		quit_signal = sig;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* SIGHUP: re-read the topology, as vsw-ofctl reload does (which logs a success). */
static void
reload(struct vswd_switch *sw)
{
	struct vsw_ipc_reply rep;

	memset(&rep, 0, sizeof(rep));
	reload_signal = 0;
	if (vswd_reload(sw, &rep) < 0)
		VSWD_LOG(ERR, "reload refused, nothing changed: %s", rep.msg);
}

/* Release the holds of DPDK's shared locks that helpers killed while starting left. */
static void
repair_helper_gate(void)
{
	unsigned int released, died;
	char msg[160];
	int rc = vsw_shm_gate_repair(&released, &died, msg, sizeof(msg));

	/*
	 * Each may also have left DPDK 22.11's service tables (2 allocations,
	 * 155,904 bytes) in the heap, when killed between rte_service_init()
	 * and rte_service_finalize(): shm/helper.c says why nothing can free them.
	 */
	if (died > 0)
		VSWD_LOG(WARNING, "%u helper(s) died during their EAL start", died);
	if (released > 0)
		VSWD_LOG(WARNING, "released %u lock holds of helpers killed while they started: %s",
			 released, msg);
	if (rc < 0)
		VSWD_LOG(WARNING, "cannot repair after helpers killed while they started: %s", msg);
}

/* The repair of the helper gate, in a thread of its own (vsw_shm_gate_repair). */
static int gate_watch_stop;

static void *
watch_helper_gate(void *arg)
{
	struct timespec nap = {.tv_nsec = 100000000};

	RTE_SET_USED(arg);
	while (!__atomic_load_n(&gate_watch_stop, __ATOMIC_ACQUIRE)) {
		repair_helper_gate();
		nanosleep(&nap, NULL);
	}
	return NULL;
}

/*
 * The control thread's loop until SIGINT or SIGTERM: requests from helpers
 * as they come, deferred frees, and once a second counters and timeouts.
 */
static void
control_loop(struct vswd_switch *sw)
{
	uint64_t next_tick = 0, now;
	unsigned int wait_ms = 10;
	struct timespec ts;

	while (!quit_signal) {
		/* At most 10 ms: MAC learn requests wait no longer; less for packet-ins. */
		if (vswd_channel_poll(sw, wait_ms))
			vswd_ipc_poll(sw);
		wait_ms = vswd_of_packet_ins(sw);
		vswd_bridges_learn(sw);
		vswd_tunnels_poll(sw);
		vsw_reclaim_poll(sw->reclaim);
		if (reload_signal)
			reload(sw);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
		if (now >= next_tick) {
			next_tick = now + 1000;
			vswd_switch_refresh(sw);
			vswd_link_refresh(sw->shm);
			vswd_of_port_status(sw);
			vswd_bridges_expire(sw);
			vswd_ipc_reap();
		}
	}
	VSWD_LOG(INFO, "%s: stopping", strsignal(quit_signal));
}

static void *
run_eal_cleanup(void *done)
{
	rte_eal_cleanup();
	__atomic_store_n((int *)done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * rte_eal_cleanup(), unless it does not finish within 5 s. It detaches
 * DPDK's memory under the memory-hotplug lock taken for writing. The holds
 * that vsw's own helpers can leave are released before (the helper gate);
 * a process outside vsw killed during its EAL start (dpdk-proc-info, say)
 * can still leave the lock read-held for good, and the cleanup would spin
 * forever. The process is about to exit and the kernel releases the same
 * resources, so give up on it, say so, and exit.
 */
static void
eal_cleanup(void)
{
	static int done;
	pthread_t t;
	int i;

	if (pthread_create(&t, NULL, run_eal_cleanup, &done) != 0) {
		rte_eal_cleanup();
		return;
	}
	for (i = 0; i < 500 && !__atomic_load_n(&done, __ATOMIC_ACQUIRE); i++)
		usleep(10 * 1000);
	if (__atomic_load_n(&done, __ATOMIC_ACQUIRE))
		pthread_join(t, NULL);
	else
		fprintf(stderr, "vswitchd: DPDK's cleanup is stuck on its memory lock (a DPDK "
				"process died while it started); exiting without it\n");
}

static int
check_only(const struct vsw_cfg *cfg, unsigned int n_flows)
{
	unsigned int b, n_ports = 0;

	for (b = 0; b < cfg->n_bridges; b++)
		n_ports += cfg->bridges[b].n_ports;
	printf("%s: valid (%u bridge%s, %u port%s, %u flow%s, %u PMD core%s)\n", cfg->file,
	       cfg->n_bridges, cfg->n_bridges == 1 ? "" : "s", n_ports, n_ports == 1 ? "" : "s",
	       n_flows, n_flows == 1 ? "" : "s", cfg->pmd_cores.n,
	       cfg->pmd_cores.n == 1 ? "" : "s");
	return 0;
}

/*
 * Everything from EAL start to clean stop; returns the exit status. Bring-up
 * steps in order; on failure, the labels undo what was done, in reverse.
 */
static int
run(const struct options *o, struct vsw_cfg *cfg, struct vswd_eal_args *eal)
{
	char *argv[RTE_DIM(eal->argv)];
	char err[VSWD_ERR_LEN];
	struct vswd_switch sw;
	FILE *final = NULL; /* where the final counters go: nowhere unless it ran */
	pthread_t gate_watch;
	int rc;

	/* The EAL rewrites the vector it is given; keep ours intact to free it. */
	memcpy(argv, eal->argv, sizeof(argv));
	if (rte_eal_init(eal->argc, argv) < 0) {
		fprintf(stderr,
			"vswitchd: DPDK EAL failed to start (%s): see its messages "
			"above\n",
			rte_strerror(rte_errno));
		return 1;
	}
	vswd_logtype = rte_log_register("vsw");
	rte_log_set_level_pattern("vsw*", o->log_level); /* vsw and vsw.datapath */
	install_signals();
	if (pthread_create(&gate_watch, NULL, watch_helper_gate, NULL) != 0) {
		snprintf(err, sizeof(err), "cannot start the helper gate's repair thread");
		rc = -EAGAIN;
		goto out_eal;
	}
	pthread_setname_np(gate_watch, "vsw-gate");

	/* Requests queue until the control loop runs; the handler must exist
	 * before helpers can see the switch RUNNING. */
	rc = vswd_ipc_start(err, sizeof(err));
	if (rc < 0)
		goto out_failed;
	/* Capture by DPDK's own secondaries (dpdk-dumpcap, dpdk-pdump): free until one asks. */
	if (rte_pdump_init() < 0) {
		snprintf(err, sizeof(err), "cannot serve packet capture: %s",
			 rte_strerror(rte_errno));
		rc = -rte_errno;
		goto out_ipc;
	}
	rc = vswd_switch_start(&sw, cfg, err, sizeof(err));
	if (rc < 0)
		goto out_pdump;
	rc = vswd_telemetry_start(sw.shm, err, sizeof(err));
	if (rc < 0)
		goto out_switch;
	rc = vswd_link_watch(sw.shm, err, sizeof(err));
	if (rc < 0)
		goto out_telemetry;
	rc = vswd_channel_start(&sw, err, sizeof(err));
	if (rc < 0)
		goto out_link;
	vswd_of_watch_removals(&sw);
	if (o->pidfile != NULL) {
		rc = vswd_pidfile_write(o->pidfile, err, sizeof(err));
		if (rc < 0)
			goto out_channel;
	}

	vswd_switch_print_summary(&sw, o->detach);
	vswd_daemon_ready();
	control_loop(&sw);
	vswd_ipc_stop(); /* from now on requests are refused: the switch is stopping */
	/* Detached, stdout is /dev/null: the final counters go to the log. */
	final = o->detach ? rte_log_get_stream() : stdout;
	if (o->pidfile != NULL)
		unlink(o->pidfile);
out_channel:
	vswd_channel_stop(&sw);
out_link:
	vswd_link_unwatch();
out_telemetry:
	vswd_telemetry_stop();
out_switch:
	vswd_switch_stop(&sw, final);
out_pdump:
	rte_pdump_uninit();
out_ipc:
	vswd_ipc_stop();
out_failed:
	__atomic_store_n(&gate_watch_stop, 1, __ATOMIC_RELEASE);
	pthread_join(gate_watch, NULL);
out_eal:
	if (rc < 0)
		fprintf(stderr, "vswitchd: %s\n", err);
	repair_helper_gate();
	eal_cleanup();
	vswd_hugepages_release(cfg->dpdk.file_prefix);
	return rc < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	char err[VSWD_ERR_LEN];
	struct vswd_eal_args eal;
	struct options o;
	struct vsw_cfg cfg;
	unsigned int n_flows;
	FILE *log = NULL;
	int rc;

	rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (vsw_cfg_load(o.config, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return EXIT_INVALID;
	}
	if (vswd_flows_check(&cfg, &n_flows, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		vsw_cfg_free(&cfg);
		return EXIT_INVALID;
	}
	if (o.check_config) {
		rc = check_only(&cfg, n_flows);
		vsw_cfg_free(&cfg);
		return rc;
	}
	/* DPDK's own logs stay at warning unless the user asks for debug. */
	rc = vswd_eal_args_build(&eal, &cfg,
				 o.log_level == RTE_LOG_DEBUG ? RTE_LOG_DEBUG : RTE_LOG_WARNING,
				 o.eal_args, o.n_eal_args, err, sizeof(err));
	if (rc == 0)
		rc = vswd_memory_precheck(&cfg, &eal, err, sizeof(err));
	if (rc == 0 && o.pidfile != NULL)
		rc = vswd_pidfile_check(o.pidfile, err, sizeof(err));
	if (rc == 0)
		rc = vswd_prefix_check(&cfg, err, sizeof(err));
	if (rc == 0 && o.log_file != NULL) {
		log = fopen(o.log_file, "a");
		if (log == NULL) {
			rc = -errno;
			snprintf(err, sizeof(err), "%s: cannot open log file: %s", o.log_file,
				 strerror(errno));
		} else {
			setvbuf(log, NULL, _IOLBF, 0);
			rte_openlog_stream(log);
		}
	}
	if (rc == 0 && o.detach) {
		rc = vswd_daemon_start();
		if (rc < 0)
			snprintf(err, sizeof(err), "cannot detach: %s", strerror(-rc));
	}
	if (rc < 0) {
		fprintf(stderr, "vswitchd: %s\n", err);
		rc = 1;
	} else {
		rc = run(&o, &cfg, &eal);
	}
	vswd_eal_args_free(&eal);
	vsw_cfg_free(&cfg);
	if (log != NULL)
		fclose(log);
	return rc;
}
