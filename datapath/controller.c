/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * controller.c: the packets the OpenFlow controllers see and send.
 *
 * Packet-ins. The CONTROLLER action copies (the start of) the packet into
 * its input port's ring, with the rule's table and cookie (the classifier
 * wrote them into the action) and the packet's in_port. The control thread
 * empties the rings in turn, under the bridge's rate limit, and sends
 * PACKET_INs (vswitchd/ofasync.c). A PMD lets into a port's ring no more
 * than that rate (and burst) itself: in a flood the rest are lost before
 * they cost a copy and the ring's shared cache lines (a lost one costs a
 * compare), and what the control thread leaves in a ring is what fills it.
 * A packet-in over the PMD's allowance or refused by a full ring is lost
 * (counted: packet_ins_lost, and the drop reason packet_in_lost when nothing
 * else sent the packet): the PMD never waits.
 *
 * The allowance is a virtual schedule (a GCRA, as a token bucket without
 * the division): each packet-in moves its port's due time a gap
 * (1/rate s) on from the later of itself and now; one is let in while the
 * due time is less than burst gaps ahead of now. Now is the PMD's last loop
 * time, a burst's worth of staleness.
 *
 * Packet-outs. The control thread builds the mbuf and the action list and
 * queues them to a PMD, which runs them as it runs a rule's actions (output
 * to TABLE is a resubmit to table 0), on its own tx queues: the control
 * thread never touches a port's queue.
 */

#include <errno.h>

#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring_elem.h>
#include <rte_ring_peek_zc.h>

#include "exec_private.h"

int
vsw_controller_ring_create(const char *name, unsigned int n, unsigned int elem,
			   struct rte_ring **out)
{
	*out = rte_ring_create_elem(name, elem, n, SOCKET_ID_ANY,
				    RING_F_MP_HTS_ENQ | RING_F_SC_DEQ);
	return *out != NULL ? 0 : -ENOMEM;
}

/* A packet-in lost: counted, and a drop when nothing else sent the packet. */
static void
lose_packet_in(struct exec *x)
{
	x->pmd->stats->c.packet_ins_lost++;
	if (x->unsent < 0)
		x->unsent = VSW_DROP_PACKET_IN_LOST;
}

/*
 * The packet-in is written in place in the ring's free slot (a zero-copy
 * enqueue): the header and the bytes of data, never the whole 1.5 KiB
 * slot. Producers take turns (head-tail sync): another PMD on the same
 * port waits the time of one copy.
 */
void
exec_packet_in(struct exec *x, const struct vsw_action *a)
{
	struct rte_ring *r = x->pmd->dp->packet_ins[x->in];
	uint64_t *due = &x->pmd->packet_in_due[x->in], now = x->pmd->loop_tsc;
	const struct rte_mbuf *m = x->m;
	struct rte_ring_zc_data zcd;
	struct vsw_packet_in *pin;
	const void *data;

	if (*due > now + x->br->packet_in_burst || r == NULL ||
	    rte_ring_enqueue_zc_bulk_elem_start(r, sizeof(*pin), 1, &zcd, NULL) == 0) {
		lose_packet_in(x);
		return;
	}
	*due = RTE_MAX(*due, now) + x->br->packet_in_gap;
	pin = zcd.ptr1; /* one element is never split by the wrap */
	pin->len = (uint16_t)RTE_MIN(RTE_MIN(m->pkt_len, (uint32_t)a->value),
				     (uint32_t)VSW_PACKET_IN_DATA);
	pin->cookie = a->mask;
	pin->table = a->table;
	pin->reason = a->src_field;
	pin->in_port = exec_current_key(x)->in_port;
	pin->total_len = (uint16_t)RTE_MIN(m->pkt_len, (uint32_t)UINT16_MAX);
	data = rte_pktmbuf_read(m, 0, pin->len, pin->data);
	if (data != pin->data)
		memcpy(pin->data, data, pin->len);
	rte_ring_enqueue_zc_elem_finish(r, 1);
	x->pmd->stats->c.packet_ins++;
	x->n_sent++; /* the controller has it: not a drop */
}

void
vsw_pmd_packet_outs(struct vsw_pmd *pmd)
{
	struct vsw_packet_out *p = &pmd->packet_out; /* 2 KiB: not on the stack */
	struct vsw_flow_key key;
	unsigned int n;
	struct exec x;

	for (n = 0; n < VSW_BURST && rte_ring_sc_dequeue_elem(pmd->packet_outs, p, sizeof(*p)) == 0;
	     n++) {
		const struct vsw_dp_bridge *br = &pmd->dp->bridges[p->bridge];

		vsw_key_parse(p->m, p->in_ofport, &key);
		exec_start(&x, pmd, br, p->in, &key,
			   __atomic_load_n(&br->cls->version, __ATOMIC_ACQUIRE), p->m);
		x.out_in = p->out_in;
		exec_run_actions(&x, p->actions, p->n_actions);
		exec_finish(&x);
		pmd->stats->c.packet_outs++;
	}
}
