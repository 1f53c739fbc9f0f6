//===- ONNXRecurrent.cpp - ONNX RNN and LSTM -> nn.rnn / nn.lstm ----------===//
//
// ONNX: X [seq, batch, in] (layout 0) or [batch, seq, in] (layout 1),
// W [dirs, G*H, in], R [dirs, G*H, H], B [dirs, 2*G*H], LSTM gates i, o, f, c.
// nn: batch first, PyTorch gate order i, f, g, o. Forward direction only;
// no sequence_lens, peepholes, clip or input_forget.
//
//===----------------------------------------------------------------------===//
#include "ONNXImporter.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::onnximport;

namespace {

/// Drops the leading num_directions = 1 dimension.
Value dropDirections(Importer &im, Value v) {
  auto t = Importer::tensorType(v);
  if (t.getRank() < 1 || t.getDimSize(0) != 1) {
    (void)im.fail("num_directions must be 1");
    return nullptr;
  }
  return im.reshape(v, t.getShape().drop_front());
}

/// Reorders LSTM gate blocks along axis 0 from ONNX (i, o, f, c) to
/// PyTorch (i, f, g, o).
Value reorderGates(Importer &im, Value v) {
  auto type = Importer::tensorType(v);
  int64_t rows = type.getRank() ? type.getDimSize(0) : ShapedType::kDynamic;
  if (ShapedType::isDynamic(rows) || rows % 4) {
    (void)im.fail("gate dimension is not a multiple of 4");
    return nullptr;
  }
  SmallVector<int64_t> sizes(4, rows / 4);
  auto split =
      im.create<nn::SplitOp>(4, v, (uint64_t)0, ArrayRef<int64_t>(sizes));
  if (!split)
    return nullptr;
  Value parts[] = {split->getResult(0), split->getResult(2),
                   split->getResult(3), split->getResult(1)};
  return im.create1<nn::ConcatOp>(ValueRange(parts), (uint64_t)0);
}

LogicalResult importRecurrent(Importer &im, bool lstm) {
  std::string dir = im.attrString("direction", "forward");
  if (dir != "forward")
    return im.fail("direction '" + dir + "' is not supported (forward only)");
  if (im.hasInput(4))
    return im.fail("sequence_lens is not supported");
  if (lstm && im.hasInput(7))
    return im.fail("peepholes (P) are not supported");
  if (im.attr("clip"))
    return im.fail("clip is not supported");
  if (lstm && im.attrInt("input_forget", 0))
    return im.fail("input_forget is not supported");
  nn::RNNActivation act = nn::RNNActivation::tanh;
  if (const auto *a = im.attr("activations")) {
    SmallVector<std::string> acts(a->strings().begin(), a->strings().end());
    SmallVector<std::string> expected =
        lstm ? SmallVector<std::string>{"Sigmoid", "Tanh", "Tanh"}
             : SmallVector<std::string>{"Tanh"};
    if (!lstm && acts.size() == 1 && acts[0] == "Relu")
      act = nn::RNNActivation::relu;
    else if (acts != expected)
      return im.fail("activations other than the defaults are not supported");
  }
  if (im.attr("activation_alpha") || im.attr("activation_beta"))
    return im.fail("activation_alpha/beta are not supported");
  bool batchFirst = im.attrInt("layout", 0) == 1;

  Value x = im.input(0), w = im.input(1), r = im.input(2);
  if (failed(im.requireFloat({x, w, r})))
    return failure();
  if (Importer::tensorType(x).getRank() != 3)
    return im.fail("X must be 3-D");
  if (Importer::tensorType(w).getRank() != 3 ||
      Importer::tensorType(r).getRank() != 3)
    return im.fail("W and R must be 3-D");
  if (!batchFirst)
    x = im.create1<nn::TransposeOp>(x, ArrayRef<int64_t>{1, 0, 2});
  w = x ? dropDirections(im, w) : Value();
  r = w ? dropDirections(im, r) : Value();
  if (!r)
    return failure();
  if (lstm) {
    w = reorderGates(im, w);
    r = w ? reorderGates(im, r) : Value();
    if (!r)
      return failure();
  }
  SmallVector<Value> biases;
  if (im.hasInput(3)) {
    Value b = im.input(3);
    if (failed(im.requireFloat({x, b})))
      return failure();
    if (Importer::tensorType(b).getRank() != 2)
      return im.fail("B must be 2-D");
    b = dropDirections(im, b);
    if (!b)
      return failure();
    int64_t n = Importer::tensorType(b).getDimSize(0);
    if (ShapedType::isDynamic(n) || n % 2)
      return im.fail("B must have 2 * gates * hidden_size entries");
    auto split = im.create<nn::SplitOp>(2, b, (uint64_t)0,
                                        ArrayRef<int64_t>{n / 2, n / 2});
    if (!split)
      return failure();
    for (Value part : split->getResults()) {
      Value p = lstm ? reorderGates(im, part) : part;
      if (!p)
        return failure();
      biases.push_back(p);
    }
  }
  SmallVector<Value> initial;
  unsigned numInitial = lstm ? 2 : 1;
  bool anyInit = im.hasInput(5) || (lstm && im.hasInput(6));
  if (anyInit) {
    for (unsigned i = 0; i < numInitial; ++i) {
      if (!im.hasInput(5 + i))
        return im.fail("initial_h and initial_c must be given together");
      Value h = im.input(5 + i);
      if (failed(im.requireFloat({x, h})))
        return failure();
      if (batchFirst) {
        // [batch, dirs, H] -> [batch, H]
        auto t = Importer::tensorType(h);
        if (t.getRank() != 3 || t.getDimSize(1) != 1)
          return im.fail("initial state must be [batch, 1, hidden]");
        h = im.reshape(h, {t.getDimSize(0), t.getDimSize(2)});
      } else {
        h = dropDirections(im, h);
      }
      if (!h)
        return failure();
      initial.push_back(h);
    }
  }
  Operation *op;
  if (lstm)
    op = im.create<nn::LstmOp>(3, x, w, r, ValueRange(biases),
                               ValueRange(initial));
  else
    op = im.create<nn::RnnOp>(2, x, w, r, ValueRange(biases),
                              ValueRange(initial), act);
  if (!op)
    return failure();
  // Y: [B, T, H] -> [T, 1, B, H] (layout 0) or [B, T, 1, H] (layout 1).
  if (im.hasOutput(0)) {
    Value y = op->getResult(0);
    auto t = Importer::tensorType(y);
    int64_t b = t.getDimSize(0), s = t.getDimSize(1), h = t.getDimSize(2);
    if (batchFirst) {
      y = im.reshape(y, {b, s, 1, h});
    } else {
      y = im.create1<nn::TransposeOp>(y, ArrayRef<int64_t>{1, 0, 2});
      y = y ? im.reshape(y, {s, 1, b, h}) : Value();
    }
    if (failed(im.setOutput(0, y)))
      return failure();
  }
  for (unsigned i = 1; i < op->getNumResults(); ++i) {
    if (!im.hasOutput(i))
      continue;
    Value v = op->getResult(i);
    auto t = Importer::tensorType(v);
    SmallVector<int64_t> shape =
        batchFirst ? SmallVector<int64_t>{t.getDimSize(0), 1, t.getDimSize(1)}
                   : SmallVector<int64_t>{1, t.getDimSize(0), t.getDimSize(1)};
    if (failed(im.setOutput(i, im.reshape(v, shape))))
      return failure();
  }
  return success();
}

LogicalResult importLSTM(Importer &im) { return importRecurrent(im, true); }
LogicalResult importRNN(Importer &im) { return importRecurrent(im, false); }

} // namespace

void nnc::onnximport::registerRecurrentHandlers(llvm::StringMap<Handler> &m) {
  m["LSTM"] = importLSTM;
  m["RNN"] = importRNN;
}
