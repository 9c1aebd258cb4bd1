# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Integration tests of vswitchd: real DPDK, real hugepages, real pcap files.

usage: test_vswitchd.py CASE   (meson runs each case as its own test)
Each case prints what it checked and exits 0, or prints why it failed and
exits 1. Every vswitchd runs under its own file-prefix and is cleaned up.
"""

import os
import signal
import subprocess
import sys
import time

import pcaplib
from vswtest import (run_cases, poll, Switch, check, hugepage_files, ofctl,
                     parse_exit_counters, tap_into_netns, topology)

TWO_PCAP = """\
version: 1
dpdk:
  file-prefix: {prefix}
  main-lcore: 0
  socket-mem: 64
  extra: [--no-pci]
pmd-cores: [1]
bridges:
  - name: br0
    fail-mode: standalone
    ports:
      - name: a
        type: dpdk
        devargs: "net_pcap0,rx_pcap={dir}/a-in.pcap,tx_pcap={dir}/a-out.pcap"
      - name: b
        type: dpdk
        devargs: "net_pcap1,rx_pcap={dir}/b-in.pcap,tx_pcap={dir}/b-out.pcap"
"""


def prepare(sw, a_frames=(), b_frames=(), config=TWO_PCAP):
    """Write the input pcaps of ports a and b, and the topology."""
    pcaplib.write_pcap(sw.path("a-in.pcap"), a_frames)
    pcaplib.write_pcap(sw.path("b-in.pcap"), b_frames)
    sw.write_config(config)


def forward(sw, a_frames, b_frames):
    """Run a_frames into port a and b_frames into b; return (a_out, b_out, exit counters)."""
    prepare(sw, a_frames, b_frames)
    sw.start()
    sw.wait_for(lambda s: int(s["port"]["a"]["rx_packets"]) == len(a_frames)
                and int(s["port"]["b"]["rx_packets"]) == len(b_frames),
                f"{len(a_frames)} + {len(b_frames)} frames received")
    check(sw.stop() == 0, "vswitchd exit status 0")
    return (pcaplib.read_pcap(sw.path("a-out.pcap")), pcaplib.read_pcap(sw.path("b-out.pcap")),
            parse_exit_counters(sw.stdout()))


def same_frames(got, want, what):
    check(len(got) == len(want), f"{what}: {len(got)} frames out, {len(want)} in")
    for i, (g, w) in enumerate(zip(got, want)):
        check(g == w, f"{what}: frame {i} differs ({len(g)} bytes out, {len(w)} in)")


def case_forward_pcap():
    frames = pcaplib.make_frames(1000, seed=1)
    with Switch("fwd") as sw:
        a_out, b_out, c = forward(sw, frames, [])
        same_frames(b_out, frames, "a -> b")
        check(a_out == [], "nothing comes back out of a")
        total = sum(len(f) for f in frames)
        check(c["a"]["rx_packets"] == 1000 and c["a"]["rx_bytes"] == total, f"a rx {c['a']}")
        check(c["b"]["tx_packets"] == 1000 and c["b"]["tx_bytes"] == total, f"b tx {c['b']}")
        check(c["a"]["drops"] == {} and c["b"]["drops"] == {}, "no drops")
        check(hugepage_files(sw.prefix) == [], "vswitchd removed its hugepage files")
    sizes = sorted(len(f) for f in frames)
    print(f"1000 frames ({sizes[0]}..{sizes[-1]} bytes, {total} in all) a -> b, identical; "
          f"counters agree")


def case_forward_both_ways():
    fa, fb = pcaplib.make_frames(1000, seed=2), pcaplib.make_frames(700, seed=3)
    with Switch("both") as sw:
        a_out, b_out, c = forward(sw, fa, fb)
        same_frames(b_out, fa, "a -> b")
        same_frames(a_out, fb, "b -> a")
        check(c["a"]["tx_packets"] == 700 and c["b"]["tx_packets"] == 1000, f"counters {c}")
    print("1000 frames a -> b and 700 frames b -> a at once, identical")


def case_counters_shared():
    frames = pcaplib.make_frames(300, seed=4)
    with Switch("shm") as sw:
        prepare(sw, frames)
        sw.start()
        s = sw.wait_for(lambda s: s["port"]["b"]["tx_packets"] == "300", "300 frames out")
        check(s["state"]["state"] == "running", f"state {s['state']}")
        check(s["state"]["pmds"] == "1" and s["pmd"][0]["lcore"] == "1", "one PMD on lcore 1")
        check(s["pmd"][0]["rxq"] == "2", "the PMD polls both rx queues")
        check(s["bridge"]["br0"]["ports"] == "2", "bridge br0 with 2 ports")
        a = s["port"]["a"]
        check(a["type"] == "dpdk" and a["ofport"] == "1", f"port a {a}")
        check(a["rx_bytes"] == str(sum(len(f) for f in frames)), "rx bytes")
        loops = int(s["pmd"][0]["loops"])
        s2 = sw.wait_for(lambda s: int(s["pmd"][0]["loops"]) > loops, "the PMD loop count grows")
        check(all(v == "0" for k, v in a.items() if k.startswith("drop.")), "no drops")
        pmd = s2["pmd"][0]
        # Table 0 holds only priority=0 actions=NORMAL: the input port decides.
        check(pmd["simple_hits"] == "300" and pmd["emc_hits"] == "0" and pmd["misses"] == "0",
              f"300 packets resolved by one lookup per burst (simple match): {pmd}")
        check(int(pmd["busy_cycles"]) > 0 and int(pmd["idle_cycles"]) > 0, "cycles counted")
        check(0 < int(pmd["busy_loops"]) <= min(300, int(pmd["loops"])),
              f"loops that received packets counted: {pmd}")
        rules = s2["rule"]
        check(len(rules) == 1 and rules[0]["priority"] == "0" and rules[0]["found"] == "1",
              f"the default NORMAL rule, its hash found by name: {rules}")
        check(rules[0]["n_packets"] == "300" and rules[0]["n_bytes"] == a["rx_bytes"],
              f"rule counters {rules[0]}")
        check(sw.stop() == 0, "clean stop")
    print(f"a secondary reads state, ports, bridges and PMD counters while running "
          f"(loops {loops} -> {s2['pmd'][0]['loops']})")


def case_check_config_cli():
    with Switch("chk") as sw:
        sw.write_config(TWO_PCAP)
        rc, out, err = sw.run(["--check-config", sw.config])
        check(rc == 0 and "valid (1 bridge, 2 ports, 0 flows, 1 PMD core)" in out, f"{rc} {out} {err}")
        rc, out, err = sw.run(["--config", sw.config, "--check-config"])
        check(rc == 0, "--config F --check-config form")
        bad = sw.path("bad.yaml")
        with open(bad, "w") as f:
            f.write("bridges:\n  - name: br0\n    ports:\n      - name: x\n        typ: dpdk\n")
        rc, out, err = sw.run(["--check-config", bad])
        check(rc == 2, f"invalid exits 2, got {rc}")
        check(err == f"{bad}:5:9: unknown key 'typ' in port (did you mean 'type'?)\n",
              f"message: {err!r}")
        rc, out, err = sw.run(["--check-config", sw.path("missing.yaml")])
        check(rc == 2 and "cannot open: No such file or directory" in err, err)
        # A start with an invalid topology leaves nothing behind either.
        rc, out, err = sw.run(["--config", bad])
        check(rc == 2 and hugepage_files(sw.prefix) == [], "invalid start exits 2, no files")
    print("--check-config: valid 0, invalid 2 with FILE:LINE:COL, missing file 2")


def case_usage_errors():
    with Switch("use") as sw:
        for args, want in [([], "no topology"), (["--bogus"], "unknown option '--bogus'"),
                           (["--config"], "needs a value"),
                           (["--config", "x", "--log-level", "loud"], "--log-level 'loud'"),
                           (["--config", "x", "stray", "more"], "unexpected argument")]:
            rc, out, err = sw.run(args)
            check(rc == 2 and want in err, f"{args}: rc {rc}, stderr {err!r}")
        rc, out, err = sw.run(["--help"])
        check(rc == 0 and out.startswith("usage: vswitchd"), "--help")
    print("usage errors exit 2 with one line; --help exits 0")


def case_memory_hint():
    with Switch("mem") as sw:
        prepare(sw, config=TWO_PCAP.replace("socket-mem: 64", "socket-mem: 16"))
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1, f"exit 1, got {rc}")
        check(f"{sw.config}:5:15: socket-mem is 16 MiB but this topology needs about" in err
              and "raise dpdk.socket-mem" in err, f"hint: {err!r}")
        # Jumbo MTU: the hint says the pool grew for it.
        sw.write_config(TWO_PCAP.replace('a-out.pcap"', 'a-out.pcap"\n        mtu: 9000'))
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and "for MTU 9000" in err, f"mtu hint: {err!r}")
        check(hugepage_files(sw.prefix) == [], "no hugepage files")
    print("too little socket-mem: exit 1 with the MiB needed and the knob; MTU named")


def case_bad_device():
    with Switch("dev") as sw:
        prepare(sw, config=TWO_PCAP.replace('"net_pcap1,rx_pcap', '"net_nosuchdriver1,rx_pcap'))
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and f"{sw.config}:15:9: port b: no driver or bus knows device 'net_nosuchdriver1'" in err,
              f"probe error: {err!r}")
        check(hugepage_files(sw.prefix) == [], "no hugepage files after a failed start")
        sw.write_config(TWO_PCAP.replace('b-out.pcap"', 'b-out.pcap"\n        rxq: 2'))
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and "port b: rxq is 2 but device net_pcap1 has at most 1 rx queues" in err,
              f"rxq error: {err!r}")
        check(hugepage_files(sw.prefix) == [], "no hugepage files after a failed start")
    print("unknown driver and too many rx queues: exit 1 naming FILE:LINE:COL and port")


def case_prefix_in_use():
    with Switch("pfx") as sw:
        prepare(sw)
        sw.start()
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and f"file-prefix '{sw.prefix}' is in use by another DPDK primary (pid "
              f"{sw.proc.pid})" in err, f"second start: {rc} {err!r}")
        check(sw.probe()["state"]["state"] == "running", "the first keeps running")
        check(sw.stop() == 0, "clean stop")
    print("a second vswitchd on the same prefix is refused, naming the first's pid")


def case_detach_pidfile():
    with Switch("det") as sw:
        prepare(sw, pcaplib.make_frames(50, seed=5))
        pidfile = sw.path("vswitchd.pid")
        t0 = time.monotonic()
        rc, out, err = sw.run(["--config", sw.config, "--detach", "--pidfile", pidfile,
                               "--log-file", sw.path("vswitchd.log")])
        check(rc == 0 and "stop: " in out, f"detach: {rc} {out} {err}")
        with open(pidfile) as f:
            pid = int(f.read())
        try:
            os.kill(pid, 0)
            sw.wait_for(lambda s: s["port"]["b"]["tx_packets"] == "50", "50 frames forwarded")
            rc, out, err = sw.run(["--config", sw.config, "--pidfile", pidfile])
            check(rc == 1 and f"already running as pid {pid}" in err, f"pidfile: {err!r}")
        finally:
            os.kill(pid, signal.SIGTERM)
        poll(lambda: os.path.exists(f"/proc/{pid}"), lambda alive: not alive,
             "the daemon to exit on SIGTERM", 30)
        check(not os.path.exists(pidfile), "pidfile removed")
        check(hugepage_files(sw.prefix) == [], "no hugepage files")
        check(len(pcaplib.read_pcap(sw.path("b-out.pcap"))) == 50, "b-out has the 50 frames")
        with open(sw.path("vswitchd.log")) as f:
            c = parse_exit_counters(f.read())
        check(c["b"]["tx_packets"] == 50, f"final counters in the log: {c}")
    print(f"--detach returned 0 once forwarding ({time.monotonic() - t0:.1f}s); pidfile "
          "written, guarded and removed")


def case_log_file():
    with Switch("log") as sw:
        prepare(sw)
        log = sw.path("vswitchd.log")
        sw.start(["--log-file", log, "--log-level", "info"])
        check(sw.stop() == 0, "clean stop")
        with open(log) as f:
            text = f.read()
        check("vswitchd: Terminated: stopping" in text, f"log: {text!r}")
        check("EAL" not in sw.stderr(), "EAL logs went to the file, not the terminal")
    print("--log-file receives vswitchd's log lines")


def case_secure_drops():
    """fail-mode secure with no flows: every packet is a table miss, counted by name."""
    frames = pcaplib.make_frames(200, seed=6)
    with Switch("miss") as sw:
        prepare(sw, frames, config=TWO_PCAP.replace("fail-mode: standalone", "fail-mode: secure"))
        sw.start()
        check("fail-mode secure: 0 flows from the topology, a table miss drops" in sw.stdout(), "summary says why")
        s = sw.wait_for(lambda s: s["port"]["a"]["drop.table_miss"] == "200", "200 table misses")
        pmd = s["pmd"][0]
        check(pmd["simple_hits"] == "200" and pmd["classifier_hits"] == "0",
              f"an empty table 0: every packet answered by the simple match: {pmd}")
        check(sw.stop() == 0, "clean stop")
        c = parse_exit_counters(sw.stdout())
        check(c["a"]["drops"] == {"table_miss": 200}, f"named drops {c['a']}")
        check(pcaplib.read_pcap(sw.path("b-out.pcap")) == [], "nothing forwarded")
    print("fail-mode secure drops and counts 200 frames as table_miss")


def case_flood_three_ports():
    """Standalone: NORMAL (flooding for now) sends each frame to every other port, once."""
    three = TWO_PCAP + """\
      - name: c
        type: dpdk
        devargs: "net_pcap2,rx_pcap={dir}/b-in.pcap,tx_pcap={dir}/c-out.pcap"
