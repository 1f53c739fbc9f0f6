//===- NNDialect.cpp - nn dialect registration ----------------------------===//
#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nnc::nn;

#include "nnc/Dialect/NN/IR/NNEnums.cpp.inc"
#include "nnc/Dialect/NN/IR/NNOpsDialect.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "nnc/Dialect/NN/IR/NNAttrs.cpp.inc"
#include "nnc/Dialect/NN/IR/NNInterfaces.cpp.inc"

void NNDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "nnc/Dialect/NN/IR/NNAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "nnc/Dialect/NN/IR/NNOps.cpp.inc"
      >();
}
