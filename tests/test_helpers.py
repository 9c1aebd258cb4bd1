# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""The helpers around a running vswitchd: vsw-top, vsw's telemetry commands,
and capture with DPDK's own dpdk-dumpcap, on real ports (pcap, tap, vhost-user
with a real virtio-user guest). Each helper's numbers are checked against the
switch's shared counters (shm_probe) and what was sent; helpers killed mid-run
must leave the switch forwarding.

usage: test_helpers.py CASE   (meson runs each case as its own test)
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pcaplib
import test_ofctl
import test_vhost
from vswtest import TestFailure, run_cases, Switch, check, ofctl, poll, topology, vhost_port

TOP = os.environ.get("VSW_TOP", "build/top/vsw-top")
IPC_PROBE = os.environ.get("IPC_PROBE", "build/tests/ipc_probe")
DUMPCAP = "dpdk-dumpcap"

def pcap_topology(opts=""):
    """Port a replays in.pcap (opts: more devargs), z discards; a's frames go to z."""
    return topology([("a", f"net_pcap0,rx_pcap={{dir}}/in.pcap{opts}"), ("z", "net_null0,no-rx=1")],
                    ["in_port=a,actions=output:z"], socket_mem=128)


def pcap_switch(sw, n_frames, infinite=False):
    frames = test_vhost.small_frames(n_frames, 5)
    pcaplib.write_pcap(sw.path("in.pcap"), frames)
    sw.write_config(pcap_topology(",infinite_rx=1" if infinite else ""))
    sw.start()
    return frames


def top(sw, *args):
    p = subprocess.run([TOP, "--prefix", sw.prefix] + list(args), capture_output=True, text=True,
                       timeout=30)
    return p.returncode, p.stdout, p.stderr


def case_top():
    with Switch("top") as sw:
        rc, out, err = top(sw, "--once")
        check(rc == 3 and err.count("\n") == 1 and "no vswitchd with file-prefix" in err,
              f"no switch: {rc} {err!r}")
        frames = pcap_switch(sw, 50)
        sw.wait_for(lambda s: s["port"]["z"]["tx_packets"] == "50", "50 frames forwarded")
        rc, out, err = top(sw, "--once", "--json", "--interval", "0.3")
        check(rc == 0 and err == "", f"vsw-top: {rc} {err!r}")
        data = json.loads(out)
        probe = sw.probe()
        ports = {p["name"]: p for p in data["ports"]}
        for name in ("a", "z"):
            for k in ("rx_packets", "rx_bytes", "tx_packets", "tx_bytes"):
                check(ports[name][k] == int(probe["port"][name][k]),
                      f"{name} {k}: top {ports[name][k]}, counters {probe['port'][name][k]}")
            check(ports[name]["rx_pps"] == 0 and ports[name]["tx_pps"] == 0, "idle: no rate")
            check(ports[name]["link"] in ("up", "down"), f"{name}'s link: {ports[name]}")
        check(ports["a"]["rx_bytes"] == sum(len(f) for f in frames), "bytes add up")
        check(data["pmds"][0]["core"] == 1 and data["pmds"][0]["packets"] == 50,
              f"pmd: {data['pmds']}")
        rc, out, err = top(sw, "--once", "--interval", "0.2")
        check(rc == 0 and "port" in out and " link " in out and "\na " in out and "\nz " in out,
              f"text: {out!r}")
        for args, want in [(["--interval", "0"], "--interval takes"),
                           (["--bogus"], "unknown option"), (["extra"], "unexpected argument")]:
            rc, out, err = top(sw, *args)
            check(rc == 2 and want in err and err.count("\n") == 1, f"{args}: {rc} {err!r}")
        check(sw.stop() == 0, "clean stop")
    with Switch("top-live") as sw:
        pcap_switch(sw, 20, infinite=True)
        before = int(sw.probe()["port"]["z"]["tx_packets"])
        rc, out, err = top(sw, "--once", "--json")
        after = int(sw.probe()["port"]["z"]["tx_packets"])
        data = json.loads(out)
        z = [p for p in data["ports"] if p["name"] == "z"][0]
        pmd = data["pmds"][0]
        check(z["tx_pps"] > 0 and before <= z["tx_packets"] <= after,
              f"live: {z['tx_pps']:.0f} pps, {before} <= {z['tx_packets']} <= {after}")
        check(z["tx_pps"] * data["interval_s"] <= after - before,
              "the rate fits the counters' growth")
        check(pmd["pps"] > 0 and pmd["busy_pct"] > 0 and pmd["cycles_per_packet"] > 0,
              f"pmd: {pmd}")
        # A vsw-top killed mid-run leaves the switch as it was.
        p = subprocess.Popen([TOP, "--prefix", sw.prefix], stdout=subprocess.DEVNULL)
        time.sleep(1.0)
        p.send_signal(signal.SIGKILL)
        p.wait()
        n = int(sw.probe()["port"]["z"]["tx_packets"])
        sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) > n, "forwarding goes on")
        check(sw.stop() == 0, "clean stop")
    print(f"vsw-top --once --json: totals equal the counters (50 frames), idle rates 0; live "
          f"{z['tx_pps'] / 1e6:.2f} Mpps on z, PMD busy {pmd['busy_pct']:.0f}%, "
          f"{pmd['cycles_per_packet']:.0f} cycles/packet; text mode; bad options exit 2; "
          f"killed mid-run: forwarding unaffected")


