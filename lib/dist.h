/*
 * dist: the few collective operations of a distributed run, over MPI when
 * reel is built with it (HAVE_MPI: see README) and launched by mpirun or
 * srun, else one rank whose collectives are copies.
 *
 * dist_init() calls MPI_Init only when a launcher's variables are in the
 * environment (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_SIZE), so a tool run
 * by hand starts as fast as without MPI.  Every collective must be called
 * by all ranks in the same order.  Counts are in elements of `size` bytes;
 * a count above INT_MAX elements is an internal error.  Nothing here adds
 * floating-point numbers: callers sum partial results in their own fixed
 * order (docs/ALS.md), because an MPI reduction may group a sum
 * differently on different rank counts.
 *
 * Bytes sent to other ranks are counted (dist_bytes_sent), for the
 * communication model of docs/SCALE.md.
 */
#ifndef REEL_DIST_H
#define REEL_DIST_H

#include <stddef.h>
#include <stdint.h>

/* Start (MPI_Init when launched by mpirun/srun); idempotent. */
void dist_init(int *argc, char ***argv);
/* This process's rank and the number of ranks (0 and 1 without MPI). */
int dist_rank(void);
int dist_size(void);
/* Whether MPI is running (built with it and launched by a launcher). */
int dist_active(void);
/* End MPI cleanly (MPI_Finalize); a no-op without it. */
void dist_finalize(void);

/* An integer OR across ranks of `failed` (non-zero on any rank gives
 * non-zero on all): how ranks agree that every rank has succeeded. */
int dist_any(int failed);
/* dist_any(failed) for a step every rank does alike on the same inputs
 * (the arguments, a file all of them read), the ranks but 0 under
 * err_hold(1): the failure's message is printed once, by rank 0 if it
 * failed, else by each rank that failed.  Ends the hold (err_hold(0)). */
int dist_agree(int failed);
/* Sum n unsigned 64-bit integers elementwise across ranks, in place
 * (exact, so MPI's grouping does not matter). */
void dist_sum_u64(uint64_t *a, size_t n);
/* Every rank's `count` elements of `size` bytes, concatenated in rank
 * order into recv; counts[r] is rank r's count (the same on every rank). */
void dist_allgatherv(const void *send, size_t count, void *recv, const uint64_t *counts,
		     size_t size);
/* Gather to rank 0 only (recv and counts read on rank 0 only). */
void dist_gatherv(const void *send, size_t count, void *recv, const uint64_t *counts, size_t size);
/* scounts[r] elements of send (ranks' pieces in rank order) go to rank r;
 * rcounts[r] elements arrive from rank r, in rank order in recv. */
void dist_alltoallv(const void *send, const uint64_t *scounts, void *recv, const uint64_t *rcounts,
		    size_t size);
/* rcounts[r] = rank r's scounts[this rank] (one integer each way). */
void dist_alltoall_counts(const uint64_t *scounts, uint64_t *rcounts);

/* The largest of every rank's x (integers: exact). */
uint64_t dist_max_u64(uint64_t x);
/* a[0..sum of counts) summed elementwise across ranks (integers: exact);
 * rank r receives in mine the sums of its counts[r] elements, the pieces
 * in rank order (MPI_Reduce_scatter). */
void dist_sum_scatter_u32(const uint32_t *a, uint32_t *mine, const uint64_t *counts);
/* Blocking point to point: `bytes` bytes to rank `to`, or from `from`. */
void dist_send(const void *buf, size_t bytes, int to);
void dist_recv(void *buf, size_t bytes, int from);
/* `bytes` bytes of rank root's buf into every rank's (MPI_Bcast; counted
 * as the root sending each other rank its copy). */
void dist_bcast(void *buf, size_t bytes, int root);

/* A fixed exchange of rows of `width` floats, without packing: rank r
 * gets the sender's rows send_rows[a_r .. a_r + scounts[r]) (a_r the sum
 * of the earlier scounts; rows of the sender's `send` array), and this
 * rank receives rcounts[r] rows from rank r into rows rfirst[r].. of its
 * `recv` array.  This rank's own counts are ignored: its rows stay where
 * they are.  Every rank calls dist_rows_run() at the same points. */
struct dist_rows;
struct dist_rows *dist_rows_new(uint32_t width, const uint32_t *send_rows, const uint64_t *scounts,
				const uint64_t *rcounts, const uint64_t *rfirst);
void dist_rows_run(const struct dist_rows *x, const float *send, float *recv);
void dist_rows_free(struct dist_rows *x);

/* Bytes this rank has sent to other ranks so far. */
uint64_t dist_bytes_sent(void);

#endif
