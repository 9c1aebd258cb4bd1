# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""taplib: talk to a vswitchd port through its kernel side.

A vswitchd port opened as net_tap (devargs "net_tapN,iface=NAME") is a kernel
interface NAME; what a test writes to NAME with an AF_PACKET socket arrives
on the port, and what the port sends the socket reads. Tests use it to send
chosen frames one at a time and look at exactly what came out of each port,
VLAN tags included (the kernel moves a received tag into packet metadata;
Tap puts it back from PACKET_AUXDATA, as libpcap does).

Frames carry ethertype 0x88b5 (IEEE local experimental) and a payload that
names them, so the kernel's own traffic on the interfaces is told apart.
"""

import errno
import os
import select
import socket
import struct

from vswtest import TestFailure, poll

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
TEST_ETHERTYPE = 0x88B5
MAGIC = b"vswt"


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def frame(dst, src, tag, name):
    """A test frame: dst/src "aa:bb:..", tag a VLAN ID (None: untagged), name a short str."""
    head = mac(dst) + mac(src)
    if tag is not None:
        head += struct.pack("!HH", 0x8100, tag)
    body = head + struct.pack("!H", TEST_ETHERTYPE) + MAGIC + name.encode()
    return body + bytes(max(0, 60 - len(body)))


def describe(data):
    """(name, VLAN ID or None) of a test frame; None for any other frame."""
    off, tag = 12, None
    if len(data) >= 18 and struct.unpack("!H", data[12:14])[0] == 0x8100:
        tag = struct.unpack("!H", data[14:16])[0] & 0x0FFF
        off = 16
    if struct.unpack("!H", data[off:off + 2])[0] != TEST_ETHERTYPE:
        return None
    payload = data[off + 2:]
    if not payload.startswith(MAGIC):
        return None
    return payload[len(MAGIC):].rstrip(b"\0").decode(errors="replace"), tag


def quiet(ifname):
    """Keep the kernel from sending on ifname (IPv6 router solicitations, MLD)."""
    try:
        with open(f"/proc/sys/net/ipv6/conf/{ifname}/disable_ipv6", "w") as f:
            f.write("1")
    except OSError:
        pass


class Tap:
    """An AF_PACKET socket on one kernel interface."""

    def __init__(self, ifname):
        self.ifname = ifname
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.sock.bind((ifname, 0))

    def send(self, data):
        self.sock.send(data)

    def drain(self):
        """Read whatever is queued: [(name, vlan)] of test frames received."""
        return [d for d in map(describe, self.drain_raw()) if d is not None]

    def drain_raw(self):
        """Read whatever is queued: every frame the interface received, as bytes (a tag
        the kernel took off into its metadata put back)."""
        got = []
        while select.select([self.sock], [], [], 0)[0]:
            try:
                data, anc, _, addr = self.sock.recvmsg(65535, socket.CMSG_SPACE(32))
            except OSError as e:
                # The interface went down (a DPDK tap restarting its device): the socket
                # reports it once; callers poll again.
                if e.errno != errno.ENETDOWN:
                    raise
                break
            if addr[2] == PACKET_OUTGOING:
                continue
            for level, kind, cdata in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(cdata) >= 20:
                    status, _, _, _, _, tci, tpid = struct.unpack("=IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            got.append(data)
        return got

    def close(self):
        self.sock.close()


def wait_interfaces(names, timeout=10):
    """Whether every interface of names exists within timeout seconds."""
    try:
        poll(lambda: all(os.path.exists(f"/sys/class/net/{n}") for n in names), bool,
             f"interfaces {names}", timeout)
        return True
    except TestFailure:
        return False
