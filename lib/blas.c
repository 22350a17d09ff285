#include "blas.h"

#include <omp.h>

int blas_serial_begin(void)
{
	int saved = omp_get_max_threads();
	omp_set_num_threads(1);
	return saved;
}

void blas_serial_end(int saved)
{
	omp_set_num_threads(saved);
}
