// BLAS (CBLAS interface) and LAPACK (LAPACKE interface) from Debian's
// libopenblas-dev and liblapacke-dev. Only the LinearAlgebra target imports this.
#ifndef CLUSTERSTAT_CLAPACK_SHIM_H
#define CLUSTERSTAT_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
