# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""The flow language against Open vSwitch 3.1: every string of a corpus through both.

usage: test_flow_parity.py CORPUS DIFFERENCES

A private OVS (tests/ovslib.py: ovsdb-server and ovs-vswitchd with the dummy
datapath) and a real vswitchd get the same bridge: ports p1, p2 and vm1 with
OpenFlow numbers 1, 2 and 3, fail mode secure. Each flow string of CORPUS
(one a line; # comments) goes to an empty table of each with ovs-ofctl
add-flow and vsw-ofctl add-flow. Either both refuse it, or both take it
and print it the same in `dump-flows --no-stats`, and in `dump-flows
--no-stats --names`; every tenth is also compared in `dump-flows` with its
statistics, numbers aside (the line layout). Anything else must be listed in DIFFERENCES: a string
("FLOW<TAB>reason a user would accept"), or a class of refusals
("refused<TAB>REGEX<TAB>reason": OVS takes the flow, vsw refuses it with a
message REGEX finds). A listed string or class that no longer differs
fails too, so the list stays true. Prints the counts.

In the test command (meson suite parity).
"""

import os
import re
import sys

from ovslib import Ovs
from vswtest import Switch, TestFailure, dpdk_port, ofctl, topology

PORTS = [("p1", 1), ("p2", 2), ("vm1", 3)]


def read_lines(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def read_differences(path):
    """The flow language's listed differences: ({flow string: reason}, {regex text:
    [compiled, times seen]}); the other tests' lines (forwarding, openflow) are theirs."""
    listed, classes = {}, {}
    for line in read_lines(path):
        cols = line.split("\t")
        if cols[0] == "refused":
            classes[cols[1]] = [re.compile(cols[1]), 0]
        elif cols[0] not in ("forwarding", "openflow"):
            listed[cols[0]] = cols[1]
    return listed, classes


def flow_lines(text):
    """The flow lines of a dump (they start with a space; a reply header would not)."""
    return [line for line in text.splitlines() if line.startswith(" ")]


def stats_layout(text):
    """dump-flows lines with their times and counters as N (vsw's null ports receive)."""
    return [re.sub(r"(duration=)[0-9.]+s|(idle_age=|hard_age=|n_packets=|n_bytes=)[0-9]+",
                   r"\1\2N", line) for line in flow_lines(text)]


def ovs_result(ovs, flow):
    """(accepted, dump-flows --no-stats lines, the same with --names) from OVS. A flow
    ovs-ofctl refuses in its default OpenFlow 1.0 (push_vlan, write_metadata ...), or
    one with write_actions or clear_actions, which it would take there and lose, is
    added with -O OpenFlow13, as a user would, and dumped so."""
    ovs.ofctl("del-flows", "BRIDGE")
    version = []
    # Over OpenFlow 1.0, ovs-ofctl drops write_actions and clear_actions without a word.
    o13 = "write_actions" in flow or "clear_actions" in flow
    rc, _, err = ovs.ofctl("add-flow", "BRIDGE", flow) if not o13 else (1, "", "")
    if rc != 0:
        version = ["-O", "OpenFlow13"]
        rc, _, err13 = ovs.ofctl(*version, "add-flow", "BRIDGE", flow)
        err = err if rc != 0 else err13
    if rc != 0:
        return False, err.strip().splitlines()[-1:] if err else [], [], []
    _, plain, _ = ovs.ofctl(*version, "dump-flows", "--no-stats", "BRIDGE")
    _, names, _ = ovs.ofctl(*version, "dump-flows", "--no-stats", "--names", "BRIDGE")
    # With statistics, vsw prints ovs-ofctl's OpenFlow 1.0 (NXST) layout only.
    _, stats, _ = ovs.ofctl(*version, "dump-flows", "BRIDGE")
    return True, flow_lines(plain), flow_lines(names), None if version else stats_layout(stats)


def vsw_result(sw, flow):
    """The same from vsw."""
    ofctl(sw, "del-flows", "br0")
    rc, _, err = ofctl(sw, "add-flow", "br0", flow)
    if rc != 0:
        return False, err.strip().splitlines()[-1:] if err else [], [], []
    _, plain, _ = ofctl(sw, "dump-flows", "--no-stats", "br0")
    _, names, _ = ofctl(sw, "dump-flows", "--no-stats", "--names", "br0")
    _, stats, _ = ofctl(sw, "dump-flows", "br0")
    return True, flow_lines(plain), flow_lines(names), stats_layout(stats)


def parity_inputs(argv):
    """(corpus, listed, classes, every) from the command line CORPUS DIFFERENCES, None on
    a usage error. Under the sanitizers (helpers start several times slower)
    VSW_PARITY_EVERY=N takes every Nth string only; then a listed entry that sees no
    difference is not known to be stale."""
    if len(argv) != 3:
        print(f"usage: {argv[0]} CORPUS DIFFERENCES", file=sys.stderr)
        return None
    every = int(os.environ.get("VSW_PARITY_EVERY", "1"))
    return (read_lines(argv[1])[::every],) + read_differences(argv[2]) + (every,)


def main(argv):
    inputs = parity_inputs(argv)
    if inputs is None:
        return 2
    corpus, listed, classes, every = inputs
    same = both_refuse = 0
    listed_seen, unlisted, stale = [], [], []
    ports = [dpdk_port(name, f"net_null{n}", f"ofport: {n}") for name, n in PORTS]
    try:
        with Ovs(PORTS) as ovs, Switch("parity") as sw:
            sw.write_config(topology(ports))
            sw.start()
            for i, flow in enumerate(corpus):
                o, v = ovs_result(ovs, flow), vsw_result(sw, flow)
                agree = (o[0] == v[0] and (not o[0] or (o[1] == v[1] and o[2] == v[2])))
                agree = agree and (i % 10 != 0 or o[3] is None or o[3] == v[3])
                cls = [c for c in classes.values()
                       if o[0] and not v[0] and v[1] and c[0].search(v[1][0])]
                if flow in listed:
                    (stale if agree else listed_seen).append(flow)
                elif agree:
                    same += o[0]
                    both_refuse += not o[0]
                elif cls:
                    cls[0][1] += 1
                    listed_seen.append(flow)
                else:
                    unlisted.append(f"{flow}\n  ovs: {o}\n  vsw: {v}")
            sw.stop()
    except TestFailure as e:
        print(f"FAIL: {e}")
        return 1
    stale += [f"refused\t{k}" for k, c in classes.items() if c[1] == 0 and every == 1]
    print(f"flow parity: {len(corpus)} flow strings: {same} printed identically, "
          f"{both_refuse} refused by both, {len(listed_seen)} listed differences "
          f"({len(listed)} strings and {len(classes)} classes of refusal listed)")
    for u in unlisted:
        print(f"DIFFERS (not listed): {u}")
    for s in stale:
        print(f"LISTED, but no longer differs: {s}")
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
