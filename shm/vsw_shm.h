/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_shm.h: the one contract between vswitchd (the DPDK primary) and every
 * helper that attaches as a DPDK secondary process (tests, vsw-ofctl, monitors).
 *
 * It names every object vsw places in hugepage memory and fixes its layout.
 * Rules for everything declared here, in the spirit of DPDK's
 * multi_process/client_server_mp shared header:
 *  - plain C structs with explicit sizes; no pointer into process-local memory
 *    and no function pointer (neither is valid in another process);
 *  - the layout carries VSW_SHM_VERSION; a reader that finds another version
 *    refuses to read rather than misinterpret;
 *  - one writer per field, written down next to the field; readers never lock.
 *
 * The module behind this header (shm/) creates the state in the primary and
 * attaches to it in secondaries; it also sums the per-PMD counters on read.
 */

#ifndef VSW_SHM_H
#define VSW_SHM_H

#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_rcu_qsbr.h>

#include "vsw_shm_dpflow.h"
#include "vsw_shm_fdb.h"
#include "vsw_shm_flow.h"

/* Bumped whenever a struct below changes size or meaning. */
#define VSW_SHM_VERSION 18
/* First word of struct vsw_shm: "VSW1" read as a little-endian u32. */
#define VSW_SHM_MAGIC 0x31575356u

/* Memzone holding struct vsw_shm. Memzones are per --file-prefix, so the
 * name does not need to carry the switch's identity. */
#define VSW_SHM_MZ_NAME "vsw.state"
/* Memzone of bridge B's classifier (struct vsw_cls), printf format. */
#define VSW_SHM_CLS_MZ_FMT "vsw.b%u.cls"

#define VSW_NAME_LEN	  32 /* bridge and port names, NUL included */
#define VSW_PORT_TYPE_LEN 24 /* "dpdk", "vhost-user", ... NUL included */
#define VSW_MAX_BRIDGES	  16
#define VSW_MAX_PORTS	  32 /* every port of every bridge; = RTE_MAX_ETHPORTS */
_Static_assert(VSW_PORT_ABSENT >= VSW_MAX_PORTS, "a missing port is no port index");
#define VSW_MAX_PMDS	  16
#define VSW_MAX_QUEUES	  16 /* rx queues (vhost-user queue pairs) per port */
#define VSW_MAX_HELPERS	  8  /* helpers reading flow tables at once */

/*
 * Drop reasons: every packet vsw discards is counted under exactly one of
 * these names, never under an anonymous "dropped". X(ENUM, name, help).
 * The first two are reported by the port itself (hardware or driver
 * counters, copied into vsw_shm_port.port_drops); the others are counted by
 * the PMD thread that dropped the packet.
 */
#define VSW_DROP_REASONS(X)                                                                        \
	X(RX_RING_FULL, rx_ring_full, "the port's rx ring overflowed (port counter)")              \
	X(RX_NO_MBUF, rx_no_mbuf, "no mbuf was free for a received packet (port counter)")         \
	X(TX_RING_FULL, tx_ring_full, "the output queue took fewer packets than offered")          \
	X(TABLE_MISS, table_miss, "no rule matched and the bridge's fail-mode is secure")          \
	X(ACTION_DROP, action_drop, "the matching rule's actions drop the packet")                 \
	X(TTL_EXPIRED, ttl_expired, "dec_ttl found a TTL or hop limit of 0 or 1")                  \
	X(RESUBMIT_LIMIT, resubmit_limit, "resubmit or goto_table went too deep or too long")      \
	X(NO_MBUF_COPY, no_mbuf_copy, "no mbuf was free to copy a packet for an output")           \
	X(VLAN_NOT_CARRIED, vlan_not_carried, "NORMAL: the input port does not carry its VLAN")    \
	X(NORMAL_IN_PORT, normal_in_port,                                                          \
	  "NORMAL: its destination MAC was learned on the input port")                             \
	X(NORMAL_RESERVED, normal_reserved,                                                        \
	  "NORMAL: a link-local destination (01:80:c2:00:00:00-0f: STP, LACP, LLDP), never bridged") \
	X(OUTPUT_LIMIT, output_limit,                                                              \
	  "its actions output it more than twice per port of the switch (one copy lost each)")     \
	X(PACKET_IN_LOST, packet_in_lost,                                                          \
	  "its only destination was the controllers, past their rate limit or its full queue")     \
	X(TUNNEL_MTU, tunnel_mtu,                                                                  \
	  "to a tunnel port, longer than its underlay's MTU less the 50 bytes of VXLAN headers")   \
	X(TUNNEL_NO_NEXTHOP, tunnel_no_nexthop,                                                    \
	  "to a tunnel port whose remote's route or next hop the kernel does not know (yet)")      \
	X(TUNNEL_BAD_HEADER, tunnel_bad_header,                                                    \
	  "VXLAN for a local endpoint with a malformed outer IPv4, UDP or VXLAN header")           \
	X(TUNNEL_UNKNOWN, tunnel_unknown,                                                          \
	  "VXLAN for a local endpoint whose VNI and source no tunnel port takes")

