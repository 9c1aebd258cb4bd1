/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * helper_gate.c: the gate that vsw's helpers pass through while their EAL
 * starts, and the primary's repair of what a helper killed inside it left.
 *
 * A secondary's start takes locks in DPDK's shared memory (eal_locks.c names
 * them), and they are spinning locks: a helper SIGKILLed while it holds one
 * leaves it held for good, and the next taker (the primary growing its heap
 * or stopping, its telemetry, the next helper) spins forever. No DPDK 22.11
 * API shows who holds them, so vsw makes the one case it can cause
 * recognisable:
 *  - the gate is a file in the primary's runtime directory, locked with
 *    flock() (the kernel drops the lock of a process that dies) by a helper
 *    from before its EAL start until it has found vsw's state; its content
 *    is struct gate_state;
 *  - inside, the helper stores its pid in `inside`, and 0 when it is done;
 *    whoever next takes the gate and finds a pid there knows that helper
 *    died inside, and adds one to `suspects`; a helper that finds suspects
 *    leaves the gate to the primary and waits (its start could spin on a
 *    lock the dead one left);
 *  - a thread of the primary takes the gate (never waiting for it) ten
 *    times a second; with suspects, and no vsw helper able to start while
 *    it holds the gate, it releases the holds that last a whole second
 *    (eal_locks.c). It is not the control thread, which may itself be
 *    spinning on such a lock.
 * The gate also keeps helpers' EAL starts from overlapping, which costs a
 * helper at most the ~40 ms of another's start.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>

#include "eal_locks.h"
#include "vsw_shm.h"

#define GATE_FILE "vsw_helper_gate"

/* The gate file's content. Written only by the process holding the flock. */
struct gate_state {
	uint32_t inside;   /* pid of the helper in its EAL start, or 0 */
	uint32_t suspects; /* helpers that died inside, not yet repaired */
};

/* The gate of the runtime directory dir, opened (created when missing). */
static int
gate_open(const char *dir, char *path, size_t len)
{
	if (snprintf(path, len, "%s/%s", dir, GATE_FILE) >= (int)len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

/* The gate's state; a new (empty) or short file reads as all zero. */
static void
gate_read(int fd, struct gate_state *st)
{
	if (pread(fd, st, sizeof(*st), 0) != (ssize_t)sizeof(*st))
		memset(st, 0, sizeof(*st));
}

static int
gate_write(int fd, const struct gate_state *st)
{
	return pwrite(fd, st, sizeof(*st), 0) == (ssize_t)sizeof(*st) ? 0 : -errno;
}

/*
 * Take the gate at fd once no other helper is inside and no dead one waits
 * for the primary's repair (a start now could spin on what it left). 0, or
 * -ETIMEDOUT after `tries` milliseconds, with *repair saying which wait it was.
 */
static int
gate_take(int fd, long tries, struct gate_state *st, bool *repair)
{
	struct timespec nap = {.tv_nsec = 1000000};

	*repair = false;
	for (;; nanosleep(&nap, NULL)) {
		if (tries-- <= 0)
			return -ETIMEDOUT;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK)
				return -errno;
			continue;
		}
		gate_read(fd, st);
		if (st->inside != 0) { /* it died inside */
			st->suspects++;
			st->inside = 0;
			gate_write(fd, st);
		}
		*repair = st->suspects > 0;
		if (!*repair)
			return 0;
		flock(fd, LOCK_UN); /* the primary's turn */
	}
}

int
vsw_shm_gate_enter(const char *prefix, double timeout_s, char *err, size_t err_len)
{
	struct gate_state st;
	char dir[PATH_MAX - sizeof(GATE_FILE) - 1], path[PATH_MAX];
	bool repair;
	int fd, rc;

	vsw_shm_runtime_dir(prefix, dir, sizeof(dir));
	fd = gate_open(dir, path, sizeof(path));
	if (fd < 0) {
		rc = -errno;
		snprintf(err, err_len, "cannot open %s: %s", path, strerror(-rc));
		return rc;
	}
	rc = gate_take(fd, (long)(timeout_s * 1000), &st, &repair);
	if (rc < 0) {
		snprintf(err, err_len,
			 repair ? "vswitchd '%s' has not repaired after a helper killed while "
				  "starting for %.0f s"
				: "another helper of '%s' has been starting for %.0f s",
			 prefix, timeout_s);
		close(fd);
		return rc;
	}
	st.inside = (uint32_t)getpid();
	if (gate_write(fd, &st) < 0) {
		snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		return -EIO;
	}
	return fd;
}

void
vsw_shm_gate_leave(int fd)
{
	struct gate_state st;

	gate_read(fd, &st);
	st.inside = 0;
	gate_write(fd, &st);
	close(fd); /* drops the flock */
}

int
vsw_shm_gate_repair(unsigned int *released, unsigned int *died, char *msg, size_t msg_len)
{
	static int fd = -1; /* open for the process's life: one fd, not one a call */
	struct gate_state st;
	char path[PATH_MAX];
	int rc = 0;

	*released = 0;
	*died = 0;
	msg[0] = '\0';
	if (fd < 0)
		fd = gate_open(rte_eal_get_runtime_dir(), path, sizeof(path));
	if (fd < 0) {
		rc = -errno;
		snprintf(msg, msg_len, "cannot open %s: %s", path, strerror(-rc));
		return rc;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		return 0; /* a helper is starting: next time */
	gate_read(fd, &st);
	if (st.inside != 0)
		st.suspects++;
	st.inside = 0;
	*died = st.suspects;
	if (st.suspects > 0)
		rc = vsw_shm_eal_locks_release(st.suspects, released, msg, msg_len);
	st.suspects = 0; /* every hold they could have left is accounted for */
	gate_write(fd, &st);
	flock(fd, LOCK_UN);
	return rc;
}
