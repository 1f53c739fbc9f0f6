//===- SequenceGradients.cpp - the rule of embedding ----------------------===//
//
// nn.embedding: dTable[v, :] = Σ_{p : idx[p] == v} dY[p, :], a scatter-add
//   written as an scf.for over the (flattened) index positions carrying the
//   [V, D] accumulator, each step adding one row (tensor.extract of the
//   index, extract_slice / linalg.generic / insert_slice of the row):
//   O(P·D) work instead of the O(P·V·D) of a dense compare-and-reduce
//   generic. The indices get no gradient. An index outside [0, V) is not
//   checked here (the forward already fails on it).
//
// The other sequence layers (attention, swiglu, rnn, lstm, kmeans) are
// differentiated through their nn-decompose decomposition.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;
namespace builders = nnc::nn::builders;
using utils::IteratorType;

namespace {

struct EmbeddingModel
    : GradientOpInterface::ExternalModel<EmbeddingModel, EmbeddingOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<EmbeddingOp>(o);
    Location loc = op.getLoc();
    Value idx = op.getIndices(), table = op.getTable(), g = resultGrads[0];
    auto tType = typeOf(table);
    Type elt = tType.getElementType();
    int64_t r = typeOf(idx).getRank();
    // Flatten to idx [P], g [P, D].
    idx = builders::flattenTo1D(b, loc, idx);
    if (r == 0) {
      auto gt = typeOf(g);
      g = tensor::ExpandShapeOp::create(
          b, loc, RankedTensorType::get({1, gt.getDimSize(0)}, elt), g,
          ArrayRef<ReassociationIndices>{{0, 1}});
    } else if (r > 1) {
      ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, r));
      g = tensor::CollapseShapeOp::create(
          b, loc, g, ArrayRef<ReassociationIndices>{all, {r}});
    }
    SmallVector<OpFoldResult> tSizes = builders::getSizes(b, loc, table);
    Value acc = builders::filledTensor(b, loc, tType, tSizes, 0.0);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value count = tensor::DimOp::create(b, loc, idx, 0);
    auto loop = scf::ForOp::create(
        b, loc, zero, count, one, ValueRange{acc},
        [&](OpBuilder &nb, Location l, Value p, ValueRange iter) {
          Value a = iter[0];
          Value i = tensor::ExtractOp::create(nb, l, idx, ValueRange{p});
          // Clamped like the forward lookup (whose checks report a bad id).
          Value row = builders::clampedRow(
              nb, l, i, getValueOrCreateConstantIndexOp(nb, l, tSizes[0]),
              op.getWrapNegative());
          SmallVector<OpFoldResult> ones(2, nb.getIndexAttr(1));
          SmallVector<OpFoldResult> sizes{nb.getIndexAttr(1), tSizes[1]};
          Value gRow = tensor::ExtractSliceOp::create(
              nb, l, g, SmallVector<OpFoldResult>{p, nb.getIndexAttr(0)}, sizes,
              ones);
          SmallVector<OpFoldResult> at{row, nb.getIndexAttr(0)};
          Value aRow =
              tensor::ExtractSliceOp::create(nb, l, a, at, sizes, ones);
          AffineMap id2 = nb.getMultiDimIdentityMap(2);
          Value summed = builders::buildGeneric(
              nb, l, aRow, ValueRange{gRow}, {id2, id2},
              {IteratorType::parallel, IteratorType::parallel},
              [](OpBuilder &bb, Location ll, ValueRange v) {
                return add(bb, ll, v[1], v[0]);
              });
          Value next =
              tensor::InsertSliceOp::create(nb, l, summed, a, at, sizes, ones);
          scf::YieldOp::create(nb, l, next);
        });
    operandGrads.push_back(Value());
    operandGrads.push_back(loop.getResult(0));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {cast<EmbeddingOp>(o).getIndices()};
  }
};

} // namespace

void nnc::nn::grad::registerSequenceGradients(MLIRContext *ctx) {
  // The embedding rule builds an scf.for; nn-derive-backward does not list
  // scf among its dependent dialects, so load it with the nn dialect.
  ctx->getOrLoadDialect<scf::SCFDialect>();
  EmbeddingOp::attachInterface<EmbeddingModel>(*ctx);
}
