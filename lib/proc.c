#include "proc.h"
#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void close_if(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* In the child: wire stdin and stdout, restore SIGPIPE (an ignored signal
 * stays ignored across exec, and the child should die of a broken pipe as
 * it would from a shell), exec; on failure report errno to the parent. */
static noreturn void exec_child(char *const argv[], int in, int out, int status_fd, unsigned flags)
{
	if (flags & PROC_GROUP)
		setpgid(0, 0);
	if ((in != 0 && dup2(in, 0) < 0) || (out != 1 && dup2(out, 1) < 0)) {
		int e = errno;
		if (write(status_fd, &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	int e = errno;
	if (write(status_fd, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

pid_t proc_spawn(char *const argv[], int child_in, int child_out, int *to_child, int *from_child,
		 unsigned flags)
{
	int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, status[2];
	if (pipe2(status, O_CLOEXEC) < 0 || (child_in < 0 && pipe2(in_pipe, O_CLOEXEC) < 0) ||
	    (child_out < 0 && pipe2(out_pipe, O_CLOEXEC) < 0))
		return error("cannot make a pipe:");
	fflush(NULL); /* the child must not write our buffered output again */
	pid_t pid = fork();
	if (pid < 0)
		return error("cannot fork:");
	if (pid == 0)
		exec_child(argv, child_in < 0 ? in_pipe[0] : child_in,
			   child_out < 0 ? out_pipe[1] : child_out, status[1], flags);
	if (flags & PROC_GROUP)
		setpgid(pid, pid); /* also here: no window where a kill misses it */
	close(status[1]);
	close_if(in_pipe[0]);
	close_if(out_pipe[1]);
	int e = 0;
	ssize_t got;
	while ((got = read(status[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(status[0]);
	if (got > 0) {
		int st;
		waitpid(pid, &st, 0);
		close_if(in_pipe[1]);
		close_if(out_pipe[0]);
		errno = e;
		return error("cannot run '%s':", argv[0]);
	}
	if (to_child)
		*to_child = in_pipe[1];
	if (from_child)
		*from_child = out_pipe[0];
	return pid;
}

int proc_wait(pid_t pid, double timeout, int *status, struct rusage *usage)
{
	struct rusage ignored;
	if (!usage)
		usage = &ignored;
	struct timespec start, now, nap = {0, 1000000};
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t got = wait4(pid, status, timeout < 0 ? 0 : WNOHANG, usage);
		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return error("cannot wait for process %ld:", (long)pid);
		clock_gettime(CLOCK_MONOTONIC, &now);
		double elapsed = (double)(now.tv_sec - start.tv_sec) +
				 (double)(now.tv_nsec - start.tv_nsec) * 1e-9;
		if (timeout >= 0 && elapsed >= timeout)
			break;
		if (got == 0)
			nanosleep(&nap, NULL);
	}
	proc_kill(pid);
	while (wait4(pid, status, 0, usage) < 0)
		if (errno != EINTR)
			return error("cannot wait for process %ld:", (long)pid);
	return 1;
}

void proc_kill(pid_t pid)
{
	kill(-pid, SIGKILL); /* fails harmlessly when pid leads no group */
	kill(pid, SIGKILL);
}

const char *proc_describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "ended with wait status %d", status);
	return buf;
}

/* DIR/NAME, with DIR the running executable's directory followed by
 * suffix; NULL when /proc/self/exe cannot tell. */
char *proc_beside_exe(const char *suffix, const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	size_t len = strlen(exe) + strlen(suffix) + strlen(name) + 2;
	char *path = xmalloc(len);
	snprintf(path, len, "%s%s/%s", exe, suffix, name);
	return path;
}

char *proc_sibling(const char *name)
{
	char *path = proc_beside_exe("", name);
	if (path && access(path, X_OK) == 0)
		return path;
	free(path);
	return xstrdup(name);
}
