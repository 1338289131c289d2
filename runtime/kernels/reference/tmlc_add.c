/*===- tmlc_add.c - elementwise add with broadcasting, all element types ---===*/
#include "tmlc_binary.h"

/** @brief y = a + b elementwise over the broadcast walk bc (integers wrap). */
TMLC_BINARY_ALL_TYPES(add, TMLC_OP_WRAP_ADD, TMLC_OP_WRAP_ADD, TMLC_OP_WRAP_ADD)