def threads(pid):
    """A process's threads as "name:state:cpu-ticks", to tell a spinning one from a
    sleeping one when something stops answering."""
    out = []
    for tid in sorted(os.listdir(f"/proc/{pid}/task"), key=int):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # gone meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out.append(f"{name}:{fields[0]}:{int(fields[11]) + int(fields[12])}")
    return " ".join(out)


def telemetry(sw, *cmds, timeout=10):
    """Each command's answer from DPDK's telemetry socket of sw's vswitchd; a
    TestFailure naming vswitchd's threads when an answer takes timeout seconds."""
    path = f"/var/run/dpdk/{sw.prefix}/dpdk_telemetry.v2"
    answers = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(timeout)
        try:
            s.connect(path)
            json.loads(s.recv(16384))  # the server's greeting
            for c in cmds:
                s.send(c.encode())
                answers.append(json.loads(s.recv(65536))[c.split(",")[0]])
        except socket.timeout:
            raise TestFailure(f"telemetry: no answer in {timeout} s to {cmds}; vswitchd's "
                              f"threads (name:state:ticks): {threads(sw.proc.pid)}") from None
    return answers


def case_telemetry():
    with Switch("telemetry") as sw:
        frames = pcap_switch(sw, 30)
        sw.wait_for(lambda s: s["port"]["z"]["tx_packets"] == "30", "30 frames forwarded")
        ports, a, z, pmds, pmd, flows, bad, reasons = telemetry(
            sw, "/vsw/ports", "/vsw/port,a", "/vsw/port,z", "/vsw/pmds", "/vsw/pmd,1",
            "/vsw/flows/count", "/vsw/port,nosuch", "/vsw/drop_reasons")
        probe = sw.probe()
        check(ports == ["a", "z"], f"/vsw/ports: {ports}")
        check(a["rx_packets"] == 30 and a["rx_bytes"] == sum(len(f) for f in frames) and
              z["tx_packets"] == 30 and a["ofport"] == 1 and a["bridge"] == "br0",
              f"/vsw/port: {a} {z}")
        check(all(a[k] == int(probe["port"]["a"][k]) for k in ("rx_packets", "tx_packets")),
              "the same as the counters")
        check(pmds == [1] and pmd["packets"] == 30 and pmd["simple_hits"] + pmd["emc_hits"] +
              pmd["classifier_hits"] + pmd["misses"] == 30, f"/vsw/pmd: {pmds} {pmd}")
        check(flows == {"br0": 1}, f"/vsw/flows/count: {flows}")
        check(bad is None, f"an unknown port answers null: {bad}")
        drop_keys = {k[5:] for k in probe["port"]["a"] if k.startswith("drop.")}
        check(set(reasons) == drop_keys and all(reasons.values()),
              f"/vsw/drop_reasons names every drop reason with its meaning: {reasons}")
        check(sw.stop() == 0, "clean stop")
    print("telemetry: /vsw/ports, /vsw/port,NAME, /vsw/pmds, /vsw/pmd,LCORE, /vsw/flows/count "
          "agree with the counters (30 frames); an unknown port answers null; "
          "/vsw/drop_reasons explains every reason")


