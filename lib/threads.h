/*
 * threads: starting OpenMP's team before timed work.
 *
 * OpenMP creates its threads at the first parallel region, and a thread
 * Linux has just created runs on its parent's CPU until the load balancer
 * moves it, at a scheduler tick, so two threads can share one CPU for the
 * first milliseconds of timed work (docs/ALS.md).  threads_start() makes
 * the team now and moves
 * each thread to a CPU of its own, if there are enough, for as long as
 * the kernel keeps it there: each thread's allowed CPUs are unchanged.
 */
#ifndef REEL_THREADS_H
#define REEL_THREADS_H

void threads_start(void);

#endif
