//===- NNOps.h - nn dialect ops, attributes and interfaces ------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_IR_NNOPS_H
#define NNC_DIALECT_NN_IR_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Dialect/NN/IR/NNLedger.h"

#include "nnc/Dialect/NN/IR/NNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "nnc/Dialect/NN/IR/NNAttrs.h.inc"

#include "nnc/Dialect/NN/IR/NNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "nnc/Dialect/NN/IR/NNOps.h.inc"

namespace nnc::nn {

/// The activation enum case an activation op computes, or std::nullopt for
/// any other op. Used to fold activation ops into an epilogue.
std::optional<Activation> getActivationKind(mlir::Operation *op);

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_IR_NNOPS_H
