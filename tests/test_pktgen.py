# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vsw-pktgen (bench/): it sends, receives its own frames back, and refuses bad
options. Not a benchmark: the rates it prints are not checked, only that it
works (generator to generator over memif, 1000 flows, every frame received).

usage: test_pktgen.py
"""

import os
import re
import subprocess
import sys
import tempfile

from vswtest import check

PKTGEN = os.environ.get("VSW_PKTGEN", "build/bench/vsw-pktgen")


def pktgen(prefix, vdevs, *args):
    cmd = [PKTGEN, "-l", "1", f"--file-prefix={prefix}", "--in-memory", "--no-pci",
           "--log-level=.*:error"] + [f"--vdev={v}" for v in vdevs] + ["--"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def main():
    tag = os.getpid()
    with tempfile.TemporaryDirectory() as d:
        sock = os.path.join(d, "pg.sock")
        p = pktgen(f"pg-{tag}", [f"net_memif0,role=server,socket={sock}",
                                 f"net_memif1,role=client,socket={sock}"],
                   "--flows", "1000", "--rate", "100000", "--duration", "1", "--warmup", "0.5")
    m = re.search(r"tx_mpps=([\d.]+) rx_mpps=([\d.]+) loss_pct=([\d.]+) lat_p50_us=([\d.]+) "
                  r"lat_p99_us=([\d.]+) lat_p999_us=([\d.]+)", p.stdout)
    check(p.returncode == 0 and m, f"one result line: {p.returncode} {p.stdout!r} {p.stderr!r}")
    tx, rx, loss = float(m.group(1)), float(m.group(2)), float(m.group(3))
    check(0.09 <= tx <= 0.11 and loss < 1.0 and float(m.group(4)) > 0,
          f"100 kpps sent, all received, latency measured: {m.group(0)}")
    for args in (["--size", "20"], ["--flows", "0"], ["--tx", "5"], ["--bogus", "1"],
                 ["--rxq", "0"], ["--rxq", "17"]):
        p = pktgen(f"pg-{tag}-bad", ["net_null0,no-rx=1"], *args)
        check(p.returncode == 2 and "usage: vsw-pktgen" in p.stderr, f"{args}: {p.returncode}")
    print(f"vsw-pktgen: 1000 flows at 100 kpps over memif, generator to generator: "
          f"{m.group(0)}; bad options exit 2")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one line, as the other drivers print
        print(f"FAIL pktgen: {e}")
        sys.exit(1)