enum vsw_drop_reason {
#define VSW_DROP_ENUM(e, name, help) VSW_DROP_##e,
	VSW_DROP_REASONS(VSW_DROP_ENUM)
#undef VSW_DROP_ENUM
		VSW_DROP__COUNT
};

/* Process state as seen by helpers. Written by the primary's control thread. */
enum vsw_shm_state {
	VSW_STATE_STARTING = 1, /* ports and PMDs being set up */
	VSW_STATE_RUNNING = 2,	/* forwarding */
	VSW_STATE_STOPPING = 3, /* draining; counters are final once PMDs stop */
};

/* What a table miss in table 0 does (the topology's fail-mode). */
enum vsw_fail_mode {
	VSW_FAIL_STANDALONE = 0, /* NORMAL */
	VSW_FAIL_SECURE = 1,	 /* drop */
};

/* One bridge. Written once by the control thread before state RUNNING. */
struct vsw_shm_bridge {
	char name[VSW_NAME_LEN]; /* from the topology */
	uint32_t n_ports;	 /* ports of this bridge */
	uint32_t fail_mode;	 /* enum vsw_fail_mode */
	struct vsw_cls *cls;	 /* its flow tables (memzone VSW_SHM_CLS_MZ_FMT) */
	struct vsw_fdb *fdb;	 /* its MAC table (memzone VSW_SHM_FDB_MZ_FMT) */
};

/* A port's link as helpers show it. */
enum vsw_link_state {
	VSW_LINK_DOWN = 0,
	VSW_LINK_UP = 1,
	/* The kernel interface behind the port (net_tap) is not in vswitchd's
	 * network namespace, where its driver asks: its state cannot be known. */
	VSW_LINK_UNKNOWN = 2,
};

#define VSW_DEV_NAME_LEN 64 /* = RTE_ETH_NAME_MAX_LEN */

/* One port. Written by the control thread: once before state RUNNING, then
 * only link, speed_mbps and port_drops. */
struct vsw_shm_port {
	char name[VSW_NAME_LEN];	 /* port name, unique over the switch */
	char type[VSW_PORT_TYPE_LEN];	 /* topology type: "dpdk", ... */
	uint16_t ofport;		 /* OpenFlow port number, 1..VSW_OFPORT_MAX */
	uint16_t bridge;		 /* index into vsw_shm.bridges */
	uint16_t ethdev_id;		 /* DPDK port id; ethdev data is shared too */
	uint16_t n_rxq;			 /* rx queues in use */
	uint16_t n_txq;			 /* tx queues in use */
	uint16_t link;			 /* enum vsw_link_state: by link interrupts (DPDK's
					  * interrupt thread) and every second (control
					  * thread), with an atomic exchange */
	uint32_t speed_mbps;		 /* 0 when down or unknown; written before link */
	uint8_t mac[6];			 /* the port's Ethernet address */
	uint16_t reserved;		 /* zero */
	char dev_name[VSW_DEV_NAME_LEN]; /* DPDK's device name (dpdk-dumpcap -i NAME) */
	/* Drops the port reports itself (rx ring full, no mbuf); the rest stay
	 * 0. Refreshed by the control thread every second and at stop. */
	uint64_t port_drops[VSW_DROP__COUNT];
};

/*
 * Counters of one port as seen by one PMD. Only that PMD writes them (plain
 * aligned 64-bit stores, so readers never see a torn value); readers load
 * them relaxed and sum over PMDs. Cache aligned so two PMDs never share a line.
 */
