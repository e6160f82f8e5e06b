// R's standalone math library (Debian r-mathlib). Only the Distributions
// target imports this.
#ifndef CLUSTERSTAT_CRMATH_SHIM_H
#define CLUSTERSTAT_CRMATH_SHIM_H
#define MATHLIB_STANDALONE 1
#include <Rmath.h>
#endif
