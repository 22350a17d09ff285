#include "threads.h"

#include <omp.h>
#include <sched.h>

void threads_start(void)
{
#pragma omp parallel
	{
		cpu_set_t allowed;
		int n = omp_get_num_threads(), t = omp_get_thread_num();
		if (n > 1 && sched_getaffinity(0, sizeof allowed, &allowed) == 0 &&
		    CPU_COUNT(&allowed) >= n) {
			/* thread t to the t-th allowed CPU: setting the affinity
			 * migrates a thread at once, and restoring it leaves the
			 * thread where it is */
			for (int c = 0, seen = 0; c < CPU_SETSIZE; c++) {
				if (!CPU_ISSET(c, &allowed) || seen++ != t)
					continue;
				cpu_set_t one;
				CPU_ZERO(&one);
				CPU_SET(c, &one);
				if (sched_setaffinity(0, sizeof one, &one) == 0)
					sched_setaffinity(0, sizeof allowed, &allowed);
				break;
			}
		}
	}
}
