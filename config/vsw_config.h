/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * vsw_config.h: the YAML topology (conf/ files) as a plain, process-local C
 * structure. The config module reads a file with libyaml, walks it with a
 * table of keys and types (config_schema.c), then checks what one key cannot
 * check alone (config_check.c). Every error is one line
 * "FILE:LINE:COL: message"; on error nothing is returned but the message.
 *
 * The daemon (vswitchd/) is the only user today; nothing here touches DPDK,
 * so the loader runs before the EAL and in unit tests without hugepages.
 */

#ifndef VSW_CONFIG_H
#define VSW_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define VSW_CFG_NAME_LEN      32     /* bridge and port names, NUL included */
#define VSW_CFG_PREFIX_LEN    32     /* dpdk.file-prefix, NUL included */
#define VSW_CFG_DEVARGS_LEN   512    /* port devargs, NUL included */
#define VSW_CFG_PATH_LEN      108    /* vhost-user socket path (sun_path) */
#define VSW_CFG_MAX_BRIDGES   16     /* = VSW_MAX_BRIDGES */
#define VSW_CFG_MAX_PORTS     32     /* over all bridges; = VSW_MAX_PORTS */
#define VSW_CFG_MAX_PMDS      16     /* = VSW_MAX_PMDS */
#define VSW_CFG_MAX_RXQ	      16     /* rx queues per port */
#define VSW_CFG_OFPORT_MAX    0xfeff /* highest OpenFlow port number */
#define VSW_CFG_ERR_LEN	      512    /* room for one error line */
#define VSW_CFG_VLAN_MAX      4095   /* highest VLAN ID */
#define VSW_CFG_VLAN_WORDS    64     /* uint64_t words of a set of VLANs 0..4095 */
#define VSW_CFG_MAC_AGING     300    /* mac-aging default, seconds */
#define VSW_CFG_MAC_TABLE     8192   /* mac-table-size default */
#define VSW_CFG_MAC_TABLE_MAX (1 << 20)

/* Where a key or value stands in its file: 1-based; line 0 = not present. */
struct vsw_cfg_mark {
	uint32_t line;
	uint32_t col;
};

/* A list of strings from the file, each with the place its text starts
 * (inside the quotes of a quoted string). */
struct vsw_cfg_strlist {
	char **v;
	struct vsw_cfg_mark *at;
	unsigned int n;
};

/* A list of integers from the file, each with its place. */
struct vsw_cfg_intlist {
	int64_t *v;
	struct vsw_cfg_mark *at;
	unsigned int n;
};

enum vsw_cfg_port_type {
	VSW_CFG_PORT_DPDK,		/* any ethdev, opened from devargs */
	VSW_CFG_PORT_VHOST_USER,	/* vswitchd owns the socket */
	VSW_CFG_PORT_VHOST_USER_CLIENT, /* QEMU owns the socket */
	VSW_CFG_PORT_INTERNAL,		/* kernel TAP interface */
	VSW_CFG_PORT_VXLAN,		/* VXLAN tunnel through an underlay bridge */
};

#define VSW_CFG_VXLAN_PORT  4789 /* IANA's VXLAN port, the default dst-port */
#define VSW_CFG_VNI_FLOW    (-1) /* key: flow */
#define VSW_CFG_VNI_MAX	    0xffffff

enum vsw_cfg_fail_mode {
	VSW_CFG_FAIL_STANDALONE, /* table miss: NORMAL */
	VSW_CFG_FAIL_SECURE,	 /* table miss: drop */
};

/* How a port's frames map to VLANs for NORMAL (Open vSwitch's vlan_mode). */
enum vsw_cfg_vlan_mode {
	VSW_CFG_VLAN_TRUNK,	      /* the VLAN of the tag; untagged = VLAN 0 */
	VSW_CFG_VLAN_ACCESS,	      /* untagged only, in VLAN tag */
	VSW_CFG_VLAN_NATIVE_TAGGED,   /* trunk; untagged in = VLAN tag; out always tagged */
	VSW_CFG_VLAN_NATIVE_UNTAGGED, /* trunk; untagged in and out for VLAN tag */
};

/* Whether VLAN vid is in a set of VLANs (a bitmap of VSW_CFG_VLAN_WORDS words). */
static inline int
vsw_cfg_vlan_in(const uint64_t *set, unsigned int vid)
{
	return (int)((set[(vid >> 6) & (VSW_CFG_VLAN_WORDS - 1)] >> (vid & 63)) & 1);
}

