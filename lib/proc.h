/*
 * proc: child processes for tools that drive or measure other programs
 * (reel-loadtest, reel-scalesim): start one with its standard input and
 * output wired as asked, wait for it with a deadline and its resource
 * usage, and describe how it ended (lib/chart.h draws charts with it).
 *
 * Every descriptor this module creates is close-on-exec, so a child never
 * inherits the pipes of its siblings (which would keep a sibling's input
 * open after the parent closed it, and hide its end-of-file).  The caller
 * should ignore SIGPIPE when it writes to a child: a child that dies then
 * shows as a write error (EPIPE) instead of killing the caller.
 */
#ifndef REEL_PROC_H
#define REEL_PROC_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* proc_spawn flags */
enum {
	/* The child leads a new process group, so that killing it (proc_wait,
	 * proc_kill) also ends whatever it started, e.g. the commands of a
	 * shell.  It then no longer gets the terminal's Ctrl-C: use for
	 * children that end at the end of their input. */
	PROC_GROUP = 1
};

/* Start argv[0] (searched in PATH) with arguments argv.  child_in and
 * child_out become the child's stdin and stdout; -1 instead makes a pipe,
 * whose other end is returned in *to_child (write end) or *from_child
 * (read end).  stderr is inherited.  Returns the pid, or -1 after
 * "cannot run 'PROG': reason" when it could not be started (a failed exec
 * is detected here, not left to look like an exit status of 127). */
pid_t proc_spawn(char *const argv[], int child_in, int child_out, int *to_child, int *from_child,
		 unsigned flags);

/* SIGKILL pid and its process group (if it leads one). */
void proc_kill(pid_t pid);

/* Wait for pid to end, at most timeout seconds (< 0: no limit); if it is
 * still running then, kill it (proc_kill) and reap it.  *status is the
 * wait status, *usage (if not NULL) its resource usage (wait4).  Returns
 * 0 when it ended by itself, 1 when it had to be killed, -1 after a
 * message if waiting failed. */
int proc_wait(pid_t pid, double timeout, int *status, struct rusage *usage);

/* "exited with status N" or "was killed by signal N (NAME)", in buf. */
const char *proc_describe(int status, char *buf, size_t len);

/* The path of reel tool NAME beside the running executable (bin/NAME)
 * when that is executable, else NAME itself (to be searched in PATH).
 * The caller frees it. */
char *proc_sibling(const char *name);

/* The path of the running executable's directory followed by SUFFIX and
 * "/NAME" (SUFFIX "" for the directory itself, "/../plots" for the
 * source tree's plots), or NULL when /proc/self/exe cannot be read.  The
 * caller frees it. */
char *proc_beside_exe(const char *suffix, const char *name);

#endif
