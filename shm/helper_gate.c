/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * helper_gate.c: the gate that vsw's helpers pass through while their EAL
 * starts, and the primary's repair of what a helper killed inside it left.
 *
 * A secondary's rte_eal_init() holds DPDK's memory-hotplug lock for reading
 * while it maps the hugepages (DPDK 22.11: from rte_eal_memory_init() to
 * rte_eal_malloc_heap_init()). A helper SIGKILLed there leaves the lock
 * read-held for good, and the lock is a spinning rwlock in shared memory:
 * the next writer (the primary growing its heap, or its rte_eal_cleanup()
 * at stop) would spin forever, and while a writer waits every new reader
 * spins too. No DPDK 22.11 API shows who holds the lock, so vsw makes the
 * one case it can cause recognisable:
 *  - the gate is a file in the primary's runtime directory, locked with
 *    flock() (the kernel drops the lock of a process that dies) by a helper
 *    for the whole of its EAL start; its content is struct gate_state;
 *  - inside, the helper stores its pid in `inside`, and 0 when it is done;
 *    whoever next takes the gate and finds a pid there knows that helper
 *    died inside, and adds one to `suspects`;
 *  - the primary's control thread takes the gate (never waiting for it)
 *    once a second; with suspects it asks for the hotplug lock for writing
 *    from a thread, and when that does not succeed within GATE_PROBE_MS
 *    while no vsw helper can be starting, it releases one read hold per
 *    suspect, GATE_RELEASE_MS apart, until it does (so a repair after N
 *    deaths stalls the control thread about 1 s + N * 20 ms, not N s).
 * The gate also keeps helpers' EAL starts from overlapping, which costs a
 * helper at most the ~40 ms of another's start.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_eal_memconfig.h>

#include "vsw_shm.h"

#define GATE_FILE     "vsw_helper_gate"
#define GATE_PROBE_MS   1000 /* a live reader holds the lock for milliseconds */
#define GATE_RELEASE_MS 20   /* the spinning probe's time to see a release */

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

int
vsw_shm_gate_enter(const char *prefix, double timeout_s, char *err, size_t err_len)
{
	struct timespec nap = {.tv_nsec = 1000000};
	long tries = (long)(timeout_s * 1000);
	struct gate_state st;
	char dir[PATH_MAX - sizeof(GATE_FILE) - 1], path[PATH_MAX];
	int fd, rc;

	vsw_shm_runtime_dir(prefix, dir, sizeof(dir));
	fd = gate_open(dir, path, sizeof(path));
	if (fd < 0) {
		rc = -errno;
		snprintf(err, err_len, "cannot open %s: %s", path, strerror(-rc));
		return rc;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK || tries-- <= 0) {
			snprintf(err, err_len, "another helper of '%s' has been starting for %.0f s",
				 prefix, timeout_s);
			close(fd);
			return -ETIMEDOUT;
		}
		nanosleep(&nap, NULL);
	}
	gate_read(fd, &st);
	if (st.inside != 0)
		st.suspects++;
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

/* The probe: done once the hotplug lock could be taken for writing. */
static void *
probe_write_lock(void *done)
{
	rte_mcfg_mem_write_lock();
	rte_mcfg_mem_write_unlock();
	__atomic_store_n((int *)done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static bool
wait_done(const int *done, unsigned int ms)
{
	struct timespec nap = {.tv_nsec = 1000000};

	while (!__atomic_load_n(done, __ATOMIC_ACQUIRE) && ms-- > 0)
		nanosleep(&nap, NULL);
	return __atomic_load_n(done, __ATOMIC_ACQUIRE);
}

int
vsw_shm_gate_repair(unsigned int *released, unsigned int *died)
{
	static int probe_done = 1; /* no probe is running */
	struct gate_state st;
	char path[PATH_MAX];
	unsigned int wait_ms = GATE_PROBE_MS;
	pthread_t t;
	int fd, rc = 0;

	*released = 0;
	*died = 0;
	if (!__atomic_load_n(&probe_done, __ATOMIC_ACQUIRE))
		return 0; /* the last probe is still waiting for a holder from outside */
	fd = gate_open(rte_eal_get_runtime_dir(), path, sizeof(path));
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0; /* a helper is starting: next time */
	}
	gate_read(fd, &st);
	if (st.inside != 0)
		st.suspects++;
	st.inside = 0;
	*died = st.suspects;
	if (st.suspects > 0) {
		__atomic_store_n(&probe_done, 0, __ATOMIC_RELEASE);
		if (pthread_create(&t, NULL, probe_write_lock, &probe_done) != 0) {
			__atomic_store_n(&probe_done, 1, __ATOMIC_RELEASE);
			rc = -EAGAIN;
		} else {
			pthread_detach(t);
			/*
			 * Past the first wait, every hold left is a dead helper's
			 * (or an outsider's): the control thread must not stall a
			 * second per suspect.
			 */
			while (!wait_done(&probe_done, wait_ms) && st.suspects > 0) {
				rte_mcfg_mem_read_unlock(); /* the hold of a helper that died */
				st.suspects--;
				(*released)++;
				wait_ms = GATE_RELEASE_MS;
			}
			if (!wait_done(&probe_done, 0))
				rc = -EBUSY; /* held from outside vsw: the probe waits on */
			st.suspects = 0; /* every hold they could have left is accounted for */
		}
	}
	gate_write(fd, &st);
	close(fd);
	return rc;
}