"""
    frames = pcaplib.make_frames(300, seed=7)
    with Switch("flood") as sw:
        prepare(sw, frames, config=three)
        sw.start()
        check("priority=0 actions=NORMAL" in sw.stdout(), "summary names the default rule")
        sw.wait_for(lambda s: s["port"]["a"]["rx_packets"] == "300", "300 frames in")
        check(sw.stop() == 0, "clean stop")
        same_frames(pcaplib.read_pcap(sw.path("b-out.pcap")), frames, "a -> b")
        same_frames(pcaplib.read_pcap(sw.path("c-out.pcap")), frames, "a -> c")
        check(pcaplib.read_pcap(sw.path("a-out.pcap")) == [], "nothing back out of a")
    print("300 frames from a flooded to b and c, identical (jumbo chains shared, not copied)")


def case_internal_port():
    """An internal port: a kernel interface with the topology's MTU and addresses, reachable."""
    tag = f"{os.getpid() % 100000}"
    internal, tap, ns = f"vi{tag}", f"vt{tag}n", f"vswt-{tag}-n"
    def config(extra=""):
        return topology([f'{{name: {internal}, type: internal, mtu: 1400, '
                         f'mac: "02:11:22:33:44:55", addresses: [10.97.0.1/24, "fd97::1/64"{extra}]}}',
                         ("t", f"net_tap0,iface={tap}")], fail_mode=None)

    with Switch("internal") as sw:
        # A kernel refusal names the port, the address and the kernel's reason; nothing stays.
        sw.write_config(config(', "ff02::1/64"'))
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and f"port {internal}: {internal}: address ff02::1/64: the kernel refused:"
              in err and "multicast" in err, f"kernel refusal: {rc} {err!r}")
        check(subprocess.run(["ip", "link", "show", internal], capture_output=True).returncode
              != 0, "no interface left behind")
        sw.write_config(config())
        sw.start()
        try:
            addr = subprocess.run(["ip", "addr", "show", "dev", internal], capture_output=True,
                                  text=True).stdout
            check(" mtu 1400 " in addr and ("state UP" in addr or ",UP" in addr),
                  f"link up, MTU 1400: {addr}")
            check("inet 10.97.0.1/24 " in addr and "inet6 fd97::1/64 " in addr and
                  "link/ether 02:11:22:33:44:55 " in addr, f"addresses and MAC: {addr}")
            tap_into_netns(tap, ns, "10.97.0.2/24")
            p = subprocess.run(["ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", internal,
                                "10.97.0.2"], capture_output=True, text=True)
            check(p.returncode == 0 and " 0% packet loss" in p.stdout, f"ping: {p.stdout}")
            # Its driver asks vswitchd's namespace, which no longer has the interface: the
            # state is unknown there, never a "down" that contradicts the ping.
            sw.wait_for(lambda s: s["port"]["t"]["link"] == "unknown", "link state unknown")
            rc, out, err = ofctl(sw, "show", "br0")
            t_port = out.split("(t):")[1]
            check(rc == 0 and "state: LINK_UNKNOWN" in t_port and "LINK_DOWN" not in t_port,
                  f"show: {out!r}")
            # A reload that drops the port removes the interface.
            with open(sw.config) as f:
                kept = [l for l in f.read().splitlines(True)
                        if f"name: {internal}" not in l and "addresses:" not in l]
            with open(sw.config, "w") as f:
                f.write("".join(kept))
            sw.proc.send_signal(signal.SIGHUP)
            poll(lambda: subprocess.run(["ip", "link", "show", internal],
                                        capture_output=True).returncode,
                 lambda rc: rc != 0, "the interface gone after a reload", 10)
        finally:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        check(sw.stop() == 0, "clean stop")
        check(subprocess.run(["ip", "link", "show", internal], capture_output=True).returncode
              != 0, "the interface is gone after stop")
    print(f"internal port {internal}: MTU 1400, MAC, 10.97.0.1/24 and fd97::1/64 set over "
          "rtnetlink; "
          "3 pings from the host to a namespace through the switch, 0% loss, and its link shown "
          "as unknown there, not down; a reload dropping "
          "the port removes the interface; a multicast address refused with the kernel's "
          "reason; no interface left after stop or refusal")


