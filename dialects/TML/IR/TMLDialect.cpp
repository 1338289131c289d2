//===- TMLDialect.cpp - tml dialect registration ------------------*- C++ -*-===//
#include "dialects/TML/IR/TMLDialect.h"
#include "dialects/TML/IR/TMLOps.h"

using namespace mlir;
using namespace tmlc::tml;

#include "dialects/TML/IR/TMLOpsDialect.cpp.inc"

void TMLDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/TML/IR/TMLOps.cpp.inc"
      >();
}

Operation *TMLDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = llvm::dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}
