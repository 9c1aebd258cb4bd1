/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vswitchd.h: what the daemon's own files share (not a public header):
 *  - main.c: options, the life cycle, the control loop;
 *  - eal.c: EAL arguments from the topology, hugepage sizing and hints;
 *  - daemon.c: --detach and --pidfile;
 *  - switch.c: bring-up and tear-down of shared state, ports and PMDs;
 *  - bridge.c: each bridge's flow tables and the RCU state;
 *  - flows.c: the flows listed in the topology;
 *  - flowmod.c: flow changes at run time, as batches (ovs-ofctl semantics);
 *  - ipc.c: requests from helper processes (mp IPC), run by the control thread;
 *  - reload.c: re-reading the topology (vsw-ofctl reload, SIGHUP);
 *  - telemetry.c: vsw's commands on DPDK's telemetry socket;
 *  - link.c: ports' link state in the shared state, and link events to helpers;
 *  - ofchannel.c: the OpenFlow channel's sockets (listeners, controllers);
 *  - ofhandle.c: the OpenFlow messages a connection receives, and their replies;
 *  - ofbundle.c: bundles of flow-mods committed as one change;
 *  - ofasync.c: the messages the switch sends unasked (PACKET_IN...), and
 *    which ones each connection takes (SET_ASYNC).
 */

#ifndef VSWITCHD_H
#define VSWITCHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_log.h>

#include "vsw_config.h"
#include "vsw_dp_writer.h"
#include "vsw_flow.h"
#include "vsw_openflow.h"

/*
 * The topology's limits are the switch's. config/ knows nothing of shm/ or
 * the datapath (the daemon translates between them), so the pairs are tied
 * here, where both are seen.
 */
_Static_assert(VSW_CFG_MAX_BRIDGES == VSW_MAX_BRIDGES, "bridges: topology vs shared state");
_Static_assert(VSW_CFG_MAX_PORTS == VSW_MAX_PORTS, "ports: topology vs shared state");
_Static_assert(VSW_MAX_PORTS <= RTE_MAX_ETHPORTS, "every port may be an ethdev");
_Static_assert(VSW_CFG_MAX_PMDS == VSW_MAX_PMDS, "PMDs: topology vs shared state");
_Static_assert(VSW_CFG_MAX_RXQ <= VSW_MAX_QUEUES, "rx queues: topology vs shared counters");
_Static_assert(VSW_CFG_NAME_LEN == VSW_NAME_LEN, "bridge and port names");
_Static_assert(VSW_CFG_OFPORT_MAX == VSW_OFPORT_MAX, "OpenFlow port numbers");
_Static_assert(VSW_CFG_VLAN_WORDS == VSW_VLAN_WORDS, "VLAN sets are copied word for word");

#define VSWD_ERR_LEN   1024
#define VSWD_MAX_POOLS 8 /* the start's mbuf pool and those reloads add */

extern int vswd_logtype;

