/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 vsw authors
 */

/*
 * daemon.c: --detach and --pidfile. Detaching forks before the EAL starts
 * (a process with DPDK's threads must not fork), and the parent stays until
 * the child is forwarding or has failed, so `vswitchd --detach` returns with
 * the real outcome: errors still reach the terminal that started it.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vswitchd.h"

static int ready_fd = -1; /* child's end of the readiness pipe */

int
vswd_daemon_start(void)
{
	int fds[2], status;
	char byte;
	pid_t pid;

	if (pipe(fds) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &byte, 1) == 1)
			exit(0);
		/* The child failed before it was ready; pass its status on. */
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
			exit(WEXITSTATUS(status));
		exit(1);
	}
	close(fds[0]);
	ready_fd = fds[1];
	setsid();
	return 0;
}

void
vswd_daemon_ready(void)
{
	int null;

	if (ready_fd < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	if (write(ready_fd, "1", 1) != 1)
		VSWD_LOG(WARNING, "could not tell the starting process we are ready");
	close(ready_fd);
	ready_fd = -1;
}

int
vswd_pidfile_check(const char *path, char *err, size_t err_len)
{
	FILE *f = fopen(path, "r");
	long pid;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld", &pid) == 1 && pid > 0 && kill((pid_t)pid, 0) == 0) {
		fclose(f);
		snprintf(err, err_len, "%s: vswitchd is already running as pid %ld", path, pid);
		return -EEXIST;
	}
	fclose(f);
	return 0; /* stale: overwritten once we are up */
}

int
vswd_pidfile_write(const char *path, char *err, size_t err_len)
{
	char tmp[4096];
	FILE *f;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		snprintf(err, err_len, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	f = fopen(tmp, "w");
	if (f == NULL) {
		rc = -errno;
		snprintf(err, err_len, "%s: cannot write pidfile: %s", tmp, strerror(-rc));
		return rc;
	}
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		rc = -errno;
		snprintf(err, err_len, "%s: cannot write pidfile: %s", path, strerror(-rc));
		unlink(tmp);
		return rc;
	}
	return 0;
}