def dumpcap(sw, dev, path, count):
    return subprocess.Popen([DUMPCAP, "--file-prefix", sw.prefix, "-i", dev, "-w", path, "-c",
                             str(count), "-q"], stdout=subprocess.DEVNULL,
                            stderr=open(path + ".err", "w"))


def dpdk_name(sw, port):
    rc, out, err = test_ofctl.ofctl(sw, "show", "br0")
    lines = out.splitlines()
    i = next(i for i, l in enumerate(lines) if f"({port}): " in l)
    return next(l for l in lines[i:] if "dpdk: port" in l).split(", ")[-1]


def case_capture():
    """dpdk-dumpcap on a physical and a vhost port at once; one killed; the switch unaffected."""
    with Switch("capture") as sw:
        tap = test_ofctl.tap_started(sw, ["priority=100,udp,tp_dst=7777,actions=output:b",
                                          "priority=100,udp,tp_dst=8888,actions=output:vm1"],
                                     mem=256,
                                     extra_ports=[vhost_port("vm1", sw.path("vm1.sock"))])
        guest = test_vhost.Peer(sw, "g1", sw.path("vm1.sock"))
        guest.wait(lambda c: True, "guest up", timeout=5)
        time.sleep(1.0)
        caps = [dumpcap(sw, dpdk_name(sw, "b"), sw.path("b.pcapng"), 8),
                dumpcap(sw, dpdk_name(sw, "vm1"), sw.path("vm1.pcapng"), 6)]
        time.sleep(2.0)
        to_b = [test_ofctl.udp_frame(7777, i) for i in range(8)]
        to_vm = [test_ofctl.udp_frame(8888, i) for i in range(6)]
        test_ofctl.send(tap, to_b + to_vm)
        for c in caps:
            check(c.wait(timeout=20) == 0, f"dumpcap exit {c.returncode}")
        got_b = pcaplib.read_pcapng(sw.path("b.pcapng"))
        got_vm = pcaplib.read_pcapng(sw.path("vm1.pcapng"))
        check(got_b == to_b, f"capture of b: {len(got_b)} frames, equal: {got_b == to_b}")
        check(got_vm == to_vm, f"capture of vm1: {len(got_vm)} frames, equal {got_vm == to_vm}")
        guest.wait(lambda c: c["received"] == 6, "the guest got its 6 frames")
        # A capture killed mid-run: the switch forwards on, and a new capture works.
        c = dumpcap(sw, dpdk_name(sw, "b"), sw.path("killed.pcapng"), 1000)
        time.sleep(2.0)
        c.send_signal(signal.SIGKILL)
        c.wait()
        test_ofctl.send(tap, [test_ofctl.udp_frame(7777, i) for i in range(5)])
        test_ofctl.wait_packets(sw, "table=0, priority=100,udp,tp_dst=7777 actions=output:2",
                                13)
        # Its copies still go to it: ended on its behalf, the port can be captured again.
        rc, out, err = test_ofctl.ofctl(sw, "capture-reset", "br0", "b")
        check(rc == 0 and out == "capture on port b ended\n", f"capture-reset: {rc} {out!r}")
        rc, out, err = test_ofctl.ofctl(sw, "capture-reset", "br0", "b")
        check(rc == 0 and out == "no capture on port b\n", f"again: {rc} {out!r}")
        c = dumpcap(sw, dpdk_name(sw, "b"), sw.path("again.pcapng"), 2)
        time.sleep(2.0)
        test_ofctl.send(tap, [test_ofctl.udp_frame(7777, 20 + i) for i in range(2)])
        check(c.wait(timeout=20) == 0, "a capture after the killed one")
        check(len(pcaplib.read_pcapng(sw.path("again.pcapng"))) == 2, "and it captured")
        guest.stop()
        check(sw.stop() == 0, "clean stop")
    print("two dpdk-dumpcap captures at once (a pcap port and a vhost-user port with a real "
          "guest): 8 and 6 frames, byte for byte what was sent; a capture killed with SIGKILL: "
          "forwarding goes on, vsw-ofctl capture-reset ends it, a later capture works")


