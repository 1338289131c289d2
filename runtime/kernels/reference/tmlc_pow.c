/*===- tmlc_pow.c - elementwise power with broadcasting ------------------===*/
#include <math.h>

#include "tmlc_binary.h"

#define TMLC_POW_FLOAT(T, UT, R, X, Y) ((R) = powf((X), (Y)))

/** @brief y = powf(a, b) elementwise over the broadcast walk bc. */
TMLC_BINARY_KERNEL(tmlc_pow_f32, float, float, TMLC_POW_FLOAT)
