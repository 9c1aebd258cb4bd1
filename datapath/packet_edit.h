/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * packet_edit.h: rewriting packet headers in place, for actions.c (private to
 * datapath/). Each function finds the header it needs through bounds-checked
 * reads of the first segment; when the packet lacks that header (or it is cut
 * short) the packet is left as it was. Checksums are updated incrementally
 * (RFC 1624); SCTP's CRC32c is recomputed. The caller must own the mbuf alone
 * (reference count 1) when it calls these.
 */

#ifndef VSW_PACKET_EDIT_H
#define VSW_PACKET_EDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

/* Set the outer VID (or PCP); with push, add an 802.1Q tag when there is none. */
void vsw_edit_vlan_vid(struct rte_mbuf *m, uint16_t vid, bool push);
void vsw_edit_vlan_pcp(struct rte_mbuf *m, uint8_t pcp, bool push);

/* Remove the outer VLAN tag, if any. */
void vsw_edit_strip_vlan(struct rte_mbuf *m);

/*
 * Push a tag with TPID tpid (network order) and TCI 0, over any tag there
 * is (as OVS does: mod_vlan_vid or set_field sets it after). Returns -1
 * (nothing changed) when the mbuf has no headroom or no Ethernet header.
 */
int vsw_edit_push_vlan(struct rte_mbuf *m, uint16_t tpid);

/* field = (field & ~mask) | value, for an enum vsw_field. */
void vsw_edit_set_field(struct rte_mbuf *m, uint8_t field, uint64_t value, uint64_t mask);

/*
 * Decrement the IPv4 TTL or IPv6 hop limit. The pipeline decides from the
 * key whether it has run out (pipeline.c); one of 0 or 1 is left as it is.
 */
void vsw_edit_dec_ttl(struct rte_mbuf *m);

#endif /* VSW_PACKET_EDIT_H */
