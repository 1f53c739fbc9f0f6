//===- ConstantData.h - the bytes of a constant tensor ----------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_CONSTANTDATA_H
#define NNC_DIALECT_NN_TRANSFORMS_CONSTANTDATA_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"

#include <optional>

namespace nnc {

/// The row-major bytes of a constant tensor: an arith.constant (dense or
/// dense_resource), possibly through tensor reshapes, which keep the order.
struct ConstantData {
  llvm::ArrayRef<char> bytes; // one element when splat
  bool splat = false;
  int64_t elementBytes = 0;
};
std::optional<ConstantData> getConstantData(mlir::Value value);

/// The number every element of a constant f32 or f64 tensor is (a splat, or
/// a single element), as getConstantData finds the constant.
std::optional<double> getSplatFloat(mlir::Value value);

} // namespace nnc

#endif // NNC_DIALECT_NN_TRANSFORMS_CONSTANTDATA_H
