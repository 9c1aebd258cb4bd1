# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Soak: thousands of helper calls of every kind, some SIGKILLed at a random
moment (also inside their EAL start), flow churn and reloads, while the PMD
forwards. Afterwards the switch's hugepage heap (telemetry /eal/heap_info),
its file descriptors, DPDK's memory-hotplug lock and its counters must be
where they were, and flow-mods must still be accepted.

usage: test_soak.py CASE          (meson runs "helpers", the short version)
       test_soak.py long SECONDS  (bench/soak: a helper call a second, churn, reloads)
VSW_SOAK_CALLS sets the number of calls of the short version (default 2000).
"""

from collections import Counter
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import time

import pcaplib
import test_helpers
import test_vhost
from vswtest import OFCTL, Switch, check, ofctl, parse_exit_counters, poll, run_cases, topology


# Reading commands, and changes that a matching undo takes back.
READS = [["show", "br0"], ["dump-flows", "br0"], ["dump-ports", "br0"], ["dump-tables", "br0"],
         ["pmd-stats-show"], ["pmd-rxq-show"], ["fdb-show", "br0"], ["--names", "dump-flows", "br0"],
         ["diff-flows", "br0", "-"], ["dump-flows", "br0", "udp"], ["dump-dp-flows", "br0"]]
CHURN_MATCH = "priority=7,udp,tp_dst={port}"
HUNG_S = 30  # a helper call takes well under a second


def heap(sw):
    """(Alloc_count, Alloc_size) of the switch's socket-0 heap."""
    info, = test_helpers.telemetry(sw, "/eal/heap_info,0")
    return info["Alloc_count"], info["Alloc_size"]


def hotplug_lock(sw):
    """DPDK 22.11's memory-hotplug rwlock word (struct rte_mem_config at the top of the
    runtime config file, the fifth lock word: offset 32). 0 means free."""
    with open(f"/var/run/dpdk/{sw.prefix}/config", "rb") as f:
        f.seek(32)
        return struct.unpack("<i", f.read(4))[0]


def fd_table(sw):
    """vswitchd's open file descriptors: {fd: what it points at}."""
    table = {}
    for fd in os.listdir(f"/proc/{sw.proc.pid}/fd"):
        try:
            table[fd] = os.readlink(f"/proc/{sw.proc.pid}/fd/{fd}")
        except OSError:
            pass  # closed meanwhile
    return table


def fds(sw):
    """vswitchd's open file descriptors once settled, as a sorted list of what they
    point at: a helper's or telemetry client's connection is closed by the switch's
    threads a moment after the client leaves."""
    snap = lambda: sorted(fd_table(sw).values())
    settled = lambda t: (time.sleep(0.3), t == snap())[1]
    time.sleep(1.0)
    return poll(snap, settled, "fds to settle", 20)


def helper_argv(sw, rng):
    """A random helper call: a read, a flow change, or vsw-top."""
    kind = rng.random()
    if kind < 0.1:
        return [test_helpers.TOP, "--prefix", sw.prefix, "--once", "--interval", "0.1"]
    if kind < 0.3:
        port = rng.randrange(1, 60000)
        verb = rng.choice([["add-flow", "br0", CHURN_MATCH.format(port=port) + ",actions=drop"],
                           ["del-flows", "br0", "udp"],
                           ["mod-flows", "br0", "udp,actions=output:t"]])
        return [OFCTL, "--prefix", sw.prefix] + verb
    return [OFCTL, "--prefix", sw.prefix] + rng.choice(READS)


def run_helpers(sw, n, kill_share, rng, parallel=2):
    """n helper calls, parallel at a time; kill_share of them SIGKILLed after a random delay
    of up to 150 ms (a helper's EAL start takes about 40). A call not meant to be killed
    that runs for HUNG_S seconds is killed and counted as hung. Prints progress every 250
    calls (a timeout then shows where). Returns (finished, killed, hung)."""
    running, finished, killed, hung, started = [], 0, 0, 0, 0
    t0 = time.monotonic()
    while started < n or running:
        while started < n and len(running) < parallel:
            p = subprocess.Popen(helper_argv(sw, rng), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            doomed = rng.random() < kill_share
            deadline = time.monotonic() + (rng.uniform(0, 0.15) if doomed else HUNG_S)
            running.append((p, deadline, doomed))
            started += 1
            if started % 250 == 0:
                print(f"soak: {started} of {n} helper calls started after "
                      f"{time.monotonic() - t0:.0f} s ({hung} hung)", flush=True)
        time.sleep(0.002)
        for p, deadline, doomed in list(running):
            if p.poll() is not None:
                finished += 1
            elif time.monotonic() >= deadline:
                p.kill()
                p.wait()
                killed += doomed
                hung += not doomed
                if not doomed:
                    print(f"soak: a helper ran {HUNG_S} s: {' '.join(p.args[1:])}; helper "
                          f"gate {gate_state(sw)}", flush=True)
            else:
                continue
            running.remove((p, deadline, doomed))
    return finished, killed, hung


def started_switch(sw):
    frames = test_vhost.small_frames(64, 5)
    pcaplib.write_pcap(sw.path("in.pcap"), frames)
    sw.write_config(topology(
        [("a", "net_pcap0,rx_pcap={dir}/in.pcap,infinite_rx=1"), ("z", "net_null0,no-rx=1"),
         ("t", f"net_tap0,iface=vsoak{os.getpid() % 100000}")],
        ["in_port=a,actions=output:z"], socket_mem=128))
    sw.start()
    sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) > 0, "forwarding")