struct vsw_shm_port_counters {
	uint64_t rx_packets;		 /* received on a queue this PMD polls */
	uint64_t rx_bytes;		 /* frame bytes, CRC excluded */
	uint64_t tx_packets;		 /* accepted by the port's tx queue */
	uint64_t tx_bytes;		 /* frame bytes, CRC excluded */
	uint64_t drops[VSW_DROP__COUNT]; /* by reason; port-reported ones stay 0 */
	/* Per rx queue: only the PMD polling queue q counts into rxq_*[q]. Per
	 * tx queue there is nothing here: PMD i sends on queue i % n_txq, so a
	 * queue's tx counters are the sum of its PMDs' tx_* and tx_ring_full. */
	uint64_t rxq_packets[VSW_MAX_QUEUES];
	uint64_t rxq_bytes[VSW_MAX_QUEUES];
} __rte_cache_aligned;

/*
 * A PMD thread's own counters, one row each: X(name, label, help). name is
 * the struct member and its key in telemetry's /vsw/pmd and shm_probe;
 * label is its line in pmd-stats-show (NULL: only derived figures show it
 * there); help says what it counts. The rows' order is the struct's layout.
 */
#define VSW_PMD_COUNTERS(X)                                                                        \
	X(loops, NULL, "poll loop iterations")                                                     \
	X(busy_loops, NULL,                                                                        \
	  "loops that received packets: packets over busy_loops is the mean burst")                \
	X(packets, "packets received", "received, all ports")                                      \
	X(simple_hits, "simple match hits",                                                        \
	  "answered by one in_port lookup for the whole burst (table 0 matches in_port at most)")  \
	X(emc_hits, "emc hits", "answered by the exact-match cache (a rule or a miss)")            \
	X(classifier_hits, "classifier hits", "answered by the classifier: a rule matched")        \
	X(misses, "misses", "answered by the classifier: no rule in table 0")                      \
	X(busy_cycles, NULL, "TSC cycles of loops that received packets")                          \
	X(idle_cycles, NULL, "TSC cycles of loops that received nothing")                          \
	X(learn_full, NULL, "MAC learn requests the full learn ring refused")                      \
	X(dpflow_hits, "datapath flow hits",                                                       \
	  "answered by a datapath flow (the whole pipeline's cached outcome)")                     \
	X(dpflow_misses, "datapath flow misses",                                                   \
	  "pipelines run on a packet to make a datapath flow (table 0's rule looked further)")     \
	X(dpflow_inserts, "datapath flow inserts", "datapath flows cached")                        \
	X(dpflow_evictions, "datapath flow evictions", "live datapath flows replaced by new ones") \
	X(dpflow_kept, "datapath flows kept across commits",                                       \
	  "cached flows a commit could not change (their version moved on)")                      \
	X(dpflow_invalidated, "datapath flows invalidated",                                        \
	  "cached flows a commit removed a rule of, or added a rule that may beat theirs")         \
	X(dpflow_probes, NULL, "masks the datapath flow cache probed")                            \
	X(packet_ins, "packet-ins", "packets queued for the OpenFlow controllers (controller action)") \
	X(packet_ins_lost, "packet-ins lost",                                                      \
	  "packet-ins over the controllers' rate limit or refused by their input port's full queue")        \
	X(packet_outs, "packet-outs", "packets the OpenFlow controllers sent through this PMD")

/* The counters of VSW_PMD_COUNTERS; only uint64_t members (summed as words). */
struct vsw_pmd_stats {
#define VSW_PMD_COUNTER_MEMBER(name, label, help) uint64_t name;
	VSW_PMD_COUNTERS(VSW_PMD_COUNTER_MEMBER)
#undef VSW_PMD_COUNTER_MEMBER
};

/* One PMD thread. */
struct vsw_shm_pmd {
	uint32_t lcore;		/* DPDK lcore id the PMD runs on; set before RUNNING */
	uint32_t n_rxq;		/* rx queues it polls; set before RUNNING */
	struct vsw_pmd_stats c; /* written by that PMD only */
	const struct vsw_dpflow_cache *dpflows; /* its datapath flow cache; set before RUNNING */
	struct vsw_pmd_stats at_clear;		/* c's values at the last pmd-stats-clear, which
						 * pmd-stats-show subtracts; control thread */
	/* The rx queues it polls (n_rxq of them); set before RUNNING. */
	struct {
		uint16_t port;	/* index into vsw_shm.ports */
		uint16_t queue; /* rx queue of that port */
	} rxq[VSW_MAX_PORTS * VSW_MAX_QUEUES];
	struct vsw_shm_port_counters port[VSW_MAX_PORTS]; /* indexed as ports[] */
};

