/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ofhandle.c: what vswitchd does with each OpenFlow message a connection
 * receives (ofchannel.c frames them), one handler per message type in a
 * table; a type without a handler is answered OFPBRC_BAD_TYPE. Decoding
 * and encoding are openflow/'s; this file applies the result to the
 * switch (a packet-out goes to a PMD, which runs its actions): flow-mods go
 * through the same staged, versioned path as
 * vsw-ofctl's (vswd_flow_stage, then one commit for every flow-mod staged
 * since the last), replies read the tables and the shared counters.
 *
 * Ordering: a connection's messages run in the order they came. Flow-mods
 * are committed in batches (at most VSWD_OF_STAGED_MAX, and always before
 * a reply that must see them: BARRIER, multipart, the end of what the
 * socket had), so a barrier's reply leaves only after every earlier
 * flow-mod is in a published version the PMDs read from their next burst.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_string_fns.h>

#include "vswitchd.h"

#define REPLY_MAX	    (VSW_OFP_MULTIPART_MAX + 8)

typedef void (*handler_fn)(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg,
			   size_t len);

void
vswd_of_reply_error(struct vswd_ofconn *c, enum vsw_ofp_error e, const uint8_t *req, size_t len)
{
	uint8_t out[VSW_OFP_HEADER_LEN + 8 + VSW_OFP_ERROR_DATA]; /* an experimenter error: 8 */
	size_t n;

	if (c->wire == VSW_OFP10 && req[0] != VSW_OFP10 && c->req10 != NULL) {
		/* a translated request: the error carries it as the peer sent it */
		req = c->req10;
		len = c->req10_len;
	}
	n = vsw_ofp_error(out, sizeof(out), c->wire ? c->wire : VSW_OFP13, e, req, len);

	if (n > 0)
		vswd_ofconn_send(c, out, n);
}

void
vswd_of_refuse(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len,
	       const struct vsw_ofp_status *st)
{
	VSWD_LOG(DEBUG, "OpenFlow: bridge %s: %s: refused: %s", sw->cfg->bridges[c->bridge].name,
		 c->peer, st->msg);
	vswd_of_reply_error(c, st->error, msg, len);
}

void
vswd_of_hello(const struct vswd_switch *sw, struct vswd_ofconn *c)
{
	uint8_t out[32];
	size_t n = vsw_ofp_hello(out, sizeof(out), sw->cfg->bridges[c->bridge].of_versions, 1);

	vswd_ofconn_send(c, out, n);
}

void
vswd_of_echo_request(struct vswd_ofconn *c)
{
	uint8_t out[VSW_OFP_HEADER_LEN];

	vswd_ofconn_send(c, out,
			 vsw_ofp_empty(out, sizeof(out), c->version, VSW_OFPT_ECHO_REQUEST, 0));
}

/* ---- flow-mods ---- */

void
vswd_of_commit(struct vswd_switch *sw, struct vswd_ofconn *c)
{
	RTE_SET_USED(sw);
	if (c->n_staged == 0)
		return;
	vsw_cls_commit(sw->cls[c->bridge]);
	c->n_staged = 0;
}

/* The tables ran out of memory: nothing staged since the last commit holds. */
static void
abort_staged(struct vswd_switch *sw, struct vswd_ofconn *c)
{
	unsigned int i;

	vsw_cls_abort(sw->cls[c->bridge]);
	for (i = 0; i < c->n_staged; i++)
		vswd_of_reply_error(c, VSW_OFPE_TABLE_FULL, c->staged[i].head, c->staged[i].len);
	c->n_staged = 0;
}

/* Remember flow-mod msg as staged (its error, if the batch fails). */
static int
note_staged(struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	struct vswd_of_staged *s;

	if (c->staged == NULL) {
		c->staged = malloc(VSWD_OF_STAGED_MAX * sizeof(*c->staged));
		if (c->staged == NULL)
			return -ENOMEM;
	}
	s = &c->staged[c->n_staged++];
	s->len = (uint16_t)(len < sizeof(s->head) ? len : sizeof(s->head));
	memcpy(s->head, msg, s->len);
	return 0;
}

