# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vswtest: runs a real vswitchd for a test and always cleans up after it.

A Switch owns a temporary directory, a DPDK file-prefix of its own, the
vswitchd process and what DPDK leaves on disk for that prefix (hugepage files,
/var/run/dpdk/PREFIX). Use it as a context manager: whatever the test does,
the process is killed and the files are removed on the way out.
"""

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

VSWITCHD = os.environ.get("VSWITCHD", "build/vswitchd/vswitchd")
SHM_PROBE = os.environ.get("SHM_PROBE", "build/tests/shm_probe")
OFCTL = os.environ.get("VSW_OFCTL", "build/ofctl/vsw-ofctl")


class TestFailure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)


def poll(sample, done, what, timeout, proc=None, exited=None, interval=0.05):
    """Call sample() every interval seconds until done(value) holds; returns that value.

    TestFailure when proc (a Popen, if given) exits first, with exited() as the
    message, or when timeout seconds pass, with the last value sampled.
    """
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise TestFailure(exited())
        value = sample()
        if done(value):
            return value
        time.sleep(interval)
    raise TestFailure(f"timed out waiting for {what}; last: {value}")


def ofctl(sw, *args, timeout=10):
    """Run vsw-ofctl against sw's switch: (exit status, stdout, stderr)."""
    p = subprocess.run([OFCTL, "--prefix", sw.prefix] + list(args), capture_output=True,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def dpdk_port(name, devargs, extra=""):
    """A dpdk port as a YAML flow mapping; extra: more keys ("rxq: 2")."""
    return f'{{name: {name}, type: dpdk, devargs: "{devargs}"{", " + extra if extra else ""}}}'


def vhost_port(name, path, kind="vhost-user", extra=""):
    """A vhost-user (or vhost-user-client) port as a YAML flow mapping; extra: ", key: value"."""
    return f"{{name: {name}, type: {kind}, path: {path}{extra}}}"


def topology(ports, flows=(), fail_mode="secure", socket_mem=64, bridge="br0", bridge_keys=""):
    """The one-bridge topology every test and benchmark starts from, for Switch.write_config
    (which fills in {prefix} and {dir}): ports as YAML flow mappings (dpdk_port(),
    vhost_port()) or (name, devargs) pairs of dpdk ports, flows as ovs-ofctl strings, one PMD
    on core 1. fail_mode None leaves the key out (the default, standalone); bridge_keys: more
    keys of the bridge as a flow mapping's inside ("mac-aging: 5")."""
    lines = [f"dpdk: {{file-prefix: {{prefix}}, socket-mem: {socket_mem}, extra: [--no-pci]}}",
             "pmd-cores: [1]", "bridges:", f"  - name: {bridge}"]
    if fail_mode is not None:
        lines.append(f"    fail-mode: {fail_mode}")
    lines += [f"    {kv.strip()}" for kv in bridge_keys.split(",") if kv.strip()]
    lines.append("    ports:")
    lines += ["      - " + (dpdk_port(*p) if isinstance(p, tuple) else p) for p in ports]
    lines += ["    flows:"] + [f"      - '{f}'" for f in flows] if flows else ["    flows: []"]
    return "\n".join(lines) + "\n"


def tap_into_netns(tap, ns, address):
    """Make network namespace ns, move TAP interface tap into it with address (CIDR), up.
    The caller deletes ns (`ip netns del`), pass or fail."""
    subprocess.run(["ip", "netns", "add", ns], check=True)
    subprocess.run(["ip", "link", "set", tap, "netns", ns], check=True)
    subprocess.run(["ip", "-n", ns, "addr", "add", address, "dev", tap], check=True)
    subprocess.run(["ip", "-n", ns, "link", "set", tap, "up"], check=True)


def hugepage_files(prefix):
    """Hugepage files of prefix in every hugetlbfs mount."""
    files = []
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) > 2 and parts[2] == "hugetlbfs":
                files += glob.glob(os.path.join(parts[1], prefix + "map_*"))
    return files


