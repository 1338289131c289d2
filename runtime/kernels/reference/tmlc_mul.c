/*===- tmlc_mul.c - elementwise mul with broadcasting, all element types ---===*/
#include "tmlc_binary.h"

/** @brief y = a * b elementwise over the broadcast walk bc (integers wrap). */
TMLC_BINARY_ALL_TYPES(mul, TMLC_OP_WRAP_MUL, TMLC_OP_WRAP_MUL, TMLC_OP_WRAP_MUL)
