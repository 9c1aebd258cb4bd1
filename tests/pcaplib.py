# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""pcaplib: writes and reads classic pcap files, reads pcapng, makes varied test frames.

Used by the integration tests (and, with `python3 pcaplib.py gen OUT N`, by
hand) to build input captures for net_pcap ports and to compare what the
switch wrote out, frame for frame. Standard library only.
"""

import random
import struct
import sys

PCAP_MAGIC = 0xA1B2C3D4
LINKTYPE_ETHERNET = 1
SNAPLEN = 65535


def write_pcap(path, frames):
    """Write frames (bytes objects) to path as a pcap, 1 us apart."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", PCAP_MAGIC, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1_700_000_000 + i // 1_000_000, i % 1_000_000,
                                len(fr), len(fr)))
            f.write(fr)


def read_pcap(path):
    """The frames of a pcap file (either byte order, us or ns), as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError(f"{path}: not a pcap file ({len(data)} bytes)")
    magic_le = struct.unpack_from("<I", data, 0)[0]
    if magic_le in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    elif magic_le in (0xD4C3B2A1, 0x4D3CB2A1):
        end = ">"
    else:
        raise ValueError(f"{path}: bad pcap magic {magic_le:#x}")
    frames, off = [], 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack_from(end + "IIII", data, off)
        off += 16
        if off + caplen > len(data):
            raise ValueError(f"{path}: truncated record at byte {off}")
        frames.append(data[off:off + caplen])
        off += caplen
    return frames


def read_pcapng(path):
    """The packets of a pcapng file (enhanced and simple packet blocks), as bytes.

    Little-endian sections only (what dpdk-dumpcap writes on x86)."""
    with open(path, "rb") as f:
        data = f.read()
    frames, off = [], 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12 or off + blen > len(data):
            raise ValueError(f"{path}: bad block at byte {off}")
        if btype == 6:  # enhanced packet block
            caplen = struct.unpack_from("<I", data, off + 20)[0]
            frames.append(data[off + 28:off + 28 + caplen])
        elif btype == 3:  # simple packet block
            origlen = struct.unpack_from("<I", data, off + 8)[0]
            frames.append(data[off + 12:off + 12 + min(origlen, blen - 16)])
        off += blen
    return frames


def csum(data):
    """The Internet checksum of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def _mac(rng, multicast=False):
    b = bytearray(rng.randbytes(6))
    b[0] = (b[0] & 0xFC) | (1 if multicast else 0)
    return bytes(b)


def _ipv4(rng, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, rng.randrange(256), 20 + len(payload),
                      rng.randrange(65536), 0, rng.randrange(1, 256), proto, 0,
                      rng.randbytes(4), rng.randbytes(4))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def _ipv6(rng, proto, payload):
    return struct.pack("!IHBB16s16s", 0x60000000 | rng.randrange(1 << 20), len(payload),
                       proto, rng.randrange(1, 256), rng.randbytes(16), rng.randbytes(16)) + payload


def _l4(rng, kind, size):
    body = rng.randbytes(size)
    if kind == "tcp":
        return struct.pack("!HHIIBBHHH", rng.randrange(65536), rng.randrange(65536),
                           rng.randrange(1 << 32), rng.randrange(1 << 32), 0x50,
                           rng.randrange(256), 8192, 0, 0) + body
    if kind == "udp":
        return struct.pack("!HHHH", rng.randrange(65536), rng.randrange(65536),
                           8 + size, 0) + body
    return struct.pack("!BBHI", rng.choice([0, 8, 3, 11]), rng.randrange(16), 0,
                       rng.randrange(1 << 32)) + body


def _arp(rng):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, rng.choice([1, 2]), rng.randbytes(6),
                       rng.randbytes(4), rng.randbytes(6), rng.randbytes(4))


def make_frame(rng, i):
    """One frame; the kind cycles with i so every kind appears many times."""
    kinds = ["ipv4-tcp", "ipv4-udp", "ipv4-icmp", "ipv6-tcp", "ipv6-udp", "ipv6-icmp", "arp",
             "vlan-ipv4", "qinq-ipv6", "raw", "runt", "jumbo", "ipv4-frag", "truncated-ip"]
    kind = kinds[i % len(kinds)]
    dst = _mac(rng, multicast=(i % 7 == 0))
    src = _mac(rng)
    size = rng.randrange(0, 1400)
    if kind.startswith("ipv4") or kind == "vlan-ipv4":
        l4 = {"tcp": 6, "udp": 17, "icmp": 1}.get(kind.split("-")[-1], 17)
        name = {6: "tcp", 17: "udp", 1: "icmp"}[l4]
        l3 = _ipv4(rng, l4, _l4(rng, name, size))
        if kind == "ipv4-frag":
            l3 = l3[:6] + struct.pack("!H", 0x2000 | rng.randrange(1, 100)) + l3[8:]
        eth = struct.pack("!6s6sH", dst, src, 0x0800)
        if kind == "vlan-ipv4":
            eth = struct.pack("!6s6sHHH", dst, src, 0x8100, rng.randrange(4096), 0x0800)
        return eth + l3
    if kind.startswith("ipv6") or kind == "qinq-ipv6":
        name = kind.split("-")[-1] if kind != "qinq-ipv6" else "udp"
        l4 = {"tcp": 6, "udp": 17, "icmp": 58}[name]
        l3 = _ipv6(rng, l4, _l4(rng, name, size))
        if kind == "qinq-ipv6":
            return struct.pack("!6s6sHHHHH", dst, src, 0x88A8, rng.randrange(4096), 0x8100,
                               rng.randrange(4096), 0x86DD) + l3
        return struct.pack("!6s6sH", dst, src, 0x86DD) + l3
    if kind == "arp":
        return struct.pack("!6s6sH", b"\xff" * 6, src, 0x0806) + _arp(rng)
    if kind == "runt":
        return (struct.pack("!6s6sH", dst, src, 0x0800) + rng.randbytes(40))[:rng.randrange(1, 60)]
    if kind == "jumbo":
        return struct.pack("!6s6sH", dst, src, 0x0800) + _ipv4(
            rng, 17, _l4(rng, "udp", rng.randrange(2000, 9000)))
    if kind == "truncated-ip":
        full = struct.pack("!6s6sH", dst, src, 0x0800) + _ipv4(rng, 6, _l4(rng, "tcp", 20))
        return full[:rng.randrange(15, 40)]
    return struct.pack("!6s6sH", dst, src, rng.randrange(0x0600, 0xFFFF)) + rng.randbytes(
        size + 46)


def make_frames(n, seed=1):
    """n varied frames, the same for the same seed."""
    rng = random.Random(seed)
    return [make_frame(rng, i) for i in range(n)]


def main(argv):
    if len(argv) == 4 and argv[1] == "gen":
        write_pcap(argv[2], make_frames(int(argv[3])))
        return 0
    if len(argv) == 3 and argv[1] == "count":
        print(len(read_pcap(argv[2])))
        return 0
    print("usage: pcaplib.py gen OUT.pcap N | count FILE.pcap", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
