/*===- tmlc_sub.c - elementwise sub with broadcasting, all element types ---===*/
#include "tmlc_binary.h"

/** @brief y = a - b elementwise over the broadcast walk bc (integers wrap). */
TMLC_BINARY_ALL_TYPES(sub, TMLC_OP_WRAP_SUB, TMLC_OP_WRAP_SUB, TMLC_OP_WRAP_SUB)