def case_tap_ping():
    """The README demo: two TAP ports in two network namespaces ping through the switch."""
    tag = f"{os.getpid() % 100000}"
    taps, spaces = [f"vt{tag}a", f"vt{tag}b"], [f"vswt-{tag}-a", f"vswt-{tag}-b"]
    config = f"""\
dpdk:
  file-prefix: {{prefix}}
  socket-mem: 64
  extra: [--no-pci]
pmd-cores: [1]
bridges:
  - name: br0
    ports:
      - {{name: t0, type: dpdk, devargs: "net_tap0,iface={taps[0]}"}}
      - {{name: t1, type: dpdk, devargs: "net_tap1,iface={taps[1]}"}}
"""
    with Switch("tap") as sw:
        sw.write_config(config)
        sw.start()
        try:
            for i, (tap, ns) in enumerate(zip(taps, spaces)):
                tap_into_netns(tap, ns, f"10.98.0.{i + 1}/24")
            p = subprocess.run(["ip", "netns", "exec", spaces[0], "ping", "-c", "3", "-i", "0.2",
                                "-W", "2", "10.98.0.2"], capture_output=True, text=True)
            check(p.returncode == 0 and " 0% packet loss" in p.stdout, f"ping: {p.stdout}")
        finally:
            for ns in spaces:
                subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        check(sw.stop() == 0, "clean stop")
        c = parse_exit_counters(sw.stdout())
        check(c["t0"]["rx_packets"] >= 3 and c["t1"]["tx_packets"] >= 3, f"counters {c}")
    print(f"3 pings across br0 between namespaces, 0% loss; t0 rx {c['t0']['rx_packets']}")


