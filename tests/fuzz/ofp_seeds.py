# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Seeds for fuzz_openflow: the FLOW_MOD messages the real ovs-ofctl sends for flow strings,
in OpenFlow 1.3 and in 1.0 (ovs-ofctl's default: with its Nicira messages), and each of the
first ten 1.3 ones carried in a bundle (ONF's BUNDLE_ADD_MESSAGE, and a BUNDLE_CONTROL of each
request type).

usage: ofp_seeds.py FLOWS_FILE OUT_DIR [MAX]

A minimal OpenFlow peer on a temporary unix socket (HELLO, and a reply to each
BARRIER) takes `ovs-ofctl [-O OpenFlow13] --no-names add-flow` of each flow
string and writes the FLOW_MOD (and 1.0's vendor messages) it received into
OUT_DIR, one file each.
"""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading


# What the peer speaks: its HELLO, BARRIER_REQUEST's and BARRIER_REPLY's types, the types kept.
PEERS = {4: (bytes.fromhex("04000010000000010001000800000010"), 20, 21, (14,)),
         1: (bytes.fromhex("0100000800000001"), 18, 19, (14, 4))}


def serve(listener, out_dir, seen, version):
    hello, barrier, barrier_reply, kept = PEERS[version]
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.sendall(hello)
            buf = b""
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                buf += data
                while len(buf) >= 8 and len(buf) >= struct.unpack("!H", buf[2:4])[0]:
                    n = struct.unpack("!H", buf[2:4])[0]
                    msg, buf = buf[:n], buf[n:]
                    if msg[1] in kept:
                        name = f"seed-{'of10-' if version == 1 else ''}flowmod-{len(seen):04d}"
                        with open(os.path.join(out_dir, name), "wb") as f:
                            f.write(msg)
                        seen.append(msg)
                    elif msg[1] == barrier:
                        conn.sendall(bytes([version, barrier_reply]) + struct.pack("!H", 8) +
                                     msg[4:8])


def collect(flows, out_dir, version):
    """The messages ovs-ofctl sends for flows, speaking version (4: -O OpenFlow13)."""
    seen = []
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sw")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(4)
        t = threading.Thread(target=serve, args=(listener, out_dir, seen, version), daemon=True)
        t.start()
        for flow in flows:
            subprocess.run(["ovs-ofctl"] + (["-O", "OpenFlow13"] if version == 4 else []) +
                           ["--no-names", "--timeout=5", "add-flow", "unix:" + path, flow],
                           capture_output=True)
        listener.close()
    return seen


def main(argv):
    flows_file, out_dir = argv[1], argv[2]
    limit = int(argv[3]) if len(argv) > 3 else 400
    with open(flows_file) as f:
        flows = [line.split("\t")[0].strip() for line in f
                 if line.strip() and not line.startswith("#")][:limit]
    seen = collect(flows, out_dir, 4)
    of10 = collect(flows[:200], out_dir, 1)
    onf = 0x4f4e4600
    for i, msg in enumerate(seen[:10]):
        add = struct.pack("!BBHIIIIxxH", 4, 4, 24 + len(msg), struct.unpack("!I", msg[4:8])[0],
                          onf, 2301, 1, 1) + msg
        with open(os.path.join(out_dir, f"seed-bundle-add-{i}"), "wb") as f:
            f.write(add)
    for t in (0, 2, 4, 6):
        with open(os.path.join(out_dir, f"seed-bundle-control-{t}"), "wb") as f:
            f.write(struct.pack("!BBHIIIIHH", 4, 4, 24, 1, onf, 2300, 1, t, 1))
    print(f"ofp_seeds: {len(seen)} FLOW_MODs from {len(flows)} flow strings, {len(of10)} "
          "OpenFlow 1.0 messages from 200, 14 bundle messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