def case_link_events():
    """Links going down and up: the shared state, show, and a broadcast to helpers, for a tap
    port (polled: net_tap raises no link interrupt) and a vhost-user port (interrupts)."""
    with Switch("links") as sw:
        sock = sw.path("vm1.sock")
        tap = test_ofctl.tap_started(sw, extra_ports=[vhost_port("vm1", sock)])
        sw.wait_for(lambda s: s["port"]["t"]["link"] == "up" and s["port"]["vm1"]["link"] ==
                    "down", "tap up, no guest yet")
        listener = subprocess.Popen([IPC_PROBE, sw.prefix, "links", "10"],
                                    stdout=subprocess.PIPE, text=True)
        sw.cleanups.append(lambda: listener.poll() is None and listener.kill())
        check(listener.stdout.readline() == "listening\n", "listener ready")
        subprocess.run(["ip", "link", "set", tap, "down"], check=True)
        sw.wait_for(lambda s: s["port"]["t"]["link"] == "down", "link down in the shared state")
        rc, out, err = test_ofctl.ofctl(sw, "show", "br0")
        check("LINK_DOWN" in out.split("(b)")[0], f"show: {out!r}")
        subprocess.run(["ip", "link", "set", tap, "up"], check=True)
        sw.wait_for(lambda s: s["port"]["t"]["link"] == "up", "link up again")
        guest = test_vhost.Peer(sw, "g1", sock)
        sw.wait_for(lambda s: s["port"]["vm1"]["link"] == "up", "the guest's link up")
        guest.stop()
        sw.wait_for(lambda s: s["port"]["vm1"]["link"] == "down", "the guest gone")
        out, _ = listener.communicate(timeout=30)
        # Port 1 is net_pcap, whose link a secondary attaching marks down (DPDK 22.11,
        # docs/helpers.md): its events are the driver's, not the test's.
        events = [" ".join(l.split()[:3]) for l in out.splitlines()
                  if l.startswith("link ") and not l.startswith("link port=1 ")]
        check(listener.returncode == 0 and events == [
            "link port=0 state=0", "link port=0 state=1", "link port=2 state=1", "link port=2 state=0"],
              f"events: {out!r}")
        check("port t: link down" in sw.stderr(), "logged")
        check(sw.stop() == 0, "clean stop")
    print("link events: tap down and up (polled), a vhost-user guest coming and going "
          "(interrupts): the shared state and show follow; a helper got the 4 events in order")


def case_proc_info():
    """dpdk-proc-info, DPDK's own secondary, reads vsw's ports; the switch is unaffected."""
    with Switch("procinfo") as sw:
        tap = f"vp{os.getpid() % 100000}"
        sw.write_config(topology([("t", f"net_tap0,iface={tap}"), ("z", "net_null0,no-rx=1")],
                                 ["in_port=t,actions=output:z"], socket_mem=128))
        sw.start()
        subprocess.run(["ip", "link", "set", tap, "up"], check=True)
        test_ofctl.send(tap, [test_ofctl.udp_frame(7777, i) for i in range(7)])
        sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) >= 7, "7 frames out of z")
        p = subprocess.run(["dpdk-proc-info", "--file-prefix", sw.prefix, "--", "--stats"],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 0, f"dpdk-proc-info exit {p.returncode}: {p.stderr[-500:]}")
        check("NIC statistics for port 0" in p.stdout and "NIC statistics for port 1" in
              p.stdout, f"both ports: {p.stdout[:500]}")
        n = int(sw.probe()["port"]["z"]["tx_packets"])
        test_ofctl.send(tap, [test_ofctl.udp_frame(7777, 10 + i) for i in range(3)])
        sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) >= n + 3, "forwarding after")
        check(sw.stop() == 0, "clean stop")
    print("dpdk-proc-info --stats lists both ports of a running switch; forwarding unaffected")


