# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""pktmodel: an independent model of vsw's packet rewrites, for the tests.

It builds frames with valid checksums (IPv4 header, TCP, UDP, ICMP, SCTP's
CRC32c), applies an action the slow, obvious way, and recomputes every
checksum from scratch. vsw updates checksums incrementally; its output must
equal this model's byte for byte. verify() checks a frame's checksums on their
own. Standard library only.
"""

import random
import struct

from pcaplib import csum

TPIDS = (0x8100, 0x88A8)  # as OVS: 0x9100 is no tag


def _crc32c_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_CRC32C = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC32C[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def layout(f):
    """(l3 offset, ethertype, tagged) of frame f."""
    off, t = 12, struct.unpack_from("!H", f, 12)[0]
    tagged = t in TPIDS
    while t in TPIDS and off < 20 and off + 6 <= len(f):
        off += 4
        t = struct.unpack_from("!H", f, off)[0]
    return off + 2, t, tagged


def fix_checksums(f):
    """Recompute IPv4, TCP, UDP (unless 0 over IPv4), ICMP and SCTP checksums."""
    f = bytearray(f)
    l3, t, _ = layout(f)
    if t == 0x0800:
        ihl = (f[l3] & 15) * 4
        f[l3 + 10:l3 + 12] = b"\0\0"
        f[l3 + 10:l3 + 12] = struct.pack("!H", csum(bytes(f[l3:l3 + ihl])))
        total = struct.unpack_from("!H", f, l3 + 2)[0]
        proto, l4 = f[l3 + 9], l3 + ihl
        if struct.unpack_from("!H", f, l3 + 6)[0] & 0x1FFF:
            return bytes(f)  # a later fragment carries no L4 header
        # A first fragment's L4 checksum covers the whole datagram; the model
        # computes it over the bytes present, which any edit of the header
        # words changes exactly as an incremental update would.
        end = l3 + total
        pseudo = bytes(f[l3 + 12:l3 + 20]) + struct.pack("!BBH", 0, proto, end - l4)
    elif t == 0x86DD:
        proto, l4 = f[l3 + 6], l3 + 40
        end = l4 + struct.unpack_from("!H", f, l3 + 4)[0]
        pseudo = bytes(f[l3 + 8:l3 + 40]) + struct.pack("!IxxxB", end - l4, proto)
    else:
        return bytes(f)
    if proto == 6:
        f[l4 + 16:l4 + 18] = b"\0\0"
        f[l4 + 16:l4 + 18] = struct.pack("!H", csum(pseudo + bytes(f[l4:end])))
    elif proto == 17 and not (t == 0x0800 and f[l4 + 6:l4 + 8] == b"\0\0"):
        f[l4 + 6:l4 + 8] = b"\0\0"
        c = csum(pseudo + bytes(f[l4:end]))
        f[l4 + 6:l4 + 8] = struct.pack("!H", c or 0xFFFF)
    elif proto in (1, 58):
        f[l4 + 2:l4 + 4] = b"\0\0"
        f[l4 + 2:l4 + 4] = struct.pack("!H", csum((pseudo if proto == 58 else b"") +
                                                   bytes(f[l4:end])))
    elif proto == 132:
        f[l4 + 8:l4 + 12] = b"\0\0\0\0"
        f[l4 + 8:l4 + 12] = struct.pack("<I", crc32c(bytes(f[l4:end])))
    return bytes(f)


def verify(f):
    """True when every checksum of f is what fix_checksums would write."""
    return fix_checksums(f) == bytes(f)


def frame(rng, kind, vlan=None, ttl=64, tos=0):
    """A frame of kind ip4-tcp, ip4-udp, ip4-udp0, ip4-icmp, ip4-sctp, ip6-tcp,
    ip6-udp, arp, ip4-frag; vlan = (tpid, tci) or None."""
    dst, src = bytes([2, 0, 0, 0, 0, rng.randrange(256)]), bytes([2, 0, 0, 0, 1, 1])
    payload = rng.randbytes(rng.randrange(0, 200))
    sport, dport = rng.randrange(1, 65536), rng.randrange(1, 65536)
    if kind == "arp":
        body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, src, bytes([10, 0, 0, 1]),
                           b"\0" * 6, bytes([10, 0, 0, 2]))
        t = 0x0806
    elif kind.startswith("ip6"):
        proto = 6 if kind == "ip6-tcp" else 17
        l4 = (struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x18, 512, 0, 0)
              if proto == 6 else struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)) + payload
        body = struct.pack("!IHBB16s16s", 0x60000000 | tos << 20, len(l4), proto, ttl,
                           bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [1]),
                           bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [2])) + l4
        t = 0x86DD
    else:
        proto = {"ip4-tcp": 6, "ip4-udp": 17, "ip4-udp0": 17, "ip4-icmp": 1, "ip4-sctp": 132,
                 "ip4-frag": 17}[kind]
        if proto == 6:
            l4 = struct.pack("!HHIIBBHHH", sport, dport, 7, 9, 0x50, 0x12, 1024, 0, 0)
        elif proto == 17:
            # A non-zero placeholder asks fix_checksums for a real checksum; 0 means none.
            l4 = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0 if kind == "ip4-udp0" else 1)
        elif proto == 132:
            l4 = struct.pack("!HHII", sport, dport, 0x01020304, 0)
        else:
            l4 = struct.pack("!BBHI", 8, 0, 0, 0x12345678)
        l4 += payload
        frag = 0x2000 if kind == "ip4-frag" else 0
        body = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(l4), rng.randrange(65536), frag,
                           ttl, proto, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + l4
        t = 0x0800
    tag = struct.pack("!HH", *vlan) if vlan else b""
    return fix_checksums(dst + src + tag + struct.pack("!H", t) + body)


def frames(seed=1):
    """A mixed set: every kind, untagged, 802.1Q and 802.1ad tagged, TTL 1 included."""
    rng = random.Random(seed)
    out = []
    kinds = ["ip4-tcp", "ip4-udp", "ip4-udp0", "ip4-icmp", "ip4-sctp", "ip6-tcp", "ip6-udp",
             "arp", "ip4-frag"]
    for i in range(90):
        vlan = [None, (0x8100, 0x2005), (0x88A8, 0x0064)][i % 3]
        out.append(frame(rng, kinds[i % len(kinds)], vlan, ttl=1 if i % 10 == 0 else 64,
                         tos=0x2A if i % 4 == 0 else 0))
    return out


# ---- actions, applied the obvious way (checksums fixed by the caller) ----

def push_vlan(f, tpid):
    """A new outer tag, TCI 0 (OVS's push_vlan: mod_vlan_vid or set_field sets it)."""
    return f[:12] + struct.pack("!HH", tpid, 0) + f[12:]


def strip_vlan(f):
    return f[:12] + f[16:] if layout(f)[2] else f


def mod_vlan(f, vid=None, pcp=None):
    if not layout(f)[2]:
        f = push_vlan(f, 0x8100)
    tci = struct.unpack_from("!H", f, 14)[0]
    if vid is not None:
        tci = (tci & 0xF000) | vid
    if pcp is not None:
        tci = (tci & 0x1FFF) | pcp << 13
    return f[:14] + struct.pack("!H", tci) + f[16:]


def set_mac(f, which, mac):
    off = 0 if which == "dst" else 6
    return f[:off] + mac + f[off + 6:]


def set_ip4(f, which, addr):
    l3, t, _ = layout(f)
    if t != 0x0800:
        return f
    off = l3 + (12 if which == "src" else 16)
    return fix_checksums(f[:off] + addr + f[off + 4:])


def set_tos(f, tos):
    l3, t, _ = layout(f)
    b = bytearray(f)
    if t == 0x0800:
        b[l3 + 1] = (b[l3 + 1] & 3) | tos
    elif t == 0x86DD:
        tc = ((b[l3] & 15) << 4 | b[l3 + 1] >> 4) & 3 | tos
        b[l3] = (b[l3] & 0xF0) | tc >> 4
        b[l3 + 1] = (b[l3 + 1] & 0x0F) | (tc & 15) << 4
    return fix_checksums(bytes(b))


def set_port(f, which, port):
    l3, t, _ = layout(f)
    if t == 0x0800:
        if struct.unpack_from("!H", f, l3 + 6)[0] & 0x1FFF:
            return f
        proto, l4 = f[l3 + 9], l3 + (f[l3] & 15) * 4
    elif t == 0x86DD:
        proto, l4 = f[l3 + 6], l3 + 40
    else:
        return f
    if proto not in (6, 17, 132):
        return f
    off = l4 + (0 if which == "src" else 2)
    return fix_checksums(f[:off] + struct.pack("!H", port) + f[off + 2:])


def dec_ttl(f):
    """(frame, dropped)."""
    l3, t, _ = layout(f)
    b = bytearray(f)
    if t == 0x0800:
        if b[l3 + 8] <= 1:
            return f, True
        b[l3 + 8] -= 1
    elif t == 0x86DD:
        if b[l3 + 7] <= 1:
            return f, True
        b[l3 + 7] -= 1
    return fix_checksums(bytes(b)), False
