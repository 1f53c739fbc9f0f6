//===- NNOpsLedger.cpp - LedgerOpInterface of every nn op -----------------===//
//
// Conventions: a multiply-add is 2 FLOPs; epilogues (bias, activation) of
// dense / conv / matmul are not counted (they are O(output), the matmul is
// O(output · K)); elementwise ops count 1 per result element (the interface
// default); data movement counts 0. Dynamic dimensions count as 1.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::ledger;

/// Present operands only (optional operands may be null).
static SmallVector<Value> present(std::initializer_list<Value> values,
                                  ValueRange more = {}) {
  SmallVector<Value> out;
  for (Value v : values)
    if (v)
      out.push_back(v);
  out.append(more.begin(), more.end());
  return out;
}

static int64_t dim(Value v, int64_t d) {
  int64_t size = cast<ShapedType>(v.getType()).getDimSize(d);
  return ShapedType::isDynamic(size) ? 1 : size;
}

static int64_t lastDim(Value v) {
  return dim(v, cast<ShapedType>(v.getType()).getRank() - 1);
}

//===----------------------------------------------------------------------===//
// Linear layers
//===----------------------------------------------------------------------===//

SmallVector<Value> DenseOp::getParameterOperands() {
  return present({getWeight(), getBias()});
}
int64_t DenseOp::getForwardFlops() {
  int64_t in = lastDim(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(in, 1);
  return matmulFlops(rows, in, dim(getWeight(), 0));
}

SmallVector<Value> ConvOp::getParameterOperands() {
  return present({getWeight(), getBias()});
}
int64_t ConvOp::getForwardFlops() {
  // Each output element is a dot product over Cin/groups · prod(kernel).
  int64_t perOutput = product(getWeight().getType().getShape().drop_front(1));
  return 2 * countElements(getResult()) * perOutput;
}

SmallVector<Value> MatmulOp::getParameterOperands() {
  // A constant rhs is a weight (e.g. ONNX MatMul with an initializer).
  return present(
      {matchPattern(getRhs(), m_Constant()) ? getRhs() : Value(), getBias()});
}
int64_t MatmulOp::getForwardFlops() {
  return 2 * countElements(getResult()) * lastDim(getLhs());
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

int64_t SoftmaxOp::getForwardFlops() { return 5 * countElements(getInput()); }
int64_t LogSoftmaxOp::getForwardFlops() {
  return 5 * countElements(getInput());
}
int64_t SparsemaxOp::getForwardFlops() { return 6 * countElements(getInput()); }
int64_t GridSoftmaxOp::getForwardFlops() {
  return 5 * countElements(getInput());
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

SmallVector<Value> LayerNormOp::getParameterOperands() {
  return present({getScale(), getBias()});
}
int64_t LayerNormOp::getForwardFlops() {
  int64_t n = countElements(getInput());
  return 5 * n + (getScale() ? n : 0) + (getBias() ? n : 0);
}

SmallVector<Value> RmsNormOp::getParameterOperands() {
  return present({getScale()});
}
int64_t RmsNormOp::getForwardFlops() {
  int64_t n = countElements(getInput());
  return 4 * n + (getScale() ? n : 0);
}

SmallVector<Value> BatchNormOp::getParameterOperands() {
  return present({getScale(), getBias()});
}
int64_t BatchNormOp::getForwardFlops() { return 4 * countElements(getInput()); }

//===----------------------------------------------------------------------===//
// Sequence layers
//===----------------------------------------------------------------------===//

SmallVector<Value> AttentionOp::getParameterOperands() {
  return present({getQWeight(), getKWeight(), getVWeight(), getOutWeight()},
                 getBiases());
}
int64_t AttentionOp::getForwardFlops() {
  int64_t b = dim(getQuery(), 0), lq = dim(getQuery(), 1);
  int64_t e = dim(getQuery(), 2), lk = dim(getKey(), 1);
  int64_t ek = dim(getKey(), 2), ev = dim(getValue(), 2);
  int64_t heads = static_cast<int64_t>(getNumHeads());
  int64_t projections = matmulFlops(b * lq, e, e) + matmulFlops(b * lk, ek, e) +
                        matmulFlops(b * lk, ev, e) + matmulFlops(b * lq, e, e);
  // Q·Kᵀ and P·V over all heads: each 2·B·Lq·Lk·E; softmax 5 per score.
  int64_t scores = 2 * matmulFlops(b * lq, e, lk) + 5 * b * heads * lq * lk;
  return projections + scores;
}

SmallVector<Value> SwigluOp::getParameterOperands() {
  return present({getGateWeight(), getUpWeight(), getDownWeight()},
                 getBiases());
}
int64_t SwigluOp::getForwardFlops() {
  int64_t d = lastDim(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(d, 1);
  int64_t h = dim(getGateWeight(), 0), o = dim(getDownWeight(), 0);
  // Two input projections, the down projection, silu (4) and the gate (1).
  return 2 * matmulFlops(rows, d, h) + matmulFlops(rows, h, o) + 5 * rows * h;
}

SmallVector<Value> EmbeddingOp::getParameterOperands() {
  return present({getTable()});
}
int64_t EmbeddingOp::getForwardFlops() { return 0; }

/// Per time step: the input and recurrent products for `gates` gates, plus
/// `pointwise` FLOPs per hidden unit.
static int64_t recurrentFlops(Value input, Value wHh, int64_t gates,
                              int64_t pointwise) {
  int64_t b = dim(input, 0), t = dim(input, 1), i = dim(input, 2);
  int64_t h = dim(wHh, 1);
  return t * (matmulFlops(b, i, gates * h) + matmulFlops(b, h, gates * h) +
              pointwise * b * h);
}

SmallVector<Value> RnnOp::getParameterOperands() {
  return present({getWIh(), getWHh()}, getBiases());
}
int64_t RnnOp::getForwardFlops() {
  // Two bias adds, the sum and the nonlinearity.
  return recurrentFlops(getInput(), getWHh(), 1, 4);
}

SmallVector<Value> LstmOp::getParameterOperands() {
  return present({getWIh(), getWHh()}, getBiases());
}
int64_t LstmOp::getForwardFlops() {
  // Gate sums and biases (12), four nonlinearities (4), the cell update (3),
  // tanh(c) and the output product (2).
  return recurrentFlops(getInput(), getWHh(), 4, 21);
}

SmallVector<Value> KMeansOp::getParameterOperands() {
  return present({getCenters()});
}
int64_t KMeansOp::getForwardFlops() {
  int64_t d = lastDim(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(d, 1);
  int64_t k = dim(getCenters(), 0);
  return rows * k * (3 * d + 5);
}

//===----------------------------------------------------------------------===//
// Pooling, shape ops, dropout
//===----------------------------------------------------------------------===//

int64_t PoolOp::getForwardFlops() {
  return countElements(getResult()) * product(getKernelShape());
}
int64_t GlobalPoolOp::getForwardFlops() { return countElements(getInput()); }
int64_t ReduceOp::getForwardFlops() { return countElements(getInput()); }
int64_t FlattenOp::getForwardFlops() { return 0; }
int64_t ReshapeOp::getForwardFlops() { return 0; }
int64_t TransposeOp::getForwardFlops() { return 0; }
int64_t ConcatOp::getForwardFlops() { return 0; }
int64_t SplitOp::getForwardFlops() { return 0; }
int64_t DropoutOp::getForwardFlops() { return 0; }

//===----------------------------------------------------------------------===//
// Losses: per input element, the log/exp work plus the reduction.
//===----------------------------------------------------------------------===//

int64_t CrossEntropyOp::getForwardFlops() {
  return 6 * countElements(getInput());
}
int64_t BceOp::getForwardFlops() { return 6 * countElements(getInput()); }
int64_t BceWithLogitsOp::getForwardFlops() {
  return 7 * countElements(getInput());
}
int64_t MseOp::getForwardFlops() { return 3 * countElements(getInput()); }
