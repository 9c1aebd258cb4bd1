# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""A small L2 learning switch for os-ken (osken-manager), written for vsw's tests.

On connect it installs a table-miss rule that sends every packet to the
controller whole. Each packet-in teaches it where its source MAC lives;
a packet to a known MAC gets a rule (in_port and eth_dst to that port,
priority 10) and is sent on with a packet-out, any other is flooded. It
writes what it did, one line per event, to $OSKEN_L2_LOG.
"""

import os

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.lib.packet import ethernet, packet
from os_ken.ofproto import ofproto_v1_3


class L2Learning(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.where = {}  # (datapath id, MAC) -> port
        self.log_path = os.environ.get("OSKEN_L2_LOG", "/dev/null")

    def note(self, line):
        with open(self.log_path, "a") as f:
            f.write(line + "\n")

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def connected(self, ev):
        dp = ev.msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        to_me = [parser.OFPActionOutput(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER)]
        inst = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, to_me)]
        dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=0, match=parser.OFPMatch(),
                                      instructions=inst))
        self.note(f"connected {dp.id:#x}")

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        in_port = msg.match["in_port"]
        eth = packet.Packet(msg.data).get_protocols(ethernet.ethernet)[0]
        self.where[(dp.id, eth.src)] = in_port
        out = self.where.get((dp.id, eth.dst), ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out)]
        if out != ofp.OFPP_FLOOD:
            match = parser.OFPMatch(in_port=in_port, eth_dst=eth.dst)
            inst = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, actions)]
            dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=10, match=match,
                                          instructions=inst))
            self.note(f"rule {in_port} {eth.dst} {out}")
        dp.send_msg(parser.OFPPacketOut(datapath=dp, buffer_id=ofp.OFP_NO_BUFFER,
                                        in_port=in_port, actions=actions, data=msg.data))
        self.note(f"packet-in {in_port} {eth.src} {eth.dst} reason {msg.reason} "
                  f"table {msg.table_id} len {len(msg.data)}/{msg.total_len}")