def gate_state(sw):
    """The helper gate's (inside, suspects) (shm/helper_gate.c); (0, 0) once vswitchd has
    repaired after every helper that died inside (a repair stalls on each lock hold left)."""
    try:
        with open(f"/var/run/dpdk/{sw.prefix}/vsw_helper_gate", "rb") as f:
            return struct.unpack("<II", f.read(8))
    except (OSError, struct.error):
        return (0, 0)  # no helper has come yet


def settle(sw):
    """Undo the churn, let deferred frees and the gate's repair run, return the heap."""
    check(ofctl(sw, "del-flows", "br0", "udp")[0] == 0, "churn flows removed")
    poll(lambda: gate_state(sw), lambda g: g == (0, 0), "the helper gate's repair", 30)
    time.sleep(2.5)
    return heap(sw)


# What DPDK 22.11 leaves in the heap when a helper is killed between rte_service_init() and
# rte_service_finalize() in its EAL start (shm/helper.c): its service tables, 2 allocations
# of 155,904 bytes in all. vswitchd logs every helper that died during its EAL start.
SERVICE_TABLES = (2, 155904)


def check_after(sw, before, fds_before):
    after = settle(sw)
    died = sum(int(n) for n in re.findall(r"(\d+) helper\(s\) died during their EAL start",
                                          sw.stdout() + sw.stderr()))
    count, size = after[0] - before[0], after[1] - before[1]
    k = count // SERVICE_TABLES[0]
    dpdk_window = (0 < k <= died and count == k * SERVICE_TABLES[0] and
                   size == k * SERVICE_TABLES[1])
    check(after == before or dpdk_window,
          f"heap Alloc_count, Alloc_size {before} before, {after} after ({died} helpers died "
          f"during their EAL start)")
    if dpdk_window:
        print(f"soak: {k} of the {died} helpers that died during their EAL start were killed "
              f"inside DPDK's service-table window and left those tables ({size} bytes; "
              f"shm/helper.c); nothing else grew")
    fds_after = fds(sw)
    gone = sorted((Counter(fds_before) - Counter(fds_after)).elements())
    new = sorted((Counter(fds_after) - Counter(fds_before)).elements())
    check(fds_after == fds_before, f"vswitchd fds {len(fds_before)} before, {len(fds_after)} "
          f"after; gone {gone}, new {new}")
    check(hotplug_lock(sw) == 0, f"memory-hotplug lock left held: {hotplug_lock(sw):#x}")
    rc, _, err = ofctl(sw, "add-flow", "br0", "priority=3,arp,actions=drop")
    check(rc == 0, f"a flow-mod after the soak: {rc} {err!r}")
    check(ofctl(sw, "del-flows", "--strict", "br0", "priority=3,arp")[0] == 0, "and its undo")
    return after


def check_counters(sw):
    """Every packet a received is accounted for: sent on z or counted as a drop."""
    check(sw.stop() == 0, "clean stop")
    counters = parse_exit_counters(sw.stdout())
    a, z = counters["a"], counters["z"]
    dropped = sum(a["drops"].values()) + sum(z["drops"].values())
    check(a["rx_packets"] == z["tx_packets"] + dropped,
          f"a rx {a['rx_packets']} != z tx {z['tx_packets']} + drops {dropped}")
    return a["rx_packets"]


def case_helpers():
    n = int(os.environ.get("VSW_SOAK_CALLS", "2000"))
    rng = random.Random(int(os.environ.get("VSW_SOAK_SEED", "17")))
    with Switch("soak") as sw:
        started_switch(sw)
        run_helpers(sw, 20, 0, rng)  # the first of each kind may grow tables for good
        before, fds_before = settle(sw), fds(sw)
        t0 = time.monotonic()
        finished, killed, hung = run_helpers(sw, n, 0.1, rng)
        dt = time.monotonic() - t0
        check(hung == 0, f"{hung} helper calls ran {HUNG_S} s and were killed")
        after = check_after(sw, before, fds_before)
        gate = [l for l in sw.stderr().splitlines() if "lock holds of helpers" in l]
        locks = Counter()
        for line in gate:
            for name, k in re.findall(r"([a-z ]+) x([0-9]+)", line.split(": ")[-1]):
                locks[name.strip()] += int(k)
        rx = check_counters(sw)
    print(f"soak: {n} helper calls in {dt:.0f} s ({finished} finished, {killed} SIGKILLed, "
          f"{len(gate)} gate repairs: {dict(locks)}), heap {before} -> {after}, fds "
          f"{len(fds_before)}, {rx} packets all accounted for")


