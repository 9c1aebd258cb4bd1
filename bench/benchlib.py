# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""benchlib: what the Python benchmarks share. Importing it puts the tests'
helpers (vswtest, pcaplib, ...) on the path and points them at the build to
measure: BUILD_DIR, the first argument, or build/. pcap_to_null() is the
topology most benchmarks run.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
BUILD = (sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-")
         else os.path.join(HERE, "..", "build"))
for var, rel in (("VSWITCHD", "vswitchd/vswitchd"), ("SHM_PROBE", "tests/shm_probe"),
                 ("VHOST_PEER", "tests/vhost_peer")):
    os.environ.setdefault(var, os.path.join(BUILD, rel))

from vswtest import topology  # noqa: E402


def pcap_to_null(mem, flow):
    """The topology most benchmarks run: a net_pcap port replaying in.pcap forever into
    net_null, with mem MiB of hugepages and one flow."""
    return topology([("a", "net_pcap0,rx_pcap={dir}/in.pcap,infinite_rx=1"),
                     ("z", "net_null0,no-rx=1")], [flow], socket_mem=mem)


def binary(rel):
    """A program of the build, by its path inside it."""
    return os.path.join(BUILD, rel)
