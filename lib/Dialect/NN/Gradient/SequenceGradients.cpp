//===- SequenceGradients.cpp - the rule of embedding ----------------------===//
//
// nn.embedding: dTable = nn.embedding_backward of dY and the indices (a
// scatter-add of the row gradients, lowered in NNToLinalg); the indices
// get no gradient.
//
// The other sequence layers (attention, swiglu, rnn, lstm, kmeans) are
// differentiated through their nn-decompose decomposition.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

struct EmbeddingModel
    : GradientOpInterface::ExternalModel<EmbeddingModel, EmbeddingOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<EmbeddingOp>(o);
    Value table = op.getTable();
    if (typeOf(table).isDynamicDim(0))
      return op.emitError("gradient of nn.embedding: the table needs a static "
                          "number of rows");
    operandGrads.push_back(Value());
    operandGrads.push_back(EmbeddingBackwardOp::create(
        b, op.getLoc(), table.getType(), resultGrads[0], op.getIndices(),
        op.getWrapNegative()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {cast<EmbeddingOp>(o).getIndices()};
  }
};

} // namespace

void nnc::nn::grad::registerSequenceGradients(MLIRContext *ctx) {
  EmbeddingOp::attachInterface<EmbeddingModel>(*ctx);
}
