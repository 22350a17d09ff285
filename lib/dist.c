#include "dist.h"
#include "err.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_MPI
#include <mpi.h>
#endif

static int rank, size = 1, active;
static uint64_t sent;

void dist_init(int *argc, char ***argv)
{
#ifdef HAVE_MPI
	if (active || !(getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") ||
			getenv("PMI_SIZE")))
		return;
	if (MPI_Init(argc, argv) != MPI_SUCCESS)
		die("MPI_Init failed");
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	active = 1;
#else
	(void)argc;
	(void)argv;
#endif
}

int dist_rank(void) { return rank; }
int dist_size(void) { return size; }
int dist_active(void) { return active; }

void dist_finalize(void)
{
#ifdef HAVE_MPI
	if (active)
		MPI_Finalize();
	active = 0;
#endif
}

uint64_t dist_bytes_sent(void) { return sent; }

#ifdef HAVE_MPI
static int to_int(uint64_t n)
{
	if (n > INT_MAX)
		die("dist: %llu elements in one message: more than MPI's int counts",
		    (unsigned long long)n);
	return (int)n;
}

/* A contiguous type of `bytes` bytes, so that counts are in elements. */
static MPI_Datatype elem_type(size_t bytes)
{
	MPI_Datatype t;
	MPI_Type_contiguous(to_int(bytes), MPI_BYTE, &t);
	MPI_Type_commit(&t);
	return t;
}

/* int counts and displacements (in elements) from 64-bit counts. */
static void int_counts(const uint64_t *counts, int **c, int **d)
{
	*c = xmallocarray((size_t)size, sizeof **c);
	*d = xmallocarray((size_t)size, sizeof **d);
	uint64_t at = 0;
	for (int r = 0; r < size; r++) {
		(*c)[r] = to_int(counts[r]);
		(*d)[r] = to_int(at);
		at += counts[r];
	}
}
#endif

int dist_any(int failed)
{
	int any = failed != 0;
#ifdef HAVE_MPI
	if (active)
		MPI_Allreduce(MPI_IN_PLACE, &any, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
#endif
	return any;
}

void dist_sum_u64(uint64_t *a, size_t n)
{
#ifdef HAVE_MPI
	if (active && n) {
		MPI_Allreduce(MPI_IN_PLACE, a, to_int(n), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
		sent += (uint64_t)n * 8;
	}
#else
	(void)a;
	(void)n;
#endif
}

void dist_allgatherv(const void *send, size_t count, void *recv, const uint64_t *counts,
		     size_t sz)
{
	(void)counts;
	if (!active) {
		if (count)
			memmove(recv, send, count * sz);
		return;
	}
#ifdef HAVE_MPI
	int *c, *d;
	int_counts(counts, &c, &d);
	MPI_Datatype t = elem_type(sz);
	MPI_Allgatherv(send, to_int(count), t, recv, c, d, t, MPI_COMM_WORLD);
	MPI_Type_free(&t);
	sent += (uint64_t)count * sz * (uint64_t)(size - 1);
	free(c);
	free(d);
#endif
}

void dist_gatherv(const void *send, size_t count, void *recv, const uint64_t *counts, size_t sz)
{
	(void)counts;
	if (!active) {
		if (count)
			memmove(recv, send, count * sz);
		return;
	}
#ifdef HAVE_MPI
	int *c, *d;
	int_counts(counts, &c, &d);
	MPI_Datatype t = elem_type(sz);
	MPI_Gatherv(send, to_int(count), t, recv, c, d, t, 0, MPI_COMM_WORLD);
	MPI_Type_free(&t);
	if (rank != 0)
		sent += (uint64_t)count * sz;
	free(c);
	free(d);
#endif
}

void dist_alltoallv(const void *send, const uint64_t *scounts, void *recv,
		    const uint64_t *rcounts, size_t sz)
{
	(void)rcounts;
	if (!active) {
		if (scounts[0])
			memmove(recv, send, scounts[0] * sz);
		return;
	}
#ifdef HAVE_MPI
	int *sc, *sd, *rc, *rd;
	int_counts(scounts, &sc, &sd);
	int_counts(rcounts, &rc, &rd);
	MPI_Datatype t = elem_type(sz);
	MPI_Alltoallv(send, sc, sd, t, recv, rc, rd, t, MPI_COMM_WORLD);
	MPI_Type_free(&t);
	for (int r = 0; r < size; r++)
		if (r != rank)
			sent += scounts[r] * sz;
	free(sc);
	free(sd);
	free(rc);
	free(rd);
#endif
}

void dist_alltoall_counts(const uint64_t *scounts, uint64_t *rcounts)
{
	if (!active) {
		rcounts[0] = scounts[0];
		return;
	}
#ifdef HAVE_MPI
	MPI_Alltoall(scounts, 1, MPI_UINT64_T, rcounts, 1, MPI_UINT64_T, MPI_COMM_WORLD);
	sent += (uint64_t)(size - 1) * 8;
#endif
}