struct vsw_cfg_port {
	char name[VSW_CFG_NAME_LEN];
	int64_t type; /* enum vsw_cfg_port_type */
	char devargs[VSW_CFG_DEVARGS_LEN];
	char path[VSW_CFG_PATH_LEN];
	char socket_owner[VSW_CFG_NAME_LEN]; /* vhost-user: user name or uid; "" = unchanged */
	char socket_group[VSW_CFG_NAME_LEN]; /* vhost-user: group name or gid */
	int64_t socket_mode;		     /* vhost-user: permission bits; -1 = unchanged */
	int64_t ofport;			     /* 1..VSW_CFG_OFPORT_MAX; assigned when absent */
	int64_t rxq;			     /* default 1 */
	int64_t mtu;			     /* default 1500 */
	struct vsw_cfg_strlist addresses;
	char mac[18];	   /* internal: "02:00:00:00:00:01"; "" = the kernel's choice */
	int64_t vlan_mode; /* enum vsw_cfg_vlan_mode; absent: access with a tag, else trunk */
	int64_t tag;	   /* access VLAN or native VLAN, 0..4095; -1 = none */
	uint64_t trunks[VSW_CFG_VLAN_WORDS]; /* VLANs a trunk carries; absent = all */
	/* vxlan ports (config_tunnel.c): as written, then checked */
	char remote_ip[VSW_CFG_NAME_LEN]; /* IPv4 address, or "flow" (set_field to tun_dst) */
	char local_ip[VSW_CFG_NAME_LEN];  /* IPv4 address one internal port has */
	char key[VSW_CFG_NAME_LEN];	  /* VNI, or "flow" (set_field to tun_id); "0" */
	int64_t dst_port;		  /* UDP destination port; 4789 */
	int64_t src_port_min;		  /* outer UDP source ports, from the inner flow's hash; */
	int64_t src_port_max;		  /* 49152..65535 (RFC 7348) */
	uint32_t tun_remote;		  /* remote_ip, network order; 0 = flow */
	uint32_t tun_local;		  /* local_ip, network order */
	int64_t tun_vni;		  /* key's value; VSW_CFG_VNI_FLOW */
	unsigned int underlay_bridge;	  /* the bridge of the internal port with local_ip ... */
	unsigned int underlay_port;	  /* ... and that port, in its bridge */
	struct vsw_cfg_mark at;		     /* the port's mapping */
	struct vsw_cfg_mark name_at, type_at, devargs_at, path_at, ofport_at;
	struct vsw_cfg_mark rxq_at, mtu_at, addresses_at, mac_at;
	struct vsw_cfg_mark socket_owner_at, socket_group_at, socket_mode_at;
	struct vsw_cfg_mark vlan_mode_at, tag_at, trunks_at;
	struct vsw_cfg_mark remote_ip_at, local_ip_at, key_at, dst_port_at, src_port_min_at,
		src_port_max_at;
};

struct vsw_cfg_bridge {
	char name[VSW_CFG_NAME_LEN];
	int64_t fail_mode;	/* enum vsw_cfg_fail_mode */
	/* The OpenFlow channel (config_openflow.c). */
	char datapath_id_text[24];	    /* as written; "" = derived from the name */
	uint64_t datapath_id;		    /* checked value, or the default */
	struct vsw_cfg_strlist protocols;   /* "OpenFlow10", "OpenFlow13" */
	uint32_t of_versions;		    /* their HELLO bitmap; default 1.0 and 1.3 */
	struct vsw_cfg_strlist listen;	    /* punix: / ptcp: targets; absent: the default */
	struct vsw_cfg_strlist controllers; /* tcp: / unix: targets vswitchd connects to */
	int64_t inactivity_probe;	    /* seconds without traffic before an echo; 5 */
	int64_t max_backoff;		    /* seconds, the cap of reconnection back-off; 8 */
	int64_t controller_rate_limit;	    /* packet-ins a second to the controllers; 100000 */
	int64_t controller_burst_limit;	    /* ... and at once after a quiet spell; 20000 */
	int64_t mac_aging;	/* seconds a learned MAC stays without traffic; 300 */
	int64_t mac_table_size; /* most MACs learned at once; 8192 */
	struct vsw_cfg_port *ports;
	unsigned int n_ports;
	struct vsw_cfg_strlist flows;
	struct vsw_cfg_mark at, name_at, fail_mode_at, ports_at, flows_at;
	struct vsw_cfg_mark mac_aging_at, mac_table_size_at;
	struct vsw_cfg_mark datapath_id_text_at, protocols_at, listen_at, controllers_at;
	struct vsw_cfg_mark inactivity_probe_at, max_backoff_at;
	struct vsw_cfg_mark controller_rate_limit_at, controller_burst_limit_at;
};

