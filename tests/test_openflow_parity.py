# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""The OpenFlow 1.3 channel against Open vSwitch 3.1, with the real ovs-ofctl as the client.

usage: test_openflow_parity.py CORPUS DIFFERENCES

The same bridge on a private OVS (tests/ovslib.py) and on vswitchd (ports p1,
p2, vm1 numbered 1, 2, 3). Each flow string of CORPUS goes to an empty table of
each with `ovs-ofctl -O OpenFlow13 add-flow`: over vsw's default unix listener,
so the flow travels as OpenFlow 1.3 FLOW_MOD (OXM match, instructions,
OpenFlow and Nicira actions) and comes back as a FLOW multipart reply that the
same ovs-ofctl prints. Either both switches refuse it (ovs-ofctl itself, or
the switch with an OFPT_ERROR), or both take it and `dump-flows --no-stats`
and `dump-flows --no-stats --names` print the same. Where OVS takes a flow
and vsw answers with an OFPT_ERROR, vsw must refuse it as text too
(vsw-ofctl add-flow), for a reason DIFFERENCES lists (the flow-language
file, test_flow_parity.py's: the string, or a class of refusals whose REGEX
finds vsw-ofctl's message): the channel refuses exactly what the language
does. Any other difference fails. Prints the counts.

In the test command (meson suite parity).
"""

import re
import subprocess
import sys

from ovslib import Ovs
from test_flow_parity import PORTS, flow_lines, parity_inputs
from vswtest import Switch, TestFailure, dpdk_port, ofctl, topology

O13 = ["-O", "OpenFlow13"]


def ofctl13(target, *args):
    p = subprocess.run(["ovs-ofctl", "--timeout=10"] + O13 + [args[0], target] + list(args[1:]),
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def result(run, target, flow):
    """(accepted, dump lines or the error's last line, --names dump lines)."""
    run(target, "del-flows")
    rc, _, err = run(target, "add-flow", flow)
    if rc != 0:  # the switch's OFPT_ERROR, or ovs-ofctl's own message
        named = re.findall(r"OFPT_ERROR \(OF1\.3\) \(xid=\w+\): (\w+)", err)
        return False, named[:1] or err.strip().splitlines()[-1:], []
    _, plain, _ = run(target, "dump-flows", "--no-stats")
    _, names, _ = run(target, "dump-flows", "--no-stats", "--names")
    return True, flow_lines(plain), flow_lines(names)


def text_refusal_listed(sw, flow, listed, classes):
    """Whether vsw-ofctl refuses flow too, for a reason the differences file lists."""
    ofctl(sw, "del-flows", "br0")
    rc, _, err = ofctl(sw, "add-flow", "br0", flow)
    msg = err.strip().splitlines()[-1:] if err else []
    return rc != 0 and (flow in listed or (msg and any(c.search(msg[0]) for c in classes)))


def main(argv):
    inputs = parity_inputs(argv)
    if inputs is None:
        return 2
    corpus, listed, classes, _ = inputs
    classes = [c[0] for c in classes.values()]
    same = both_refuse = n_listed = 0
    unlisted = []
    ports = [dpdk_port(name, f"net_null{n}", f"ofport: {n}") for name, n in PORTS]
    try:
        with Ovs(PORTS) as ovs, Switch("ofparity") as sw:
            sw.write_config(topology(ports))
            sw.start()
            ovs_run = lambda target, *a: ovs.ofctl(*O13, a[0], target, *a[1:])
            for flow in corpus:
                o = result(ovs_run, "BRIDGE", flow)
                v = result(ofctl13, sw.of_target(), flow)
                if o[0] == v[0] and (not o[0] or o[1:] == v[1:]):
                    same += o[0]
                    both_refuse += not o[0]
                elif flow in listed or (o[0] and not v[0] and
                                        text_refusal_listed(sw, flow, listed, classes)):
                    n_listed += 1
                else:
                    unlisted.append(f"{flow}\n  ovs: {o}\n  vsw: {v}")
            sw.stop()
    except TestFailure as e:
        print(f"FAIL: {e}")
        return 1
    print(f"openflow parity: {len(corpus)} flow strings over OpenFlow 1.3: {same} printed "
          f"identically, {both_refuse} refused by both, {n_listed} listed differences")
    for u in unlisted:
        print(f"DIFFERS (not listed): {u}")
    return 1 if unlisted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
