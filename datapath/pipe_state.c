/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * pipe_state.c: the fields SET_FIELD and MOVE name, as pipeline.c reads
 * and writes them: the pipeline state (metadata, reg0..reg15, xreg0..xreg7
 * as register pairs) and, for MOVE's source, the packet's parsed key.
 *
 * Reading a packet field while a run is recorded makes the bits read
 * exact in the flow being built (the moved value may end up in a lookup or
 * in the packet): a recorded flow then holds only packets whose moved bits
 * are those of the run, so the constants it recorded fit every one of them.
 *
 * The tunnel metadata (tun_id, tun_src, tun_dst) lives in the key, not the
 * packet's bytes: a write goes into the run's own key, which later lookups
 * and a flow-based tunnel port's encapsulation read. A recorded flow
 * replays packet operations only, so a run that writes it is not cached.
 */

#include <rte_byteorder.h>

#include "exec_private.h"

void
exec_state_set(struct vsw_pipe_state *s, unsigned int field, uint64_t value, uint64_t mask)
{
	vsw_state_put(s, field, (vsw_state_get(s, field) & ~mask) | (value & mask));
}

/* Where a packet field lies in struct vsw_flow_key: bytes, big-endian, then a shift. */
struct key_field {
	uint8_t off;
	uint8_t len;
	uint8_t shift;
};

static const struct key_field key_fields[VSW_FIELD_METADATA] = {
	[VSW_FIELD_ETH_SRC] = {offsetof(struct vsw_flow_key, dl_src), 6, 0},
	[VSW_FIELD_ETH_DST] = {offsetof(struct vsw_flow_key, dl_dst), 6, 0},
	[VSW_FIELD_VLAN_VID] = {offsetof(struct vsw_flow_key, vlan_tci), 2, 0},
	[VSW_FIELD_VLAN_PCP] = {offsetof(struct vsw_flow_key, vlan_tci), 2, 13},
	[VSW_FIELD_IPV4_SRC] = {offsetof(struct vsw_flow_key, nw_src), 4, 0},
	[VSW_FIELD_IPV4_DST] = {offsetof(struct vsw_flow_key, nw_dst), 4, 0},
	[VSW_FIELD_NW_TOS] = {offsetof(struct vsw_flow_key, nw_tos), 1, 0},
	[VSW_FIELD_TP_SRC] = {offsetof(struct vsw_flow_key, tp_src), 2, 0},
	[VSW_FIELD_TP_DST] = {offsetof(struct vsw_flow_key, tp_dst), 2, 0},
	[VSW_FIELD_NW_TTL] = {offsetof(struct vsw_flow_key, nw_ttl), 1, 0},
	[VSW_FIELD_NW_ECN] = {offsetof(struct vsw_flow_key, nw_tos), 1, 0},
	[VSW_FIELD_ICMP_TYPE] = {offsetof(struct vsw_flow_key, tp_src), 2, 0},
	[VSW_FIELD_ICMP_CODE] = {offsetof(struct vsw_flow_key, tp_dst), 2, 0},
	[VSW_FIELD_ICMPV6_TYPE] = {offsetof(struct vsw_flow_key, tp_src), 2, 0},
	[VSW_FIELD_ICMPV6_CODE] = {offsetof(struct vsw_flow_key, tp_dst), 2, 0},
	[VSW_FIELD_ARP_OP] = {offsetof(struct vsw_flow_key, nw_proto), 1, 0},
	[VSW_FIELD_ARP_SPA] = {offsetof(struct vsw_flow_key, nw_src), 4, 0},
	[VSW_FIELD_ARP_TPA] = {offsetof(struct vsw_flow_key, nw_dst), 4, 0},
	[VSW_FIELD_ARP_SHA] = {offsetof(struct vsw_flow_key, arp_sha), 6, 0},
	[VSW_FIELD_ARP_THA] = {offsetof(struct vsw_flow_key, arp_tha), 6, 0},
	[VSW_FIELD_IPV6_SRC_LO] = {offsetof(struct vsw_flow_key, nw_src) + 8, 8, 0},
	[VSW_FIELD_IPV6_SRC_HI] = {offsetof(struct vsw_flow_key, nw_src), 8, 0},
	[VSW_FIELD_IPV6_DST_LO] = {offsetof(struct vsw_flow_key, nw_dst) + 8, 8, 0},
	[VSW_FIELD_IPV6_DST_HI] = {offsetof(struct vsw_flow_key, nw_dst), 8, 0},
	[VSW_FIELD_ETH_TYPE] = {offsetof(struct vsw_flow_key, dl_type), 2, 0},
	[VSW_FIELD_TUN_ID] = {offsetof(struct vsw_flow_key, tun_id), 8, 0},
	[VSW_FIELD_TUN_SRC] = {offsetof(struct vsw_flow_key, tun_src), 4, 0},
	[VSW_FIELD_TUN_DST] = {offsetof(struct vsw_flow_key, tun_dst), 4, 0},
};

void
exec_tunnel_set(struct exec *x, unsigned int field, uint64_t value, uint64_t mask)
{
	const struct key_field *kf = &key_fields[field];
	unsigned int i, shift;
	uint8_t *p;

	exec_current_key(x);
	if (x->key != &x->scratch) {
		x->scratch = *x->key;
		x->key = &x->scratch;
	}
	p = (uint8_t *)&x->scratch + kf->off;
	for (i = 0; i < kf->len; i++) {
		shift = 8 * (kf->len - 1 - i);
		p[i] = (uint8_t)((p[i] & ~(mask >> shift)) | ((value & mask) >> shift));
	}
	if (x->rec != NULL)
		x->overflow = true;
}

uint64_t
exec_field_get(struct exec *x, unsigned int field, unsigned int ofs, unsigned int n_bits)
{
	const struct vsw_flow_key *key;
	const struct key_field *kf;
	const uint8_t *p;
	uint64_t v = 0;
	unsigned int i;

	if (field >= VSW_FIELD_METADATA)
		return vsw_state_get(&x->state, field);
	key = exec_current_key(x);
	if (field == VSW_FIELD_IN_PORT)
		return key->in_port; /* host byte order; always exact in a flow */
	kf = &key_fields[field];
	p = (const uint8_t *)key + kf->off;
	for (i = 0; i < kf->len; i++)
		v = v << 8 | p[i];
	if (x->wc != NULL) {
		/* The bits read, back where they lie in the key's bytes. */
		uint64_t m = (n_bits == 64 ? UINT64_MAX : ((1ULL << n_bits) - 1) << ofs) << kf->shift;

		for (i = 0; i < kf->len; i++)
			((uint8_t *)x->wc)[kf->off + i] |= (uint8_t)(m >> (8 * (kf->len - 1 - i)));
	}
	return (v >> kf->shift) & RTE_LEN2MASK(vsw_field_bits(field), uint64_t);
}