#define VSWD_LOG(level, fmt, ...)                                                                  \
	rte_log(RTE_LOG_##level, vswd_logtype, "vswitchd: " fmt "\n", ##__VA_ARGS__)

/* ---- eal.c ---- */

/* EAL argument vector built from the topology; owns its strings. */
struct vswd_eal_args {
	int argc;
	char *argv[128];
};

/*
 * Build the EAL arguments: file-prefix, lcores (main + PMDs), memory,
 * log level, dpdk.extra, then user_args (what followed "--"). Returns 0 or
 * -E2BIG / -ENOMEM with a message in err.
 */
int vswd_eal_args_build(struct vswd_eal_args *a, const struct vsw_cfg *cfg, uint32_t log_level,
			char *const *user_args, int n_user_args, char *err, size_t err_len);
void vswd_eal_args_free(struct vswd_eal_args *a);

/* Mbuf pool sizing for a topology. */
struct vswd_pool_size {
	uint32_t n_mbufs;      /* buffers */
	uint16_t data_room;    /* bytes per mbuf, headroom included */
	uint32_t elt_size;     /* bytes per buffer in hugepage memory, all overheads */
	uint32_t pool_mib;     /* the pool in MiB, rounded up */
	uint32_t need_mib;     /* pool plus vsw's state plus DPDK's own, MiB */
	uint32_t max_mtu;      /* the largest port MTU the buffers are sized for */
	uint32_t dpflow_flows; /* datapath flow cache slots per PMD (eal.c: dpflow_size) */
};

/* Size the mbuf pool for every port's queues and MTU. */
void vswd_pool_size(const struct vsw_cfg *cfg, struct vswd_pool_size *ps);

/*
 * Before the EAL starts: is hugetlbfs mounted, are enough hugepages free,
 * does socket-mem cover what the topology needs? Returns 0, or -ENOMEM with
 * a hint (the numbers and the knob to turn) in err. Skipped with --no-huge.
 */
int vswd_memory_precheck(const struct vsw_cfg *cfg, const struct vswd_eal_args *a, char *err,
			 size_t err_len);

/*
 * Refuse a file-prefix another DPDK primary holds (its config file is
 * locked), naming that process. 0, or -EADDRINUSE with err.
 */
int vswd_prefix_check(const struct vsw_cfg *cfg, char *err, size_t err_len);

/*
 * After rte_eal_cleanup: unlink this prefix's hugepage files from every
 * hugetlbfs mount, so the pages return to the system (the EAL leaves them
 * for a restart to reuse). Secondaries still attached keep their mappings.
 */
void vswd_hugepages_release(const char *file_prefix);

/* The same hint after an allocation failed at run time. */
void vswd_memory_hint(const struct vsw_cfg *cfg, const char *what, char *err, size_t err_len);

/* ---- daemon.c ---- */

/*
 * Fork into the background. The parent waits until the child reports
 * readiness (vswd_daemon_ready) and exits 0, or exits with the child's exit
 * status. Returns in the child only; 0, or a negative errno before forking.
 */
int vswd_daemon_start(void);

/* In the child: tell the parent we are running, and detach stdio. */
void vswd_daemon_ready(void);

/* Refuse to start when pidfile names a live process; 0 or -EEXIST with err. */
int vswd_pidfile_check(const char *path, char *err, size_t err_len);

/* Write our pid to path (atomically). 0 or a negative errno with err. */
int vswd_pidfile_write(const char *path, char *err, size_t err_len);

/* ---- switch.c ---- */

struct vswd_switch {
	struct vsw_cfg *cfg; /* main()'s; reload.c swaps in new flow lists */
	struct vsw_shm *shm;
	/* Mbuf pools: [0] sized for the topology at start, more added by
	 * reloads whose new ports need more; ports take the newest when opened. */
	struct rte_mempool *pools[VSWD_MAX_POOLS];
	unsigned int n_pools;
	struct vsw_dp dp;
	unsigned int n_pmds;
	struct vsw_pmd *pmds[VSW_MAX_PMDS];
	bool pmds_running;
	struct rte_rcu_qsbr *qsbr;		     /* PMDs report quiescent states here */
	struct vsw_reclaim *reclaim;		     /* frees waiting for a grace period */
	struct vsw_cls_writer *cls[VSW_MAX_BRIDGES]; /* flow tables by bridge */
	unsigned int n_cls;
	struct vsw_fdb_writer *fdb[VSW_MAX_BRIDGES]; /* MAC tables by bridge */
	unsigned int n_fdb;
	struct rte_ring *learn_ring; /* learn requests from PMDs */
	uint64_t started_ns;	     /* CLOCK_MONOTONIC when the ports were opened */
};

/* ---- bridge.c ---- */

/*
 * Create the RCU state, each bridge's flow tables (with the default rule
 * of a standalone bridge) and MAC table, and the learn ring; fill dp's
 * bridges. After the ports are open. 0, or a negative errno with err.
 */
int vswd_bridges_create(struct vswd_switch *sw, char *err, size_t err_len);

/*
 * Fill each bridge's port list (for NORMAL and FLOOD) from the port table,
 * and each port's VLAN settings from cfg (ports in file order). PMDs stopped.
 */
void vswd_bridges_link_ports(struct vswd_switch *sw, const struct vsw_cfg *cfg);

/*
 * Apply the MAC learn requests PMDs queued and keep the MAC tables' clock
 * (aging once a second). Control thread, every loop.
 */
void vswd_bridges_learn(struct vswd_switch *sw);

/*
 * The port table changed (PMDs stopped): drop queued learn requests and
 * forget every learned MAC, whose port numbers may now mean other ports.
 */
void vswd_bridges_fdb_reset(struct vswd_switch *sw);

/* Expire flows whose idle or hard timeout has passed. Control thread, once a second. */
void vswd_bridges_expire(struct vswd_switch *sw);

/* Free the flow tables and RCU state: PMDs must be stopped. */
void vswd_bridges_destroy(struct vswd_switch *sw);

/* One line on what bridge b does with packets, for the startup summary. */
void vswd_bridge_behaviour(const struct vswd_switch *sw, unsigned int b, char *buf, size_t len);

/* ---- tunnels.c ---- */

/*
 * The tunnel metadata's mbuf field, the next hop ring and the kernel's
 * notification socket. Before the bridges are made. 0, or a negative errno with err.
 */
int vswd_tunnels_create(struct vswd_switch *sw, char *err, size_t err_len);

/* Fill the datapath's tunnel table from cfg and resolve its next hops. Ports linked, PMDs stopped. */
void vswd_tunnels_link(struct vswd_switch *sw, const struct vsw_cfg *cfg);

/* Look up every next hop again (the kernel's routing and neighbour tables). Control thread. */
void vswd_tunnels_resolve(struct vswd_switch *sw);

/* New remotes from the PMDs, the kernel's notifications, retries. Control thread, every loop. */
void vswd_tunnels_poll(struct vswd_switch *sw);

/* The notification socket's fd, for the control loop's poll; -1: none. */
int vswd_tunnels_fd(void);

/* Free what vswd_tunnels_create made. PMDs stopped. */
void vswd_tunnels_destroy(struct vswd_switch *sw);

/* ---- flows.c ---- */

/*
 * Parse every flow of the topology (before the EAL). 0 and the number of
 * flows in *n_flows, or a negative errno and "FILE:LINE:COL: message".
 */
int vswd_flows_check(const struct vsw_cfg *cfg, unsigned int *n_flows, char *err, size_t err_len);

/* Add bridge b's flows to w and commit them as one version. 0 or an error as above. */
int vswd_flows_install(const struct vsw_cfg *cfg, unsigned int b, struct vsw_cls_writer *w,
		       char *err, size_t err_len);

/* Bridge b's ports as the flow parser sees them (p: VSW_MAX_PORTS entries). */
void vswd_bridge_flow_ports(const struct vsw_cfg *cfg, unsigned int b, struct vsw_flow_port *p,
			    struct vsw_flow_ports *ports);

/* The classifier's form of a parsed flow (actions point into f). */
void vswd_flow_spec(const struct vsw_flow *f, struct vsw_rule_spec *spec);

/* ---- flowmod.c ---- */

/*
 * Run flow command cmd on bridge b with the flows in text (NUL-terminated,
 * writable: it is cut into lines), as one batch: committed whole, or, when
 * any line is refused, aborted, leaving the tables as they were. Fills rep
 * (status, line, col, msg; n_changed). Control thread. 0 or a negative errno.
 */
int vswd_flowmod(struct vswd_switch *sw, unsigned int b, enum vsw_ipc_flow_cmd cmd, char *text,
		 struct vsw_ipc_reply *rep);

/* ---- ipc.c ---- */

/*
 * Register the request handler (before the switch is announced RUNNING).
 * 0 or a negative errno with err.
 */
int vswd_ipc_start(char *err, size_t err_len);

/* Run every queued request (without waiting). Control thread. */
void vswd_ipc_poll(struct vswd_switch *sw);

/* An eventfd that becomes readable when a request is queued (the control loop polls it). */
int vswd_ipc_fd(void);

/* Free the bulk buffers of helpers that died holding them. Control thread. */
void vswd_ipc_reap(void);

/* Unregister; refuse what is queued; free every bulk buffer. */
void vswd_ipc_stop(void);

/* ---- telemetry.c ---- */

/* Serve /vsw/... telemetry commands from state. 0 or a negative errno with err. */
int vswd_telemetry_start(const struct vsw_shm *state, char *err, size_t err_len);

/* Answer null from now on (before the state is freed). */
void vswd_telemetry_stop(void);

/* ---- link.c ---- */

/*
 * Note every port's link state in state, then follow link interrupts: each
 * updates state and is broadcast to helpers (VSW_IPC_LINK_EVENT). 0 or a
 * negative errno with err.
 */
int vswd_link_watch(struct vsw_shm *state, char *err, size_t err_len);

/* Stop following link interrupts (before ports close). */
void vswd_link_unwatch(void);

/* Note every port's link state now, reporting changes (drivers without link interrupts). */
void vswd_link_refresh(struct vsw_shm *state);

/* ---- reload.c ---- */

/*
 * Re-read sw's topology file and apply the difference (flows), all bridges
 * or none. Fills rep; 0 or a negative errno. Control thread.
 */
int vswd_reload(struct vswd_switch *sw, struct vsw_ipc_reply *rep);

/*
 * Stage flow command cmd with flow f on w (nothing committed), with
 * flowmod.c's semantics; out_port (a 1.3 port number, VSW_OFPP_ANY: none)
 * narrows a modify or delete to rules that output there; of10: OpenFlow
 * 1.0's modify, which adds f when it selects nothing (text flows have it).
 * Counts what changed into *n_changed. 0, or a negative errno with err
 * (-ENOMEM: the caller aborts the batch; -EEXIST: check_overlap found one).
 */
int vswd_flow_stage(struct vsw_cls_writer *w, enum vsw_ipc_flow_cmd cmd, const struct vsw_flow *f,
		    uint32_t out_port, bool of10, unsigned int *n_changed, char *err,
		    size_t err_len);

/* ---- flowmod.c: replace, also for reload.c ---- */

/* A replace in progress: the rules present before, and which of them stay. */
struct vswd_replace {
	struct vsw_cls_writer *w;
	const struct vsw_rule **old; /* sorted by address */
	size_t n_old;
	bool *kept; /* by index in old */
	unsigned int n_changed;
};

/* Start replacing w's rules (staged, not committed). 0 or -ENOMEM. */
int vswd_replace_begin(struct vsw_cls_writer *w, struct vswd_replace *rp);

/* Flow f is to be present: keep an identical rule, or stage f. 0 or an error + err. */
int vswd_replace_flow(struct vswd_replace *rp, const struct vsw_flow *f, char *err, size_t err_len);

/*
 * Finish: when apply, stage the removal of every old rule f did not keep or
 * replace. Frees rp's lists either way. 0 or -ENOMEM. The caller commits or
 * aborts.
 */
int vswd_replace_end(struct vswd_replace *rp, bool apply);

/* ---- switch.c (continued) ---- */

/*
 * Create the shared state and mbuf pool, open every port, build the PMDs
 * and launch them on their lcores. After the EAL. Returns 0, or a negative
 * errno with one line in err; on error everything made is undone.
 */
int vswd_switch_start(struct vswd_switch *sw, struct vsw_cfg *cfg, char *err, size_t err_len);

/*
 * Open port p of bridge b of cfg as port table index `index` into *out.
 * 0, or a negative errno with "FILE:LINE:COL: message" in err.
 */
int vswd_port_open(struct vswd_switch *sw, const struct vsw_cfg *cfg, unsigned int b,
		   unsigned int p, unsigned int index, struct vsw_port **out, char *err,
		   size_t err_len);

/*
 * Add an mbuf pool of n_mbufs buffers of data_room bytes; ports opened from
 * now on use it. 0, -ENOSPC (VSWD_MAX_POOLS already) or -ENOMEM.
 */
int vswd_pool_add(struct vswd_switch *sw, uint32_t n_mbufs, uint16_t data_room);

/* Write the bridge and port tables of the shared state from cfg and the open ports. */
void vswd_switch_publish(struct vswd_switch *sw, const struct vsw_cfg *cfg);

/* Launch every PMD thread on its lcore. 0, or a negative errno with err (none left running). */
int vswd_pmds_launch(struct vswd_switch *sw, char *err, size_t err_len);

/* Ask every PMD to stop and wait until they have flushed and returned. */
void vswd_pmds_stop(struct vswd_switch *sw);

/* Print what runs where, and how to stop it (stdout). */
void vswd_switch_print_summary(const struct vswd_switch *sw, bool detached);

/* Copy the ports' own drop counters into the shared state. Control thread. */
void vswd_switch_refresh(struct vswd_switch *sw);

/*
 * Stop the PMDs (they flush their buffers), print every port's counters
 * and drops by reason to out (unless NULL), close the ports, free the pool
 * and shared state.
 */
void vswd_switch_stop(struct vswd_switch *sw, FILE *out);

/* ---- ofchannel.c ---- */

#define VSWD_OF_STAGED_MAX 4096 /* flow-mods staged on a connection before a commit */
#define VSWD_OF_MAX_CONNS  64	/* OpenFlow connections at once, all bridges */

/* A flow-mod staged and not yet committed: enough to answer it with an error. */
struct vswd_of_staged {
	uint8_t head[64]; /* its first bytes (the error carries them) */
	uint16_t len;
};

/* ROLE_REQUEST's roles (1.3.5 7.3.9). */
#define OFPCR_ROLE_NOCHANGE 0
#define OFPCR_ROLE_EQUAL    1
#define OFPCR_ROLE_MASTER   2
#define OFPCR_ROLE_SLAVE    3

/*
 * The kinds of asynchronous message a connection takes or not by reason
 * (SET_ASYNC, 1.3.5 7.3.10), in the order SET_ASYNC carries their masks.
 */
enum vswd_async_kind {
	VSWD_ASYNC_PACKET_IN,	 /* by OFPR_* */
	VSWD_ASYNC_PORT_STATUS,	 /* by OFPPR_* */
	VSWD_ASYNC_FLOW_REMOVED, /* by OFPRR_* */
	VSWD_ASYNC__COUNT
};

/* One OpenFlow connection (accepted, or to a controller). Control thread only. */
struct vswd_ofconn {
	int fd;
	unsigned int bridge;
	int controller;	 /* index of the controller it connects to; -1: accepted */
	uint8_t version; /* what vsw's handlers speak: 1.3 once HELLOs agree, 0 until */
	uint8_t wire;	 /* the version on the wire (1.0: translated, openflow/ofp10_msg.c) */
	bool closing;	 /* close once the send buffer is drained */
	bool announced;	 /* its session was agreed (a controller's back-off reset) */
	char peer[160];	 /* for the log */
	uint8_t *rx;	 /* received, not yet a whole message */
	size_t rx_len, rx_cap;
	uint8_t *tx; /* to send: tx[tx_off..tx_len) */
	size_t tx_off, tx_len, tx_cap;
	uint64_t last_rx_ns;   /* CLOCK_MONOTONIC of the last bytes received */
	uint64_t echo_sent_ns; /* the inactivity probe's echo, 0: none out */
	uint16_t config_flags; /* SET_CONFIG */
	uint16_t miss_send_len;
	uint32_t role; /* OFPCR_ROLE_* (1.3): equal, master, slave */
	/* SET_ASYNC: a bit per reason it takes, [0] as master or equal, [1] as slave */
	uint32_t async[VSWD_ASYNC__COUNT][2];
	unsigned int n_staged;	       /* flow-mods staged since the last commit */
	struct vswd_of_staged *staged; /* [VSWD_OF_STAGED_MAX], allocated on first use */
	struct vswd_of_bundle *bundle; /* its open bundle (ofbundle.c), or NULL */
	struct vsw_ofp10_conn of10;    /* 1.0: what OVS's Nicira messages set */
	const uint8_t *req10;	       /* 1.0: the request being handled, for its errors */
	size_t req10_len;
};

/* CLOCK_MONOTONIC in ns. */
uint64_t vswd_now_ns(void);

/*
 * Open every bridge's listeners and note its controllers (connected from
 * vswd_channel_poll). 0, or a negative errno with err (nothing left open).
 */
int vswd_channel_start(struct vswd_switch *sw, char *err, size_t err_len);

/*
 * Wait up to timeout_ms for channel traffic or an IPC request (vswd_ipc_fd),
 * serve the channel, and commit what its connections staged. Returns
 * whether an IPC request is waiting. Control thread.
 */
bool vswd_channel_poll(struct vswd_switch *sw, unsigned int timeout_ms);

/* Close every connection and listener (unix sockets unlinked). */
void vswd_channel_stop(struct vswd_switch *sw);

/* Every connection now (an array of n, returned), for ofasync.c. */
unsigned int vswd_channel_conns(struct vswd_ofconn ***conns);

/*
 * Queue one message msg[0..len) to c's peer: vsw writes 1.3, and to a 1.0
 * peer it goes in its 1.0 form (vsw_ofp10_downgrade; nothing when it has
 * none). 0, or -ENOMEM (the connection then closes).
 */
int vswd_ofconn_send(struct vswd_ofconn *c, const void *msg, size_t len);

/* ---- ofhandle.c ---- */

/* Send our HELLO, offering the bridge's protocols (on a new connection). */
void vswd_of_hello(const struct vswd_switch *sw, struct vswd_ofconn *c);

/* Send an ECHO_REQUEST (the inactivity probe). */
void vswd_of_echo_request(struct vswd_ofconn *c);

/* Run one whole message msg[0..len) from c. */
void vswd_of_handle(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len);

/* The ports of bridge b as the channel describes them, into out; how many. */
unsigned int vswd_of_bridge_ports(const struct vswd_switch *sw, unsigned int b,
				  struct vsw_ofp_port *out);

/* Answer request req[0..len) with error e. */
void vswd_of_reply_error(struct vswd_ofconn *c, enum vsw_ofp_error e, const uint8_t *req,
			 size_t len);

/* Refuse msg with st's error, and log why (debug: a controller may do it often). */
void vswd_of_refuse(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len,
		    const struct vsw_ofp_status *st);

/*
 * FLOW_MOD msg[0..len) from c (in the version on its wire), decoded against
 * its bridge's ports into fm. 0, or -EPROTO with st (a buffer_id too: vsw
 * buffers no packet).
 */
int vswd_of_flow_mod_decode(struct vswd_switch *sw, const struct vswd_ofconn *c, const uint8_t *msg,
			    size_t len, struct vsw_ofp_flow_mod *fm, struct vsw_ofp_status *st);

/*
 * Stage fm on bridge b (of10: OpenFlow 1.0's, whose modify adds a rule when it
 * selects none). 0, or a negative errno with st (-ENOMEM: no memory; -EEXIST:
 * overlap).
 */
int vswd_of_flow_mod_stage(struct vswd_switch *sw, unsigned int b, const struct vsw_ofp_flow_mod *fm,
			   bool of10, struct vsw_ofp_status *st);

/*
 * Commit the flow-mods c staged (all, or none with an error each when the
 * tables ran out of memory). Before any reply that must see them.
 */
void vswd_of_commit(struct vswd_switch *sw, struct vswd_ofconn *c);

/* ---- ofbundle.c ---- */

/*
 * EXPERIMENTER: ONF's bundles (BUNDLE_CONTROL, BUNDLE_ADD_MESSAGE); any other
 * is refused with BAD_EXPERIMENTER.
 */
void vswd_of_on_experimenter(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg,
			     size_t len);

/* Forget c's bundle, if any (the connection goes). */
void vswd_of_bundle_free(struct vswd_ofconn *c);

/* ---- ofasync.c ---- */

/*
 * PORT_STATUS to the controllers for each port that came, went or whose link
 * changed since the last call. Control thread, once a second.
 */
void vswd_of_port_status(struct vswd_switch *sw);

/* The asynchronous messages a new connection takes (1.3.5 7.3.10's defaults). */
void vswd_of_async_defaults(struct vswd_ofconn *c);

/* GET_ASYNC_REQUEST: the reply says c's masks (BAD_LEN for a request with a body). */
void vswd_of_on_get_async(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg,
			  size_t len);

/* SET_ASYNC: c's masks (BAD_LEN unless the message is 1.3's 32 bytes). */
void vswd_of_on_set_async(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg,
			  size_t len);

/* Send FLOW_REMOVED for the send_flow_rem rules each bridge's commits remove. */
void vswd_of_watch_removals(struct vswd_switch *sw);

/*
 * Send the packet-ins the PMDs queued, under each bridge's rate limit.
 * Returns how long the control loop may wait for other work, in ms: 0
 * while some are still queued, 1 while a connection takes them (a port's
 * ring fills in about that long at 100,000 a second), else 10. Control thread.
 */
unsigned int vswd_of_packet_ins(struct vswd_switch *sw);

#endif /* VSWITCHD_H */