/* The root object, memzone VSW_SHM_MZ_NAME. */
struct vsw_shm {
	uint32_t magic;	  /* VSW_SHM_MAGIC */
	uint32_t version; /* VSW_SHM_VERSION */
	uint32_t size;	  /* sizeof(struct vsw_shm) of the writer */
	uint32_t state;	  /* enum vsw_shm_state; control thread, release store */
	uint32_t n_bridges;
	uint32_t n_ports;
	uint32_t n_pmds;
	uint32_t pid; /* primary's pid */
	/*
	 * RCU for helpers that read flow tables: the QSBR variable PMDs report
	 * to has VSW_MAX_PMDS + VSW_MAX_HELPERS thread slots; helper slot h is
	 * thread VSW_MAX_PMDS + h. A helper claims a slot by a compare-and-swap
	 * of helper_pid[h] from 0 to its pid, registers and goes online while it
	 * reads, then offline, unregisters and stores 0. The primary's control
	 * thread frees the slot of a helper that died holding it.
	 */
	struct rte_rcu_qsbr *qsbr;
	uint32_t helper_pid[VSW_MAX_HELPERS];
	struct vsw_shm_bridge bridges[VSW_MAX_BRIDGES];
	struct vsw_shm_port ports[VSW_MAX_PORTS];
	struct vsw_shm_pmd pmds[VSW_MAX_PMDS];
};

/*
 * Requests to the primary, over DPDK mp IPC (rte_mp_request_sync to action
 * VSW_IPC_ACTION). A request's param is a struct vsw_ipc_request; every
 * request gets exactly one reply, a struct vsw_ipc_reply, also when it is
 * refused. Data larger than a message (flows) goes in a buffer in hugepage
 * memory that the primary allocates on request (VSW_IPC_BUF_ALLOC) and owns:
 * the requester writes it and names it by id in VSW_IPC_FLOW_MOD; the
 * primary copies it out, frees it whatever the outcome, and frees on its own
 * a buffer whose requester died. The primary trusts nothing in a request:
 * sizes, version, op, bridge, buffer id, owner and length are all checked.
 */
#define VSW_IPC_ACTION	"vsw_request"
#define VSW_IPC_BUF_MAX (1ULL << 30) /* bytes per buffer */
#define VSW_IPC_MSG_LEN 200	     /* reply text, NUL included */

/*
 * The operations, X(ENUM, name, what): vswitchd/ipc.c runs each by name
 * (run_<name>); every one takes a struct vsw_ipc_request and answers a
 * struct vsw_ipc_reply. An op outside this table is refused, never run.
 */
#define VSW_IPC_OPS(X)                                                                             \
	X(BUF_ALLOC, buf_alloc, "a buffer of len bytes: reply has buf_id, buf_addr")               \
	X(FLOW_MOD, flow_mod, "run flow command `command` on bridge with buffer buf_id")           \
	X(PMD_STATS_CLEAR, pmd_stats_clear, "pmd-stats-clear")                                     \
	X(RELOAD, reload, "re-read the topology file, apply the difference")                       \
	X(FDB_FLUSH, fdb_flush, "fdb-flush: forget every MAC bridge learned")

enum vsw_ipc_op {
	VSW_IPC__NONE = 0, /* never sent */
#define VSW_IPC_OP_ENUM(e, name, what) VSW_IPC_##e,
	VSW_IPC_OPS(VSW_IPC_OP_ENUM)
#undef VSW_IPC_OP_ENUM
		VSW_IPC__COUNT
};

/*
 * FLOW_MOD commands, as ovs-ofctl's. The buffer holds text: ADD and REPLACE
 * any number of flows, one a line ('#' comments and blank lines skipped);
 * MODIFY one flow; DELETE nothing (every rule) or one match.
 */
enum vsw_ipc_flow_cmd {
	VSW_FLOW_CMD__NONE = 0,	    /* never sent */
	VSW_FLOW_CMD_ADD = 1,	    /* add-flow, add-flows */
	VSW_FLOW_CMD_MODIFY,	    /* mod-flows */
	VSW_FLOW_CMD_MODIFY_STRICT, /* mod-flows --strict */
	VSW_FLOW_CMD_DELETE,	    /* del-flows */
	VSW_FLOW_CMD_DELETE_STRICT, /* del-flows --strict */
	VSW_FLOW_CMD_REPLACE,	    /* replace-flows */
	VSW_FLOW_CMD__COUNT
};

