# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""ovs-ofctl's commands over OpenFlow 1.3 and 1.0, on vswitchd and on Open vSwitch 3.1 side by side.

usage: test_openflow_commands.py CASE   (meson runs each case as its own test)

Both switches get the same bridge (p1, p2, vm1 numbered 1, 2, 3) and the same
ovs-ofctl -O OpenFlow13 commands (the -of10 cases: ovs-ofctl's default, OpenFlow
1.0): vsw over its default unix listener, OVS
over its bridge's. After every command, what ovs-ofctl printed for each must
be the same (times, counters and MAC addresses aside, and the lines
tests/ovs_differences.txt lists as "openflow<TAB>REGEX<TAB>vsw prints<TAB>reason":
what REGEX finds in OVS's output, vsw prints instead), and so must
`dump-flows --no-stats --sort`.

  flow-mods  add-flow, add-flows (a file of 10,000), mod-flows and del-flows
             (strict or not, cookie masks, out_port, tables), dump-flows with
             a selection, dump-aggregate, replace-flows, diff-flows
  ports      show, dump-ports, dump-ports-desc, dump-tables; dump-table-features
             (each switch announces its own fields and actions: only its tables)
  bundles    --bundle add-flows (10,000), replace-flows, mod-flows, del-flows: one
             atomic change each (ONF's bundles in OpenFlow 1.3); a bundle one of whose
             flows overlaps a rule (check_overlap) refused whole: no flow of it added
  flow-mods-of10, ports-of10
             the same in OpenFlow 1.0, which vsw speaks without Nicira's NXM: what
             needs NXM (a cookie mask, a field 1.0's match lacks) ovs-ofctl refuses for
             vsw ("does not support any of the usable flow formats"), checked once
"""

import difflib
import os
import re
import subprocess
import sys
import tempfile

from ovslib import Ovs
from test_flow_parity import PORTS
from vswtest import Switch, TestFailure, check, dpdk_port, run_cases, topology

O13 = ["-O", "OpenFlow13"]


def normalize(text):
    """Output without what differs between any two switches: times, counters, MACs, xids,
    datapath IDs, port speeds (OVS's dummy ports have none, vsw's null ports 10 Gb/s)."""
    text = re.sub(r"duration=[0-9.]+s", "duration=T", text)
    text = re.sub(r"dpid:[0-9a-f]{16}", "dpid:D", text)
    text = re.sub(r"speed: [0-9]+ Mbps now, [0-9]+ Mbps max", "speed: S", text)
    text = re.sub(r"\n +current: +[A-Z0-9-]+", "", text)
    text = re.sub(r"(n_packets|n_bytes|idle_age|hard_age|pkts|bytes|drop|errs|"
                  r"packet_count|byte_count|active|lookup|matched)=([0-9]+|\?)", r"\1=N", text)
    text = re.sub(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC", text)
    text = re.sub(r"xid=0x[0-9a-f]+", "xid=X", text)
    return text


class Pair:
    """The two switches, and one ovs-ofctl command run on each."""

    def __init__(self, ovs, sw, listed, proto):
        self.ovs, self.sw, self.n, self.listed, self.proto = ovs, sw, 0, listed, proto

    def run(self, *args, compare=True):
        """ovs-ofctl [-O OpenFlow13] [--OPTIONS] CMD SWITCH ARGS on both; returns vsw's
        (rc, out, err), and keeps OVS's in self.last_ovs."""
        opts = []
        while args[len(opts)].startswith("--"):
            opts.append(args[len(opts)])
        cmd, rest = args[len(opts)], list(args[len(opts) + 1:])
        ovs = list(self.ovs.ofctl(*self.proto, *opts, cmd, "unix:BRIDGE", *rest))
        for ovs_regex, vsw_text in self.listed:
            ovs[1] = re.sub(ovs_regex, vsw_text, ovs[1])
        self.last_ovs = ovs
        p = subprocess.run(["ovs-ofctl", "--timeout=20"] + self.proto + opts +
                           [cmd, self.sw.of_target()] + rest,
                           capture_output=True, text=True, timeout=120)
        vsw = (p.returncode, p.stdout, p.stderr)
        self.n += 1
        if compare:
            o, v = normalize(ovs[1]), normalize(vsw[1])
            if cmd == "dump-flows":  # rules of one priority come in each switch's own order
                o, v = sorted(o.splitlines()), sorted(v.splitlines())
            else:
                o, v = o.splitlines(), v.splitlines()
            diff = list(difflib.unified_diff(o, v, "ovs", "vsw", lineterm="", n=1))[:24]
            check(ovs[0] == vsw[0] and o == v,
                  f"ovs-ofctl {cmd} {' '.join(rest)}: rc {ovs[0]} (ovs) {vsw[0]} (vsw)\n" +
                  "\n".join(diff) + f"\n  stderr: ovs {ovs[2][-300:]!r} vsw {vsw[2][-300:]!r}")
        return vsw

    def same_flows(self, what):
        self.run("dump-flows", "--no-stats", "--sort")
        print(f"{what}: identical")


def listed_differences():
    """The differences file's "openflow<TAB>OVS prints<TAB>vsw prints<TAB>reason" lines:
    (a regular expression on OVS's output, what vsw prints there instead)."""
    path = os.environ.get("VSW_OVS_DIFFERENCES", os.path.join(os.path.dirname(__file__),
                                                              "ovs_differences.txt"))
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.startswith("openflow\t")]
    return [(r[1], r[2]) for r in rows]


def with_pair(fn, proto=O13):
    ports = [dpdk_port(name, f"net_null{n}", f"ofport: {n}") for name, n in PORTS]
    with Ovs(PORTS) as ovs, Switch("ofcmds") as sw:
        sw.write_config(topology(ports))
        sw.start()
        fn(Pair(ovs, sw, listed_differences(), proto), sw)
        sw.stop()


def write_10000_flows(path):
    """A file of 10,000 flows over three tables, seven priorities and three outputs."""
    with open(path, "w") as f:
        for i in range(10000):
            f.write(f"table={i % 3},priority={100 + i % 7},ip,nw_src=10.{i >> 16 & 255}."
                    f"{i >> 8 & 255}.{i & 255},actions=output:{1 + i % 3}\n")


def flow_mods(pair, sw):
    pair.run("del-flows")
    nxm = ["priority=30,ipv6,ipv6_src=2001:db8::/32,actions=drop",
           "priority=31,reg0=5,tcp,tcp_flags=+syn,actions=load:1->NXM_NX_REG1[],resubmit(,1)",
           "cookie=0x31,priority=32,ip,nw_ttl=7,actions=output:2"]
    for f in ["priority=10,ip,nw_dst=10.0.0.1,actions=output:1",
              "cookie=0x11,priority=20,tcp,tp_dst=80,actions=output:2",
              "cookie=0x12,priority=20,tcp,tp_dst=443,actions=output:2,output:3",
              "table=1,cookie=0x21,priority=5,udp,actions=drop",
              "table=1,priority=5,ip,actions=dec_ttl,resubmit(,2)",
              "table=2,priority=1,actions=normal"] + (nxm if pair.proto == [] else []):
        pair.run("add-flow", f)
    pair.same_flows("add-flow")
    pair.run("dump-flows", "--no-stats", "--sort", "table=1")
    pair.run("dump-flows", "--no-stats", "--sort", "cookie=0x10/0xf0")
    pair.run("mod-flows", "cookie=0x21/-1,actions=output:2")
    pair.same_flows("mod-flows by cookie")
    pair.run("del-flows", "cookie=0x20/0xf0")
    pair.same_flows("del-flows by cookie")
    pair.run("dump-flows", "--no-stats", "--sort", "tcp")
    pair.run("dump-flows", "--no-stats", "--sort", "out_port=2")
    pair.run("dump-aggregate")
    pair.run("dump-aggregate", "table=1")
    pair.run("mod-flows", "tcp,actions=output:3")
    pair.same_flows("mod-flows non-strict")
    pair.run("mod-flows", "--strict", "priority=20,tcp,tp_dst=443,actions=output:1")
    pair.same_flows("mod-flows --strict")
    pair.run("mod-flows", "priority=7,arp,actions=flood")  # selects nothing
    pair.same_flows("mod-flows selecting nothing")
    pair.run("del-flows", "--strict", "priority=10,ip,nw_dst=10.0.0.1")
    pair.same_flows("del-flows --strict")
    pair.run("del-flows", "out_port=3")
    pair.same_flows("del-flows out_port")
    pair.run("del-flows", "table=2")
    pair.same_flows("del-flows table")
    pair.run("add-flow", "check_overlap,priority=5,ip,actions=drop")
    pair.run("add-flow", "check_overlap,priority=5,tcp,actions=drop")  # overlaps: both refuse
    pair.run("add-flow", "send_flow_rem,idle_timeout=60,hard_timeout=90,priority=9,arp,actions=drop")
    pair.same_flows("flags and timeouts")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "flows")
        write_10000_flows(path)
        pair.run("add-flows", path)
        pair.same_flows("add-flows of 10,000")
        pair.run("dump-aggregate")
        with open(path, "w") as f:
            f.write("priority=3,arp,actions=normal\npriority=4,ip,actions=output:1\n")
        pair.run("replace-flows", path)
        pair.same_flows("replace-flows")
        pair.run("diff-flows", path)
    pair.run("del-flows")
    pair.same_flows("del-flows all")
    print(f"flow-mods: {pair.n} ovs-ofctl commands, output identical on both")


def ports(pair, sw):
    for cmd in ["show", "dump-ports", "dump-ports-desc", "dump-tables"]:
        pair.run(cmd)
    if pair.proto == O13:  # 1.0 has no table features
        # Each switch announces its own matches and actions: only the tables are compared.
        rc, out, err = pair.run("dump-table-features", compare=False)
        tables = re.findall(r"^  tables? [0-9.]+:.*$", out, re.M)
        check(rc == 0 and tables == ["  table 0:", "  tables 1...253: ditto", "  table 254:"],
              f"dump-table-features: {rc} {tables} {err!r}")
    pair.run("dump-ports", "2")
    pair.run("dump-ports-desc", "3")
    print(f"ports: {pair.n} ovs-ofctl commands, output identical on both")


def bundles(pair, sw):
    pair.run("del-flows")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "flows")
        write_10000_flows(path)
        pair.run("--bundle", "add-flows", path)
        pair.same_flows("--bundle add-flows of 10,000")
        with open(path, "w") as f:
            f.write("priority=3,arp,actions=normal\npriority=4,ip,actions=output:1\n"
                    "table=1,priority=5,tcp,tp_dst=22,actions=drop\n")
        pair.run("--bundle", "replace-flows", path)
        pair.same_flows("--bundle replace-flows")
        pair.run("--bundle", "mod-flows", "ip,actions=output:2")
        pair.same_flows("--bundle mod-flows")
        # The second flow overlaps priority=4,ip: the whole bundle goes, the first too.
        with open(path, "w") as f:
            f.write("priority=6,udp,actions=drop\ncheck_overlap,priority=4,tcp,actions=drop\n")
        rc, _, err = pair.run("--bundle", "add-flows", path)
        check(rc != 0 and "OFPFMFC_OVERLAP" in err and "MSG_FAILED" in err and
              "OFPFMFC_OVERLAP" in pair.last_ovs[2] and "MSG_FAILED" in pair.last_ovs[2],
              f"a bundle with an overlap: both refuse it\n  vsw {err!r}\n  ovs "
              f"{pair.last_ovs[2]!r}")
        pair.same_flows("a bundle refused whole")
        pair.run("--bundle", "del-flows", "table=1")
        pair.same_flows("--bundle del-flows")
    print(f"bundles: {pair.n} ovs-ofctl commands, output identical on both")


def case_bundles():
    with_pair(bundles)


def case_flow_mods():
    with_pair(flow_mods)


def case_ports():
    with_pair(ports)


def case_flow_mods_of10():
    with_pair(flow_mods, [])


def case_ports_of10():
    with_pair(ports, [])


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
