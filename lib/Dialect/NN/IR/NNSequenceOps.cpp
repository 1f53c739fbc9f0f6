//===- NNSequenceOps.cpp - attention, swiglu, embedding, rnn, lstm, kmeans
//---===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  std::pair<StringRef, Value> seqs[] = {{"query", adaptor.getQuery()},
                                        {"key", adaptor.getKey()},
                                        {"value", adaptor.getValue()}};
  for (auto [name, value] : seqs)
    if (failed(expectRank(diag, value, name, 3, "[batch, seq, dim]")))
      return failure();
  auto q = rankedType(adaptor.getQuery());
  auto k = rankedType(adaptor.getKey());
  auto v = rankedType(adaptor.getValue());
  int64_t b = q.getDimSize(0), lq = q.getDimSize(1), e = q.getDimSize(2);
  int64_t lk = k.getDimSize(1), ek = k.getDimSize(2), ev = v.getDimSize(2);
  if (failed(expectShape(diag, adaptor.getKey(), "key", {b, lk, ek},
                         "the query batch")) ||
      failed(expectShape(diag, adaptor.getValue(), "value", {b, lk, ev},
                         "the query batch and key length")))
    return failure();
  int64_t heads = static_cast<int64_t>(adaptor.getNumHeads());
  if (heads < 1)
    return diag.error("num_heads must be >= 1, got ", heads);
  if (!ShapedType::isDynamic(e) && e % heads != 0)
    return diag.error("embedding dimension ", e,
                      " is not divisible by num_heads ", heads);
  if (failed(expectShape(diag, adaptor.getQWeight(), "q_weight", {e, e},
                         "[E, E] for the query dimension")) ||
      failed(expectShape(diag, adaptor.getKWeight(), "k_weight", {e, ek},
                         "[E, Ek] for the key dimension")) ||
      failed(expectShape(diag, adaptor.getVWeight(), "v_weight", {e, ev},
                         "[E, Ev] for the value dimension")) ||
      failed(expectShape(diag, adaptor.getOutWeight(), "out_weight", {e, e},
                         "[E, E] for the query dimension")))
    return failure();
  ValueRange biases = adaptor.getBiases();
  if (!biases.empty() && biases.size() != 4)
    return diag.error("expected 0 or 4 biases (q, k, v, out), got ",
                      biases.size());
  for (Value bias : biases)
    if (failed(expectShape(diag, bias, "bias", {e}, "the embedding dimension")))
      return failure();
  if (std::optional<APFloat> scale = adaptor.getScale())
    if (double s = scale->convertToDouble(); !(s > 0) || !std::isfinite(s))
      return diag.error("scale must be finite and > 0, got ", fmtNumber(s));
  if (auto mask = rankedType(adaptor.getMask())) {
    SmallVector<int64_t> scores{b, heads, lq, lk};
    auto bc = broadcastShapes(diag, mask.getShape(), scores, "mask", "scores");
    if (failed(bc))
      return failure();
    if (!shapeMatches(*bc, scores))
      return diag.error("mask shape ", fmt(mask.getShape()),
                        " does not broadcast to the scores shape ", fmt(scores),
                        " [batch, heads, Lq, Lk]");
    if (!mask.getElementType().isInteger(1) &&
        mask.getElementType() != q.getElementType())
      return diag.error("mask must be i1 or the query element type ",
                        q.getElementType(), ", got ", mask.getElementType());
  }
  SmallVector<std::pair<StringRef, Value>> typed = {
      {"key", adaptor.getKey()},
      {"value", adaptor.getValue()},
      {"q_weight", adaptor.getQWeight()},
      {"k_weight", adaptor.getKWeight()},
      {"v_weight", adaptor.getVWeight()},
      {"out_weight", adaptor.getOutWeight()}};
  for (Value bias : biases)
    typed.push_back({"bias", bias});
  if (failed(expectSameElementType(diag, q.getElementType(), typed)))
    return failure();
  inferred.push_back(q);
  return success();
}

