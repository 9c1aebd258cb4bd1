/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * ipc_probe: a hostile helper. It attaches to a running vswitchd as a DPDK
 * secondary and sends it requests vsw-ofctl never would (vsw_shm.h's
 * VSW_IPC_*): wrong sizes, versions, ops, bridges, commands, buffer ids,
 * lengths past a buffer, another process's buffer, NUL bytes in the text,
 * then random bytes. Every request must get exactly one reply that refuses
 * it with a reason; the test driver then checks the switch forwards and
 * its tables are unchanged.
 *
 * usage: ipc_probe PREFIX malformed [N_RANDOM]
 *        ipc_probe PREFIX orphan      allocate a buffer, print its id, exit
 *        ipc_probe PREFIX links SEC   print the link events vswitchd broadcasts
 *                                     for SEC seconds ("link port=P state=S speed=M")
 *        ipc_probe PREFIX die-holding hotplug|memzone|heap|forged
 *                                     start inside the helper gate as vsw's helpers
 *                                     do, take that lock of DPDK's shared config
 *                                     and SIGKILL itself while holding it (forged:
 *                                     leave what no public call can, the memzone
 *                                     lock write-held with a writer's waiting flag
 *                                     as rte_eal_init() would, and a tailq read
 *                                     hold, written into the config's lock words)
 * Prints one line per request ("ok <what>: <status> <message>") and exits
 * 0 when every reply was as expected, 1 otherwise, 3 when no switch answers.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "vsw_shm.h"

static unsigned int failures;

/* Send raw param bytes; 0 and *rep on one well-formed reply, -1 otherwise. */
static int
send_raw(const void *param, int len, struct vsw_ipc_reply *rep)
{
	struct timespec ts = {.tv_sec = 5};
	struct rte_mp_reply mp_rep;
	struct rte_mp_msg msg;
	int rc = -1;

	memset(&msg, 0, sizeof(msg));
	snprintf(msg.name, sizeof(msg.name), "%s", VSW_IPC_ACTION);
	msg.len_param = len;
	memcpy(msg.param, param, (size_t)len);
	memset(&mp_rep, 0, sizeof(mp_rep));
	if (rte_mp_request_sync(&msg, &mp_rep, &ts) == 0 && mp_rep.nb_received == 1 &&
	    mp_rep.msgs[0].len_param == (int)sizeof(*rep)) {
		memcpy(rep, mp_rep.msgs[0].param, sizeof(*rep));
		rep->msg[sizeof(rep->msg) - 1] = '\0';
		rc = 0;
	}
	free(mp_rep.msgs);
	return rc;
}

/* Send req; expect status want (0, or any negative when want < 0). */
static void
expect(const char *what, const void *param, int len, int want, struct vsw_ipc_reply *out)
{
	struct vsw_ipc_reply rep;
	bool good;

	if (send_raw(param, len, &rep) < 0) {
		printf("FAIL %s: no reply\n", what);
		failures++;
		return;
	}
	good = want < 0 ? rep.status < 0 : rep.status == want;
	printf("%s %s: %d %s\n", good ? "ok" : "FAIL", what, rep.status, rep.msg);
	failures += !good;
	if (out != NULL)
		*out = rep;
}

static struct vsw_ipc_request
request(uint32_t op)
{
	struct vsw_ipc_request r;

	memset(&r, 0, sizeof(r));
	r.version = VSW_SHM_VERSION;
	r.op = op;
	r.pid = (uint32_t)getpid();
	return r;
}

/* A buffer holding text; its id. */
static uint64_t
buffer(const char *text, size_t len)
{
	struct vsw_ipc_request r = request(VSW_IPC_BUF_ALLOC);
	struct vsw_ipc_reply rep;

	r.len = len;
	expect("allocate a buffer", &r, sizeof(r), 0, &rep);
	if (rep.status < 0)
		return 0;
	memcpy((void *)(uintptr_t)rep.buf_addr, text, len);
	return rep.buf_id;
}

static void
malformed(unsigned int n_random)
{
	struct vsw_ipc_request r;
	uint8_t raw[RTE_MP_MAX_PARAM_LEN];
	uint64_t id;
	unsigned int i;

	r = request(VSW_IPC_PMD_STATS_CLEAR);
	expect("short request", &r, 8, -1, NULL);
	expect("empty request", &r, 0, -1, NULL);
	memset(raw, 0xa5, sizeof(raw));
	memcpy(raw, &r, sizeof(r));
	expect("long request", raw, sizeof(raw), -1, NULL);
	r.version = VSW_SHM_VERSION + 1;
	expect("other layout version", &r, sizeof(r), -EPROTO, NULL);
	r = request(0);
	expect("op 0", &r, sizeof(r), -1, NULL);
	r = request(99);
	expect("op 99", &r, sizeof(r), -1, NULL);
	r = request(VSW_IPC_PMD_STATS_CLEAR);
	r.reserved = 1;
	expect("reserved bits set", &r, sizeof(r), -1, NULL);
	r = request(VSW_IPC_BUF_ALLOC);
	expect("buffer of 0 bytes", &r, sizeof(r), -1, NULL);
	r.len = VSW_IPC_BUF_MAX + 1;
	expect("buffer over the limit", &r, sizeof(r), -1, NULL);
	r.len = UINT64_MAX;
	expect("buffer of 2^64-1 bytes", &r, sizeof(r), -1, NULL);
	r = request(VSW_IPC_FDB_FLUSH);
	r.bridge = 9999;
	expect("fdb-flush of a bridge out of range", &r, sizeof(r), -1, NULL);
	r = request(VSW_IPC_FLOW_MOD);
	r.command = VSW_FLOW_CMD_DELETE;
	r.bridge = 9999;
	expect("bridge out of range", &r, sizeof(r), -1, NULL);
	r.bridge = 0;
	r.command = 0;
	expect("flow command 0", &r, sizeof(r), -1, NULL);
	r.command = 77;
	expect("flow command 77", &r, sizeof(r), -1, NULL);
	r.command = VSW_FLOW_CMD_ADD;
	r.buf_id = 123456789;
	r.len = 10;
	expect("unknown buffer", &r, sizeof(r), -1, NULL);
	r.buf_id = 0;
	r.len = 10;
	expect("text without a buffer", &r, sizeof(r), -1, NULL);
	id = buffer("actions=drop\n", 13);
	r.buf_id = id;
	r.len = 1 << 20;
	expect("text longer than its buffer", &r, sizeof(r), -1, NULL);
	r.len = 13;
	expect("a buffer already freed", &r, sizeof(r), -1, NULL);
	id = buffer("priority=9,ip,actions=output:nosuch\n", 36);
	r.buf_id = id;
	r.len = 36;
	r.pid = (uint32_t)getpid() + 1;
	expect("another process's buffer", &r, sizeof(r), -1, NULL);
	r.pid = (uint32_t)getpid();
	expect("an unknown port name", &r, sizeof(r), -ENOENT, NULL);
	id = buffer("priority=9,\0actions=drop\n", 26);
	r.buf_id = id;
	r.len = 26;
	expect("a NUL byte in the text", &r, sizeof(r), -1, NULL);
	srand(7);
	for (i = 0; i < n_random; i++) {
		struct vsw_ipc_reply rep;
		int len = rand() % (RTE_MP_MAX_PARAM_LEN + 1), k;

		for (k = 0; k < len; k++)
			raw[k] = (uint8_t)rand();
		/* Random bytes that happen to be a valid request are harmless too. */
		if (send_raw(raw, len, &rep) < 0) {
			printf("FAIL random request %u (%d bytes): no reply\n", i, len);
			failures++;
		}
	}
	printf("ok %u random requests answered\n", n_random);
}

/* DPDK's IPC thread: one link event. */
static int
on_link_event(const struct rte_mp_msg *msg, const void *peer)
{
	struct vsw_ipc_link_event ev;

	RTE_SET_USED(peer);
	if (msg->len_param != (int)sizeof(ev)) {
		printf("FAIL link event of %d bytes\n", msg->len_param);
		failures++;
	} else {
		memcpy(&ev, msg->param, sizeof(ev));
		printf("link port=%u state=%u speed=%u version=%u\n", ev.port, ev.link,
		       ev.speed_mbps, ev.version);
	}
	fflush(stdout);
	return 0;
}

static void
links(unsigned int seconds)
{
	if (rte_mp_action_register(VSW_IPC_LINK_EVENT, on_link_event) < 0) {
		printf("FAIL cannot register %s\n", VSW_IPC_LINK_EVENT);
		failures++;
		return;
	}
	printf("listening\n");
	fflush(stdout);
	sleep(seconds);
	rte_mp_action_unregister(VSW_IPC_LINK_EVENT);
}

/* Called with the lock held (a walk's callback, a heap dump's write). */
static int
die(void)
{
	raise(SIGKILL);
	return -1;
}

static int
die_in_memseg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	RTE_SET_USED(msl);
	RTE_SET_USED(ms);
	RTE_SET_USED(arg);
	return die();
}

