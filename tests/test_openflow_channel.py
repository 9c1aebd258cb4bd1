# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""The OpenFlow channel's sessions, with raw messages: negotiation, errors, probes, controllers.

usage: test_openflow_channel.py CASE   (meson runs each case as its own test)

  malformed   on one connection, while port a's frames are forwarded to z: a
              wrong version, an unknown type, group and meter mods, an
              experimenter message, a request in parts, flow_mods with a
              truncated match, an unknown field, a field without its
              prerequisite, a group action, a meter instruction, write_actions
              holding a controller output, a bad command;
              each is answered with the OFPT_ERROR OpenFlow names for it (its
              xid, the request's first bytes), the connection stays, a good
              flow_mod and barrier still work, and forwarding never stops; then
              a length under 8, which is answered and closes the connection
  hello       version negotiation: bitmaps with and without 1.3, 1.0's bare
              HELLO (HELLO_FAILED, then closed), a message before HELLO
  probe       a silent peer gets an ECHO_REQUEST after inactivity-probe seconds
              and is closed after as long again; one that answers stays
  roles       master, slave and equal: a new master makes the old one a slave, a slave's
              flow_mods are refused, an older generation_id is stale
  controller  vswitchd connects to a controller (a listening socket here),
              again after the controller closes, with back-off; flows survive
  bundles     ONF's bundles in 1.3: open, add, close, commit, discard; an add to
              no bundle opens one; nothing of a bundle is seen before its commit;
              a bundle one of whose flow_mods overlaps at the commit is refused
              whole (that flow_mod's error, then MSG_FAILED); each misuse
              answered with its error (a second bundle, an add after close, a
              commit of no bundle, a reply type, another xid, version or length
              inside, a packet-out inside, a field vsw lacks, a short control, a
              slave); a connection that goes with a bundle open leaves nothing
"""

import os
import re
import socket
import struct
import sys
import time

from vswtest import Switch, check, dpdk_port, ofctl, poll, run_cases, topology

HELLO13 = bytes.fromhex("04000010000000010001000800000010")
OFPT = {"ERROR": 1, "ECHO_REQUEST": 2, "ECHO_REPLY": 3, "EXPERIMENTER": 4, "FEATURES_REQUEST": 5,
        "FEATURES_REPLY": 6, "FLOW_MOD": 14, "GROUP_MOD": 15, "MULTIPART_REQUEST": 18,
        "BARRIER_REQUEST": 20, "BARRIER_REPLY": 21, "GET_ASYNC_REQUEST": 26, "SET_ASYNC": 28,
        "METER_MOD": 29}


def msg(type_, body=b"", xid=7, version=4, length=None):
    return struct.pack("!BBHI", version, OFPT.get(type_, type_) if isinstance(type_, str) else type_,
                       8 + len(body) if length is None else length, xid) + body


def oxm(cls, field, value):
    return struct.pack("!HBB", cls, field << 1, len(value)) + value


def match(*oxms):
    body = b"".join(oxms)
    m = struct.pack("!HH", 1, 4 + len(body)) + body
    return m + b"\0" * (-len(m) % 8)


def apply_actions(*actions):
    body = b"".join(actions)
    return struct.pack("!HH4x", 4, 8 + len(body)) + body


def output(port):
    return struct.pack("!HHIH6x", 0, 16, port, 0)


def flow_mod(m, instructions=b"", command=0, table=0, priority=100, xid=7):
    fixed = struct.pack("!QQBBHHHIIIH2x", 0, 0, table, command, 0, 0, priority, 0xffffffff,
                        0xffffffff, 0xffffffff, 0)
    return msg("FLOW_MOD", fixed + m + instructions, xid)


IP = oxm(0x8000, 5, b"\x08\x00")


def cut(m, n):
    """The first n bytes of message m, its length field saying n."""
    return m[:2] + struct.pack("!H", n) + m[4:n]


class Conn:
    """A raw OpenFlow connection to sw's default listener."""

    def __init__(self, sw, hello=HELLO13):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(5)
        self.s.connect(sw.of_target()[len("unix:"):])
        self.buf = b""
        if hello is not None:
            self.s.sendall(hello)
            h = self.recv()
            check(h[1] == 0, f"the switch's first message is a HELLO: {h.hex()}")

    def recv(self, timeout=5):
        self.s.settimeout(timeout)
        while len(self.buf) < 8 or len(self.buf) < struct.unpack("!H", self.buf[2:4])[0]:
            data = self.s.recv(65536)
            if not data:
                raise EOFError("closed by the switch")
            self.buf += data
        n = struct.unpack("!H", self.buf[2:4])[0]
        m, self.buf = self.buf[:n], self.buf[n:]
        return m

    def error_of(self, request, what):
        """Send request; its answer must be an OFPT_ERROR: (type, code)."""
        self.s.sendall(request)
        r = self.recv()
        check(r[1] == OFPT["ERROR"] and r[4:8] == request[4:8] and
              r[12:12 + min(64, len(request))] == request[:64],
              f"{what}: an error with the request's xid and first bytes, got {r.hex()}")
        return struct.unpack("!HH", r[8:12])

    def close(self):
        self.s.close()


def forwarding_switch(sw, **keys):
    sw.write_config(topology([dpdk_port("a", "net_null0", "ofport: 1"),
                              dpdk_port("z", "net_null1,no-rx=1", "ofport: 2")],
                             ["in_port=1,actions=output:2"],
                             bridge_keys=",".join(f"{k}: {v}" for k, v in keys.items())))
    sw.start()


def tx_z(sw):
    return int(sw.probe()["port"]["z"]["tx_packets"])


def case_malformed():
    cases = [  # request, (type, code) in 1.3's numbers, what
        (msg("FEATURES_REQUEST", version=1), (1, 0), "a 1.0 message on a 1.3 connection"),
        (msg(200), (1, 1), "an unknown type"),
        (msg("GROUP_MOD", b"\0" * 8), (1, 1), "a group mod (vsw has no groups)"),
        (msg("METER_MOD", b"\0" * 8), (1, 1), "a meter mod"),
        (msg("EXPERIMENTER", b"\0\0\x23\x20\0\0\0\x10"), (1, 3), "an experimenter message"),
        (msg("MULTIPART_REQUEST", struct.pack("!HH4x", 1, 1) + b"\0" * 40), (1, 13),
         "a request in parts"),
        (msg("MULTIPART_REQUEST", struct.pack("!HH4x", 99, 0)), (1, 2), "an unknown multipart"),
        (cut(flow_mod(match(IP, oxm(0x8000, 11, b"\x0a\0\0\x01"))), 60), (4, 1),
         "a flow_mod whose match runs past its end"),
        (flow_mod(match(oxm(0x8000, 34, b"\0" * 4))), (4, 6), "a field vsw lacks (MPLS label)"),
        (flow_mod(match(oxm(0x8000, 13, b"\0\x50"))), (4, 9), "tcp_src without tcp"),
        (flow_mod(match(IP, IP)), (4, 10), "a field given twice"),
        (flow_mod(match(IP), apply_actions(struct.pack("!HHI", 22, 8, 1))), (2, 9),
         "a group action"),
        (flow_mod(match(IP), struct.pack("!HHI", 6, 8, 1)), (3, 1), "a meter instruction"),
        (flow_mod(match(IP), struct.pack("!HH4x", 3, 24) + struct.pack("!HHIH6x", 0, 16, 0xfffffffd, 64)),
         (2, 0), "write_actions holding a controller output"),
        (flow_mod(match(IP), apply_actions(output(0xfffffffe))), (2, 4), "output to LOCAL"),
        (flow_mod(match(IP), command=9), (5, 6), "a flow_mod command past 4"),
        (flow_mod(match(IP), struct.pack("!HHB3x", 1, 8, 0)), (3, 2), "goto_table backwards"),
        (msg("FLOW_MOD", b"\0" * 2000), (4, 0), "a flow_mod of zeros (match type 0)"),
    ]
    with Switch("ofbad") as sw:
        forwarding_switch(sw)
        c = Conn(sw)
        for request, want, what in cases:
            before = tx_z(sw)
            got = c.error_of(request, what)
            check(got == want, f"{what}: error {got}, want {want}")
            poll(lambda: tx_z(sw), lambda n: n > before, f"forwarding after {what}", 5)
        # The connection still works.
        c.s.sendall(flow_mod(match(IP), apply_actions(output(2)), priority=50, xid=8) +
                    msg("BARRIER_REQUEST", xid=9))
        r = c.recv()
        check(r[1] == OFPT["BARRIER_REPLY"] and r[4:8] == struct.pack("!I", 9),
              f"a good flow_mod and barrier after the errors: {r.hex()}")
        rc, out, _ = ofctl(sw, "dump-flows", "br0")
        check("priority=50,ip actions=output:2" in out, f"the good flow_mod took: {out}")
        # A length under 8 cannot be framed past: an error, then the connection closes.
        c.s.sendall(msg("ECHO_REQUEST", length=4))
        r = c.recv()
        check(r[1] == OFPT["ERROR"] and struct.unpack("!HH", r[8:12]) == (1, 6),
              f"a length under 8: BAD_LEN, got {r.hex()}")
        try:
            c.recv(timeout=3)
            check(False, "the connection closed after a length under 8")
        except EOFError:
            pass
        before = tx_z(sw)
        poll(lambda: tx_z(sw), lambda n: n > before, "forwarding at the end", 5)
        check(sw.stop() == 0, "clean stop")
    print(f"malformed: {len(cases) + 1} malformed messages each answered with its error; "
          "forwarding never stopped")


def refused_hello(sw, hello, what):
    """hello (or a first message that is none) answered with our HELLO, then
    HELLO_FAILED/INCOMPATIBLE, then the connection closed."""
    c = Conn(sw, hello=None)
    c.s.sendall(hello)
    got = [c.recv(), c.recv()]
    check(got[0][1] == 0 and got[1][1] == OFPT["ERROR"] and
          struct.unpack("!HH", got[1][8:12]) == (0, 0),
          f"{what}: our HELLO then HELLO_FAILED/INCOMPATIBLE, got {[g.hex() for g in got]}")
    try:
        c.recv(timeout=3)
        check(False, f"{what}: closed after the error")
    except EOFError:
        pass


def case_hello():
    with Switch("ofhello") as sw:
        forwarding_switch(sw)
        # 1.0 and 1.3 offered: 1.3.
        c = Conn(sw, bytes.fromhex("04000010000000010001000800000012"))
        c.s.sendall(msg("FEATURES_REQUEST", xid=3))
        check(c.recv()[1] == OFPT["FEATURES_REPLY"], "1.3 agreed from a bitmap")
        c.close()
        # 1.0's bare HELLO (ovs-ofctl's default): 1.0, in its own layouts and error numbers.
        c = Conn(sw, bytes.fromhex("0100000800000001"))
        c.s.sendall(msg("FEATURES_REQUEST", xid=3, version=1))
        r = c.recv()
        check(r[:2] == b"\x01\x06" and len(r) == 32 + 2 * 48,
              f"1.0 agreed: a 1.0 FEATURES_REPLY with both ports, got {r.hex()}")
        nx = struct.pack("!II", 0x2320, 16)  # Nicira's NXT_SET_PACKET_IN_FORMAT
        for request, want, what in [
                (msg("FEATURES_REQUEST"), (1, 0), "a 1.3 message on a 1.0 connection"),
                (msg(14, b"\0" * 40, version=1), (1, 6), "a 1.0 flow_mod cut short"),
                (msg(16, struct.pack("!HH", 5, 0), version=1), (1, 2), "queue statistics"),
                (msg(4, struct.pack("!I", 0x1234), version=1), (1, 3), "a vendor vsw lacks"),
                (msg(4, nx + struct.pack("!I", 1), version=1), (1, 4), "Nicira's packet-ins"),
                (msg(14, b"\0" * 64 + struct.pack("!HH", 11, 16) + b"\0" * 12, version=1),
                 (2, 0), "enqueue (no queues)")]:
            check(c.error_of(request, what) == want, f"{what}: error {want}")
        c.s.sendall(msg(18, xid=9, version=1))  # 1.0's BARRIER_REQUEST
        r = c.recv()
        check(r[:2] == b"\x01\x13" and r[4:8] == struct.pack("!I", 9), f"1.0 barrier: {r.hex()}")
        c.close()
        for hello, what in [(bytes.fromhex("06000010000000010001000800000040"), "1.5 only"),
                            (msg("FEATURES_REQUEST"), "a message before HELLO")]:
            refused_hello(sw, hello, what)
        check(sw.stop() == 0, "clean stop")
    with Switch("ofhello13") as sw:
        forwarding_switch(sw, protocols="[OpenFlow13]")
        refused_hello(sw, bytes.fromhex("0100000800000001"), "1.0 where only 1.3 is on")
        check(sw.stop() == 0, "clean stop")
    print("hello: 1.3 negotiated from a bitmap, 1.0 from its bare HELLO (its messages "
          "answered in 1.0, malformed ones with 1.0's errors); 1.5, no HELLO, and 1.0 where "
          "protocols leaves it out, refused with HELLO_FAILED before closing")


def case_probe():
    with Switch("ofprobe") as sw:
        forwarding_switch(sw, **{"inactivity-probe": 1})
        silent, lively = Conn(sw), Conn(sw)
        t0 = time.monotonic()
        r = silent.recv(timeout=4)
        dt = time.monotonic() - t0
        check(r[1] == OFPT["ECHO_REQUEST"] and 0.8 < dt < 3, f"an echo after ~1 s: {dt:.1f} s")
        closed_at = None
        while time.monotonic() - t0 < 5:  # the lively peer answers every echo
            try:
                e = lively.recv(timeout=0.2)
                if e[1] == OFPT["ECHO_REQUEST"]:
                    lively.s.sendall(msg("ECHO_REPLY", xid=struct.unpack("!I", e[4:8])[0]))
            except socket.timeout:
                pass
            if closed_at is None:
                try:
                    silent.recv(timeout=0.01)
                except EOFError:
                    closed_at = time.monotonic() - t0
                except socket.timeout:
                    pass
        check(closed_at is not None and 1.5 < closed_at < 3.5,
              f"the silent peer is closed after about 2 s: {closed_at}")
        lively.s.sendall(msg("ECHO_REQUEST", b"abc", xid=5))
        r = lively.recv()
        while r[1] == OFPT["ECHO_REQUEST"]:
            r = lively.recv()
        check(r[1] == OFPT["ECHO_REPLY"] and r[8:] == b"abc", "the lively peer stays")
        check(sw.stop() == 0, "clean stop")
    print("probe: echo after the inactivity probe, a silent peer closed, a lively one kept")


def role_request(role, generation, xid=30):
    return msg(24, struct.pack("!I4xQ", role, generation), xid)


def case_roles():
    """Roles: a new master makes the old one a slave, whose flow_mods are refused; an older
    generation_id is stale; equal needs none."""
    MASTER, SLAVE, EQUAL = 2, 3, 1
    with Switch("ofroles") as sw:
        forwarding_switch(sw)
        a, b = Conn(sw), Conn(sw)
        a.s.sendall(role_request(MASTER, 1))
        r = a.recv()
        check(r[1] == 25 and struct.unpack("!I4xQ", r[8:24]) == (MASTER, 1), f"a master: {r.hex()}")
        b.s.sendall(role_request(MASTER, 2))
        r = b.recv()
        check(r[1] == 25 and struct.unpack("!I", r[8:12])[0] == MASTER, f"b master: {r.hex()}")
        got = a.error_of(flow_mod(match(IP), apply_actions(output(2))), "a's flow_mod as a slave")
        check(got == (1, 10), f"a, now a slave, refused with IS_SLAVE: {got}")
        got = a.error_of(role_request(SLAVE, 1), "an older generation_id")
        check(got == (11, 0), f"generation 1 after 2: STALE: {got}")
        a.s.sendall(role_request(EQUAL, 0))
        r = a.recv()
        check(r[1] == 25 and struct.unpack("!I4xQ", r[8:24]) == (EQUAL, 2),
              f"equal, and the bridge's generation: {r.hex()}")
        a.s.sendall(flow_mod(match(IP), apply_actions(output(2)), priority=33) +
                    msg("BARRIER_REQUEST", xid=77))
        r = a.recv()
        check(r[1] == OFPT["BARRIER_REPLY"], f"an equal's flow_mod taken: {r.hex()}")
        check(sw.stop() == 0, "clean stop")
    print("roles: master moved to a newer master, slave refused, stale generation refused, "
          "equal taken")


ONF = 0x4f4e4600
BUNDLE_ERR = {"BAD_ID": 2302, "OUT_OF_BUNDLES": 2305, "CLOSED": 2304, "BAD_TYPE": 2306,
              "MSG_BAD_LEN": 2308, "MSG_BAD_XID": 2309, "MSG_UNSUP": 2310, "MSG_FAILED": 2313}


def bundle_ctrl(bid, type_, flags=1, xid=40):
    return msg("EXPERIMENTER", struct.pack("!IIIHH", ONF, 2300, bid, type_, flags), xid)


def bundle_add(bid, inner, flags=1, xid=None):
    """BUNDLE_ADD_MESSAGE of inner into bundle bid, with inner's xid unless xid is given."""
    xid = struct.unpack("!I", inner[4:8])[0] if xid is None else xid
    return msg("EXPERIMENTER", struct.pack("!III2xH", ONF, 2301, bid, flags) + inner, xid)


def bundle_error(c, request, what):
    """Send request; its answer must be ONF's experimenter error: its code."""
    c.s.sendall(request)
    r = c.recv()
    check(r[1] == OFPT["ERROR"] and r[4:8] == request[4:8] and r[8:10] == b"\xff\xff" and
          struct.unpack("!I", r[12:16])[0] == ONF and r[16:16 + min(64, len(request))] ==
          request[:64], f"{what}: ONF's error with the request's xid and bytes, got {r.hex()}")
    return struct.unpack("!H", r[10:12])[0]


def bundle_reply(c, bid, type_):
    r = c.recv()
    check(r[1] == OFPT["EXPERIMENTER"] and struct.unpack("!IIIHH", r[8:24]) ==
          (ONF, 2300, bid, type_, 0), f"bundle {bid}: reply type {type_}, got {r.hex()}")


def priorities(sw):
    out = ofctl(sw, "dump-flows", "br0")[1]
    return sorted(int(p) for p in re.findall(r"priority=(\d+)", out))


def case_bundles():
    fm = lambda prio, xid, *more: flow_mod(match(IP, *more), apply_actions(output(2)),
                                           priority=prio, xid=xid)
    with Switch("ofbundle") as sw:
        forwarding_switch(sw)
        c = Conn(sw)
        c.s.sendall(fm(62, 49) + msg("BARRIER_REQUEST", xid=48))
        check(c.recv()[1] == OFPT["BARRIER_REPLY"], "a rule of priority 62")
        before = priorities(sw)
        c.s.sendall(bundle_ctrl(1, 0))
        bundle_reply(c, 1, 1)
        check(bundle_error(c, bundle_ctrl(2, 0), "a second bundle") ==
              BUNDLE_ERR["OUT_OF_BUNDLES"], "a second bundle: OUT_OF_BUNDLES")
        checks = [  # (request, (type, code) or ONF code, what)
            (bundle_add(1, fm(70, 51), xid=52), "MSG_BAD_XID", "another xid inside"),
            (cut(bundle_add(1, fm(70, 53)), len(bundle_add(1, fm(70, 53))) - 8), "MSG_BAD_LEN",
             "an inner length past the end"),
            (bundle_add(1, msg("FLOW_MOD", b"\0" * 8, xid=54, version=1)), (1, 0),
             "a 1.0 message inside"),
            (bundle_add(1, msg(13, b"\0" * 16, xid=55)), "MSG_UNSUP", "a packet-out inside"),
            (bundle_add(1, fm(70, 56, oxm(0x8000, 34, b"\0" * 4))), (4, 6),
             "a flow_mod matching a field vsw lacks"),
            (bundle_ctrl(1, 1), "BAD_TYPE", "a reply type"),
            (bundle_ctrl(1, 9), "BAD_TYPE", "a type past discard"),
        ]
        for request, want, what in checks:
            if isinstance(want, tuple):
                got = c.error_of(request, what)
            else:
                got, want = bundle_error(c, request, what), BUNDLE_ERR[want]
            check(got == want, f"{what}: {got}, want {want}")
        # A good flow_mod, then one that overlaps priority 62 at the commit: nothing kept.
        c.s.sendall(bundle_add(1, fm(61, 57)) + msg("BARRIER_REQUEST", xid=58))
        check(c.recv()[1] == OFPT["BARRIER_REPLY"], "barrier inside a bundle")
        check(priorities(sw) == before, f"nothing of a bundle before its commit: {priorities(sw)}")
        overlap = bytearray(fm(62, 59, oxm(0x8000, 10, b"\x06")))  # tcp
        overlap[44:46] = struct.pack("!H", 2)  # check_overlap
        c.s.sendall(bundle_add(1, bytes(overlap)) + bundle_ctrl(1, 4, xid=60))
        r = c.recv()
        check(r[1] == OFPT["ERROR"] and r[8:12] == struct.pack("!HH", 5, 3) and
              r[4:8] == struct.pack("!I", 59), f"the overlapping flow_mod's error: {r.hex()}")
        r = c.recv()
        check(r[1] == OFPT["ERROR"] and r[4:8] == struct.pack("!I", 60) and
              struct.unpack("!H", r[10:12])[0] == BUNDLE_ERR["MSG_FAILED"],
              f"the commit: MSG_FAILED, got {r.hex()}")
        check(priorities(sw) == before, f"a failed bundle leaves the table: {priorities(sw)}")
        # Close, then an add: CLOSED (the bundle goes); its commit: BAD_ID.
        c.s.sendall(bundle_ctrl(3, 0) + bundle_add(3, fm(63, 61)) + bundle_ctrl(3, 2))
        bundle_reply(c, 3, 1)
        bundle_reply(c, 3, 3)
        check(bundle_error(c, bundle_add(3, fm(63, 62)), "an add after close") ==
              BUNDLE_ERR["CLOSED"], "an add after close: CLOSED")
        check(bundle_error(c, bundle_ctrl(3, 4), "a commit of no bundle") == BUNDLE_ERR["BAD_ID"],
              "a commit of no bundle: BAD_ID")
        # Adds open a bundle; its commit is one change.
        c.s.sendall(bundle_add(4, fm(64, 63)) + bundle_add(4, fm(65, 64)) + bundle_ctrl(4, 4))
        bundle_reply(c, 4, 5)
        check(priorities(sw) == sorted(before + [64, 65]), f"committed: {priorities(sw)}")
        # Discard.
        c.s.sendall(bundle_ctrl(5, 0) + bundle_add(5, fm(66, 65)) + bundle_ctrl(5, 6))
        bundle_reply(c, 5, 1)
        bundle_reply(c, 5, 7)
        check(bundle_error(c, bundle_ctrl(5, 6), "a second discard") == BUNDLE_ERR["BAD_ID"],
              "a second discard: BAD_ID")
        got = c.error_of(msg("EXPERIMENTER", struct.pack("!II", ONF, 2300)), "a short control")
        check(got == (1, 6), f"a short control: BAD_LEN {got}")
        # A connection that goes with a bundle open.
        d = Conn(sw)
        d.s.sendall(bundle_add(6, fm(67, 66)) + msg("BARRIER_REQUEST", xid=67))
        check(d.recv()[1] == OFPT["BARRIER_REPLY"], "an add on another connection")
        d.close()
        time.sleep(0.2)
        # A slave.
        c.s.sendall(role_request(3, 1))
        check(c.recv()[1] == 25, "slave")
        got = c.error_of(bundle_ctrl(7, 0), "a slave's bundle")
        check(got == (1, 10), f"a slave's bundle: IS_SLAVE {got}")
        check(priorities(sw) == sorted(before + [64, 65]), f"at the end: {priorities(sw)}")
        before = tx_z(sw)
        poll(lambda: tx_z(sw), lambda n: n > before, "forwarding at the end", 5)
        check(sw.stop() == 0, "clean stop")
    print(f"bundles: open, add, close, commit, discard; a failed commit kept nothing; "
          f"{len(checks) + 6} misuses answered with their errors")


def case_controller():
    with Switch("ofctrl") as sw:
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("127.0.0.1", 0))
        ls.listen(4)
        port = ls.getsockname()[1]
        forwarding_switch(sw, **{"controllers": f'["tcp:127.0.0.1:{port}"]', "max-backoff": 2})
        times = []
        for i in range(3):
            ls.settimeout(10)
            conn, _ = ls.accept()
            times.append(time.monotonic())
            conn.settimeout(5)
            h = conn.recv(64)
            check(h[:2] == b"\x04\x00", f"connection {i}: vsw's HELLO first: {h.hex()}")
            conn.sendall(HELLO13 + flow_mod(match(IP), apply_actions(output(2)), priority=60 + i)
                         + msg("BARRIER_REQUEST", xid=11))
            data = b""
            while b"\x04\x15" not in data:
                data += conn.recv(4096)
            conn.close()
        gaps = [b - a for a, b in zip(times, times[1:])]
        check(all(0.5 < g < 5 for g in gaps), f"reconnections after the back-off: {gaps}")
        rc, out, _ = ofctl(sw, "dump-flows", "br0")
        check(all(f"priority={60 + i},ip" in out for i in range(3)),
              f"every controller's flows kept across its absences: {out}")
        ls.close()
        check(sw.stop() == 0, "clean stop")
    print(f"controller: reconnected 2 times (gaps {', '.join(f'{g:.1f}' for g in gaps)} s), "
          "flows kept")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