int
vswd_of_flow_mod_decode(struct vswd_switch *sw, const struct vswd_ofconn *c, const uint8_t *msg,
			size_t len, struct vsw_ofp_flow_mod *fm, struct vsw_ofp_status *st)
{
	struct vsw_flow_port port_list[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;

	vswd_bridge_flow_ports(sw->cfg, c->bridge, port_list, &ports);
	if (c->wire == VSW_OFP10 ? vsw_ofp10_flow_mod_decode(msg, len, &ports, &c->of10, fm, st) < 0
				 : vsw_ofp_flow_mod_decode(msg, len, &ports, fm, st) < 0)
		return -EPROTO;
	if (fm->buffer_id != VSW_OFP_NO_BUFFER && fm->command < VSW_OFPFC_DELETE) {
		st->error = VSW_OFPE_BUFFER_UNKNOWN;
		snprintf(st->msg, sizeof(st->msg), "a buffer_id: vsw buffers no packet");
		return -EPROTO;
	}
	return 0;
}

int
vswd_of_flow_mod_stage(struct vswd_switch *sw, unsigned int b, const struct vsw_ofp_flow_mod *fm,
		       bool of10, struct vsw_ofp_status *st)
{
	static const enum vsw_ipc_flow_cmd cmds[] = {
		[VSW_OFPFC_ADD] = VSW_FLOW_CMD_ADD,
		[VSW_OFPFC_MODIFY] = VSW_FLOW_CMD_MODIFY,
		[VSW_OFPFC_MODIFY_STRICT] = VSW_FLOW_CMD_MODIFY_STRICT,
		[VSW_OFPFC_DELETE] = VSW_FLOW_CMD_DELETE,
		[VSW_OFPFC_DELETE_STRICT] = VSW_FLOW_CMD_DELETE_STRICT,
	};
	unsigned int changed = 0;
	int rc = vswd_flow_stage(sw->cls[b], cmds[fm->command], &fm->flow, fm->out_port, of10,
				 &changed, st->msg, sizeof(st->msg));

	if (rc < 0) /* an overlap, no memory, or a spec the classifier refuses */
		st->error = rc == -EEXIST   ? VSW_OFPE_OVERLAP
			    : rc == -ENOMEM ? VSW_OFPE_TABLE_FULL
					    : VSW_OFPE_BAD_ACTION_ARGUMENT;
	return rc;
}

static void
on_flow_mod(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	static struct vsw_ofp_flow_mod fm; /* 2 KiB: control thread only */
	struct vsw_ofp_status st;
	int rc;

	if (c->role == OFPCR_ROLE_SLAVE) {
		vswd_of_reply_error(c, VSW_OFPE_IS_SLAVE, msg, len);
		return;
	}
	if (vswd_of_flow_mod_decode(sw, c, msg, len, &fm, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	if (c->n_staged == VSWD_OF_STAGED_MAX)
		vswd_of_commit(sw, c);
	if (note_staged(c, msg, len) < 0) {
		vswd_of_reply_error(c, VSW_OFPE_TABLE_FULL, msg, len);
		return;
	}
	rc = vswd_of_flow_mod_stage(sw, c->bridge, &fm, c->wire == VSW_OFP10, &st);
	if (rc == -ENOMEM) {
		VSWD_LOG(WARNING, "OpenFlow: bridge %s: %s: %s", sw->cfg->bridges[c->bridge].name,
			 c->peer, st.msg);
		abort_staged(sw, c);
	} else if (rc < 0) { /* nothing staged */
		c->n_staged--;
		vswd_of_refuse(sw, c, msg, len, &st);
	}
}

static void
on_barrier(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	uint8_t out[VSW_OFP_HEADER_LEN];

	RTE_SET_USED(len);
	vswd_of_commit(sw, c);
	vswd_ofconn_send(
		c, out,
		vsw_ofp_empty(out, sizeof(out), c->version, VSW_OFPT_BARRIER_REPLY, vsw_ofp_xid(msg)));
}

/* ---- multipart replies ---- */

/* A reply under construction: parts of at most VSW_OFP_MULTIPART_MAX bytes. */
struct mp_reply {
	struct vswd_ofconn *c;
	uint16_t type;
	uint32_t xid;
	struct vsw_ofp_buf b;
	size_t start;
	uint8_t buf[REPLY_MAX];
};

static void
mp_begin(struct mp_reply *r, struct vswd_ofconn *c, uint16_t type, uint32_t xid)
{
	r->c = c;
	r->type = type;
	r->xid = xid;
	r->b = (struct vsw_ofp_buf){.p = r->buf, .cap = VSW_OFP_MULTIPART_MAX};
	r->start = vsw_ofp_multipart_start(&r->b, c->version, xid, type);
}

/* Send the part so far with MORE set when more follows, and start the next. */
static void
mp_flush(struct mp_reply *r, bool more)
{
	vsw_ofp_multipart_end(&r->b, r->start, more);
	vswd_ofconn_send(r->c, r->buf, r->b.len);
	if (more)
		mp_begin(r, r->c, r->type, r->xid);
}

/*
 * Run encode(r, arg) for the next entry: when it does not fit in this part,
 * the part is sent as is and the entry encoded again into the next.
 */
static void
mp_entry(struct mp_reply *r, void (*encode)(struct vsw_ofp_buf *b, const void *arg),
	 const void *arg)
{
	size_t at = r->b.len;

	encode(&r->b, arg);
	if (!r->b.overflow)
		return;
	r->b.len = at;
	r->b.overflow = false;
	mp_flush(r, true);
	encode(&r->b, arg);
}

static struct mp_reply reply_buf; /* 64 KiB: not on the stack; control thread only */

unsigned int
vswd_of_bridge_ports(const struct vswd_switch *sw, unsigned int b, struct vsw_ofp_port *out)
{
	const struct vsw_shm *shm = sw->shm;
	unsigned int p, n = 0;

	for (p = 0; p < shm->n_ports; p++) {
		const struct vsw_shm_port *sp = &shm->ports[p];
		struct vsw_ofp_port *o = &out[n];
		struct vsw_port_totals t;

		if (sp->bridge != b)
			continue;
		memset(o, 0, sizeof(*o));
		vsw_shm_port_totals(shm, p, &t);
		o->ofport = sp->ofport;
		snprintf(o->name, sizeof(o->name), "%s", sp->name);
		memcpy(o->mac, sp->mac, 6);
		o->link_up = __atomic_load_n(&sp->link, __ATOMIC_RELAXED) != VSW_LINK_DOWN;
		o->speed_kbps = sp->speed_mbps * 1000;
		o->rx_packets = t.rx_packets;
		o->tx_packets = t.tx_packets;
		o->rx_bytes = t.rx_bytes;
		o->tx_bytes = t.tx_bytes;
		/* The port's own drops; the pipeline's (table_miss ...) are no port's. */
		o->rx_dropped = t.drops[VSW_DROP_RX_RING_FULL] + t.drops[VSW_DROP_RX_NO_MBUF];
		o->tx_dropped = t.drops[VSW_DROP_TX_RING_FULL];
		o->age_ns = vswd_now_ns() - sw->started_ns;
		n++;
	}
	return n;
}

static void
enc_port_desc(struct vsw_ofp_buf *b, const void *arg)
{
	vsw_ofp_port_encode(b, arg);
}

static void
enc_port_stats(struct vsw_ofp_buf *b, const void *arg)
{
	vsw_ofp_port_stats_encode(b, arg);
}

static void
mp_ports(struct vswd_switch *sw, struct vswd_ofconn *c, const struct vsw_ofp_multipart *mp,
	 uint32_t xid)
{
	struct vsw_ofp_port ports[VSW_MAX_PORTS];
	struct vsw_ofp_pull body = mp->body;
	const uint8_t *req = vsw_ofp_pull(&body, 8);
	uint32_t want = req != NULL ? (uint32_t)req[0] << 24 | (uint32_t)req[1] << 16 |
					      (uint32_t)req[2] << 8 | req[3]
				    : VSW_OFPP_ANY;
	unsigned int n = vswd_of_bridge_ports(sw, c->bridge, ports), i;

	mp_begin(&reply_buf, c, mp->type, xid);
	for (i = 0; i < n; i++)
		if (mp->type == VSW_OFPMP_PORT_DESC)
			mp_entry(&reply_buf, enc_port_desc, &ports[i]);
		else if (want == VSW_OFPP_ANY || want == ports[i].ofport)
			mp_entry(&reply_buf, enc_port_stats, &ports[i]);
	mp_flush(&reply_buf, false);
}

/* A rule with its counts, for enc_flow. */
struct flow_entry {
	const struct vsw_rule *r;
	uint64_t now_ns;
};

static void
enc_flow(struct vsw_ofp_buf *b, const void *arg)
{
	const struct flow_entry *e = arg;
	uint64_t packets, bytes;

	vsw_rule_totals(e->r, &packets, &bytes);
	vsw_ofp_flow_stats_encode(b, e->r, packets, bytes, e->now_ns - e->r->created_ns);
}

/* vsw_cls_select's test for a FLOW or AGGREGATE request. */
static bool
requested(const struct vsw_rule *r, void *arg)
{
	const struct vsw_ofp_flow_request *rq = arg;

	return vsw_flow_selects(&rq->match, r, false) &&
	       vsw_ofp_outputs_to(r->actions->a, r->actions->n, rq->out_port);
}

static void
mp_flows(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len,
	 struct vsw_ofp_multipart *mp)
{
	static struct vsw_ofp_flow_request rq;
	const struct vsw_rule **rules;
	struct vsw_ofp_status st;
	struct flow_entry e = {.now_ns = vswd_now_ns()};
	uint64_t packets, bytes, tp = 0, tb = 0;
	size_t n, i;

	if (vsw_ofp_flow_request_decode(&mp->body, &rq, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	vswd_of_commit(sw, c);
	if (vsw_cls_select(sw->cls[c->bridge], rq.match.table_given ? rq.match.table : VSW_N_TABLES,
			   requested, &rq, &rules, &n) < 0) {
		vswd_of_reply_error(c, VSW_OFPE_TABLE_FULL, msg, len);
		return;
	}
	mp_begin(&reply_buf, c, mp->type, vsw_ofp_xid(msg));
	for (i = 0; i < n; i++) {
		if (mp->type == VSW_OFPMP_FLOW) {
			e.r = rules[i];
			mp_entry(&reply_buf, enc_flow, &e);
			continue;
		}
		vsw_rule_totals(rules[i], &packets, &bytes);
		tp += packets;
		tb += bytes;
	}
	if (mp->type == VSW_OFPMP_AGGREGATE)
		vsw_ofp_aggregate_encode(&reply_buf.b, tp, tb, (uint32_t)n);
	mp_flush(&reply_buf, false);
	free(rules);
}

static void
mp_tables(struct vswd_switch *sw, struct vswd_ofconn *c, uint32_t xid)
{
	const struct vsw_cls *cls = vsw_cls_tables(sw->cls[c->bridge]);
	unsigned int t;

	mp_begin(&reply_buf, c, VSW_OFPMP_TABLE, xid);
	for (t = 0; t < VSW_N_TABLES; t++)
		vsw_ofp_table_stats_encode(&reply_buf.b, (uint8_t)t, cls->tables[t].n_rules, 0, 0);
	mp_flush(&reply_buf, false);
}

static void
enc_table_features(struct vsw_ofp_buf *b, const void *arg)
{
	vsw_ofp_table_features_encode(b, *(const uint8_t *)arg, VSW_OFP_MAX_ENTRIES);
}

/* ovs-ofctl asks before every flow-mod (for table names). */
static void
mp_table_features(struct vswd_ofconn *c, const uint8_t *msg, size_t len,
		  const struct vsw_ofp_multipart *mp)
{
	unsigned int t;

	if (mp->body.left > 0) { /* a request to change them: vsw's tables are fixed */
		vswd_of_reply_error(c, VSW_OFPE_BAD_MULTIPART, msg, len);
		return;
	}
	mp_begin(&reply_buf, c, mp->type, vsw_ofp_xid(msg));
	for (t = 0; t < VSW_N_TABLES; t++) {
		uint8_t table = (uint8_t)t;

		mp_entry(&reply_buf, enc_table_features, &table);
	}
	mp_flush(&reply_buf, false);
}

static void
on_multipart(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	struct vsw_ofp_multipart mp;
	struct vsw_ofp_status st;
	char desc[160];

	if (vsw_ofp_multipart_decode(msg, len, &mp, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	if (mp.flags & VSW_OFPMPF_MORE) { /* vsw takes no request in parts */
		vswd_of_reply_error(c, VSW_OFPE_MULTIPART_OVERFLOW, msg, len);
		return;
	}
	switch (mp.type) {
	case VSW_OFPMP_DESC:
		snprintf(desc, sizeof(desc), "vswitchd %s, bridge %s", sw->cfg->dpdk.file_prefix,
			 sw->cfg->bridges[c->bridge].name);
		mp_begin(&reply_buf, c, mp.type, vsw_ofp_xid(msg));
		vsw_ofp_desc_encode(&reply_buf.b, desc);
		mp_flush(&reply_buf, false);
		return;
	case VSW_OFPMP_FLOW:
	case VSW_OFPMP_AGGREGATE:
		mp_flows(sw, c, msg, len, &mp);
		return;
	case VSW_OFPMP_TABLE:
		mp_tables(sw, c, vsw_ofp_xid(msg));
		return;
	case VSW_OFPMP_PORT_STATS:
	case VSW_OFPMP_PORT_DESC:
		mp_ports(sw, c, &mp, vsw_ofp_xid(msg));
		return;
	case VSW_OFPMP_TABLE_FEATURES:
		mp_table_features(c, msg, len, &mp);
		return;
	}
	vswd_of_reply_error(c, VSW_OFPE_BAD_MULTIPART, msg, len);
}

/* ---- the session ---- */

static void
on_hello(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	uint32_t theirs = 0;
	int v;

	if (c->wire != 0)
		return; /* a second HELLO means nothing */
	if (vsw_ofp_hello_versions(msg, len, &theirs) < 0)
		theirs = 0;
	v = vsw_ofp_negotiate(sw->cfg->bridges[c->bridge].of_versions, msg[0], theirs);
	if (v < 0) {
		VSWD_LOG(WARNING,
			 "OpenFlow: bridge %s: %s speaks no version vsw does "
			 "(its HELLO: version %u, bitmap %#x): closing",
			 sw->cfg->bridges[c->bridge].name, c->peer, msg[0], theirs);
		vswd_of_reply_error(c, VSW_OFPE_HELLO_INCOMPATIBLE, msg, len);
		c->closing = true;
		return;
	}
	c->wire = (uint8_t)v;
	c->version = VSW_OFP13; /* a 1.0 peer's messages are translated (ofp10_msg.c) */
	VSWD_LOG(INFO, "OpenFlow: bridge %s: %s speaks OpenFlow 1.%u",
		 sw->cfg->bridges[c->bridge].name, c->peer, v == VSW_OFP10 ? 0 : 3);
}

static void
on_echo_request(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	uint8_t *out = reply_buf.buf;
	size_t n = vsw_ofp_echo_reply(out, sizeof(reply_buf.buf), msg, len);

	RTE_SET_USED(sw);
	if (n > 0)
		vswd_ofconn_send(c, out, n);
}

static void
on_echo_reply(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	RTE_SET_USED(sw);
	RTE_SET_USED(msg);
	RTE_SET_USED(len);
	c->echo_sent_ns = 0;
}

static void
on_features(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	struct vsw_ofp_port ports[VSW_MAX_PORTS];
	uint8_t out[32];
	unsigned int n;

	RTE_SET_USED(len);
	if (c->wire == VSW_OFP10) { /* 1.0's reply lists the ports */
		n = vswd_of_bridge_ports(sw, c->bridge, ports);
		vswd_ofconn_send(c, reply_buf.buf,
				 vsw_ofp10_features_reply(reply_buf.buf, sizeof(reply_buf.buf),
							  vsw_ofp_xid(msg),
							  sw->cfg->bridges[c->bridge].datapath_id,
							  VSW_N_TABLES, ports, n));
		return;
	}
	vswd_ofconn_send(c, out,
			 vsw_ofp_features_reply(out, sizeof(out), c->version, vsw_ofp_xid(msg),
						sw->cfg->bridges[c->bridge].datapath_id,
						VSW_N_TABLES));
}

static void
on_get_config(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	uint8_t out[16];

	RTE_SET_USED(sw);
	RTE_SET_USED(len);
	vswd_ofconn_send(c, out,
			 vsw_ofp_config_reply(out, sizeof(out), c->version, vsw_ofp_xid(msg),
					      c->config_flags, c->miss_send_len));
}

static void
on_set_config(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	RTE_SET_USED(sw);
	if (len < 12) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_LEN, msg, len);
		return;
	}
	if (msg[8] != 0 || msg[9] != 0) { /* fragment handling other than "normal" */
		vswd_of_reply_error(c, VSW_OFPE_BAD_CONFIG_FLAGS, msg, len);
		return;
	}
	c->miss_send_len = (uint16_t)(msg[10] << 8 | msg[11]);
}

/*
 * ROLE_REQUEST (1.3.5 6.3.6): a master or slave request carries a
 * generation_id, refused as stale when older (in wrapping order) than the
 * last one the bridge took; a new master makes the bridge's other master a
 * slave. The reply says the role and the bridge's generation_id.
 */
static void
on_role(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	static struct {
		uint64_t id;
		bool set;
	} generation[VSW_MAX_BRIDGES];
	struct vswd_ofconn **conns;
	unsigned int n, i;
	uint8_t out[24];
	uint32_t role;
	uint64_t gen;

	RTE_SET_USED(sw);
	if (len < 24) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_LEN, msg, len);
		return;
	}
	role = (uint32_t)msg[8] << 24 | (uint32_t)msg[9] << 16 | (uint32_t)msg[10] << 8 | msg[11];
	gen = (uint64_t)vsw_ofp_xid(msg + 12) << 32 | vsw_ofp_xid(msg + 16); /* bytes 16..23 */
	if (role > OFPCR_ROLE_SLAVE) {
		vswd_of_reply_error(c, VSW_OFPE_ROLE_BAD, msg, len);
		return;
	}
	if (role == OFPCR_ROLE_MASTER || role == OFPCR_ROLE_SLAVE) {
		if (generation[c->bridge].set && (int64_t)(gen - generation[c->bridge].id) < 0) {
			vswd_of_reply_error(c, VSW_OFPE_ROLE_STALE, msg, len);
			return;
		}
		generation[c->bridge].id = gen;
		generation[c->bridge].set = true;
	}
	if (role == OFPCR_ROLE_MASTER)
		for (i = 0, n = vswd_channel_conns(&conns); i < n; i++)
			if (conns[i] != c && conns[i]->bridge == c->bridge &&
			    conns[i]->role == OFPCR_ROLE_MASTER)
				conns[i]->role = OFPCR_ROLE_SLAVE;
	if (role != OFPCR_ROLE_NOCHANGE)
		c->role = role;
	memset(out, 0, sizeof(out));
	memcpy(out, msg, VSW_OFP_HEADER_LEN);
	out[1] = (uint8_t)vsw_ofp_wire_type(c->version, VSW_OFPT_ROLE_REPLY);
	out[11] = (uint8_t)(c->role ? c->role : OFPCR_ROLE_EQUAL);
	memcpy(out + 16, msg + 16, 8);
	if (generation[c->bridge].set)
		for (i = 0; i < 8; i++)
			out[16 + i] = (uint8_t)(generation[c->bridge].id >> (56 - 8 * i));
	vswd_ofconn_send(c, out, 24);
}

/* The port index of bridge b's OpenFlow port ofport, or -1. */
static int
port_of(const struct vswd_switch *sw, unsigned int b, uint16_t ofport)
{
	const struct vsw_dp_bridge *br = &sw->dp.bridges[b];
	unsigned int p;

	for (p = 0; p < br->n_ports; p++)
		if (sw->shm->ports[br->ports[p]].ofport == ofport)
			return br->ports[p];
	return -1;
}

/*
 * PACKET_OUT: the frame and its actions to PMD 0 (vsw_pmd_packet_outs),
 * which runs them as a rule's, on its own tx queues. Its actions are
 * checked against the frame's own headers.
 */
static void
on_packet_out(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	static struct vsw_packet_out po; /* 2 KiB: control thread only */
	static struct vsw_flow f;
	struct vsw_flow_port port_list[VSW_MAX_PORTS];
	struct vsw_flow_ports ports;
	struct vsw_ofp_packet_out out;
	struct vsw_ofp_status st;
	struct rte_mbuf *m;
	int in;

	if (c->role == OFPCR_ROLE_SLAVE) {
		vswd_of_reply_error(c, VSW_OFPE_IS_SLAVE, msg, len);
		return;
	}
	if (vsw_ofp_packet_out_decode(msg, len, &out, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	in = out.in_port <= VSW_OFPORT_MAX ? port_of(sw, c->bridge, (uint16_t)out.in_port) : -1;
	if (in < 0 && out.in_port != 0xfffffffdu && out.in_port != VSW_OFPP_ANY) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_PORT, msg, len); /* a port the bridge lacks */
		return;
	}
	m = rte_pktmbuf_alloc(sw->pools[sw->n_pools - 1]);
	if (m == NULL || rte_pktmbuf_append(m, (uint16_t)out.data_len) == NULL) {
		rte_pktmbuf_free(m);
		vswd_of_reply_error(c, VSW_OFPE_BAD_PACKET, msg, len); /* too big, or no mbuf */
		return;
	}
	rte_memcpy(rte_pktmbuf_mtod(m, void *), out.data, out.data_len);
	memset(&f, 0, sizeof(f));
	po.in_ofport = in >= 0 ? (uint16_t)out.in_port : 0xfffd; /* OpenFlow's CONTROLLER */
	vsw_key_parse(m, po.in_ofport, &f.key);
	memset(&f.mask, 0xff, sizeof(f.mask)); /* the frame's headers are known exactly */
	vswd_bridge_flow_ports(sw->cfg, c->bridge, port_list, &ports);
	if ((c->wire == VSW_OFP10
		     ? vsw_ofp10_actions_decode(&out.actions, out.actions.left, &ports, &f, true, &st)
		     : vsw_ofp_actions_decode(&out.actions, out.actions.left, &ports, &f, &st)) < 0) {
		rte_pktmbuf_free(m);
		vswd_of_refuse(sw, c, msg, len, &st);
		return;
	}
	po.m = m;
	po.bridge = (uint16_t)c->bridge;
	po.in = in >= 0 ? (uint16_t)in : sw->dp.bridges[c->bridge].ports[0];
	po.out_in = in >= 0 ? (uint16_t)in : VSW_PORT_ABSENT;
	po.n_actions = f.n_actions;
	memcpy(po.actions, f.actions, f.n_actions * sizeof(f.actions[0]));
	if (sw->dp.bridges[c->bridge].n_ports == 0 ||
	    rte_ring_enqueue_elem(sw->pmds[0]->packet_outs, &po, sizeof(po)) != 0) {
		rte_pktmbuf_free(m);
		vswd_of_reply_error(c, VSW_OFPE_BUSY, msg, len);
	}
}

static const handler_fn handlers[VSW_OFPT__COUNT] = {
	[VSW_OFPT_HELLO] = on_hello,
	[VSW_OFPT_ECHO_REQUEST] = on_echo_request,
	[VSW_OFPT_ECHO_REPLY] = on_echo_reply,
	[VSW_OFPT_FEATURES_REQUEST] = on_features,
	[VSW_OFPT_GET_CONFIG_REQUEST] = on_get_config,
	[VSW_OFPT_SET_CONFIG] = on_set_config,
	[VSW_OFPT_FLOW_MOD] = on_flow_mod,
	[VSW_OFPT_MULTIPART_REQUEST] = on_multipart,
	[VSW_OFPT_BARRIER_REQUEST] = on_barrier,
	[VSW_OFPT_ROLE_REQUEST] = on_role,
	[VSW_OFPT_PACKET_OUT] = on_packet_out,
	[VSW_OFPT_GET_ASYNC_REQUEST] = vswd_of_on_get_async,
	[VSW_OFPT_SET_ASYNC] = vswd_of_on_set_async,
	[VSW_OFPT_EXPERIMENTER] = vswd_of_on_experimenter,
};

/* A 1.3 message (received as such, or translated from 1.0) to its handler. */
static void
dispatch(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	int type = vsw_ofp_type_of(msg[0], msg[1]);

	if (type < 0 || handlers[type] == NULL) {
		vswd_of_reply_error(c,
				    type == VSW_OFPT_EXPERIMENTER ? VSW_OFPE_BAD_EXPERIMENTER
								  : VSW_OFPE_BAD_TYPE,
				    msg, len);
		return;
	}
	if (type != VSW_OFPT_FLOW_MOD && type != VSW_OFPT_HELLO && type != VSW_OFPT_ECHO_REQUEST &&
	    type != VSW_OFPT_ECHO_REPLY)
		vswd_of_commit(sw, c); /* every other message sees the flow-mods before it */
	handlers[type](sw, c, msg, len);
}

/*
 * A 1.0 message: FLOW_MOD (Nicira's NXT_FLOW_MOD too) and FEATURES_REQUEST
 * to their handlers as they are (each knows 1.0's form), the rest
 * translated to 1.3 first. While it
 * runs, its errors carry it as it came (vswd_of_reply_error).
 */
static void
handle10(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	static uint8_t up[VSW_OFP_MULTIPART_MAX + 64]; /* control thread only */
	struct vsw_ofp_buf b = {.p = up, .cap = sizeof(up)};
	int type = vsw_ofp_type_of(VSW_OFP10, msg[1]);
	struct vsw_ofp_status st;

	c->req10 = msg;
	c->req10_len = len;
	if (type == VSW_OFPT_FLOW_MOD || vsw_ofp10_is_nx_flow_mod(msg, len)) {
		on_flow_mod(sw, c, msg, len);
	} else if (type == VSW_OFPT_FEATURES_REQUEST) {
		vswd_of_commit(sw, c);
		on_features(sw, c, msg, len);
	} else if (vsw_ofp10_upgrade(msg, len, &c->of10, &b, &st) < 0) {
		vswd_of_refuse(sw, c, msg, len, &st);
	} else if (b.len > 0) {
		dispatch(sw, c, up, b.len);
	}
	c->req10 = NULL;
}

void
vswd_of_handle(struct vswd_switch *sw, struct vswd_ofconn *c, const uint8_t *msg, size_t len)
{
	if (c->wire == 0) { /* the first message must be a HELLO, of any version */
		if (msg[1] == 0) {
			on_hello(sw, c, msg, len);
			return;
		}
		vswd_of_reply_error(c, VSW_OFPE_HELLO_INCOMPATIBLE, msg, len);
		c->closing = true;
		return;
	}
	if (msg[0] != c->wire) {
		vswd_of_reply_error(c, VSW_OFPE_BAD_VERSION, msg, len);
		return;
	}
	if (c->wire == VSW_OFP10)
		handle10(sw, c, msg, len);
	else
		dispatch(sw, c, msg, len);
}
