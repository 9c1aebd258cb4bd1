/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * normal.c: the NORMAL action, an 802.1Q learning switch, as a decision:
 * which VLAN a packet is in, what its source teaches, and which ports it
 * goes to, tagged or not. actions.c carries the decision out (copies, tag
 * pushes and pops, tx buffers); the MAC table is fdb.c's.
 *
 * VLANs follow Open vSwitch's port modes (enum vsw_vlan_mode): a packet
 * arriving on a port that does not carry its VLAN is dropped and counted
 * (vlan_not_carried); on the way out, ports that do not carry the VLAN are
 * skipped. Unknown unicast, broadcast and multicast flood the VLAN; known
 * unicast goes to its one port, and never back out of the input port.
 *
 * Learning never writes the table here: a new or moved source MAC becomes a
 * request on the learn ring (at most one per MAC and port per second from
 * each PMD, unless the table lost entries since: a flushed MAC is learned
 * again from its next packet); a known one only has its seen_s stamped, for
 * aging. The
 * exact-match cache holds classifier results only, never an FDB answer, so
 * a learned, moved, aged or flushed MAC takes effect from the next packet
 * (from the next burst for the rest of a run of packets with one Ethernet
 * header, which actions.c decides once).
 */

#include <string.h>

#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "vsw_datapath.h"

/*
 * The VLAN a packet with outer TCI tci (host order, VSW_VLAN_PRESENT set when
 * tagged) is in on input port v, or -1 when v does not carry it.
 */
static int
input_vlan(const struct vsw_dp_vlan *v, uint16_t tci)
{
	/* A priority tag (VID 0) counts as untagged. */
	unsigned int vid = tci & VSW_VLAN_PRESENT ? tci & 0x0fff : 0;

	switch (v->mode) {
	case VSW_VLAN_ACCESS:
		return vid == 0 ? v->tag : -1;
	case VSW_VLAN_TRUNK:
		return vsw_vlan_in(v->trunks, vid) ? (int)vid : -1;
	default: /* native: untagged frames are in the native VLAN */
		if (vid == 0 || vid == v->tag)
			return v->tag;
		return vsw_vlan_in(v->trunks, vid) ? (int)vid : -1;
	}
}

/* Whether output port v carries vlan, and then in *tagged whether with a tag. */
static bool
output_vlan(const struct vsw_dp_vlan *v, uint16_t vlan, uint8_t *tagged)
{
	switch (v->mode) {
	case VSW_VLAN_ACCESS:
		*tagged = 0;
		return vlan == v->tag;
	case VSW_VLAN_TRUNK:
		*tagged = vlan != 0;
		return vsw_vlan_in(v->trunks, vlan);
	case VSW_VLAN_NATIVE_TAGGED:
		*tagged = vlan != 0;
		return vlan == v->tag || vsw_vlan_in(v->trunks, vlan);
	default: /* native-untagged */
		*tagged = vlan != v->tag && vlan != 0;
		return vlan == v->tag || vsw_vlan_in(v->trunks, vlan);
	}
}

/* Add port p to out when it carries out->vlan. */
static void
add_output(const struct vsw_dp *dp, uint16_t p, struct vsw_normal_out *out)
{
	if (output_vlan(&dp->vlan[p], out->vlan, &out->tagged[out->n]))
		out->port[out->n++] = p;
}

/*
 * Source MAC mac in vlan came in on port `in`: stamp a known entry, or ask
 * the control thread to learn it.
 */
static void
learn_source(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, const uint8_t *mac, uint16_t vlan,
	     uint16_t in)
{
	struct vsw_fdb *fdb = br->fdb;
	uint32_t now = __atomic_load_n(&fdb->now_s, __ATOMIC_RELAXED);
	uint32_t epoch = __atomic_load_n(&fdb->epoch, __ATOMIC_RELAXED);
	struct vsw_pmd_learn_sent *sent;
	struct vsw_fdb_learn req;
	uint64_t mac_vlan = 0;
	int32_t pos;

	if (vsw_fdb_lookup(fdb, mac, vlan, &pos) == in) {
		if (__atomic_load_n(&fdb->entries[pos].seen_s, __ATOMIC_RELAXED) != now)
			__atomic_store_n(&fdb->entries[pos].seen_s, now, __ATOMIC_RELAXED);
		return;
	}
	memcpy(&mac_vlan, mac, 6);
	mac_vlan |= (uint64_t)vlan << 48;
	sent = &pmd->learn_sent[rte_hash_crc_8byte(mac_vlan ^ in, 0) & (VSW_PMD_LEARN_SENT - 1)];
	if (sent->mac_vlan == mac_vlan && sent->port == in && sent->bridge == br->index &&
	    sent->second == now && sent->epoch == epoch)
		return;
	memcpy(req.mac, mac, sizeof(req.mac));
	req.vlan = vlan;
	req.bridge = br->index;
	req.port = in;
	req.reserved = 0;
	if (rte_ring_mp_enqueue_elem(pmd->dp->learn_ring, &req, sizeof(req)) != 0) {
		pmd->stats->c.learn_full++;
		return;
	}
	sent->mac_vlan = mac_vlan;
	sent->port = in;
	sent->bridge = br->index;
	sent->second = now;
	sent->epoch = epoch;
}

static const uint8_t reserved_prefix[5] = {0x01, 0x80, 0xc2, 0x00, 0x00};

void
vsw_normal_decide(struct vsw_pmd *pmd, const struct vsw_dp_bridge *br, uint16_t in,
		  const struct vsw_flow_key *key, struct vsw_normal_out *out)
{
	const struct vsw_dp *dp = pmd->dp;
	int vlan = input_vlan(&dp->vlan[in], rte_be_to_cpu_16(key->vlan_tci));
	unsigned int i;
	int dst;

	out->n = 0;
	out->drop = -1;
	if (vlan < 0) {
		out->drop = VSW_DROP_VLAN_NOT_CARRIED;
		return;
	}
	out->vlan = (uint16_t)vlan;
	/* IEEE 802.1's link-local group (as OVS without forward-bpdu): neither forwarded nor learned. */
	if (memcmp(key->dl_dst, reserved_prefix, 5) == 0 && key->dl_dst[5] <= 0x0f) {
		out->drop = VSW_DROP_NORMAL_RESERVED;
		return;
	}
	/* A multicast source address is bogus: never learn it. */
	if (!(key->dl_src[0] & 1))
		learn_source(pmd, br, key->dl_src, out->vlan, in);
	if (!(key->dl_dst[0] & 1)) {
		dst = vsw_fdb_lookup(br->fdb, key->dl_dst, out->vlan, NULL);
		if (dst == in) {
			out->drop = VSW_DROP_NORMAL_IN_PORT;
			return;
		}
		/* A port of another bridge can only be a leftover of a reload: flood. */
		if (dst >= 0 && (unsigned int)dst < dp->n_ports &&
		    dp->ports[dst]->bridge == br->index) {
			add_output(dp, (uint16_t)dst, out);
			return;
		}
	}
	for (i = 0; i < br->n_ports; i++)
		if (br->ports[i] != in)
			add_output(dp, br->ports[i], out);
}
