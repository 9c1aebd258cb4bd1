# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vsw-ofctl's read commands against a real vswitchd, in the style of
ovs-ofctl's own tests: start a switch on pcap ports with flows from its
topology, send traffic, read everything back through vsw-ofctl.

usage: test_ofctl.py CASE   (meson runs each case as its own test)
"""

import os
import re
import signal
import subprocess
import sys
import time

import pcaplib
from vswtest import run_cases, SHM_PROBE, Switch, TestFailure, check

OFCTL = os.environ.get("VSW_OFCTL", "build/ofctl/vsw-ofctl")

TOPOLOGY = """\
dpdk: {{file-prefix: {{prefix}}, socket-mem: 64, extra: [--no-pci]}}
pmd-cores: [1]
bridges:
  - name: br0
    ports:
      - {{name: a, type: dpdk, devargs: "net_pcap0,rx_pcap={{dir}}/in.pcap,tx_pcap={{dir}}/a-out.pcap"}}
      - {{name: b, type: dpdk, devargs: "net_pcap1,rx_pcap={{dir}}/empty.pcap,tx_pcap={{dir}}/b-out.pcap"}}
    flows:
{flows}
"""

FLOWS = ["priority=100,ip,in_port=a,actions=output:b",
         "table=1,priority=5,tcp,tp_dst=80,idle_timeout=300,actions=mod_vlan_vid:5,output:b",
         "cookie=0x7,priority=50,arp,actions=flood"]


def ofctl(sw, *args, timeout=10):
    p = subprocess.run([OFCTL, "--prefix", sw.prefix] + list(args), capture_output=True,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def started(sw, frames=100):
    pcaplib.write_pcap(sw.path("in.pcap"), pcaplib.make_frames(frames, seed=1))
    pcaplib.write_pcap(sw.path("empty.pcap"), [])
    sw.write_config(TOPOLOGY.format(flows="\n".join(f"      - '{f}'" for f in FLOWS)))
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
        rc, out, err = ofctl(sw, "pmd-rxq-show")
        check("port: a" in out and "port: b" in out and "queue-id:  0" in out, f"rxq: {out!r}")
        check(sw.stop() == 0, "clean stop")
    print("show, dump-ports PORT, dump-tables, pmd-stats-show (hits and misses add up), "
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
                (["add-flow", "br0", "actions=drop"], 1, "not supported by this build yet"),
                (["dump-ports", "br0", "zz"], 1, "bridge br0 has no port 'zz'"),
                (["dump-ports", "br0", "1x"], 1, "bridge br0 has no port '1x'")]:
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


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
