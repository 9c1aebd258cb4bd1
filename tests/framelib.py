# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""framelib: Ethernet frames built field by field, valid or deliberately odd.

Checksums are right unless a caller breaks them: a switch that rewrites a
header updates them incrementally, so a wrong one in would hide a wrong one
out. The odd frames (truncated headers, fragments, LLC/SNAP, QinQ, options,
padding) are what tests/test_fwd_parity.py sends through OVS and vsw alike.
"""

import struct

from pcaplib import csum
from pktmodel import crc32c


def mac(text):
    return bytes.fromhex(text.replace(":", ""))


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def ip6(text):
    import ipaddress
    return ipaddress.IPv6Address(text).packed


def eth(dst, src, ethertype, payload, tags=()):
    """dst/src as text; tags: [(tpid, tci)] outermost first."""
    head = mac(dst) + mac(src)
    for tpid, tci in tags:
        head += struct.pack("!HH", tpid, tci)
    return head + struct.pack("!H", ethertype) + payload


def llc_snap(dst, src, ethertype, payload):
    """802.3 with an LLC/SNAP header carrying ethertype (RFC 1042)."""
    body = bytes.fromhex("aaaa03000000") + struct.pack("!H", ethertype) + payload
    return mac(dst) + mac(src) + struct.pack("!H", len(body)) + body


def llc(dst, src, dsap=0x42, payload=b"\x00" * 40):
    """802.3 with a plain LLC header (STP's, by default)."""
    body = bytes([dsap, dsap, 0x03]) + payload
    return mac(dst) + mac(src) + struct.pack("!H", len(body)) + body


def _pseudo4(src, dst, proto, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, length)


def _pseudo6(src, dst, proto, length):
    return ip6(src) + ip6(dst) + struct.pack("!IxxxB", length, proto)


def _l4(proto, head, payload, pseudo):
    """head with its checksum (at the protocol's offset) filled in over pseudo + segment."""
    off = {6: 16, 17: 6, 1: 2, 58: 2}.get(proto)
    seg = head + payload
    if proto == 132:  # CRC32c over the packet, stored little-endian (RFC 4960)
        return seg[:8] + struct.pack("<I", crc32c(seg)) + seg[12:]
    if off is None:
        return seg
    s = csum(pseudo + seg)
    if proto == 17 and s == 0:
        s = 0xFFFF
    return seg[:off] + struct.pack("!H", s) + seg[off + 2:]


def tcp(sport, dport, flags=0x02, payload=b""):
    return (6, struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, flags, 8192, 0, 0), payload)


def udp(sport, dport, payload=b"vsw-parity-udp"):
    return (17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0), payload)


def sctp(sport, dport):
    return (132, struct.pack("!HHII", sport, dport, 1, 0), b"\0" * 16)


def icmp(kind, code, payload=b"vsw-parity-icmp"):
    return (1, struct.pack("!BBHHH", kind, code, 0, 1, 1), payload)


def icmp6(kind, code, payload=b"\0" * 20):
    return (58, struct.pack("!BBHI", kind, code, 0, 0), payload)


def raw(proto, payload=b"\0" * 20):
    return (proto, b"", payload)


def ipv4(src, dst, l4, ttl=64, tos=0, frag=0, options=b"", ident=7):
    """An IPv4 packet; l4 from tcp()/udp()/... ; frag: flags and offset (0x2000 MF)."""
    proto, head, payload = l4
    seg = _l4(proto, head, payload, _pseudo4(src, dst, proto, len(head) + len(payload)))
    if frag & 0x1FFF:  # a later fragment carries no L4 header of its own checksum
        seg = head + payload
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, ihl * 4 + len(seg), ident, frag, ttl,
                      proto, 0, ip4(src), ip4(dst)) + options
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + seg


def ipv6(src, dst, l4, hlim=64, tc=0):
    proto, head, payload = l4
    seg = _l4(proto, head, payload, _pseudo6(src, dst, proto, len(head) + len(payload)))
    return struct.pack("!IHBB", 6 << 28 | tc << 20, len(seg), proto, hlim) + ip6(src) + \
        ip6(dst) + seg


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + ip4(spa) + mac(tha) + ip4(tpa)


def pad(frame, size=60):
    """Ethernet padding up to size bytes."""
    return frame + b"\0" * max(0, size - len(frame))
