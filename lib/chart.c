/*
 * chart: charts drawn by gnuplot from the scripts in plots/ (lib/chart.h).
 */
#include "chart.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "proc.h"

/* plots/SCRIPT: in $REEL_PLOTS, else ../plots beside the executable (the
 * source tree), else ../share/reel/plots (where make install puts them). */
static char *find_script(const char *script)
{
	const char *dir = getenv("REEL_PLOTS");
	if (!dir || !*dir) {
		char *path = proc_beside_exe("/../plots", script);
		if (path && access(path, R_OK) == 0)
			return path;
		free(path);
		return proc_beside_exe("/../share/reel/plots", script);
	}
	size_t len = strlen(dir) + strlen(script) + 2;
	char *path = xmalloc(len);
	snprintf(path, len, "%s/%s", dir, script);
	return path;
}

int chart_gnuplot(const char *script, const char *assignments)
{
	char *path = find_script(script);
	if (!path || access(path, R_OK) != 0) {
		free(path);
		return error(
			"cannot find the chart script plots/%s (set REEL_PLOTS to its directory)",
			script);
	}
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return error("/dev/null:");
	char *argv[] = {"gnuplot", "-e", (char *)assignments, path, NULL};
	pid_t pid = proc_spawn(argv, null, null, NULL, NULL, 0);
	close(null);
	int status, rc = 0, waited = pid < 0 ? -1 : proc_wait(pid, 300, &status, NULL);
	if (waited < 0)
		rc = -1;
	else if (waited > 0)
		rc = error("gnuplot %s: no result within 300 s", path);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char why[64];
		rc = error("gnuplot %s %s", path, proc_describe(status, why, sizeof why));
	}
	free(path);
	return rc;
}
