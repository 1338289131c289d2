//===- TMLDialect.h - the tml dialect ---------------------------*- C++ -*-===//
#ifndef TMLC_DIALECTS_TML_IR_TMLDIALECT_H
#define TMLC_DIALECTS_TML_IR_TMLDIALECT_H

#include "mlir/Dialect/Quant/QuantOps.h"
#include "mlir/IR/Dialect.h"

#include "dialects/TML/IR/TMLOpsDialect.h.inc"

#endif // TMLC_DIALECTS_TML_IR_TMLDIALECT_H