static void
die_in_memzone(const struct rte_memzone *mz, void *arg)
{
	RTE_SET_USED(mz);
	RTE_SET_USED(arg);
	die();
}

/* A heap dump's output: its first line is written unlocked, the second locked. */
static ssize_t
die_on_second_write(void *cookie, const char *buf, size_t len)
{
	unsigned int *writes = cookie;

	RTE_SET_USED(buf);
	if (++*writes == 2)
		die();
	return (ssize_t)len;
}

/*
 * Write into prefix's shared config (struct rte_mem_config, mapped from this
 * file) the holds rte_eal_init() leaves when killed mid-way: the memzone
 * rwlock (offset 16) write-held with a writer waiting, one tailq (20) read hold.
 */
static void
forge_holds(const char *prefix)
{
	static const int32_t memzone = 3, tailq = 4;
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/var/run/dpdk/%s/config", prefix);
	fd = open(path, O_RDWR);
	if (fd < 0 || pwrite(fd, &memzone, 4, 16) != 4 || pwrite(fd, &tailq, 4, 20) != 4)
		fprintf(stderr, "ipc_probe: cannot write %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* die-holding: returns only when the lock could not be taken (exit 1). */
static int
die_holding(const char *prefix, const char *lock, char **eal_argv, int eal_argc)
{
	cookie_io_functions_t io = {.write = die_on_second_write};
	unsigned int writes = 0;
	char err[256];
	FILE *f;

	if (vsw_shm_gate_enter(prefix, 10, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipc_probe: %s\n", err);
		return 1;
	}
	if (rte_eal_init(eal_argc, eal_argv) < 0) {
		fprintf(stderr, "ipc_probe: no vswitchd with file-prefix %s\n", prefix);
		return 3;
	}
	if (strcmp(lock, "hotplug") == 0) {
		rte_memseg_walk(die_in_memseg, NULL);
	} else if (strcmp(lock, "memzone") == 0) {
		rte_memzone_walk(die_in_memzone, NULL);
	} else if (strcmp(lock, "forged") == 0) {
		forge_holds(prefix);
		die();
	} else if (strcmp(lock, "heap") == 0) {
		f = fopencookie(&writes, "w", io);
		if (f != NULL && setvbuf(f, NULL, _IONBF, 0) == 0)
			rte_malloc_dump_heaps(f);
	}
	fprintf(stderr, "ipc_probe: still alive: no %s lock taken\n", lock);
	return 1;
}

int
main(int argc, char **argv)
{
	char prefix[128];
	char *eal_argv[] = {argv[0],	prefix,		 "-l0", "--proc-type=secondary",
			    "--no-pci", "--log-level=1", NULL};

	if (argc < 3) {
		fprintf(stderr,
			"usage: ipc_probe PREFIX malformed [N_RANDOM] | orphan | links SEC | "
			"die-holding hotplug|memzone|heap|forged\n");
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", argv[1]);
	if (strcmp(argv[2], "die-holding") == 0 && argc > 3)
		return die_holding(argv[1], argv[3], eal_argv, (int)RTE_DIM(eal_argv) - 1);
	if (rte_eal_init((int)RTE_DIM(eal_argv) - 1, eal_argv) < 0) {
		fprintf(stderr, "ipc_probe: no vswitchd with file-prefix %s\n", argv[1]);
		return 3;
	}
	if (strcmp(argv[2], "orphan") == 0)
		printf("buffer %llu\n", (unsigned long long)buffer("x", 1));
	else if (strcmp(argv[2], "links") == 0)
		links(argc > 3 ? (unsigned int)atoi(argv[3]) : 5);
	else
		malformed(argc > 3 ? (unsigned int)atoi(argv[3]) : 1000);
	fflush(stdout);
	rte_eal_cleanup();
	return failures ? 1 : 0;
}