class Switch:
    """One vswitchd under test."""

    def __init__(self, name, vswitchd=None):
        """vswitchd: the binary to run (default: $VSWITCHD, or the build's)."""
        self.vswitchd = vswitchd or VSWITCHD
        self.prefix = f"vswt-{name}-{os.getpid()}"
        self.dir = tempfile.mkdtemp(prefix=f"vsw-{name}-")
        self.config = os.path.join(self.dir, "topology.yaml")
        self.proc = None
        self.netns = None  # a network namespace to run vswitchd in (ip netns exec)
        self.cleanups = []  # callables run first on the way out (helper processes)
        self.stdout_path = os.path.join(self.dir, "stdout")
        self.stderr_path = os.path.join(self.dir, "stderr")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def of_target(self, bridge="br0"):
        """The bridge's default OpenFlow listener, as ovs-ofctl names it."""
        return f"unix:/var/run/vsw/{self.prefix}/{bridge}.mgmt"

    def path(self, name):
        return os.path.join(self.dir, name)

    def write_config(self, text):
        """Write the topology; {prefix} and {dir} are substituted."""
        with open(self.config, "w") as f:
            f.write(text.replace("{prefix}", self.prefix).replace("{dir}", self.dir))

    def run(self, args, timeout=60):
        """Run vswitchd to completion (for commands that exit): (rc, stdout, stderr)."""
        p = subprocess.run([self.vswitchd] + args, capture_output=True, text=True,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def start(self, args=(), timeout=60):
        """Start vswitchd on self.config and wait until it prints its summary."""
        self.proc = subprocess.Popen(
            (["ip", "netns", "exec", self.netns] if self.netns else []) +
            [self.vswitchd, "--config", self.config] + list(args),
            stdout=open(self.stdout_path, "w"), stderr=open(self.stderr_path, "w"))
        poll(self.stdout, lambda out: "\nstop: " in "\n" + out, "vswitchd to be ready",
             timeout, self.proc,
             lambda: f"vswitchd exited {self.proc.returncode} before it was ready:\n"
                     f"{self.stderr()}")

    def stdout(self):
        with open(self.stdout_path) as f:
            return f.read()

    def stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def stop(self, timeout=60):
        """SIGTERM and wait; returns the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=timeout)
        self.proc = None
        return rc

    def probe(self):
        """The shared state as read by shm_probe (a secondary): a dict."""
        p = subprocess.run([SHM_PROBE, self.prefix, "0"], capture_output=True, text=True,
                           timeout=30)
        if p.returncode != 0:
            raise TestFailure(f"shm_probe exited {p.returncode}: {p.stderr.strip()}")
        return parse_probe(p.stdout)

    def wait_for(self, pred, what, timeout=30):
        """Poll the shared state until pred(state) holds."""
        return poll(self.probe, pred, what, timeout, self.proc,
                    lambda: f"vswitchd exited {self.proc.returncode} while waiting for "
                            f"{what}:\n{self.stderr()[-3000:]}", interval=0.1)

    def cleanup(self):
        for c in self.cleanups:
            c()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in hugepage_files(self.prefix):
            os.unlink(f)
        shutil.rmtree(f"/var/run/dpdk/{self.prefix}", ignore_errors=True)
        # The runtime directories of the test's other DPDK processes (vhost guests ...),
        # named after the switch's: DPDK leaves them when its files are gone.
        for d in glob.glob(f"/var/run/dpdk/{self.prefix}-*"):
            shutil.rmtree(d, ignore_errors=True)
        # The default OpenFlow listener's directory (left when vswitchd was killed).
        shutil.rmtree(f"/var/run/vsw/{self.prefix}", ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def parse_probe(text):
    """shm_probe output as {"state": {...}, "port": {name: {...}}, "pmd": [...]}."""
    out = {"state": {}, "port": {}, "pmd": [], "bridge": {}, "rule": [], "queue": []}
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        fields = dict(kv.split("=", 1) for kv in rest.split())
        if kind.startswith("state="):
            out["state"] = dict(kv.split("=", 1) for kv in line.split())
        elif kind == "port":
            out["port"][fields["name"]] = fields
        elif kind == "bridge":
            out["bridge"][fields["name"]] = fields
        elif kind == "pmd":
            out["pmd"].append(fields)
        elif kind == "rule":
            out["rule"].append(fields)
        elif kind == "queue":
            out["queue"].append(fields)
    return out


def parse_exit_counters(stdout):
    """The 'port NAME: k=v ... drops: ...' lines vswitchd prints at exit."""
    ports = {}
    for m in re.finditer(r"^port (\S+): (.*) drops:(.*)$", stdout, re.M):
        c = {k: int(v) for k, v in (kv.split("=") for kv in m.group(2).split())}
        drops = m.group(3).strip()
        c["drops"] = {} if drops == "none" else {
            k: int(v) for k, v in (kv.split("=") for kv in drops.split())}
        ports[m.group(1)] = c
    return ports


def run_cases(namespace, argv):
    """main() of a test driver: run the case_NAME function named by argv[1]
    (dashes for underscores); print why it failed; return the exit status."""
    import subprocess as sp
    cases = {name[5:].replace("_", "-"): fn for name, fn in namespace.items()
             if name.startswith("case_")}
    if len(argv) != 2 or argv[1] not in cases:
        print(f"usage: {argv[0]} CASE ({', '.join(sorted(cases))})")
        return 2
    try:
        cases[argv[1]]()
    except (TestFailure, sp.TimeoutExpired) as e:
        print(f"FAIL {argv[1]}: {e}")
        return 1
    return 0
