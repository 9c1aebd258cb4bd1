/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * eal_locks.h: inside the shm module, the release of DPDK's shared locks that
 * helpers killed inside the helper gate left held (eal_locks.c says which).
 */

#ifndef VSW_SHM_EAL_LOCKS_H
#define VSW_SHM_EAL_LOCKS_H

#include <stddef.h>

/*
 * The primary, holding the helper gate, after `died` helpers died inside it:
 * watch the locks for up to a second and release every hold that lasted all
 * of it, at most `died` per lock; how many go to *released and, when some
 * did, which to msg ("memory hotplug x1, heap x1"). Returns at once when
 * nothing is held. 0, or -ENOTSUP with the reason in msg when DPDK's shared
 * config is not laid out as eal_locks.c expects (nothing is touched then).
 */
int vsw_shm_eal_locks_release(unsigned int died, unsigned int *released, char *msg, size_t msg_len);

#endif
