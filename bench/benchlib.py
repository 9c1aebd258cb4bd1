# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""benchlib: what the Python benchmarks share. Importing it puts the tests'
helpers (vswtest, pcaplib, ...) on the path and points them at the build to
measure: BUILD_DIR, the first argument, or build/. PCAP_TO_NULL is the
topology most benchmarks run: a net_pcap port replaying forever into
net_null, with {mem} MiB of hugepages and one flow {flow}.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build")
for var, rel in (("VSWITCHD", "vswitchd/vswitchd"), ("SHM_PROBE", "tests/shm_probe"),
                 ("VHOST_PEER", "tests/vhost_peer")):
    os.environ.setdefault(var, os.path.join(BUILD, rel))

PCAP_TO_NULL = """\
dpdk: {{file-prefix: {{prefix}}, socket-mem: {mem}, extra: [--no-pci]}}
pmd-cores: [1]
bridges:
  - name: br0
    fail-mode: secure
    ports:
      - {{name: a, type: dpdk, devargs: "net_pcap0,rx_pcap={{dir}}/in.pcap,infinite_rx=1"}}
      - {{name: z, type: dpdk, devargs: "net_null0,no-rx=1"}}
    flows: ['{flow}']
"""


def binary(rel):
    """A program of the build, by its path inside it."""
    return os.path.join(BUILD, rel)