/* A request's param. 40 bytes. */
struct vsw_ipc_request {
	uint32_t version;  /* VSW_SHM_VERSION of the requester */
	uint32_t op;	   /* enum vsw_ipc_op */
	uint32_t pid;	   /* requester's pid: owner of the buffers it asks for */
	uint16_t bridge;   /* FLOW_MOD, FDB_FLUSH: index into vsw_shm.bridges */
	uint16_t command;  /* FLOW_MOD: enum vsw_ipc_flow_cmd */
	uint64_t buf_id;   /* FLOW_MOD: from BUF_ALLOC; 0 = no buffer (len 0) */
	uint64_t len;	   /* BUF_ALLOC: bytes wanted; FLOW_MOD: bytes of text in it */
	uint64_t reserved; /* zero */
};
_Static_assert(sizeof(struct vsw_ipc_request) == 40 &&
		       sizeof(struct vsw_ipc_request) <= RTE_MP_MAX_PARAM_LEN,
	       "IPC request layout, and it fits one mp message");

/* A reply's param. 240 bytes (a message carries at most 256). */
struct vsw_ipc_reply {
	uint32_t version;	   /* VSW_SHM_VERSION of the primary */
	int32_t status;		   /* 0, or a negative errno */
	uint32_t line;		   /* FLOW_MOD refused: the offending line (1-based), 0 = none */
	uint32_t col;		   /* and column in it (1-based), 0 = none */
	uint64_t buf_id;	   /* BUF_ALLOC */
	uint64_t buf_addr;	   /* BUF_ALLOC: where to write (hugepage address, valid in
				    * every process of the switch) */
	uint32_t n_changed;	   /* FLOW_MOD: rules added, modified or removed;
				    * FDB_FLUSH: MACs forgotten */
	uint32_t reserved;	   /* zero */
	char msg[VSW_IPC_MSG_LEN]; /* why, when status < 0; NUL-terminated */
};
_Static_assert(sizeof(struct vsw_ipc_reply) == 240 &&
		       sizeof(struct vsw_ipc_reply) <= RTE_MP_MAX_PARAM_LEN,
	       "IPC reply layout, and it fits one mp message");

/*
 * Link events, primary -> every helper (rte_mp_sendmsg, no reply): a
 * port's link went up or down. Helpers that want them register an action
 * under this name; DPDK's interrupts reach only the primary.
 */
#define VSW_IPC_LINK_EVENT "vsw_link"

/* A link event's param. 16 bytes. */
struct vsw_ipc_link_event {
	uint32_t version;    /* VSW_SHM_VERSION */
	uint16_t port;	     /* index into vsw_shm.ports */
	uint16_t link;	     /* enum vsw_link_state */
	uint32_t speed_mbps; /* 0 when down or unknown */
	uint32_t reserved;   /* zero */
};
_Static_assert(sizeof(struct vsw_ipc_link_event) == 16 &&
		       sizeof(struct vsw_ipc_link_event) <= RTE_MP_MAX_PARAM_LEN,
	       "IPC link_event layout, and it fits one mp message");

/* A port's counters summed over every PMD, plus port-reported drops. */
struct vsw_port_totals {
	uint64_t rxq_packets[VSW_MAX_QUEUES]; /* by rx queue */
	uint64_t rxq_bytes[VSW_MAX_QUEUES];
	uint64_t txq_packets[VSW_MAX_QUEUES]; /* by tx queue */
	uint64_t txq_bytes[VSW_MAX_QUEUES];
	uint64_t txq_dropped[VSW_MAX_QUEUES]; /* tx_ring_full by tx queue */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t drops[VSW_DROP__COUNT];
};

/* "up", "down" or "unknown": a port's enum vsw_link_state as helpers print it. */
const char *vsw_shm_link_name(unsigned int state);

/* Name of a drop reason ("tx_ring_full"), or NULL when out of range. */
const char *vsw_shm_drop_name(unsigned int reason);

/* What drop reason `reason` means, for users reading the counter; NULL when out of range. */
const char *vsw_shm_drop_help(unsigned int reason);

