# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vsw-ofctl against a real vswitchd, in the style of ovs-ofctl's own tests:
start a switch on pcap (and tap) ports, drive it only through vsw-ofctl, send
traffic, read everything back through vsw-ofctl and the output pcaps. Also:
flow-mod semantics, batches that must apply whole or not at all, several
calls at once, reload, malformed IPC from a hostile helper, and helpers
killed in the middle of a bulk add.

usage: test_ofctl.py CASE   (meson runs each case as its own test)
"""

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time

import pcaplib
from vswtest import (run_cases, OFCTL, SHM_PROBE, Switch, TestFailure, check, ofctl, poll,
                     topology)

IPC_PROBE = os.environ.get("IPC_PROBE", "build/tests/ipc_probe")

PORTS = [("a", "net_pcap0,rx_pcap={dir}/in.pcap,tx_pcap={dir}/a-out.pcap"),
         ("b", "net_pcap1,rx_pcap={dir}/empty.pcap,tx_pcap={dir}/b-out.pcap")]

FLOWS = ["priority=100,ip,in_port=a,actions=output:b",
         "table=1,priority=5,tcp,tp_dst=80,idle_timeout=300,actions=mod_vlan_vid:5,output:b",
         "cookie=0x7,priority=50,arp,actions=flood"]


def started(sw, frames=100):
    pcaplib.write_pcap(sw.path("in.pcap"), pcaplib.make_frames(frames, seed=1))
    pcaplib.write_pcap(sw.path("empty.pcap"), [])
    sw.write_config(topology(PORTS, FLOWS, fail_mode=None))
    sw.start()
    sw.wait_for(lambda s: s["port"]["a"]["rx_packets"] == str(frames), f"{frames} frames in")


def case_dump_flows():
    with Switch("of-dump") as sw:
        started(sw)
        rc, out, err = ofctl(sw, "dump-flows", "br0")
        check(rc == 0 and err == "", f"rc {rc}, stderr {err!r}")
        lines = out.splitlines()
        check(len(lines) == 4, f"4 flows: {out}")
        pat = (r"^ cookie=0x7, duration=\d+\.\d{3}s, table=0, n_packets=\d+, n_bytes=\d+, "
               r"idle_age=\d+, priority=50,arp actions=FLOOD$")
        check(re.match(pat, lines[1]), f"ovs-ofctl's format: {lines[1]!r}")
        check("table=1," in lines[3] and "idle_timeout=300, idle_age=" in lines[3] and
              lines[3].endswith("priority=5,tcp,tp_dst=80 actions=mod_vlan_vid:5,output:2"),
              f"timeouts and table 1 last: {lines[3]!r}")
        n_packets = sum(int(re.search(r"n_packets=(\d+)", l).group(1)) for l in lines)
        check(n_packets == 100, f"every packet counted by one rule: {n_packets}")
        rc, out, err = ofctl(sw, "--no-stats", "--names", "dump-flows", "br0")
        check(out.splitlines() == [
            " priority=100,ip,in_port=a actions=output:b",
            " cookie=0x7, priority=50,arp actions=FLOOD",
            " priority=0 actions=NORMAL",
            " table=1, idle_timeout=300, priority=5,tcp,tp_dst=80 actions=mod_vlan_vid:5,output:b"],
              f"--no-stats --names: {out!r}")
        rc, out, err = ofctl(sw, "--no-stats", "dump-flows", "br0", "ip")
        check(rc == 0 and out.splitlines() == [" priority=100,ip,in_port=1 actions=output:2",
                                                " table=1, idle_timeout=300, priority=5,tcp,"
                                                "tp_dst=80 actions=mod_vlan_vid:5,output:2"],
              f"non-strict MATCH 'ip': {out!r}")
        rc, out, err = ofctl(sw, "--no-stats", "dump-flows", "br0", "table=1")
        check(len(out.splitlines()) == 1, f"table=1: {out!r}")
        rc, out, err = ofctl(sw, "--no-stats", "dump-flows", "br0", "cookie=0x7/-1")
        check(out.splitlines() == [" cookie=0x7, priority=50,arp actions=FLOOD"], f"cookie: {out!r}")
        # What dump-flows prints, the flow parser reads back (the canonical form).
        check(sw.stop() == 0, "clean stop")
    print("dump-flows: ovs-ofctl's format, sorted by table and priority, counters add up to 100 "
          "packets; --no-stats, --names, MATCH, table= and cookie/mask filters")


def case_show_and_counters():
    with Switch("of-show") as sw:
        started(sw)
        rc, out, err = ofctl(sw, "show", "br0")
        check(rc == 0 and re.search(r"^ 1\(a\): addr:[0-9a-f:]{17}$", out, re.M) and
              " 2(b): " in out, f"show: {out!r}")
        rc, out, err = ofctl(sw, "dump-ports", "br0", "a")
        check(rc == 0 and "port  1: rx pkts=100, bytes=" in out and "port  2" not in out,
              f"dump-ports PORT: {out!r}")
        rc, out, err = ofctl(sw, "dump-tables", "br0")
        check("table 0: active=3" in out and "table 1: active=1" in out and
              "tables 2...254: empty" in out, f"dump-tables: {out!r}")
        rc, out, err = ofctl(sw, "pmd-stats-show")
        nums = {k: int(v) for k, v in re.findall(r"  ([a-z ]+): (\d+)", out)}
        check(nums.get("packets received") == 100 and
              nums["emc hits"] + nums["classifier hits"] + nums["misses"] == 100,
              f"pmd-stats-show: {out!r}")
        m = re.search(r"avg packets per busy loop: ([\d.]+) \(100/(\d+)\)", out)
        check(m is not None and 0 < int(m.group(2)) <= 100 and
              abs(float(m.group(1)) - 100 / int(m.group(2))) < 0.01,
              f"pmd-stats-show, packets per busy loop: {out!r}")
        rc, out, err = ofctl(sw, "pmd-rxq-show")
        check("port: a" in out and "port: b" in out and "queue-id:  0" in out, f"rxq: {out!r}")
        check(sw.stop() == 0, "clean stop")
    print("show, dump-ports PORT, dump-tables, pmd-stats-show (hits and misses add up, "
          "packets per busy loop), "
          "pmd-rxq-show")


def case_errors():
    with Switch("of-err") as sw:
        t0 = time.monotonic()
        rc, out, err = ofctl(sw, "dump-flows", "br0")
        dt = time.monotonic() - t0
        check(rc == 3 and err.count("\n") == 1 and "no vswitchd with file-prefix" in err,
              f"no switch: {rc} {err!r}")
        check(dt < 2.0, f"answered in {dt:.2f}s")
        started(sw)
        for args, want_rc, want in [
                (["dump-flows", "br9"], 1, "no bridge named 'br9'"),
                (["dump-flows", "br0", "ip,tp_dst=80"], 1, "column 4: tp_dst requires"),
                (["dump-flows"], 2, "dump-flows takes BRIDGE [MATCH]"),
                (["frobnicate"], 2, "unknown command 'frobnicate'"),
                (["--timeout", "x", "show", "br0"], 2, "--timeout takes seconds"),
                (["--bogus"], 2, "unknown option"),
                (["fdb-show"], 2, "fdb-show takes one BRIDGE"),
                (["fdb-flush", "br9"], 1, "no bridge named 'br9'"),
                (["capture-reset", "br0"], 2, "capture-reset takes BRIDGE PORT"),
                (["capture-reset", "br0", "zz"], 1, "bridge br0 has no port 'zz'"),
                (["pmd-stats-clear", "x"], 2, "pmd-stats-clear takes no arguments"),
                (["dump-dp-flows", "br0", "x"], 2, "dump-dp-flows takes at most a BRIDGE"),
                (["dump-dp-flows", "br9"], 1, "no bridge named 'br9'"),
                (["dump-ports", "br0", "zz"], 1, "bridge br0 has no port 'zz'"),
                (["dump-ports", "br0", "1x"], 1, "bridge br0 has no port '1x'"),
                (["add-flow", "br0", ""], 2, "add-flow takes BRIDGE FLOW: the flow is empty"),
                (["add-flow", "br0", " \t "], 2, "the flow is empty"),
                (["mod-flows", "br0", ""], 2, "the flow is empty"),
                (["del-flows", "br0", " "], 2, "the flow is empty (leave it out to mean every"),
                (["add-flows", "br0", "/dev/null"], 1, "no flow given")]:
            rc, out, err = ofctl(sw, *args)
            check(rc == want_rc and want in err and err.count("\n") == 1,
                  f"{args}: rc {rc}, stderr {err!r}")
        check(sw.stop() == 0, "clean stop")
    print(f"no vswitchd: exit 3 in {dt:.3f}s with one line; bad bridge, flow, command, option: "
          "one line each with the right status")


def case_killed_reader():
    """A helper killed while it holds a flow-table reader slot is reaped by vswitchd."""
    with Switch("of-kill") as sw:
        started(sw)
        holder = subprocess.Popen([SHM_PROBE, sw.prefix, "0", "--hold-reader"],
                                  stdout=subprocess.PIPE, text=True)
        sw.cleanups.append(lambda: holder.poll() is None and holder.kill())
        check(holder.stdout.readline().startswith("holding reader slot"), "slot taken")
        check(sw.probe()["state"]["readers"] == "1", "one reader")
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        sw.wait_for(lambda s: s["state"]["readers"] == "0", "vswitchd to reap the slot",
                    timeout=5)
        for _ in range(5):  # and every slot works afterwards
            rc, out, err = ofctl(sw, "dump-flows", "br0")
            check(rc == 0 and len(out.splitlines()) == 4, f"dump-flows after: {rc} {err!r}")
        check(sw.stop() == 0, "clean stop")
    print("a reader killed with SIGKILL: its slot was released within a second; dump-flows "
          "works after")


# ---- flow-mods: a secure bridge, frames sent into a tap port, output to a pcap ----

def tap_started(sw, flows=(), mem=64, extra_ports=()):
    """A secure switch whose port t is a tap and b writes b-out.pcap (plus extra_ports, YAML
    flow mappings), its tap up and quiet (no IPv6 chatter); returns the tap."""
    tap = f"vo{os.getpid() % 100000}"
    pcaplib.write_pcap(sw.path("empty.pcap"), [])
    sw.write_config(topology([("t", f"net_tap0,iface={tap}"),
                              ("b", "net_pcap1,rx_pcap={dir}/empty.pcap,tx_pcap={dir}/b-out.pcap"),
                              *extra_ports], flows, socket_mem=mem))
    sw.start()
    with open(f"/proc/sys/net/ipv6/conf/{tap}/disable_ipv6", "w") as f:
        f.write("1")
    subprocess.run(["ip", "link", "set", tap, "up"], check=True)
    return tap


def udp_frame(dport, i=0):
    """A UDP/IPv4 frame 10.0.0.1 -> 10.0.0.2, destination port dport."""
    payload = bytes(18)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, i, 0, 64, 17, 0, bytes([10, 0, 0, 1]),
                     bytes([10, 0, 0, 2]))
    ip = ip[:10] + struct.pack("!H", pcaplib.csum(ip)) + ip[12:]
    udp = struct.pack("!HHHH", 1000 + i, dport, 26, 0) + payload
    return struct.pack("!6s6sH", b"\x02\0\0\0\0\x02", b"\x02\0\0\0\0\x01", 0x0800) + ip + udp


def send(tap, frames):
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
        s.bind((tap, 0))
        for f in frames:
            s.send(f)


def dump(sw, *match):
    """dump-flows as {"table=T, MATCH actions=A": (n_packets, duration)}."""
    rc, out, err = ofctl(sw, "dump-flows", "br0", *match)
    check(rc == 0, f"dump-flows: {rc} {err!r}")
    flows = {}
    for line in out.splitlines():
        m = re.match(r" cookie=\S+, duration=([\d.]+)s, table=(\d+), n_packets=(\d+), "
                     r"n_bytes=\d+, (?:idle_timeout=\d+, )?(?:hard_timeout=\d+, )?idle_age=\d+, "
                     r"(.*)$", line)
        check(m, f"dump-flows line: {line!r}")
        flows[f"table={m.group(2)}, {m.group(4)}"] = (int(m.group(3)), float(m.group(1)))
    return flows


def no_stats(sw, timeout=10):
    rc, out, err = ofctl(sw, "--no-stats", "dump-flows", "br0", timeout=timeout)
    check(rc == 0, f"dump-flows: {rc} {err!r}")
    return out.splitlines()


def ok(sw, *args, stdin=None):
    p = subprocess.run([OFCTL, "--prefix", sw.prefix] + list(args), capture_output=True,
                       text=True, timeout=60, input=stdin)
    check(p.returncode == 0 and p.stderr == "", f"{args}: rc {p.returncode}, {p.stderr!r}")
    return p.stdout


def wait_packets(sw, flow, n):
    return poll(lambda: dump(sw).get(flow, (None,))[0], lambda v: v == n,
                f"n_packets={n} on {flow}", 10)


def case_flow_mods():
    with Switch("of-mods") as sw:
        tap = tap_started(sw)
        check(no_stats(sw) == [], "a secure bridge without flows has no rules")
        with open(sw.path("flows.txt"), "w") as f:
            f.write("# forward port 7777, drop 8888\n\n"
                    "priority=100,udp,in_port=t,tp_dst=7777,actions=output:b\n"
                    "priority=100,udp,in_port=t,tp_dst=8888,actions=drop\r\n"
                    "   priority=1,actions=drop\n")
        ok(sw, "add-flows", "br0", sw.path("flows.txt"))
        fwd = "table=0, priority=100,udp,in_port=1,tp_dst=7777 actions=output:2"
        check(len(no_stats(sw)) == 3, f"3 flows: {no_stats(sw)}")
        send(tap, [udp_frame(7777, i) for i in range(10)] + [udp_frame(8888, i) for i in range(5)])
        wait_packets(sw, fwd, 10)
        wait_packets(sw, "table=0, priority=100,udp,in_port=1,tp_dst=8888 actions=drop", 5)
        before = dump(sw)[fwd][1]

        # mod-flows (non-strict): new actions, same counters and age.
        ok(sw, "mod-flows", "br0", "udp,tp_dst=7777,actions=mod_vlan_vid:7,output:b")
        tagged = "table=0, priority=100,udp,in_port=1,tp_dst=7777 actions=mod_vlan_vid:7,output:2"
        n, age = dump(sw)[tagged]
        check(n == 10 and age >= before, f"counters and age kept: {n} {age} >= {before}")
        send(tap, [udp_frame(7777, i) for i in range(4)])
        wait_packets(sw, tagged, 14)

        # mod-flows --strict that selects nothing adds the flow (OpenFlow 1.0).
        ok(sw, "mod-flows", "--strict", "br0", "priority=5,udp,actions=drop")
        check(" priority=5,udp actions=drop" in no_stats(sw), f"added: {no_stats(sw)}")
        # ... unless a cookie mask was given: then nothing happens.
        ok(sw, "mod-flows", "br0", "cookie=0x9/-1,priority=6,tcp,actions=drop")
        check(len(no_stats(sw)) == 4, f"nothing added: {no_stats(sw)}")

        # add-flow over an existing match and priority replaces it.
        ok(sw, "add-flow", "br0", "priority=1,actions=output:b")
        check(" priority=1 actions=output:2" in no_stats(sw) and len(no_stats(sw)) == 4,
              f"replaced: {no_stats(sw)}")

        # Cookies select for del-flows; a cookie without a mask cannot select.
        ok(sw, "add-flow", "br0", "cookie=0x5,priority=7,ip,actions=drop")
        ok(sw, "add-flow", "br0", "cookie=0x6,priority=8,ip,actions=drop")
        ok(sw, "del-flows", "br0", "cookie=0x5/0xff")
        flows = no_stats(sw)
        check(" cookie=0x6, priority=8,ip actions=drop" in flows and
              not any("cookie=0x5" in f for f in flows), f"cookie/mask delete: {flows}")
        rc, out, err = ofctl(sw, "del-flows", "br0", "cookie=0x6")
        check(rc == 1 and "column 1:" in err and "without a mask" in err, f"{rc} {err!r}")

        # del-flows --strict takes exactly one; non-strict every more specific one.
        ok(sw, "del-flows", "--strict", "br0", "priority=100,udp,in_port=t,tp_dst=8888")
        check(not any("8888" in f for f in no_stats(sw)), "strict delete")
        ok(sw, "del-flows", "--strict", "br0", "udp")  # priority 32768: none
        check(len(no_stats(sw)) == 4, f"strict without the priority deletes nothing: "
                                      f"{no_stats(sw)}")
        ok(sw, "del-flows", "br0", "udp")
        flows = no_stats(sw)
        check(flows == [" cookie=0x6, priority=8,ip actions=drop", " priority=1 actions=output:2"],
              f"non-strict: every udp rule gone: {flows}")
        # Register matches take part in a flow's identity like any field.
        ok(sw, "add-flow", "br0", "table=1,reg0=0x5/0xff,actions=drop")
        ok(sw, "add-flow", "br0", "table=1,reg0=0x6/0xff,actions=drop")
        ok(sw, "add-flow", "br0", "table=1,reg0=0x6/0xff,actions=load:0x1->reg1[],output:b")
        regs = [f for f in no_stats(sw) if "table=1" in f]
        check(regs == [" table=1, reg0=0x5/0xff actions=drop",
                       " table=1, reg0=0x6/0xff actions=load:0x1->NXM_NX_REG1[],output:2"],
              f"register flows, one replaced: {regs}")
        ok(sw, "del-flows", "--strict", "br0", "table=1,reg0=0x5/0xff")
        ok(sw, "del-flows", "br0", "table=1,reg0=0x2/0x2")  # selects reg0=0x6/0xff
        check(not any("table=1" in f for f in no_stats(sw)), f"strict and non-strict: "
                                                               f"{no_stats(sw)}")
        ok(sw, "del-flows", "br0")
        check(no_stats(sw) == [], "del-flows without a match empties every table")
        check(sw.stop() == 0, "clean stop")
        out = pcaplib.read_pcap(sw.path("b-out.pcap"))
        plain = sum(1 for f in out if f[12:14] == b"\x08\x00")
        vlan7 = sum(1 for f in out if f[12:14] == b"\x81\x00" and
                    struct.unpack("!H", f[14:16])[0] & 0xfff == 7)
        check(plain == 10 and vlan7 == 4, f"b got 10 plain and 4 tagged frames: {plain} {vlan7}")
    print("add-flows (comments, CRLF), mod-flows keeps counters (10 -> 14) and age, strict "
          "mod adds, cookie-masked mod does not, add replaces, cookie/mask and strict deletes, "
          "register matches replaced and deleted (strict, non-strict), "
          "del-flows empties; output pcap: 10 plain + 4 VLAN 7 frames")


def case_replace_and_diff():
    with Switch("of-repl") as sw:
        tap = tap_started(sw, ["priority=100,udp,tp_dst=7777,actions=output:b",
                               "priority=50,udp,actions=drop", "priority=1,actions=drop"])
        send(tap, [udp_frame(7777, i) for i in range(6)])
        keep = "table=0, priority=100,udp,tp_dst=7777 actions=output:2"
        wait_packets(sw, keep, 6)
        age = dump(sw)[keep][1]
        wanted = ("priority=100,udp,tp_dst=7777,actions=output:b\n"
                  "priority=50,udp,actions=output:b\n"
                  "table=3,priority=9,arp,actions=drop\n")
        with open(sw.path("want.txt"), "w") as f:
            f.write(wanted)
        p = subprocess.run([OFCTL, "--prefix", sw.prefix, "diff-flows", "br0",
                            sw.path("want.txt")], capture_output=True, text=True)
        check(p.returncode == 1 and p.stdout.splitlines() == [
            "-priority=50,udp actions=drop", "+priority=50,udp actions=output:2",
            "-priority=1 actions=drop", "+table=3, priority=9,arp actions=drop"],
              f"diff-flows: {p.returncode} {p.stdout!r} {p.stderr!r}")
        ok(sw, "replace-flows", "br0", "-", stdin=wanted)
        flows = dump(sw)
        check(sorted(flows) == sorted([keep, "table=0, priority=50,udp actions=output:2",
                                       "table=3, priority=9,arp actions=drop"]),
              f"replaced: {flows}")
        check(flows[keep][0] == 6 and flows[keep][1] >= age,
              f"the unchanged flow kept its counters and age: {flows[keep]} {age}")
        check(ok(sw, "diff-flows", "br0", sw.path("want.txt")) == "", "no difference now")
        check(sw.stop() == 0, "clean stop")
    print("diff-flows lists -/+ lines and exits 1; replace-flows from stdin leaves the unchanged "
          "flow alone (6 packets, age kept), changes one, removes one, adds one; diff is then empty")


def case_atomic_batches():
    with Switch("of-atomic") as sw:
        tap = tap_started(sw, ["priority=1,actions=drop"])
        before = no_stats(sw)
        with open(sw.path("bad.txt"), "w") as f:
            f.write("priority=10,ip,actions=drop\npriority=11,ip,actions=drop\n"
                    "# a comment\npriority=12,ip,tp_dst=80,actions=drop\n")
        for args, rc_want, want in [
                (["add-flows", "br0", sw.path("bad.txt")], 1,
                 f"{sw.path('bad.txt')}:4:16: tp_dst requires"),
                (["replace-flows", "br0", sw.path("bad.txt")], 1, f"{sw.path('bad.txt')}:4:16:"),
                (["add-flow", "br0", "priority=5,ip,nw_src=10.1.2.256,actions=drop"], 1,
                 "column 15: nw_src=10.1.2.256"),
                (["add-flow", "br0", "priority=5,actions=output:zz"], 1, "column 20: output: no such port 'zz'"),
                (["add-flow", "br0", "priority=5,actions=learn(x)"], 1, "unsupported action"),
                (["add-flow", "br0", "a=1\\nactions=drop".replace("\\n", "\n")], 2,
                 "no line breaks"),
                (["mod-flows", "br0", "ip"], 1, "actions"),
                (["del-flows", "br0", "ip", "extra"], 2, "del-flows takes"),
                (["add-flows", "br0", sw.path("missing.txt")], 1, "No such file"),
                (["add-flow", "br9", "actions=drop"], 1, "no bridge named 'br9'"),
                (["add-flow", "br0"], 2, "add-flow takes BRIDGE FLOW")]:
            rc, out, err = ofctl(sw, *args)
            check(rc == rc_want and want in err and err.count("\n") == 1,
                  f"{args}: rc {rc}, stderr {err!r}")
            check(no_stats(sw) == before, f"{args} changed nothing: {no_stats(sw)}")
        check(sw.stop() == 0, "clean stop")
    print("a bad line 4 of add-flows and replace-flows: FILE:4:16, nothing applied; bad flows, "
          "unknown ports and actions, line breaks, missing file, bridge, arguments: one line "
          "each, the tables unchanged")


def case_concurrent_calls():
    with Switch("of-conc") as sw:
        tap_started(sw)
        procs = [subprocess.Popen([OFCTL, "--prefix", sw.prefix, "add-flow", "br0",
                                   f"priority={100 + i},udp,tp_dst={1000 + i},actions=drop"],
                                  stderr=subprocess.PIPE, text=True) for i in range(8)]
        procs += [subprocess.Popen([OFCTL, "--prefix", sw.prefix, "dump-flows", "br0"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                  for _ in range(4)]
        results = [(p.wait(timeout=30), p.stderr.read()) for p in procs]
        check(all(r == (0, "") for r in results), f"every call succeeded: {results}")
        check(len(no_stats(sw)) == 8, f"8 flows: {no_stats(sw)}")
        check(sw.stop() == 0, "clean stop")
    print("8 add-flow and 4 dump-flows calls at once: all exit 0, 8 flows present")


def case_reload():
    flows = ["priority=100,udp,tp_dst=7777,actions=output:b", "priority=1,actions=drop"]
    with Switch("of-reload") as sw:
        tap = tap_started(sw, flows)
        send(tap, [udp_frame(7777, i) for i in range(3)])
        keep = "table=0, priority=100,udp,tp_dst=7777 actions=output:2"
        wait_packets(sw, keep, 3)
        good = open(sw.config).read()
        ok(sw, "add-flow", "br0", "priority=9,arp,actions=drop")
        # A broken file: refused with its place, nothing changes.
        with open(sw.config, "w") as f:
            f.write(good.replace("fail-mode: secure", "fail-mode: [secure"))
        rc, out, err = ofctl(sw, "reload")
        check(rc == 1 and re.search(re.escape(sw.config) + r":6:10: invalid YAML", err),
              f"broken file: {rc} {err!r}")
        # What cannot change at run time is refused by name.
        for change, what in [(("socket-mem: 64", "socket-mem: 128"), "the dpdk section"),
                             (("fail-mode: secure", "fail-mode: standalone"),
                              "bridge br0's name, fail-mode or mac-table-size")]:
            with open(sw.config, "w") as f:
                f.write(good.replace(*change))
            rc, out, err = ofctl(sw, "reload")
            check(rc == 1 and f"{what}: that needs a restart" in err, f"{what}: {rc} {err!r}")
        check(len(no_stats(sw)) == 3, f"nothing changed: {no_stats(sw)}")
        # Flows changed: replaced; the unchanged flow keeps its counters.
        with open(sw.config, "w") as f:
            f.write(good.replace("priority=1,actions=drop", "priority=2,ip,actions=drop"))
        ok(sw, "reload")
        got = dump(sw)
        check(sorted(got) == sorted([keep, "table=0, priority=2,ip actions=drop"]) and
              got[keep][0] == 3, f"reloaded: {got}")
        # SIGHUP does the same.
        with open(sw.config, "w") as f:
            f.write(good)
        sw.proc.send_signal(signal.SIGHUP)
        poll(lambda: no_stats(sw), lambda v: " priority=1 actions=drop" in v, "SIGHUP reload", 5)
        check("reloaded" in sw.stderr() + sw.stdout(), "the reload is logged")
        # A port added, with a flow to it: opened, forwarding, b's counters kept.
        b_tx = ofctl(sw, "dump-ports", "br0", "b")[1]
        port_c = ('      - {name: c, type: dpdk, devargs: "net_pcap2,rx_pcap=%s,tx_pcap=%s"}\n'
                  % (sw.path("empty.pcap"), sw.path("c-out.pcap")))
        added = good.replace("    flows:", port_c + "    flows:").replace(
            "priority=1,actions=drop",
            "priority=1,actions=drop'\n      - 'priority=200,udp,tp_dst=9999,actions=output:c")
        with open(sw.config, "w") as f:
            f.write(added)
        ok(sw, "reload")
        rc, out, err = ofctl(sw, "show", "br0")
        check(" 3(c): " in out, f"port c shown: {out!r}")
        check(ofctl(sw, "dump-ports", "br0", "b")[1] == b_tx, "b's counters survive the reload")
        send(tap, [udp_frame(9999, i) for i in range(4)] + [udp_frame(7777, 9)])
        wait_packets(sw, "table=0, priority=200,udp,tp_dst=9999 actions=output:3", 4)
        wait_packets(sw, keep, 4)
        # The port removed again (and its flow): closed; its pcap has the 4 frames.
        with open(sw.config, "w") as f:
            f.write(good)
        ok(sw, "reload")
        rc, out, err = ofctl(sw, "show", "br0")
        check("(c)" not in out and " 2(b): " in out, f"port c gone: {out!r}")
        check(len(pcaplib.read_pcap(sw.path("c-out.pcap"))) == 4, "c sent the 4 frames")
        # A port's device settings cannot change in place: refused by name, nothing changes.
        with open(sw.config, "w") as f:
            f.write(good.replace("b-out.pcap", "b-out2.pcap"))
        rc, out, err = ofctl(sw, "reload")
        check(rc == 1 and "port b changed" in err, f"changed port: {rc} {err!r}")
        rc, out, err = ofctl(sw, "show", "br0")
        check(" 2(b): " in out, f"b still there: {out!r}")
        send(tap, [udp_frame(7777, 10)])
        wait_packets(sw, keep, 5)
        check(sw.stop() == 0, "clean stop")
    print("reload: a broken file, dpdk and fail-mode changes are refused with the reason "
          "and change nothing; changed flows are applied, the unchanged one keeps 3 packets; "
          "SIGHUP too; a port added with a flow forwards 4 frames, others' counters kept; "
          "removed again, it is closed with its pcap complete; a changed port is refused")


def case_malformed_ipc():
    with Switch("of-ipc") as sw:
        tap = tap_started(sw, ["priority=100,udp,tp_dst=7777,actions=output:b"])
        before = no_stats(sw)
        p = subprocess.run([IPC_PROBE, sw.prefix, "malformed", "2000"], capture_output=True,
                           text=True, timeout=120)
        check(p.returncode == 0, f"every malformed request refused:\n{p.stdout}{p.stderr}")
        check("FAIL" not in p.stdout and p.stdout.count("\nok ") >= 20, p.stdout)
        # A helper that allocates a buffer and dies: vswitchd frees it.
        p = subprocess.run([IPC_PROBE, sw.prefix, "orphan"], capture_output=True, text=True,
                           timeout=30)
        check(p.returncode == 0 and "\nbuffer " in p.stdout, p.stdout + p.stderr)
        poll(sw.stderr, lambda e: "exited without sending it" in e, "the orphan buffer freed", 5)
        check(no_stats(sw) == before, f"tables unchanged: {no_stats(sw)}")
        send(tap, [udp_frame(7777, i) for i in range(5)])
        wait_packets(sw, "table=0, priority=100,udp,tp_dst=7777 actions=output:2", 5)
        ok(sw, "add-flow", "br0", "priority=3,actions=drop")
        check(sw.stop() == 0, "clean stop")
    n = p.stdout.count("\n")
    print("malformed requests (sizes, version, ops, bridges, commands, buffers, NUL bytes) and "
          "2000 random ones: each refused with a reply; an orphaned buffer is freed; the switch "
          "still forwards and takes flow-mods")


def case_killed_during_bulk():
    n_flows = 100000
    with Switch("of-bulk") as sw:
        tap = tap_started(sw, ["priority=60000,udp,tp_dst=7777,actions=output:b"], mem=256)
        with open(sw.path("bulk.txt"), "w") as f:
            for i in range(n_flows):
                f.write(f"priority=10,ip,nw_dst=10.{i >> 16}.{(i >> 8) & 255}.{i & 255},"
                        f"actions=drop\n")
        t0 = time.monotonic()
        ok(sw, "add-flows", "br0", sw.path("bulk.txt"))
        whole = time.monotonic() - t0
        check(len(no_stats(sw)) == 1 + n_flows, "the whole file")
        ok(sw, "del-flows", "br0", "ip,nw_dst=10.0.0.0/8")
        sent, outcomes, stall = 0, [], 0.0
        for i in range(10):  # kills spread over the time a whole add-flows takes
            p = subprocess.Popen([OFCTL, "--prefix", sw.prefix, "add-flows", "br0",
                                  sw.path("bulk.txt")], stderr=subprocess.PIPE)
            time.sleep(whole * i / 10)
            p.send_signal(signal.SIGKILL)
            p.wait()
            # A helper killed while vswitchd waits for its answer to DPDK's memory
            # hotplug sync stalls vswitchd's control thread (not the PMDs) until
            # DPDK's IPC timeout (5 s): allow for that, and report the worst.
            t0 = time.monotonic()
            n = len(no_stats(sw, timeout=30))
            stall = max(stall, time.monotonic() - t0)
            check(n in (1, 1 + n_flows), f"all or nothing after a kill at {i}/10: {n} rules")
            outcomes.append("all" if n > 1 else "none")
            ok(sw, "del-flows", "br0", "ip,nw_dst=10.0.0.0/8")
            send(tap, [udp_frame(7777, i) for i in range(2)])
            sent += 2
            wait_packets(sw, "table=0, priority=60000,udp,tp_dst=7777 actions=output:2", sent)
        ok(sw, "add-flow", "br0", "priority=3,actions=drop")
        check(sw.stop() == 0, "clean stop")
    print(f"add-flows of {n_flows} flows takes {whole:.2f}s; killed with SIGKILL at 10 moments "
          f"within that: {outcomes.count('none')} left none, {outcomes.count('all')} all, never "
          f"a part; forwarding and flow-mods work after each; the slowest dump-flows right after "
          f"a kill took {stall:.2f}s")


def case_dp_flows():
    """A pipeline's outcome cached as one datapath flow: dump-dp-flows shows the bits the
    pipeline looked at (prefix tracking leaves the /32 deny rule's address wide) and its
    actions; every rule it went through, in every table, counts every packet; a flow-mod
    sends the next packet through the pipeline again."""
    flows = ["priority=100,udp,in_port=t,tp_dst=7777,actions=resubmit(,1)",
             "table=1,priority=200,ip,nw_src=10.211.0.1/32,actions=drop",
             "table=1,priority=10,ip,actions=mod_dl_dst:02:00:00:00:00:09,dec_ttl,resubmit(,2)",
             "table=2,priority=10,dl_dst=02:00:00:00:00:09,actions=output:b"]
    with Switch("of-dpflows") as sw:
        tap = tap_started(sw, flows)
        send(tap, [udp_frame(7777, i) for i in range(20)])
        for rule in ("table=0, priority=100,udp,in_port=1,tp_dst=7777 actions=resubmit(,1)",
                     "table=1, priority=10,ip actions=mod_dl_dst:02:00:00:00:00:09,dec_ttl,"
                     "resubmit(,2)",
                     "table=2, priority=10,dl_dst=02:00:00:00:00:09 actions=output:2"):
            wait_packets(sw, rule, 20)
        out = ok(sw, "dump-dp-flows", "br0").splitlines()
        check(len(out) == 1, f"one datapath flow: {out}")
        m = re.match(r"pmd=1 (\S+), packets:(\d+), bytes:(\d+), used:[\d.]+s, actions:(.*)$",
                     out[0] if out else "")
        check(m and m.group(4) == "mod_dl_dst:02:00:00:00:00:09,dec_ttl,output:2" and
              int(m.group(2)) == 20 and int(m.group(3)) == 20 * 60,
              f"its actions, packets and bytes: {out}")
        check(m and "in_port=1" in m.group(1) and "nw_src=10.0.0.0/9" in m.group(1) and
              "dl_dst=02:00:00:00:00:02" in m.group(1),
              f"its match: in_port, the address bits that tell 10.0.0.1 from 10.211.0.1/32 "
              f"(9 bits), the destination MAC table 2 matched before the rewrite: {out}")
        stats = ok(sw, "pmd-stats-show")
        nums = {k: int(v) for k, v in re.findall(r"^  ([a-z ]+): (\d+)$", stats, re.M)}
        # Frames the kernel sends on the tap (k of them) are table misses, the first of a
        # kind in the classifier ("misses"), a repeat in the exact-match cache ("emc hits").
        kernel = nums.get("packets received", 0) - 20
        check(nums.get("datapath flow misses") == 1 and nums.get("datapath flow inserts") == 1
              and nums.get("datapath flow hits", 0) + nums.get("emc hits", 0) ==
              19 + kernel - nums.get("misses", 0),
              f"one pipeline run, 19 cached packets: {nums}")
        check("avg subtable lookups per datapath flow hit" in stats or
              nums.get("datapath flow hits") == 0, stats)
        ok(sw, "add-flow", "br0", "table=1,priority=300,ip,nw_src=10.0.0.1,actions=drop")
        check(ok(sw, "dump-dp-flows") == "", "a commit leaves no datapath flow behind")
        send(tap, [udp_frame(7777, i) for i in range(3)])
        wait_packets(sw, "table=1, priority=300,ip,nw_src=10.0.0.1 actions=drop", 3)
        check(ok(sw, "dump-dp-flows", "br0").count("actions:drop") == 1,
              "the next packets run the new pipeline: one flow that drops")
        rc, out, err = ofctl(sw, "dump-dp-flows", "nosuch")
        check(rc == 1 and "nosuch" in err, f"unknown bridge: {rc} {err!r}")
        check(sw.stop() == 0, "clean stop")
    print("dump-dp-flows: one flow for 20 packets through 3 tables (match in_port, nw_src/9, "
          "dl_dst; actions mod_dl_dst,dec_ttl,output), every rule counted 20 times, 1 pipeline "
          "run; a flow-mod empties the cache and the next packets take the new rule")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
