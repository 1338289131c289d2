/*===- tmlc_max.c - elementwise max with broadcasting ---------------------===*/
#include "tmlc_binary.h"

/* Floats: NaN in either operand gives NaN (X + Y is then NaN). */
#define TMLC_MAX_FLOAT(T, UT, R, X, Y)                                        \
  ((R) = ((X) != (X) || (Y) != (Y)) ? (T)((X) + (Y)) : ((X) > (Y) ? (X) : (Y)))
#define TMLC_MAX_INT(T, UT, R, X, Y) ((R) = ((X) > (Y) ? (X) : (Y)))

/** @brief y = max(a, b) elementwise; NaN propagates for floats. */
TMLC_BINARY_ALL_TYPES(max, TMLC_MAX_FLOAT, TMLC_MAX_INT, TMLC_MAX_INT)