//===----------------------------------------------------------------------===//
// SwigluOp
//===----------------------------------------------------------------------===//

LogicalResult SwigluOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1 [..., D]");
  if (failed(expectRank(diag, adaptor.getGateWeight(), "gate_weight", 2,
                        "[H, D]")) ||
      failed(expectRank(diag, adaptor.getDownWeight(), "down_weight", 2,
                        "[O, H]")))
    return failure();
  int64_t d = x.getShape().back();
  int64_t h = rankedType(adaptor.getGateWeight()).getDimSize(0);
  int64_t o = rankedType(adaptor.getDownWeight()).getDimSize(0);
  if (failed(expectShape(diag, adaptor.getGateWeight(), "gate_weight", {h, d},
                         "the input features")) ||
      failed(expectShape(diag, adaptor.getUpWeight(), "up_weight", {h, d},
                         "[H, D] of gate_weight")) ||
      failed(expectShape(diag, adaptor.getDownWeight(), "down_weight", {o, h},
                         "the hidden size of gate_weight")))
    return failure();
  ValueRange biases = adaptor.getBiases();
  if (!biases.empty() && biases.size() != 3)
    return diag.error("expected 0 or 3 biases (gate, up, down), got ",
                      biases.size());
  if (!biases.empty() && (failed(expectShape(diag, biases[0], "gate bias", {h},
                                             "the hidden size")) ||
                          failed(expectShape(diag, biases[1], "up bias", {h},
                                             "the hidden size")) ||
                          failed(expectShape(diag, biases[2], "down bias", {o},
                                             "the output features"))))
    return failure();
  SmallVector<std::pair<StringRef, Value>> typed = {
      {"gate_weight", adaptor.getGateWeight()},
      {"up_weight", adaptor.getUpWeight()},
      {"down_weight", adaptor.getDownWeight()}};
  for (Value bias : biases)
    typed.push_back({"bias", bias});
  if (failed(expectSameElementType(diag, x.getElementType(), typed)))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape.back() = o;
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// EmbeddingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto idx = rankedType(adaptor.getIndices());
  auto table = rankedType(adaptor.getTable());
  if (!idx || !table)
    return diag.error("operands must be ranked tensors");
  if (failed(expectRank(diag, adaptor.getTable(), "table", 2, "[vocab, dim]")))
    return failure();
  SmallVector<int64_t> shape(idx.getShape());
  shape.push_back(table.getDimSize(1));
  inferred.push_back(RankedTensorType::get(shape, table.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// RnnOp, LstmOp
//===----------------------------------------------------------------------===//

/// Shared checks of the recurrent layers; `gates` is 1 (rnn) or 4 (lstm).
static LogicalResult inferRecurrent(const ShapeDiag &diag, Value input,
                                    Value wIh, Value wHh, ValueRange biases,
                                    ValueRange initial, int64_t gates,
                                    size_t numInitial, unsigned numResults,
                                    SmallVectorImpl<Type> &inferred) {
  if (failed(expectRank(diag, input, "input", 3, "[batch, seq, features]")) ||
      failed(expectRank(diag, wIh, "w_ih", 2,
                        gates == 1 ? "[H, I]" : "[4H, I]")) ||
      failed(
          expectRank(diag, wHh, "w_hh", 2, gates == 1 ? "[H, H]" : "[4H, H]")))
    return failure();
  auto x = rankedType(input);
  int64_t b = x.getDimSize(0), t = x.getDimSize(1), i = x.getDimSize(2);
  int64_t h = rankedType(wHh).getDimSize(1);
  int64_t rows = rankedType(wIh).getDimSize(0);
  if (ShapedType::isDynamic(h) && !ShapedType::isDynamic(rows)) {
    if (rows % gates != 0)
      return diag.error("w_ih rows ", rows, " are not divisible by ", gates);
    h = rows / gates;
  }
  int64_t gh = ShapedType::isDynamic(h) ? h : gates * h;
  StringRef what = gates == 1 ? "[H, I] for the input features"
                              : "[4H, I] for the input features";
  if (failed(expectShape(diag, wIh, "w_ih", {gh, i}, what)) ||
      failed(expectShape(diag, wHh, "w_hh", {gh, h},
                         gates == 1 ? "[H, H]" : "[4H, H]")))
    return failure();
  if (!biases.empty() && biases.size() != 2)
    return diag.error("expected 0 or 2 biases (b_ih, b_hh), got ",
                      biases.size());
  for (Value bias : biases)
    if (failed(
            expectShape(diag, bias, "bias", {gh}, gates == 1 ? "[H]" : "[4H]")))
      return failure();
  if (!initial.empty() && initial.size() != numInitial)
    return diag.error("expected 0 or ", numInitial,
                      numInitial == 1 ? " initial state (h0)"
                                      : " initial states (h0, c0)",
                      ", got ", initial.size());
  for (Value state : initial)
    if (failed(expectShape(diag, state, "initial state", {b, h},
                           "[batch, hidden]")))
      return failure();
  SmallVector<std::pair<StringRef, Value>> typed = {{"w_ih", wIh},
                                                    {"w_hh", wHh}};
  for (Value v : biases)
    typed.push_back({"bias", v});
  for (Value v : initial)
    typed.push_back({"initial state", v});
  if (failed(expectSameElementType(diag, x.getElementType(), typed)))
    return failure();
  inferred.push_back(RankedTensorType::get({b, t, h}, x.getElementType()));
  for (unsigned r = 1; r < numResults; ++r)
    inferred.push_back(RankedTensorType::get({b, h}, x.getElementType()));
  return success();
}

LogicalResult RnnOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(diag, adaptor.getInput(), adaptor.getWIh(),
                        adaptor.getWHh(), adaptor.getBiases(),
                        adaptor.getInitial(), /*gates=*/1, /*numInitial=*/1,
                        /*numResults=*/2, inferred);
}

LogicalResult LstmOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(diag, adaptor.getInput(), adaptor.getWIh(),
                        adaptor.getWHh(), adaptor.getBiases(),
                        adaptor.getInitial(), /*gates=*/4, /*numInitial=*/2,
                        /*numResults=*/3, inferred);
}

