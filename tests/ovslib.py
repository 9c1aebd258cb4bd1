# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""ovslib: a private Open vSwitch 3.1 for differential tests, as the oracle.

An Ovs owns a temporary directory holding its database, sockets, pid and log
files: an ovsdb-server and an ovs-vswitchd with --enable-dummy=override and
--disable-system (no kernel module, no DPDK, no system service or file
touched), one bridge of datapath type dummy and dummy ports with the
OpenFlow numbers asked for. Use it as a context manager: both daemons are
stopped and the directory removed on the way out, pass or fail.

Debian's openvswitch-switch provides the programs (scripts/deps installs it
with its services kept from starting).
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time

SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"


class OvsError(Exception):
    pass


class Ovs:
    """ports: [(name, ofport[, [COLUMN=VALUE of its Port record, e.g. "tag=10"]])];
    fail_mode: "secure" or "standalone"."""

    def __init__(self, ports, fail_mode="secure", bridge="br0"):
        self.ports, self.fail_mode, self.bridge = ports, fail_mode, bridge
        self.dir = tempfile.mkdtemp(prefix="vsw-ovs-")
        self.env = dict(os.environ, OVS_RUNDIR=self.dir, OVS_LOGDIR=self.dir,
                        OVS_DBDIR=self.dir, OVS_SYSCONFDIR=self.dir)
        self.db = f"unix:{self.dir}/db.sock"

    def path(self, name):
        return os.path.join(self.dir, name)

    def run(self, *cmd, check=True, timeout=20):
        p = subprocess.run(list(cmd), capture_output=True, text=True, env=self.env,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise OvsError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()}")
        return p

    def vsctl(self, *args):
        return self.run("ovs-vsctl", f"--db={self.db}", "--timeout=10", *args).stdout

    def ofctl(self, *args, check=False):
        """ovs-ofctl against the bridge's management socket: (exit status, stdout, stderr)."""
        args = [a.replace("BRIDGE", self.path(f"{self.bridge}.mgmt")) for a in args]
        p = self.run("ovs-ofctl", *args, check=check)
        return p.returncode, p.stdout, p.stderr

    def appctl(self, *args):
        return self.run("ovs-appctl", "-t", self.path("ovs-vswitchd.ctl"), *args).stdout

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        self.run("ovsdb-tool", "create", self.path("conf.db"), SCHEMA)
        self.run("ovsdb-server", "--detach", "--no-chdir", f"--pidfile={self.path('db.pid')}",
                 f"--remote=punix:{self.dir}/db.sock", f"--unixctl={self.path('db.ctl')}",
                 f"--log-file={self.path('ovsdb-server.log')}", self.path("conf.db"))
        self.vsctl("--no-wait", "init")
        self.run("ovs-vswitchd", "--detach", "--no-chdir", "--enable-dummy=override",
                 "--disable-system", f"--pidfile={self.path('vswitchd.pid')}",
                 f"--unixctl={self.path('ovs-vswitchd.ctl')}",
                 f"--log-file={self.path('ovs-vswitchd.log')}", self.db)
        cmd = ["add-br", self.bridge, "--", "set", "bridge", self.bridge,
               "datapath_type=dummy", f"fail-mode={self.fail_mode}"]
        for name, ofport, *columns in self.ports:
            port_columns = columns[0] if columns else []
            cmd += ["--", "add-port", self.bridge, name, *port_columns,
                    "--", "set", "interface", name,
                    "type=dummy", f"ofport_request={ofport}",
                    f"options:tx_pcap={self.path(name + '-out.pcap')}"]
        self.vsctl(*cmd)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.path(f"{self.bridge}.mgmt")):
            if time.monotonic() > deadline:
                raise OvsError("ovs-vswitchd made no management socket")
            time.sleep(0.05)

    def stop(self):
        for pidfile in ("vswitchd.pid", "db.pid"):
            try:
                with open(self.path(pidfile)) as f:
                    pid = int(f.read().strip())
            except (OSError, ValueError):
                continue
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.02)
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
