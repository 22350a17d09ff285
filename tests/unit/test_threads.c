/* Unit tests of lib/threads: threads_start() leaves every thread free to
 * run on the CPUs it was allowed before (it moves threads, never pins
 * them), with any team size, even more threads than CPUs. */
#include <omp.h>
#include <sched.h>

#include "err.h"
#include "t.h"
#include "threads.h"

static void check_team(int threads)
{
	cpu_set_t before;
	CHECK(sched_getaffinity(0, sizeof before, &before) == 0, "the allowed CPUs can be read");
	omp_set_num_threads(threads);
	threads_start();
	int unchanged = 0, team = 0;
#pragma omp parallel reduction(+ : unchanged, team)
	{
		cpu_set_t now;
		team = 1;
		unchanged = sched_getaffinity(0, sizeof now, &now) == 0 && CPU_EQUAL(&now, &before);
	}
	CHECK(team == threads && unchanged == threads,
	      "%d threads: after threads_start() each may still run on all %d allowed CPUs "
	      "(%d of %d)",
	      threads, CPU_COUNT(&before), unchanged, team);
}

int main(void)
{
	err_init("test_threads");
	check_team(1);
	check_team(2);
	check_team(CPU_SETSIZE / 64 + 3); /* more threads than this machine's CPUs */
	return t_done();
}
