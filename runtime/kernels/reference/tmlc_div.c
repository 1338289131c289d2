/*===- tmlc_div.c - elementwise division with broadcasting ---------------===*/
#include "tmlc_binary.h"

#define TMLC_DIV_FLOAT(T, UT, R, X, Y) ((R) = (T)((X) / (Y)))
/* Signed: division by zero is an error; x / -1 is a wrapping negation so
 * that INT_MIN / -1 does not overflow. C division truncates toward zero. */
#define TMLC_DIV_SIGNED(T, UT, R, X, Y)                                        \
  do {                                                                         \
    if ((Y) == 0)                                                              \
      return TMLC_ERR_MATH;                                                    \
    if ((Y) == -1)                                                             \
      (R) = (T)((UT)0 - (UT)(X));                                              \
    else                                                                       \
      (R) = (T)((X) / (Y));                                                    \
  } while (0)
#define TMLC_DIV_UNSIGNED(T, UT, R, X, Y)                                      \
  do {                                                                         \
    if ((Y) == 0)                                                              \
      return TMLC_ERR_MATH;                                                    \
    (R) = (T)((X) / (Y));                                                      \
  } while (0)

/** @brief y = a / b; integer division truncates toward zero and returns
 * TMLC_ERR_MATH on a zero divisor (y is then partly written). */
TMLC_BINARY_ALL_TYPES(div, TMLC_DIV_FLOAT, TMLC_DIV_SIGNED, TMLC_DIV_UNSIGNED)