def rss_kib(sw):
    with open(f"/proc/{sw.proc.pid}/status") as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


def openflow_call(sw, rng):
    """One OpenFlow session on the bridge's channel: an ovs-ofctl command (a bundle's too),
    or a raw connection that leaves half-way through a message."""
    kind = rng.random()
    target = sw.of_target()
    if kind < 0.2:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(target[len("unix:"):])
        s.sendall(bytes.fromhex("04000010000000010001000800000010") +
                  bytes.fromhex("040e00c8000000ff")[:rng.randrange(1, 8)])
        s.close()
        return
    port = rng.randrange(1, 60000)
    verb = rng.choice([["add-flow", CHURN_MATCH.format(port=port) + ",actions=drop"],
                       ["del-flows", "udp"], ["dump-flows"], ["dump-ports"], ["show"],
                       ["mod-flows", "udp,actions=output:2"],
                       ["--bundle", "add-flow", CHURN_MATCH.format(port=port) + ",actions=drop"]])
    opts = verb[:1] if verb[0].startswith("--") else []
    verb = verb[len(opts):]
    subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "--timeout=20"] + opts + [verb[0], target] +
                   verb[1:],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60)


def case_openflow():
    """OpenFlow sessions by the thousand (ovs-ofctl commands, connections cut mid-message):
    vswitchd's fds, heap and resident memory where they were, every packet accounted for.
    Ten sessions for each helper call of VSW_SOAK_CALLS: a session costs no EAL start."""
    n = 10 * int(os.environ.get("VSW_SOAK_CALLS", "2000"))
    rng = random.Random(int(os.environ.get("VSW_SOAK_SEED", "17")))
    if "ASAN_OPTIONS" in os.environ:
        # ASan keeps freed memory in a quarantine of 256 MiB before reusing it: resident
        # memory would grow by what the sessions freed. 1 MiB makes it a measure again.
        os.environ["ASAN_OPTIONS"] += ":quarantine_size_mb=1"
    with Switch("ofsoak") as sw:
        started_switch(sw)
        for _ in range(50):  # the first of each kind may grow buffers for good
            openflow_call(sw, rng)
        before, fds_before, rss_before = settle(sw), fds(sw), rss_kib(sw)
        t0 = time.monotonic()
        for _ in range(n):
            openflow_call(sw, rng)
        dt = time.monotonic() - t0
        after = check_after(sw, before, fds_before)
        rss_after = rss_kib(sw)
        check(rss_after - rss_before < 4096,
              f"resident memory {rss_before} KiB before, {rss_after} KiB after")
        rx = check_counters(sw)
    print(f"soak: {n} OpenFlow sessions in {dt:.0f} s, heap {before} -> {after}, fds "
          f"{len(fds_before)}, resident {rss_before} -> {rss_after} KiB, {rx} packets all "
          "accounted for")


def soak_long(seconds):
    """bench/soak: for `seconds`, a helper call a second (one in ten killed), flow churn
    (an add and a delete a second) and a reload a minute; heap, fds, lock and counters
    checked at the end and printed every minute."""
    rng = random.Random(1)
    with Switch("soak-long") as sw:
        started_switch(sw)
        run_helpers(sw, 20, 0, rng)
        before, fds_before = settle(sw), fds(sw)
        print(f"start: heap {before}, fds {len(fds_before)}", flush=True)
        t0 = time.monotonic()
        calls = killed = reloads = 0
        while time.monotonic() - t0 < seconds:
            f, k, h = run_helpers(sw, 1, 0.1, rng, parallel=1)
            check(h == 0, f"a helper call ran {HUNG_S} s")
            calls, killed = calls + f + k, killed + k
            port = rng.randrange(1, 60000)
            ofctl(sw, "add-flow", "br0", CHURN_MATCH.format(port=port) + ",actions=drop")
            ofctl(sw, "del-flows", "--strict", "br0", CHURN_MATCH.format(port=port))
            if calls % 60 == 0:
                check(ofctl(sw, "reload")[0] == 0, "reload")
                reloads += 1
                print(f"{time.monotonic() - t0:.0f} s: {calls} calls, {killed} killed, "
                      f"{reloads} reloads, heap {heap(sw)}, fds {len(fds(sw))}", flush=True)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - t0) % 1.0))
        after = check_after(sw, before, fds_before)
        rx = check_counters(sw)
    print(f"long soak: {seconds} s, {calls} helper calls ({killed} SIGKILLed), {reloads} "
          f"reloads, {2 * calls} flow-mods; heap {before} -> {after}; fds {len(fds_before)}; "
          f"{rx} packets all accounted for")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "long":
        soak_long(int(sys.argv[2]))
        sys.exit(0)
    sys.exit(run_cases(globals(), sys.argv))
