/*
 * t.h: the smallest unit-test harness.  CHECK prints "ok - WHAT" or
 * "FAIL - WHAT (file:line)"; main returns t_done(), non-zero if any
 * check failed.  Output lines are counted by tests/run.sh.
 */
#ifndef REEL_T_H
#define REEL_T_H

#include <math.h>
#include <stdio.h>

static int t_failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		int t_ok_ = (cond) ? 1 : 0; /* evaluated once: it may have effects */              \
		if (t_ok_) {                                                                       \
			printf("ok - ");                                                           \
		} else {                                                                           \
			printf("FAIL - ");                                                         \
			t_failures++;                                                              \
		}                                                                                  \
		printf(__VA_ARGS__);                                                               \
		if (!t_ok_)                                                                        \
			printf(" (%s:%d)", __FILE__, __LINE__);                                    \
		printf("\n");                                                                      \
	} while (0)

#define CHECK_NEAR(a, b, tol, ...) CHECK(fabs((double)(a) - (double)(b)) <= (tol), __VA_ARGS__)

static inline int t_done(void)
{
	fflush(stdout);
	return t_failures ? 1 : 0;
}

#endif
