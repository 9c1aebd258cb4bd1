# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Controllers drive vsw over OpenFlow 1.3: packet-ins, packet-outs, real controllers.

usage: test_openflow_controllers.py CASE   (meson runs each case as its own test)

  osken-l2        an os-ken application (tests/controllers/osken_l2.py, under Debian's
                  osken-manager) learns MACs from packet-ins and installs rules, while
                  two network namespaces behind vsw's TAP ports ping each other
  testcontroller  the same with Debian's ovs-testcontroller as the controller
  packet-in       a raw controller: a table-miss rule's packet-ins (reason no_match,
                  table, cookie, in_port, the whole frame), controller:64's (reason
                  action, 64 bytes of total_len), the rate limit (controller-rate-limit
                  a second, the rest lost and counted), two ports' packet-ins in turn;
                  SET_ASYNC taking only no_match ones; with no taker, the PMD queues
                  no more than its own allowance (the rate, per port)
  packet-out      a raw controller's packet-outs (to a port, to TABLE through the
                  rules, from CONTROLLER or a port), refused ones (a buffer, an unknown
                  in_port, no frame) answered with their errors; ovs-ofctl packet-out
  async           FLOW_REMOVED (idle and hard timeouts, a delete; not without
                  send_flow_rem) and PORT_STATUS (a port a reload adds, then removes;
                  the controllers' rules kept across the reload);
                  GET_ASYNC's defaults, SET_ASYNC masks (only deletes' FLOW_REMOVED, no
                  PORT_STATUS), a SET_ASYNC of the wrong length refused
  fail-open       fail modes with a controller: standalone turns to NORMAL while the
                  controller is away, back to the rules when it returns; secure never
  of10            OpenFlow 1.0 (ovs-ofctl's default) for what a controller sees:
                  ovs-ofctl monitor's packet-ins (controller:64 on frames sent into a
                  TAP port: in_port, reason, up to 64 bytes of the frame), a FLOW_REMOVED
                  (send_flow_rem, deleted), and ovs-ofctl packet-out to a port
  reload          a reload that puts a new port before z keeps the controller's rule
                  in_port=1,actions=output:3, which still sends to z (its output
                  follows OpenFlow number 3 to z's new place in the port table)
"""

import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time

import pcaplib
import test_ofctl
import test_vhost
from test_openflow_channel import (HELLO13, IP, Conn, apply_actions, flow_mod, match, msg,
                                   output)
from vswtest import (Switch, check, dpdk_port, ofctl, poll, run_cases, tap_into_netns,
                     topology)

OFPT_PACKET_IN, OFPT_PACKET_OUT = 10, 13
CONTROLLER = 0xfffffffd


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ping_through(sw, ctl_argv, env, tag):
    """Two namespaces behind TAP ports t0 and t1 of a secure bridge driven by the controller
    ctl_argv (listening on a port it gets as {port}): ping both ways. Returns the rules."""
    taps, spaces = [f"vc{tag}a", f"vc{tag}b"], [f"vswc-{tag}-a", f"vswc-{tag}-b"]
    port = free_port()
    ctl = subprocess.Popen([a.replace("{port}", str(port)) for a in ctl_argv], env=env,
                           stdout=open(sw.path("controller.out"), "w"), stderr=subprocess.STDOUT)
    sw.cleanups.append(lambda: (ctl.kill(), ctl.wait()))
    poll(lambda: subprocess.run(["ss", "-ltn", f"sport = :{port}"], capture_output=True,
                                text=True).stdout.count("LISTEN"),
         lambda n: n > 0, "the controller to listen", 20, ctl,
         lambda: open(sw.path("controller.out")).read())
    sw.write_config(f"""dpdk: {{file-prefix: {{prefix}}, socket-mem: 64, extra: [--no-pci]}}
pmd-cores: [1]
bridges:
  - name: br0
    fail-mode: secure
    controllers: ["tcp:127.0.0.1:{port}"]
    ports:
      - {{name: t0, type: dpdk, devargs: "net_tap0,iface={taps[0]}", ofport: 1}}
      - {{name: t1, type: dpdk, devargs: "net_tap1,iface={taps[1]}", ofport: 2}}
""")
    sw.start()
    try:
        for i, (tap, ns) in enumerate(zip(taps, spaces)):
            tap_into_netns(tap, ns, f"10.97.0.{i + 1}/24")
        for a, b in ((0, 2), (1, 1)):
            p = subprocess.run(["ip", "netns", "exec", spaces[a], "ping", "-c", "5", "-i", "0.2",
                                "-W", "2", f"10.97.0.{b}"], capture_output=True, text=True)
            check(p.returncode == 0 and " 0% packet loss" in p.stdout,
                  f"ping from {spaces[a]}: {p.stdout[-300:]}")
    finally:
        for ns in spaces:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    rules = subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "dump-flows", sw.of_target()],
                           capture_output=True, text=True).stdout
    check("CONTROLLER" in rules, f"the controller's table-miss rule: {rules}")
    return rules


def case_osken_l2():
    tag = f"{os.getpid() % 100000}"
    with Switch("osken") as sw:
        log = sw.path("l2.log")
        app = os.path.join(os.path.dirname(os.path.abspath(__file__)), "controllers",
                           "osken_l2.py")
        rules = ping_through(sw, ["osken-manager", "--ofp-tcp-listen-port", "{port}",
                                  "--ofp-listen-host", "127.0.0.1", app],
                             dict(os.environ, OSKEN_L2_LOG=log), tag)
        events = open(log).read().splitlines()
        learned = [e for e in events if e.startswith("rule ")]
        pins = [e for e in events if e.startswith("packet-in 1 ") or
                e.startswith("packet-in 2 ")]
        check(len(learned) >= 2 and "priority=10,in_port=1" in rules and
              "priority=10,in_port=2" in rules, f"the app's rules: {learned} {rules}")
        check(all(" reason 0 table 0 " in e for e in pins) and
              all(e.split("len ")[1].split("/")[0] == e.split("/")[1] for e in pins),
              f"packet-ins of the table-miss rule, whole frames: {pins[:4]}")
        check(sw.stop() == 0, "clean stop")
    print(f"osken-l2: pings both ways through an os-ken L2 learning app, {len(pins)} "
          f"packet-ins, {len(learned)} rules learned")


def case_testcontroller():
    tag = f"{os.getpid() % 100000}"
    with Switch("testctl") as sw:
        rules = ping_through(sw, ["ovs-testcontroller", "ptcp:{port}:127.0.0.1",
                                  "--log-file=" + sw.path("tc.log")],
                             dict(os.environ, OVS_RUNDIR=sw.dir, OVS_LOGDIR=sw.dir), tag)
        learned = [line for line in rules.splitlines() if "priority=1," in line]
        check(len(learned) >= 2, f"ovs-testcontroller's rules: {rules}")
        check(sw.stop() == 0, "clean stop")
    print(f"testcontroller: pings both ways through ovs-testcontroller, {len(learned)} rules")


class Controller:
    """A raw controller vswitchd connects to; messages it receives are kept by type."""

    def __init__(self):
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(1)
        self.port = self.ls.getsockname()[1]
        self.got, self.lock, self.stop = [], threading.Lock(), False

    def accept(self):
        self.ls.settimeout(20)
        self.c, _ = self.ls.accept()
        self.c.sendall(HELLO13)
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        buf = b""
        self.c.settimeout(0.2)
        while not self.stop:
            try:
                data = self.c.recv(1 << 20)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            buf += data
            while len(buf) >= 8 and len(buf) >= struct.unpack("!H", buf[2:4])[0]:
                n = struct.unpack("!H", buf[2:4])[0]
                with self.lock:
                    self.got.append(buf[:n])
                buf = buf[n:]

    def take(self, type_):
        with self.lock:
            out = [m for m in self.got if m[1] == type_]
            self.got = [m for m in self.got if m[1] != type_]
        return out

    def close(self):
        self.stop = True
        self.c.close()
        self.ls.close()


def packet_in_fields(m):
    """(reason, table, cookie, in_port, total_len, data) of a PACKET_IN."""
    _, total, reason, table, cookie = struct.unpack("!IHBBQ", m[8:24])
    mlen = struct.unpack("!H", m[26:28])[0]
    in_port = struct.unpack("!I", m[32:36])[0] if m[28:32] == b"\x80\x00\x00\x04" else None
    return reason, table, cookie, in_port, total, m[24 + (mlen + 7) // 8 * 8 + 2:]


def controller_switch(sw, ctl, frames_a, frames_b=None, keys=""):
    """Ports a (replaying frames_a forever; none: silent), b (frames_b, if any) and z (a sink,
    ofport 3), and ctl as the controller."""
    if frames_a:
        pcaplib.write_pcap(sw.path("a.pcap"), frames_a)
    ports = [dpdk_port("a", "net_pcap0,rx_pcap={dir}/a.pcap,infinite_rx=1" if frames_a
                       else "net_null1,no-rx=1", "ofport: 1"),
             dpdk_port("z", "net_null0,no-rx=1", "ofport: 3")]
    if frames_b:
        pcaplib.write_pcap(sw.path("b.pcap"), frames_b)
        ports.insert(1, dpdk_port("b", "net_pcap1,rx_pcap={dir}/b.pcap,infinite_rx=1",
                                  "ofport: 2"))
    sw.write_config(topology(ports, bridge_keys=f'controllers: ["tcp:127.0.0.1:{ctl.port}"]' +
                             keys))
    sw.start()
    ctl.accept()


def send(ctl, *messages):
    ctl.c.sendall(b"".join(messages) + msg("BARRIER_REQUEST", xid=0xbeef))
    poll(lambda: ctl.take(21), lambda r: len(r) > 0, "the barrier's reply", 10)


def case_packet_in():
    frames = test_vhost.small_frames(8, 5)
    frames_b = [f[:6] + b"\x02\xbb\xbb\xbb\xbb\xbb" + f[12:] for f in frames]
    ctl = Controller()
    with Switch("pin") as sw:
        controller_switch(sw, ctl, frames, frames_b,
                          ",controller-rate-limit: 2000,controller-burst-limit: 200")
        # A table-miss rule: reason no_match, the whole frame.
        t0 = time.monotonic()
        send(ctl, flow_mod(match(), apply_actions(to_controller(0xffff)), priority=0))
        time.sleep(1.5)
        pins = [packet_in_fields(m) for m in ctl.take(OFPT_PACKET_IN)]
        check(pins and all(p[0] == 0 and p[1] == 0 and p[3] in (1, 2) for p in pins) and
              all(p[5] in frames + frames_b and p[4] == len(p[5]) for p in pins),
              f"table-miss packet-ins: {[p[:5] for p in pins[:5]]}")
        rate = len(pins) / 1.5
        check(1000 < rate < 3500, f"about 2000 packet-ins a second (+ 200 at once): {rate:.0f}")
        from_a, n_miss = sum(1 for p in pins if p[3] == 1), len(pins)
        check(0.35 < from_a / n_miss < 0.65, f"ports a and b in turn: {from_a} of {n_miss}")
        lost = int(sw.probe()["pmd"][0]["packet_ins_lost"])
        check(lost > 0, "packet-ins past the limit lost and counted")
        # A rule's controller:64: reason action, 64 bytes, its cookie and table.
        cookie = struct.pack("!Q", 0x1234)
        fm = bytearray(flow_mod(match(oxm_in_port(1)),
                                apply_actions(to_controller(64)),
                                priority=5))
        fm[8:16] = cookie
        send(ctl, bytes(fm))
        time.sleep(0.5)
        ctl.take(OFPT_PACKET_IN)
        time.sleep(0.5)
        pins = [packet_in_fields(m) for m in ctl.take(OFPT_PACKET_IN)]
        mine = [p for p in pins if p[3] == 1]
        check(mine and all(p[0] == 1 and p[2] == 0x1234 and len(p[5]) == min(64, p[4])
                           for p in mine), f"controller:64 packet-ins: {[p[:5] for p in mine[:3]]}")
        # SET_ASYNC: no_match packet-ins only (port b's), none of reason action (port a's).
        send(ctl, set_async(1, 0, 7, 7, 15, 0))
        time.sleep(0.3)
        ctl.take(OFPT_PACKET_IN)
        time.sleep(0.5)
        pins = [packet_in_fields(m) for m in ctl.take(OFPT_PACKET_IN)]
        check(pins and all(p[0] == 0 and p[3] == 2 for p in pins),
              f"SET_ASYNC no_match only: {sorted(set((p[0], p[3]) for p in pins))}")
        # No taker: the control thread empties the rings as they fill, and the PMD's own
        # allowance (per port, the rate; the burst is spent) is what it queues.
        send(ctl, set_async(0, 0, 7, 7, 15, 0))
        q0, t0 = int(sw.probe()["pmd"][0]["packet_ins"]), time.monotonic()
        time.sleep(1)
        queued = int(sw.probe()["pmd"][0]["packet_ins"]) - q0
        allowed = 2 * 2000 * (time.monotonic() - t0)
        check(allowed / 2 < queued <= allowed + 400,
              f"the PMD queued {queued} packet-ins, its allowance {allowed:.0f}")
        ctl.close()
        check(sw.stop() == 0, "clean stop")
    print(f"packet-in: table-miss and action packet-ins with their fields; {rate:.0f} a second "
          f"under a limit of 2000 (burst 200), {from_a} of {n_miss} from port a, "
          f"{lost} lost and counted, {queued} queued by the PMD with no taker (its allowance {allowed:.0f})")


def to_controller(max_len):
    """Output to CONTROLLER with max_len (0xffff: the whole packet)."""
    return struct.pack("!HHIH6x", 0, 16, CONTROLLER, max_len)


def oxm_in_port(port):
    return struct.pack("!HBBI", 0x8000, 0, 4, port)


def packet_out(frame, actions, in_port=CONTROLLER, buffer_id=0xffffffff, xid=5):
    body = struct.pack("!IIH6x", buffer_id, in_port, len(actions)) + actions + frame
    return msg(OFPT_PACKET_OUT, body, xid)


def case_packet_out():
    frames = test_vhost.small_frames(4, 5)
    ctl = Controller()
    with Switch("pout") as sw:
        controller_switch(sw, ctl, None)
        tx = lambda: int(sw.probe()["port"]["z"]["tx_packets"])
        before = tx()
        send(ctl, *[packet_out(f, output(3)) for f in frames])
        poll(tx, lambda n: n == before + 4, "4 packet-outs to port z", 5)
        # To TABLE: through the rules (a rule sends the frame's destination to z).
        dst = frames[0][0:6].hex(":")
        send(ctl, flow_mod(match(struct.pack("!HBB", 0x8000, 3 << 1, 6) + frames[0][0:6]),
                           apply_actions(output(3)), priority=9))
        before = tx()
        send(ctl, packet_out(frames[0], output(0xfffffff9), in_port=1))
        poll(tx, lambda n: n == before + 1, f"a packet-out to TABLE, through dl_dst={dst}", 5)
        # Refused, each with its error.
        for request, want, what in [
                (packet_out(frames[0], output(3), buffer_id=7), (1, 8), "a buffer id"),
                (packet_out(frames[0], output(3), in_port=77), (1, 11), "in_port 77"),
                (packet_out(b"", output(3)), (1, 12), "no frame"),
                (packet_out(frames[0], output(0xfffffffe)), (2, 4), "output to LOCAL")]:
            ctl.c.sendall(request)
            poll(lambda: ctl.take(1), lambda e: len(e) > 0, f"{what}: an error", 5)
        # ovs-ofctl's packet-out.
        before = tx()
        p = subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "packet-out", sw.of_target(),
                            f"in_port=CONTROLLER packet={frames[1].hex()} actions=output:3"],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"ovs-ofctl packet-out: {p.stderr}")
        poll(tx, lambda n: n == before + 1, "ovs-ofctl's packet-out on port z", 5)
        outs = int(sw.probe()["pmd"][0]["packet_outs"])
        ctl.close()
        check(sw.stop() == 0, "clean stop")
    print(f"packet-out: to a port, to TABLE, from ovs-ofctl ({outs} run by the PMD); "
          "4 bad ones refused with their errors")


def case_fail_open():
    """fail-mode standalone with a controller: away for three inactivity probes, the bridge
    switches by NORMAL whatever its rules say; back, the rules run again. secure: the rules
    run whatever happens."""
    frames = test_vhost.small_frames(8, 5)
    for mode in ("standalone", "secure"):
        ctl = Controller()
        port = ctl.port
        ctl.ls.close()  # nobody listens yet
        with Switch(f"failopen-{mode}") as sw:
            pcaplib.write_pcap(sw.path("a.pcap"), frames)
            sw.write_config(topology(
                [dpdk_port("a", "net_pcap0,rx_pcap={dir}/a.pcap,infinite_rx=1", "ofport: 1"),
                 dpdk_port("z", "net_null0,no-rx=1", "ofport: 2")],
                ["priority=100,actions=drop"], fail_mode=mode,
                bridge_keys=f'controllers: ["tcp:127.0.0.1:{port}"],inactivity-probe: 1,'
                            "max-backoff: 1"))
            sw.start()
            tx = lambda: int(sw.probe()["port"]["z"]["tx_packets"])
            if mode == "secure":
                time.sleep(4)
                check(tx() == 0, f"secure: the drop rule runs with no controller: {tx()} sent")
                continue
            check(tx() == 0, "the drop rule runs at first")
            t0 = time.monotonic()
            poll(tx, lambda n: n > 0, "NORMAL after three inactivity probes", 10)
            dt = time.monotonic() - t0
            # The controller comes: the rules run again.
            ctl = Controller()
            ctl.ls.close()
            ctl.ls = socket.socket()
            ctl.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ctl.ls.bind(("127.0.0.1", port))
            ctl.ls.listen(1)
            ctl.accept()
            time.sleep(1)
            before = tx()
            time.sleep(1)
            check(tx() == before, f"the drop rule again once the controller is back: "
                                  f"{before} -> {tx()}")
            ctl.close()
            log = sw.stderr() + sw.stdout()
            check("fail-mode standalone" in log and "a controller is back" in log,
                  "both turns logged")
    print(f"fail-open: standalone turned to NORMAL {dt:.1f} s after start with its controller "
          "away (probe 1 s), back to its rules when it came; secure kept its rules")


def flow_removed_fields(m):
    """(cookie, priority, reason, table, idle_timeout, hard_timeout) of a FLOW_REMOVED."""
    cookie, prio, reason, table = struct.unpack("!QHBB", m[8:20])
    idle, hard = struct.unpack("!HH", m[28:32])
    return cookie, prio, reason, table, idle, hard


def flow_mod_with(m, instructions, priority, cookie, flags=1, idle=0, hard=0):
    """flow_mod() with a cookie, timeouts and flags (1: send_flow_rem)."""
    fm = bytearray(flow_mod(m, instructions, priority=priority))
    fm[8:16] = struct.pack("!Q", cookie)
    fm[26:30] = struct.pack("!HH", idle, hard)
    fm[44:46] = struct.pack("!H", flags)
    return bytes(fm)


def set_async(*masks):
    """SET_ASYNC: packet-in, port-status and flow-removed masks, each as master then slave."""
    return msg("SET_ASYNC", struct.pack("!6I", *masks))


def get_async(ctl):
    """The six masks of GET_ASYNC_REPLY."""
    ctl.c.sendall(msg("GET_ASYNC_REQUEST", xid=0x5a))
    reply = poll(lambda: ctl.take(27), lambda r: len(r) == 1, "GET_ASYNC_REPLY", 5)[0]
    check(len(reply) == 32 and reply[4:8] == struct.pack("!I", 0x5a), f"GET_ASYNC_REPLY {reply}")
    return struct.unpack("!6I", reply[8:])


def case_async():
    """FLOW_REMOVED on idle and hard timeouts and deletes of send_flow_rem rules (none for
    others); PORT_STATUS when a reload adds and removes a port."""
    ctl = Controller()
    with Switch("async") as sw:
        controller_switch(sw, ctl, None)
        drop = apply_actions()
        send(ctl, flow_mod_with(match(IP), drop, 11, 0x11, idle=1),
             flow_mod_with(match(IP), drop, 12, 0x12, hard=2),
             flow_mod_with(match(IP), drop, 13, 0x13),
             flow_mod_with(match(IP), drop, 14, 0x14, flags=0))
        t0 = time.monotonic()
        got = poll(lambda: [flow_removed_fields(m) for m in ctl.got if m[1] == 11],
                   lambda r: len(r) >= 2, "two FLOW_REMOVED for the timeouts", 10)
        dt = time.monotonic() - t0
        by_cookie = {r[0]: r for r in got}
        check(by_cookie[0x11][2] == 0 and by_cookie[0x11][4] == 1 and
              by_cookie[0x12][2] == 1 and by_cookie[0x12][5] == 2,
              f"idle (reason 0) and hard (reason 1) timeouts: {got}")
        ctl.take(11)
        send(ctl, flow_mod(match(IP), command=3))  # delete every ip rule: 13 and 14
        gone = poll(lambda: [flow_removed_fields(m) for m in ctl.got if m[1] == 11],
                    lambda r: len(r) >= 1, "FLOW_REMOVED for the delete", 5)
        time.sleep(0.5)
        gone = [flow_removed_fields(m) for m in ctl.take(11)]
        check([(g[0], g[2]) for g in gone] == [(0x13, 2)],
              f"one FLOW_REMOVED (reason delete), none for the rule without the flag: {gone}")
        # A reload adds a port, then takes it away again.
        config = open(sw.config).read()
        extra = "      - {name: n2, type: dpdk, devargs: \"net_null7,no-rx=1\", ofport: 7}\n"
        with open(sw.config, "w") as f:
            f.write(config.replace("    flows: []", extra + "    flows: []"))
        check(ofctl(sw, "reload")[0] == 0, "reload adding port n2")
        added = poll(lambda: [m for m in ctl.got if m[1] == 12], lambda r: len(r) >= 1,
                     "PORT_STATUS for n2", 5)
        with open(sw.config, "w") as f:
            f.write(config)
        check(ofctl(sw, "reload")[0] == 0, "reload removing it")
        poll(lambda: [m for m in ctl.got if m[1] == 12], lambda r: len(r) >= 2,
             "PORT_STATUS for n2's removal", 5)
        st = [(m[8], struct.unpack("!I", m[16:20])[0], m[32:48].rstrip(b"\0").decode())
              for m in ctl.take(12)]
        check(st == [(0, 7, "n2"), (1, 7, "n2")], f"PORT_STATUS add then delete of n2: {st}")
        # GET_ASYNC's defaults (1.3.5 7.3.10); SET_ASYNC: deletes' FLOW_REMOVED only, no
        # PORT_STATUS; one of the wrong length refused (BAD_LEN), the masks kept.
        masks = get_async(ctl)
        check(masks == (3, 0, 7, 7, 15, 0), f"default masks: {masks}")
        send(ctl, set_async(3, 0, 0, 0, 1 << 2, 0), msg("SET_ASYNC", bytes(20), xid=0x77),
             msg("GET_ASYNC_REQUEST", bytes(8), xid=0x78))
        errs = ctl.take(1)
        for xid, what in ((0x77, "a 28-byte SET_ASYNC"), (0x78, "a GET_ASYNC_REQUEST with a body")):
            err = [m for m in errs if m[4:8] == struct.pack("!I", xid)]
            check(len(err) == 1 and err[0][8:12] == struct.pack("!HH", 1, 6),
                  f"{what}: BAD_LEN {err}")
        masks = get_async(ctl)
        check(masks == (3, 0, 0, 0, 4, 0), f"masks after SET_ASYNC: {masks}")
        send(ctl, flow_mod_with(match(IP), drop, 21, 0x21, idle=1),
             flow_mod_with(match(IP), drop, 22, 0x22))
        with open(sw.config, "w") as f:
            f.write(config.replace("    flows: []", extra + "    flows: []"))
        check(ofctl(sw, "reload")[0] == 0, "reload adding port n2 again")
        check("priority=22" in ofctl(sw, "dump-flows", "br0")[1],
              "a reload leaves a bridge with controllers its rules")
        with open(sw.config, "w") as f:
            f.write(config.replace("    flows: []", extra + '    flows: ["priority=9,actions=drop"]'))
        check(ofctl(sw, "reload")[0] == 0, "reload with other flows in the file")
        dump = ofctl(sw, "dump-flows", "br0")[1]
        check("priority=22" in dump and "priority=9" not in dump and
              "the file's changed flows are not applied" in sw.stderr(),
              f"a bridge with controllers: the file's flows not applied, and said: {dump}")
        poll(lambda: ofctl(sw, "dump-flows", "br0")[1], lambda out: "priority=21" not in out,
             "the idle timeout of the rule of priority 21", 10)
        time.sleep(1.5)  # a PORT_STATUS would have come by now (seen once a second)
        send(ctl, flow_mod(match(IP), command=3))
        time.sleep(0.5)
        gone = [flow_removed_fields(m)[:3] for m in ctl.take(11)]
        st = ctl.take(12)
        check(gone == [(0x22, 22, 2)] and st == [],
              f"masked: only the delete's FLOW_REMOVED {gone}, no PORT_STATUS {st}")
        ctl.close()
        check(sw.stop() == 0, "clean stop")
    print(f"async: FLOW_REMOVED for idle and hard timeouts ({dt:.1f} s) and a delete, none "
          f"without send_flow_rem; PORT_STATUS add and delete across reloads; GET_ASYNC and "
          f"SET_ASYNC")


def case_of10():
    tap = f"vof{os.getpid() % 100000}"
    with Switch("of10") as sw:
        sw.write_config(topology([dpdk_port("t", f"net_tap0,iface={tap}", "ofport: 1"),
                                  dpdk_port("z", "net_null0,no-rx=1", "ofport: 2")]))
        sw.start()
        subprocess.run(["ip", "link", "set", tap, "up"], check=True)
        target = sw.of_target()
        of10 = lambda *args: subprocess.run(["ovs-ofctl", "--timeout=10", args[0], target] +
                                            list(args[1:]), capture_output=True, text=True)
        for flow in ["priority=10,udp,tp_dst=7777,actions=controller:64",
                     "send_flow_rem,priority=5,arp,actions=drop"]:
            p = of10("add-flow", flow)
            check(p.returncode == 0, f"1.0 add-flow {flow}: {p.stderr}")
        mon = subprocess.Popen(["ovs-ofctl", "monitor", target, "65534"], text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=dict(os.environ, OVS_RUNDIR=sw.dir))
        try:
            time.sleep(1.0)  # its HELLO and SET_CONFIG
            frames = [test_ofctl.udp_frame(7777, i) for i in range(3)]
            test_ofctl.send(tap, frames)
            p = of10("del-flows", "arp")
            check(p.returncode == 0, f"1.0 del-flows: {p.stderr}")
            z = lambda: int(sw.probe()["port"]["z"]["tx_packets"])
            before = z()
            p = of10("packet-out", f"in_port=CONTROLLER packet={frames[0].hex()} "
                     "actions=output:2")
            check(p.returncode == 0, f"1.0 packet-out: {p.stderr}")
            poll(z, lambda n: n == before + 1, "the 1.0 packet-out on port z", 5)
            time.sleep(1.0)
        finally:
            mon.terminate()
            out = mon.communicate(timeout=10)[0]
        ins = re.findall(r"OFPT_PACKET_IN \(xid=0x0\): total_len=(\d+) in_port=1 \(via action\) "
                         r"data_len=(\d+)", out)
        check(ins == [(str(len(f)), str(min(64, len(f)))) for f in frames],
              f"3 packet-ins, up to 64 bytes of each frame, in_port=1:\n{out[-2000:]}")
        check(re.search(r"OFPT_FLOW_REMOVED \(xid=0x0\): priority=5,arp reason=delete", out),
              f"the FLOW_REMOVED of the deleted arp rule:\n{out[-2000:]}")
        check(sw.stop() == 0, "clean stop")
    print("of10: ovs-ofctl monitor (OpenFlow 1.0) saw 3 packet-ins of controller:64 and the "
          "FLOW_REMOVED of a deleted send_flow_rem rule; a 1.0 packet-out left on port z")


def case_reload():
    frames = test_vhost.small_frames(8, 5)
    ctl = Controller()
    with Switch("ofreload") as sw:
        controller_switch(sw, ctl, frames)
        send(ctl, flow_mod(match(oxm_in_port(1)), apply_actions(output(3)), priority=10))

        def tx(name):
            return int(sw.probe()["port"][name]["tx_packets"])

        poll(lambda: tx("z"), lambda n: n > 0, "z forwards port a's frames", 5)
        config = open(sw.config).read()
        check("      - {name: z," in config, f"port z in the file: {config}")
        with open(sw.config, "w") as f:
            f.write(config.replace("      - {name: z,", "      - " +
                                   dpdk_port("n2", "net_null7,no-rx=1", "ofport: 7") +
                                   "\n      - {name: z,"))
        rc, out, err = ofctl(sw, "reload")
        check(rc == 0, f"reload with a port before z: {out} {err}")
        z = tx("z")
        poll(lambda: tx("z"), lambda n: n > z + 1000, "z still forwards after the reload", 5)
        check(tx("n2") == 0, f"nothing to the new port: {tx('n2')}")
        ctl.close()
        check(sw.stop() == 0, "clean stop")
    print("reload: a port put before z; the controller's output:3 still sends to z")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