def case_flow_timeouts():
    """hard_timeout and idle_timeout expire rules; traffic keeps an idle rule alive."""
    flows = """    flows:
      - 'priority=10,hard_timeout=1,in_port=a,actions=output:b'
      - 'priority=20,idle_timeout=1,in_port=b,actions=drop'
      - 'priority=30,idle_timeout=1,in_port=c,actions=drop'
"""
    topology = TWO_PCAP.replace("fail-mode: standalone", "fail-mode: secure") + """\
      - name: c
        type: dpdk
        devargs: "net_pcap2,rx_pcap={dir}/a-in.pcap,infinite_rx=1"
""" + flows
    with Switch("tmo") as sw:
        prepare(sw, pcaplib.make_frames(11, seed=8), config=topology)  # no jumbo: infinite_rx replays single segments only
        sw.start()
        s = sw.probe()
        check(sorted(r["priority"] for r in s["rule"]) == ["10", "20", "30"], f"3 rules: {s}")
        s = sw.wait_for(lambda s: sorted(r["priority"] for r in s["rule"]) == ["30"],
                        "the hard and the idle timeout to expire", timeout=10)
        check(int(s["rule"][0]["n_packets"]) > 0, "the busy rule counts packets")
        check(sw.stop() == 0, "clean stop")
        check(len(pcaplib.read_pcap(sw.path("b-out.pcap"))) == 11, "a -> b before expiry")
    print("hard_timeout=1 and an idle rule expired within 10 s; a busy idle_timeout=1 rule stayed")


