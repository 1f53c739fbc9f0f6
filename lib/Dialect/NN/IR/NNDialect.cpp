//===- NNDialect.cpp - nn dialect registration ----------------------------===//
#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Folded tensors (nn.numel of static sizes) become arith.constant.
Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<DenseElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, elements);
}

//===----------------------------------------------------------------------===//
// Discardable attributes
//===----------------------------------------------------------------------===//

/// Checks an `nn.*` attribute wherever it appears; `where` is reported.
static LogicalResult verifyDiscardable(Operation *op, NamedAttribute attr,
                                       const llvm::Twine &where) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  if (name == NNDialect::NameAttrHelper::getNameStr()) {
    if (!isa<StringAttr>(value))
      return op->emitError()
             << where << "'" << name << "' must be a string, got " << value;
    return success();
  }
  if (name == NNDialect::ParameterNamesAttrHelper::getNameStr()) {
    auto names = dyn_cast<ArrayAttr>(value);
    if (!names || !llvm::all_of(names, llvm::IsaPred<StringAttr>))
      return op->emitError() << where << "'" << name
                             << "' must be an array of strings, got " << value;
    return success();
  }
  if (name == NNDialect::OptimizerAttrHelper::getNameStr()) {
    auto opt = dyn_cast<StringAttr>(value);
    if (!opt || (opt.getValue() != "sgd" && opt.getValue() != "adam"))
      return op->emitError() << where << "'" << name
                             << "' must be \"sgd\" or \"adam\", got " << value;
    return success();
  }
  return op->emitError() << where << "unknown attribute '" << name
                         << "' of the nn dialect (expected nn.name, "
                            "nn.parameter_names or nn.optimizer)";
}

LogicalResult NNDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attr) {
  return verifyDiscardable(op, attr, "");
}

LogicalResult NNDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                  unsigned arg,
                                                  NamedAttribute attr) {
  return verifyDiscardable(op, attr, "argument " + llvm::Twine(arg) + ": ");
}

LogicalResult NNDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                     unsigned result,
                                                     NamedAttribute attr) {
  return verifyDiscardable(op, attr, "result " + llvm::Twine(result) + ": ");
}
