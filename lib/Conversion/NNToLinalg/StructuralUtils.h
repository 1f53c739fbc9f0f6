//===- StructuralUtils.h - helpers of the structural lowerings --*- C++ -*-===//
//
// Shared by StructuralOps.cpp (shape ops, reduce) and StructuralPool.cpp
// (pooling).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_CONVERSION_NNTOLINALG_STRUCTURALUTILS_H
#define NNC_LIB_CONVERSION_NNTOLINALG_STRUCTURALUTILS_H

#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace nnc::lowering::structural {

using namespace nnc::nn::builders;

using mlir::ArrayRef;
using mlir::function_ref;
using mlir::Location;
using mlir::OpBuilder;
using mlir::OpFoldResult;
using mlir::RankedTensorType;
using mlir::RewritePatternSet;
using mlir::SmallVector;
using mlir::Type;
using mlir::Value;
namespace arith = mlir::arith;

/// Index arithmetic on OpFoldResults that folds constants (so static shapes
/// produce no ops) and emits arith ops otherwise.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  OpFoldResult c(int64_t v) { return b.getIndexAttr(v); }
  Value val(OpFoldResult f) {
    if (auto v = llvm::dyn_cast<Value>(f))
      return v;
    return arith::ConstantIndexOp::create(b, loc,
                                          *mlir::getConstantIntValue(f));
  }
  static std::optional<int64_t> cst(OpFoldResult f) {
    return mlir::getConstantIntValue(f);
  }
  OpFoldResult add(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(*cx + *cy);
    if (cy && *cy == 0)
      return x;
    if (cx && *cx == 0)
      return y;
    return arith::AddIOp::create(b, loc, val(x), val(y)).getResult();
  }
  OpFoldResult sub(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(*cx - *cy);
    if (cy && *cy == 0)
      return x;
    return arith::SubIOp::create(b, loc, val(x), val(y)).getResult();
  }
  OpFoldResult mul(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(*cx * *cy);
    if (cy && *cy == 1)
      return x;
    if (cx && *cx == 1)
      return y;
    return arith::MulIOp::create(b, loc, val(x), val(y)).getResult();
  }
  /// x / y for x >= 0, y > 0.
  OpFoldResult div(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(*cx / *cy);
    if (cy && *cy == 1)
      return x;
    return arith::DivSIOp::create(b, loc, val(x), val(y)).getResult();
  }
  OpFoldResult max(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(std::max(*cx, *cy));
    return arith::MaxSIOp::create(b, loc, val(x), val(y)).getResult();
  }
  OpFoldResult min(OpFoldResult x, OpFoldResult y) {
    auto cx = cst(x), cy = cst(y);
    if (cx && cy)
      return c(std::min(*cx, *cy));
    return arith::MinSIOp::create(b, loc, val(x), val(y)).getResult();
  }
  /// cond ? x : y where cond = (p >= q).
  OpFoldResult selectGE(OpFoldResult p, OpFoldResult q, OpFoldResult x,
                        OpFoldResult y) {
    auto cp = cst(p), cq = cst(q);
    if (cp && cq)
      return *cp >= *cq ? x : y;
    Value cond = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                       val(p), val(q));
    return arith::SelectOp::create(b, loc, cond, val(x), val(y)).getResult();
  }
  OpFoldResult product(ArrayRef<OpFoldResult> xs) {
    OpFoldResult p = c(1);
    for (OpFoldResult x : xs)
      p = mul(p, x);
    return p;
  }
};

/// A float scalar of type `elt` holding the index `count`.
Value countAsFloat(OpBuilder &b, Location loc, OpFoldResult count, Type elt);

/// `x / divisor` elementwise (a new tensor like `x`).
Value divideBy(OpBuilder &b, Location loc, Value x, Value divisor);

/// Static shape of a list of sizes (dynamic where not a constant).
SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> sizes);

/// linalg.reduce of `x` over `dims` (sorted) with the identity `init` and
/// the combiner `combine(element, accumulator)`.
Value reduceDims(
    OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> dims, double init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine);

/// tensor.expand_shape of `x` to `resultType`, whose extra dimensions are
/// all 1 and whose other dimensions are x's in order (keepdims,
/// global_pool). `unit[d]` marks the unit dims of the result.
Value expandUnitDims(OpBuilder &b, Location loc, Value x,
                     RankedTensorType resultType, ArrayRef<bool> unit);

/// The nn.pool and nn.global_pool lowerings (StructuralPool.cpp).
void populatePoolPatterns(RewritePatternSet &patterns);

} // namespace nnc::lowering::structural

#endif // NNC_LIB_CONVERSION_NNTOLINALG_STRUCTURALUTILS_H