def case_flow_errors():
    """A bad flow in the topology stops the start at FILE:LINE:COL inside the flow string."""
    with Switch("flerr") as sw:
        sw.write_config(TWO_PCAP + """    flows:
      - "priority=5,in_port=a,actions=output:b"
      - 'ip,nw_src=10.1.2.256,actions=drop'
""")
        rc, out, err = sw.run(["--check-config", sw.config])
        check(rc == 2 and err == f"{sw.config}:20:13: nw_src=10.1.2.256: value out of range\n",
              f"{rc} {err!r}")
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 2 and "nw_src=10.1.2.256: value out of range" in err, f"start: {rc} {err!r}")
        sw.write_config(TWO_PCAP + """    flows:
      - tcp,actions=learn(table=1)
""")
        rc, out, err = sw.run(["--check-config", sw.config])
        check(rc == 2 and err == f"{sw.config}:19:21: unsupported action: learn\n", f"{err!r}")
        for empty in ['""', "'   '"]:
            sw.write_config(TWO_PCAP + f"""    flows:
      - {empty}
""")
            rc, out, err = sw.run(["--check-config", sw.config])
            check(rc == 2 and err == f"{sw.config}:19:10: the flow is empty: give a match and "
                                     "actions=...\n", f"empty flow {empty}: {rc} {err!r}")
    print("bad flows in the topology: exit 2 with FILE:LINE:COL inside the flow string; "
          "empty and blank flows refused")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