def config_word(sw, offset):
    """A 32-bit word of DPDK's shared config (struct rte_mem_config, the file is the
    mapping): the memzone rwlock at 16, the tailq rwlock at 20, the memory-hotplug
    rwlock at 32 (shm/eal_locks.c)."""
    with open(f"/var/run/dpdk/{sw.prefix}/config", "rb") as f:
        f.seek(offset)
        return int.from_bytes(f.read(4), "little", signed=True)


def die_holding(sw, lock):
    """ipc_probe dies inside the helper gate holding lock."""
    p = subprocess.run([IPC_PROBE, sw.prefix, "die-holding", lock], capture_output=True,
                       text=True, timeout=30)
    check(p.returncode == -signal.SIGKILL, f"{lock}: ipc_probe exit {p.returncode} "
          f"{p.stderr.strip()}")


def released(sw, n, what):
    """vswitchd's n-th log line about releasing lock holds."""
    return poll(lambda: [l for l in sw.stderr().splitlines() if "released" in l],
                lambda ls: len(ls) >= n, f"{what}: vswitchd's release", 10)[n - 1]


def case_killed_holding_locks():
    """A helper SIGKILLed inside the helper gate while it holds each lock of DPDK's shared
    config that a helper's start takes (ipc_probe die-holding, through DPDK's own calls):
    vswitchd releases the hold within a couple of seconds, then telemetry's heap report,
    helpers, flow-mods, forwarding and vswitchd's own stop work (each would spin forever
    on the lock). The holds no public call can leave (the memzone lock write-held and a
    dying writer's waiting flag, as rte_eal_init() leaves them; a tailq read hold) the
    helper writes into the config itself before it dies (ipc_probe die-holding forged):
    written by the test after the helper's death, they raced vswitchd's repair, which
    may have sampled and closed the case first (a CI run failed so)."""
    words = {"hotplug": 32, "memzone": 16, "heap": None}
    with Switch("locks") as sw:
        pcap_switch(sw, 40, infinite=True)
        sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) > 0, "forwarding")
        for n, (lock, offset) in enumerate(list(words.items()) + [("forged", None)], 1):
            die_holding(sw, lock)
            if offset is not None:
                check(config_word(sw, offset) >= 4, f"{lock}: a read hold left")
            line = released(sw, n, lock)
            want = {"hotplug": "memory hotplug x1", "forged": "memzone x2, tailq x1"}
            check(line.endswith(": " + want.get(lock, lock + " x1")), f"{lock}: {line}")
            for off in (16, 20, 32):
                check(config_word(sw, off) == 0, f"{lock}: lock word {off} after the release")
            telemetry(sw, "/eal/heap_info,0", timeout=5)
            rc, _, err = ofctl(sw, "add-flow", "br0", f"priority={n},udp,actions=drop")
            check(rc == 0, f"{lock}: a flow-mod after the release: {rc} {err.strip()}")
            before = int(sw.probe()["port"]["z"]["tx_packets"])
            sw.wait_for(lambda s: int(s["port"]["z"]["tx_packets"]) > before, "forwarding on")
        check(sw.stop() == 0, "clean stop (rte_eal_cleanup takes the hotplug lock)")
    print("a helper SIGKILLed inside the gate holding DPDK's memory-hotplug, memzone or "
          "heap lock, or leaving the memzone lock write-held with a writer's waiting flag "
          "and a tailq read hold: vswitchd released each; telemetry, helpers, flow-mods, "
          "forwarding and its stop all work after")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
