//===- NNOps.cpp - the nn op classes and what every family shares ---------===//
//
// The generated op classes, the result-type check of the inferred ops and
// getActivationKind. Each op family's shape rules (inferResultTypes: one
// function both verifies an op and gives builders its result type),
// verifiers, folders and ledger live in NN<Family>Ops.cpp, as its ODS in
// NN<Family>Ops.td.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "ShapeUtils.h"

#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;

#define GET_OP_CLASSES
#include "nnc/Dialect/NN/IR/NNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Common
//===----------------------------------------------------------------------===//

bool nnc::nn::detail::areCompatibleResultTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs))
    if (getElementTypeOrSelf(l) != getElementTypeOrSelf(r) ||
        failed(verifyCompatibleShape(l, r)))
      return false;
  return true;
}

LogicalResult nnc::nn::detail::verifyResultTypes(Operation *op,
                                                 TypeRange inferred) {
  if (areCompatibleResultTypes(inferred, op->getResultTypes()))
    return success();
  std::string declared, expected;
  llvm::raw_string_ostream d(declared), e(expected);
  llvm::interleaveComma(op->getResultTypes(), d);
  llvm::interleaveComma(inferred, e);
  return op->emitOpError("result type ")
         << declared << " does not match the operands: expected " << expected;
}

std::optional<Activation> nnc::nn::getActivationKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Activation>>(op)
      .Case([](ReluOp) { return Activation::relu; })
      .Case([](LeakyReluOp) { return Activation::leaky_relu; })
      .Case([](GeluOp g) {
        return g.getApproximate() ? Activation::gelu_tanh : Activation::gelu;
      })
      .Case([](SiluOp) { return Activation::silu; })
      .Case([](SigmoidOp) { return Activation::sigmoid; })
      .Case([](TanhOp) { return Activation::tanh; })
      .Case([](EluOp) { return Activation::elu; })
      .Case([](SoftplusOp s) -> std::optional<Activation> {
        // The epilogue has no beta/threshold: only the default softplus maps.
        if (s.getBeta().convertToDouble() == 1.0 &&
            s.getThreshold().convertToDouble() == 20.0)
          return Activation::softplus;
        return std::nullopt;
      })
      .Default([](Operation *) { return std::nullopt; });
}