/* Where a bridge's OpenFlow channel listens or connects (listen, controllers). */
enum vsw_cfg_target_kind {
	VSW_CFG_TARGET_PUNIX, /* punix:/PATH: a unix socket vswitchd listens on */
	VSW_CFG_TARGET_PTCP,  /* ptcp:PORT[:IP]: TCP, bound to 127.0.0.1 unless IP is given */
	VSW_CFG_TARGET_UNIX,  /* unix:/PATH: a controller's unix socket */
	VSW_CFG_TARGET_TCP,   /* tcp:IP[:PORT]: a controller (port 6653 by default) */
};

struct vsw_cfg_target {
	enum vsw_cfg_target_kind kind;
	char path[108];	 /* PUNIX, UNIX (sizeof sun_path) */
	char addr[48];	 /* PTCP, TCP: the address as written */
	int family;	 /* AF_INET or AF_INET6 */
	uint8_t ip[16];	 /* the address */
	uint16_t port;
};

/* Parse "punix:/run/x.mgmt", "ptcp:6653:127.0.0.1", "tcp:10.0.0.1:6653" ... 0 or -EINVAL. */
int vsw_cfg_parse_target(const char *s, struct vsw_cfg_target *t);

struct vsw_cfg_dpdk {
	char file_prefix[VSW_CFG_PREFIX_LEN]; /* default "vsw" */
	int64_t main_lcore;		      /* default 0 */
	int64_t socket_mem;		      /* MiB; default 512 */
	struct vsw_cfg_strlist extra;	      /* further EAL arguments */
	struct vsw_cfg_mark at, file_prefix_at, main_lcore_at, socket_mem_at, extra_at;
};

struct vsw_cfg {
	char *file;	 /* the path it was read from */
	int64_t version; /* schema version; 1 */
	struct vsw_cfg_dpdk dpdk;
	struct vsw_cfg_intlist pmd_cores;
	struct vsw_cfg_bridge *bridges;
	unsigned int n_bridges;
	struct vsw_cfg_mark at; /* the document's root mapping */
	struct vsw_cfg_mark version_at, dpdk_at, pmd_cores_at, bridges_at;
};

/*
 * Read and check the topology in path. On success returns 0 and fills *cfg
 * (release it with vsw_cfg_free). On error returns a negative errno, leaves
 * *cfg empty and writes one line "FILE:LINE:COL: message" (or "FILE: message"
 * when no place applies) into err.
 */
int vsw_cfg_load(const char *path, struct vsw_cfg *cfg, char *err, size_t err_len);

/* The same from a buffer; name stands for the file in messages. */
int vsw_cfg_load_buffer(const char *name, const char *buf, size_t len, struct vsw_cfg *cfg,
			char *err, size_t err_len);

/* Release what vsw_cfg_load allocated. Safe on a zeroed or freed cfg. */
void vsw_cfg_free(struct vsw_cfg *cfg);

/* "dpdk", "vhost-user", ... for a port type. */
const char *vsw_cfg_port_type_name(int64_t type);

/* "trunk", "access", "native-tagged" or "native-untagged". */
const char *vsw_cfg_vlan_mode_name(int64_t mode);

/* "standalone" or "secure". */
const char *vsw_cfg_fail_mode_name(int64_t mode);

/*
 * Parse an interface address "ADDRESS/PREFIX-LENGTH" (IPv4 or IPv6): its
 * family (AF_INET, AF_INET6), address bytes (4 or 16) and prefix length.
 * 0 or -EINVAL.
 */
int vsw_cfg_parse_cidr(const char *s, int *family, unsigned char addr[16], unsigned int *plen);

/* Parse a MAC address "02:00:00:00:00:01" (unicast) into 6 bytes. 0 or -EINVAL. */
int vsw_cfg_parse_mac(const char *s, unsigned char mac[6]);

#endif /* VSW_CONFIG_H */
