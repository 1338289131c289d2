/*===- tmlc_min.c - elementwise min with broadcasting ---------------------===*/
#include "tmlc_binary.h"

/* Floats: NaN in either operand gives NaN (X + Y is then NaN). */
#define TMLC_MIN_FLOAT(T, UT, R, X, Y)                                        \
  ((R) = ((X) != (X) || (Y) != (Y)) ? (T)((X) + (Y)) : ((X) < (Y) ? (X) : (Y)))
#define TMLC_MIN_INT(T, UT, R, X, Y) ((R) = ((X) < (Y) ? (X) : (Y)))

/** @brief y = min(a, b) elementwise; NaN propagates for floats. */
TMLC_BINARY_ALL_TYPES(min, TMLC_MIN_FLOAT, TMLC_MIN_INT, TMLC_MIN_INT)