/*
 * Create (primary) the state memzone, zeroed, with header fields set and
 * state STARTING. Returns the state, or NULL with rte_errno set.
 */
struct vsw_shm *vsw_shm_create(void);

/*
 * Find (secondary) the state of the running primary and check its magic,
 * version and size. Returns 0 and sets *shm, or a negative errno with a
 * one-line reason in err (ENOENT: no state; EPROTO: other layout version).
 */
int vsw_shm_attach(const struct vsw_shm **shm, char *err, size_t err_len);

/*
 * Become an RCU reader of the flow tables (helper processes): 0 and the
 * slot in *slot, or -EBUSY when VSW_MAX_HELPERS helpers read already.
 */
int vsw_shm_reader_enter(struct vsw_shm *shm, unsigned int *slot);

/* Stop reading; what was read may be freed from now on. */
void vsw_shm_reader_leave(struct vsw_shm *shm, unsigned int slot);

/*
 * PMD i's counters since the last pmd-stats-clear. Any process; each
 * counter is read once, atomically.
 */
void vsw_shm_pmd_stats(const struct vsw_shm *shm, unsigned int i, struct vsw_pmd_stats *out);

/* Primary's control thread: pmd-stats-clear for every PMD. */
void vsw_shm_pmd_stats_clear(struct vsw_shm *shm);

/* Primary: release the slots of helpers that died while reading. Returns how many. */
unsigned int vsw_shm_reap_readers(struct vsw_shm *shm);

/* The EAL's runtime directory of file-prefix prefix, before any EAL starts. */
void vsw_shm_runtime_dir(const char *prefix, char *dir, size_t len);

/*
 * The pid of the DPDK primary running with file-prefix prefix (it holds a
 * write lock on the prefix's runtime config file), or 0 when none does. The
 * file's path goes to path. Any process but that primary (closing the file
 * would drop its lock), before its own EAL starts.
 */
int vsw_shm_primary_pid(const char *prefix, char *path, size_t len);

/*
 * A helper process joins the vswitchd of file-prefix prefix: checks that a
 * primary holds the prefix (before any DPDK message can appear), starts the
 * EAL as a quiet secondary on an lcore no PMD uses, attaches to the state
 * and checks it is RUNNING. tool: argv[0] for the EAL. 0, or a negative
 * errno and one line in err: -ENOENT no such switch, -EACCES the EAL could
 * not attach, -EPROTO another layout, -EAGAIN starting or stopping.
 */
int vsw_shm_helper_attach(const char *prefix, const char *tool, struct vsw_shm **shm, char *err,
			  size_t err_len);

/*
 * Leave (helper.c says why without rte_eal_cleanup): remove this process's
 * IPC socket. Call once, before exit.
 */
void vsw_shm_helper_detach(void);

/*
 * The helper gate (helper_gate.c). A helper enters it before its EAL starts
 * and leaves it once it has found vsw's state: enter waits up to
 * timeout_s for another helper's start and returns the gate's descriptor,
 * or a negative errno with one line in err.
 */
int vsw_shm_gate_enter(const char *prefix, double timeout_s, char *err, size_t err_len);
void vsw_shm_gate_leave(int gate);

/*
 * The primary, from one thread (not the control thread, which may be the
 * one spinning on a lock a dead helper left) ten times a second, and before
 * rte_eal_cleanup(): if helpers died inside the gate, release the holds of
 * DPDK's shared locks they left (how many goes to *released, which to msg;
 * how many helpers died, to *died). Never waits for the gate; stalls a
 * second only when a hold is left. Keeps the gate file open. 0, or a
 * negative errno with the reason in msg (the gate cannot be opened, or
 * DPDK's shared config is not 22.11's).
 */
int vsw_shm_gate_repair(unsigned int *released, unsigned int *died, char *msg, size_t msg_len);

/* Release the state memzone (primary, after the PMDs have stopped). */
void vsw_shm_free(struct vsw_shm *shm);

/*
 * Sum port p's counters over every PMD, plus its port-reported drops, into
 * *t. Safe from any process while PMDs run: each counter is read once,
 * atomically, so the sum is a snapshot that may lag a burst behind.
 */
void vsw_shm_port_totals(const struct vsw_shm *shm, unsigned int p, struct vsw_port_totals *t);

#endif /* VSW_SHM_H */
