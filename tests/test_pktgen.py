# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vsw-pktgen (bench/): it sends, receives its own frames back, and refuses bad
options. Not a benchmark: the rates it prints are not checked, only that it
works (generator to generator over memif, 1000 flows, every frame received),
that the frames it sends are well formed (a pcap of them: size, flows,
IPv4 checksum), and that --hold keeps it running until its stdin closes.

usage: test_pktgen.py
"""

import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from pcaplib import csum, read_pcap, write_pcap
from vswtest import check, poll

PKTGEN = os.environ.get("VSW_PKTGEN", "build/bench/vsw-pktgen")


def command(prefix, vdevs, *args):
    return [PKTGEN, "-l", "1", f"--file-prefix={prefix}", "--in-memory", "--single-file-segments",
            "--no-pci", "--log-level=.*:error"] + [f"--vdev={v}" for v in vdevs] + ["--"] + \
        list(args)


def pktgen(prefix, vdevs, *args):
    return subprocess.run(command(prefix, vdevs, *args), capture_output=True, text=True,
                          timeout=60)


def check_frames(tag, d):
    """Frames sent into a pcap: 100 bytes, three flows in turn, IPv4 checksum right."""
    empty, out = os.path.join(d, "empty.pcap"), os.path.join(d, "out.pcap")
    write_pcap(empty, [])
    p = pktgen(f"pg-{tag}-pcap", [f"net_pcap0,rx_pcap={empty},tx_pcap={out}"],
               "--flows", "3", "--size", "100", "--rate", "2000", "--duration", "0.5",
               "--warmup", "0")
    check(p.returncode == 0, f"pcap run: {p.returncode} {p.stderr[-300:]!r}")
    frames = read_pcap(out)
    check(len(frames) >= 100, f"{len(frames)} frames written")
    for i, f in enumerate(frames):
        ip = f[14:34]
        src, sport = ip[12:16], struct.unpack("!H", f[34:36])[0]
        check(len(f) == 100 and f[12:14] == b"\x08\x00" and csum(ip) == 0 and
              src == bytes([10, 0, 0, i % 3]) and sport == 1024,
              f"frame {i}: {len(f)} bytes, {src.hex()} port {sport}, checksum {csum(ip):#x}")
    return len(frames)


def check_hold(tag, d):
    """--hold: the line is printed, and the process waits for its stdin to close."""
    sock = os.path.join(d, "hold.sock")
    p = subprocess.Popen(command(f"pg-{tag}-hold", [f"net_memif0,role=server,socket={sock}",
                                                    f"net_memif1,role=client,socket={sock},"
                                                    "zero-copy=yes"],
                                 "--rate", "100000", "--duration", "0.5", "--warmup", "0.2",
                                 "--hold"),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    try:
        line = p.stdout.readline()
        check("rx_mpps=" in line, f"--hold prints its line: {line!r}")
        check(p.poll() is None, "--hold: still running after its line")
        p.stdin.close()
        poll(lambda: p.poll(), lambda rc: rc is not None, "--hold: exit once stdin closes", 20)
        check(p.returncode == 0, f"--hold: exit {p.returncode}")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


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
                 ["--rxq", "0"], ["--rxq", "17"], ["--hold=1"]):
        p = pktgen(f"pg-{tag}-bad", ["net_null0,no-rx=1"], *args)
        check(p.returncode == 2 and "usage: vsw-pktgen" in p.stderr, f"{args}: {p.returncode}")
    with tempfile.TemporaryDirectory() as d:
        n_frames = check_frames(tag, d)
        check_hold(tag, d)
    print(f"vsw-pktgen: 1000 flows at 100 kpps over memif, generator to generator: "
          f"{m.group(0)}; {n_frames} frames sent into a pcap well formed; --hold waits "
          "for stdin; bad options exit 2")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one line, as the other drivers print
        print(f"FAIL pktgen: {e}")
        sys.exit(1)
    finally:  # the generators' runtime directories (DPDK leaves them empty)
        for d in glob.glob(f"/var/run/dpdk/pg-{os.getpid()}*"):
            shutil.rmtree(d, ignore_errors=True)
