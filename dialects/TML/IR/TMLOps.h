//===- TMLOps.h - tml operations --------------------------------*- C++ -*-===//
#ifndef TMLC_DIALECTS_TML_IR_TMLOPS_H
#define TMLC_DIALECTS_TML_IR_TMLOPS_H

#include "dialects/TML/IR/TMLDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/TML/IR/TMLOps.h.inc"

#endif // TMLC_DIALECTS_TML_IR_TMLOPS_H