//===----------------------------------------------------------------------===//
// KMeansOp
//===----------------------------------------------------------------------===//

LogicalResult KMeansOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1 [..., D]");
  if (failed(expectRank(diag, adaptor.getCenters(), "centers", 2, "[K, D]")))
    return failure();
  int64_t k = rankedType(adaptor.getCenters()).getDimSize(0);
  if (failed(expectShape(diag, adaptor.getCenters(), "centers",
                         {k, x.getShape().back()}, "the input features")) ||
      failed(expectElementType(diag, adaptor.getCenters(), "centers",
                               x.getElementType())) ||
      failed(checkTemperature(diag, adaptor.getTemperature())))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape.back() = k;
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Sequence layers
//===----------------------------------------------------------------------===//

SmallVector<Value> AttentionOp::getParameterOperands() {
  return present({getQWeight(), getKWeight(), getVWeight(), getOutWeight()},
                 getBiases());
}
int64_t AttentionOp::getForwardFlops() {
  int64_t b = dimOr1(getQuery(), 0), lq = dimOr1(getQuery(), 1);
  int64_t e = dimOr1(getQuery(), 2), lk = dimOr1(getKey(), 1);
  int64_t ek = dimOr1(getKey(), 2), ev = dimOr1(getValue(), 2);
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
  int64_t d = lastDimOr1(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(d, 1);
  int64_t h = dimOr1(getGateWeight(), 0), o = dimOr1(getDownWeight(), 0);
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
  int64_t b = dimOr1(input, 0), t = dimOr1(input, 1), i = dimOr1(input, 2);
  int64_t h = dimOr1(wHh, 1);
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
  int64_t d = lastDimOr1(getInput());
  int64_t rows = countElements(getInput()) / std::max<int64_t>(d, 1);
  int64_t k = dimOr1(getCenters(), 0);
  return rows * k * (3 * d + 5);
}
