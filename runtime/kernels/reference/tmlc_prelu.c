/*===- tmlc_prelu.c - parametric ReLU with a broadcast slope -------------===*/
#include "tmlc_binary.h"

#define TMLC_PRELU_FLOAT(T, UT, R, X, Y) ((R) = (X) >= 0.0f ? (X) : (X) * (Y))

/** @brief y = a >= 0 ? a : a * slope, slope b broadcast over a (ONNX PRelu). */
TMLC_BINARY_KERNEL(tmlc_prelu_f32, float, float, TMLC_PRELU_FLOAT)
