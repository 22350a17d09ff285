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
	if (active ||
	    !(getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE")))
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

int dist_rank(void)
{
	return rank;
}
int dist_size(void)
{
	return size;
}
int dist_active(void)
{
	return active;
}

void dist_finalize(void)
{
#ifdef HAVE_MPI
	if (active)
		MPI_Finalize();
	active = 0;
#endif
}

uint64_t dist_bytes_sent(void)
{
	return sent;
}

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

int dist_agree(int failed)
{
	int any = dist_any(failed);
	if (any && !dist_any(dist_rank() == 0 && failed) && failed)
		err_release();
	err_hold(0);
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

void dist_allgatherv(const void *send, size_t count, void *recv, const uint64_t *counts, size_t sz)
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

void dist_alltoallv(const void *send, const uint64_t *scounts, void *recv, const uint64_t *rcounts,
		    size_t sz)
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

uint64_t dist_max_u64(uint64_t x)
{
#ifdef HAVE_MPI
	if (active) {
		MPI_Allreduce(MPI_IN_PLACE, &x, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
		sent += 8;
	}
#endif
	return x;
}

void dist_sum_scatter_u32(const uint32_t *a, uint32_t *mine, const uint64_t *counts)
{
	if (!active) {
		if (counts[0])
			memmove(mine, a, counts[0] * sizeof *a);
		return;
	}
#ifdef HAVE_MPI
	int *c, *d;
	int_counts(counts, &c, &d);
	MPI_Reduce_scatter(a, mine, c, MPI_UINT32_T, MPI_SUM, MPI_COMM_WORLD);
	for (int r = 0; r < size; r++)
		if (r != rank)
			sent += counts[r] * sizeof *a;
	free(c);
	free(d);
#endif
}

enum { TAG_P2P = 1, TAG_ROWS = 2 };

void dist_send(const void *buf, size_t bytes, int to)
{
#ifdef HAVE_MPI
	if (active) {
		MPI_Send(buf, to_int(bytes), MPI_BYTE, to, TAG_P2P, MPI_COMM_WORLD);
		sent += bytes;
	}
#else
	(void)buf;
	(void)bytes;
	(void)to;
#endif
}

void dist_recv(void *buf, size_t bytes, int from)
{
#ifdef HAVE_MPI
	if (active)
		MPI_Recv(buf, to_int(bytes), MPI_BYTE, from, TAG_P2P, MPI_COMM_WORLD,
			 MPI_STATUS_IGNORE);
#else
	(void)buf;
	(void)bytes;
	(void)from;
#endif
}

void dist_bcast(void *buf, size_t bytes, int root)
{
#ifdef HAVE_MPI
	if (active && size > 1) {
		MPI_Bcast(buf, to_int(bytes), MPI_BYTE, root, MPI_COMM_WORLD);
		if (rank == root)
			sent += bytes * (uint64_t)(size - 1);
	}
#else
	(void)buf;
	(void)bytes;
	(void)root;
#endif
}

struct dist_rows {
	uint32_t width;
	uint64_t bytes; /* sent to others per run */
#ifdef HAVE_MPI
	MPI_Datatype row, *stype; /* stype[r]: the rows for rank r, or MPI_DATATYPE_NULL */
	int *rcount;
	uint64_t *rfirst;
#endif
};

struct dist_rows *dist_rows_new(uint32_t width, const uint32_t *send_rows, const uint64_t *scounts,
				const uint64_t *rcounts, const uint64_t *rfirst)
{
	struct dist_rows *x = xcalloc(1, sizeof *x);
	x->width = width;
#ifdef HAVE_MPI
	if (!active)
		return x;
	MPI_Type_contiguous(to_int(width), MPI_FLOAT, &x->row);
	MPI_Type_commit(&x->row);
	x->stype = xmallocarray((size_t)size, sizeof *x->stype);
	x->rcount = xmallocarray((size_t)size, sizeof *x->rcount);
	x->rfirst = xmallocarray((size_t)size, sizeof *x->rfirst);
	uint64_t at = 0;
	for (int r = 0; r < size; r++) {
		x->stype[r] = MPI_DATATYPE_NULL;
		x->rcount[r] = r == rank ? 0 : to_int(rcounts[r]);
		x->rfirst[r] = rfirst[r];
		if (r != rank && scounts[r]) {
			int n = to_int(scounts[r]), *disp = xmallocarray((size_t)n, sizeof *disp);
			for (int j = 0; j < n; j++)
				disp[j] = to_int(send_rows[at + (uint64_t)j]);
			MPI_Type_create_indexed_block(n, 1, disp, x->row, &x->stype[r]);
			MPI_Type_commit(&x->stype[r]);
			free(disp);
			x->bytes += scounts[r] * width * sizeof(float);
		}
		at += scounts[r];
	}
#else
	(void)send_rows;
	(void)scounts;
	(void)rcounts;
	(void)rfirst;
#endif
	return x;
}

void dist_rows_run(const struct dist_rows *x, const float *send, float *recv)
{
#ifdef HAVE_MPI
	if (!active)
		return;
	MPI_Request *req = xmallocarray(2 * (size_t)size, sizeof *req);
	int n = 0;
	/* each rank starts with its successor, so that no rank is everyone's first */
	for (int j = 1; j < size; j++) {
		int r = (rank + j) % size;
		if (x->rcount[r])
			MPI_Irecv(recv + x->rfirst[r] * x->width, x->rcount[r], x->row, r, TAG_ROWS,
				  MPI_COMM_WORLD, &req[n++]);
	}
	for (int j = 1; j < size; j++) {
		int r = (rank + j) % size;
		if (x->stype[r] != MPI_DATATYPE_NULL)
			MPI_Isend(send, 1, x->stype[r], r, TAG_ROWS, MPI_COMM_WORLD, &req[n++]);
	}
	MPI_Waitall(n, req, MPI_STATUSES_IGNORE);
	free(req);
	sent += x->bytes;
#else
	(void)x;
	(void)send;
	(void)recv;
#endif
}

void dist_rows_free(struct dist_rows *x)
{
	if (!x)
		return;
#ifdef HAVE_MPI
	if (x->stype) {
		for (int r = 0; r < size; r++)
			if (x->stype[r] != MPI_DATATYPE_NULL)
				MPI_Type_free(&x->stype[r]);
		MPI_Type_free(&x->row);
	}
	free(x->stype);
	free(x->rcount);
	free(x->rfirst);
#endif
	free(x);
}
