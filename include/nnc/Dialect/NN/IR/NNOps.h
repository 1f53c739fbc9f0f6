//===- NNOps.h - nn dialect ops, attributes and interfaces ------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_IR_NNOPS_H
#define NNC_DIALECT_NN_IR_NNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
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

namespace nnc::nn {
namespace detail {
/// Emits "'<op>' op <message>" at `loc` when there is a location (verifier
/// and parser paths) and stays silent otherwise (speculative inference).
class ShapeDiag {
public:
  ShapeDiag(std::optional<mlir::Location> loc, llvm::StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args>
  mlir::LogicalResult error(const Args &...args) const {
    if (loc) {
      mlir::InFlightDiagnostic diag = mlir::emitError(*loc);
      diag << "'" << opName << "' op ";
      (diag << ... << args);
    }
    return mlir::failure();
  }

private:
  std::optional<mlir::Location> loc;
  llvm::StringRef opName;
};

/// True when result types agree: same element types, shapes equal up to
/// dynamic dimensions.
bool areCompatibleResultTypes(mlir::TypeRange lhs, mlir::TypeRange rhs);
/// Reports a declared result type that differs from the inferred one.
mlir::LogicalResult verifyResultTypes(mlir::Operation *op,
                                      mlir::TypeRange inferred);
} // namespace detail

/// Verifies an op by running its type inference (which checks operands and
/// attributes and reports the expected shapes), then compares the declared
/// result types with the inferred ones.
template <typename ConcreteType>
class NNShapeVerifier
    : public mlir::OpTrait::TraitBase<ConcreteType, NNShapeVerifier> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    llvm::SmallVector<mlir::Type> inferred;
    if (mlir::failed(ConcreteType::inferReturnTypes(
            op->getContext(), op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), inferred)))
      return mlir::failure();
    return detail::verifyResultTypes(op, inferred);
  }
};
} // namespace nnc::nn

#define GET_OP_CLASSES
#include "nnc/Dialect/NN/IR/NNOps.h.inc"

namespace nnc::nn {

/// The activation enum case an activation op computes, or std::nullopt for
/// any other op. Used to fold activation ops into an epilogue.
std::optional<Activation> getActivationKind(mlir::Operation *op);

/// The type of an nn tensor value (every nn op operand and result is a
/// ranked tensor).
inline mlir::RankedTensorType typeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

/// A shape as diagnostics print it: `[2, ?, 8]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// `axis` of a verified op as a dimension of a `rank`-D value (a negative
/// axis counts from the end).
inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}
inline llvm::SmallVector<int64_t> normalizeAxes(llvm::ArrayRef<int64_t> axes,
                                                int64_t rank) {
  return llvm::map_to_vector(
      axes, [rank](int64_t a) { return normalizeAxis(a, rank); });
}

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_IR_NNOPS_H
