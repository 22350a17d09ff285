/*
 * reel - run a reel command: "reel NAME ARGS..." runs "reel-NAME ARGS...".
 *
 * Like git, the front looks for reel-NAME first beside its own executable,
 * then on PATH.  "reel help" (or no arguments) lists the commands.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

static const struct {
	const char *name, *summary;
} commands[] = {
#include "commands.h"
};

static void list_commands(FILE *fp)
{
	fprintf(fp, "usage: reel COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-20s %s\n", commands[i].name + 5, commands[i].summary);
	fprintf(fp, "\n'reel COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
	err_init("reel");
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		if (argc >= 3 && strcmp(argv[1], "help") == 0) {
			argv[1] = argv[2];
			argv[2] = "--help";
			argc = 3;
		} else {
			list_commands(stdout);
			return argc < 2 ? EXIT_USAGE : 0;
		}
	}
	if (strcmp(argv[1], "--version") == 0)
		print_version();
	if (strchr(argv[1], '/') || argv[1][0] == '-')
		die_usage("'%s' is not a reel command", argv[1]);

	char prog[PATH_MAX];
	snprintf(prog, sizeof prog, "reel-%s", argv[1]);
	argv[1] = prog;

	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			char path[PATH_MAX * 2];
			*slash = '\0';
			snprintf(path, sizeof path, "%s/%s", self, prog);
			execv(path, argv + 1);
		}
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT)
		die_usage("'%s' is not a reel command; see 'reel help'", prog + 5);
	die("%s:", prog);
}
