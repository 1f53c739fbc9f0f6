//===- RaiseAttention.cpp - raise exported MultiheadAttention -------------===//
//
// torch.onnx.export (torch 1.13, opsets 11-17) writes nn.MultiheadAttention
// as primitive ops. After import, in nn IR, the sequence-first core is
//
//   p   = x · W [+ b]                 in-projection, [L, B, Ein] -> [L, B, n·E]
//   qp, kp, vp = extract_slice p      (packed; or three separate projections)
//   qh  = transpose(reshape(qp, [L, B·H, d]), [1, 0, 2])        [B·H, L, d]
//   kt  = transpose(reshape(kp, [Lk, B·H, d]), [1, 2, 0])       [B·H, d, Lk]
//   vh  = transpose(reshape(vp, [Lk, B·H, d]), [1, 0, 2])       [B·H, Lk, d]
//   s   = softmax((qh / sqrt(d)) · kt, axis = -1)
//   o   = reshape(transpose(s · vh, [1, 0, 2]), [L·B, E])
//   y   = reshape(o · Woᵀ [+ bo], [L, B, E])
//
// with d = E / H. batch_first=True adds transpose(x, [1, 0, 2]) before the
// projections and after `y`. The pattern, rooted at the softmax, replaces
// `y` (or the transpose after it) with one batch-first nn.attention, with
// nn.transpose around it where the model is sequence-first. Every shape,
// permutation, slice, the scale constant and the head count are checked;
// anything else is left alone.
//
//===----------------------------------------------------------------------===//
#include "RaisePatterns.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace nnc;
using nnc::nn::splatValue;

namespace {

/// Float constants over this many elements become dense_resource blobs, as
/// in the importer.
constexpr int64_t kResourceThreshold = 1024;

/// A linear map `input · Wᵀ + bias` found in the IR, with W either `[out,
/// in]` (nn.dense) or `[in, out]` (nn.matmul with a constant rhs).
struct Linear {
  Value input;
  arith::ConstantOp weight;
  bool inOut = false;     // weight stored [in, out]
  arith::ConstantOp bias; // null: no bias
  int64_t in = 0, out = 0;
};

/// One projection of query, key or value: rows [offset, offset + E) of a
/// (possibly packed) linear map.
struct Projection {
  Linear lin;
  int64_t offset = 0;
};

/// The projection's output value after the head split.
struct Heads {
  Projection proj;
  Value heads; // [B·H, L, d] or, for the key, [B·H, d, L]
  int64_t length = 0, batch = 0, dim = 0, headDim = 0;
};

RankedTensorType ranked(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

bool hasPermutation(nn::TransposeOp t, ArrayRef<int64_t> perm) {
  return t && t.getPermutation() == perm;
}

/// A constant float tensor of the given static shape.
arith::ConstantOp floatConstant(Value v, ArrayRef<int64_t> shape) {
  auto c = v ? v.getDefiningOp<arith::ConstantOp>() : nullptr;
  auto t = c ? dyn_cast<RankedTensorType>(c.getType()) : nullptr;
  if (!t || !isa<FloatType>(t.getElementType()) || t.getShape() != shape)
    return nullptr;
  return c;
}

/// `v` as a linear map of rank-`rank` input without activation epilogue.
std::optional<Linear> matchLinear(Value v, int64_t rank) {
  Linear lin;
  Value core = v;
  if (auto add = v.getDefiningOp<nn::AddOp>()) {
    // Bias added by a separate Add (MatMul + Add in the export).
    for (int i = 0; i < 2; ++i) {
      auto bt = ranked(add->getOperand(i));
      if (bt && bt.getRank() == 1 &&
          add->getOperand(i).getDefiningOp<arith::ConstantOp>()) {
        lin.bias = add->getOperand(i).getDefiningOp<arith::ConstantOp>();
        core = add->getOperand(1 - i);
        break;
      }
    }
    if (!lin.bias || !core.hasOneUse() || add.getType() != core.getType())
      return std::nullopt;
  }
  Value bias;
  if (auto dense = core.getDefiningOp<nn::DenseOp>()) {
    if (dense.hasEpilogue())
      return std::nullopt;
    lin.input = dense.getInput();
    auto wt = ranked(dense.getWeight());
    if (!wt || wt.getRank() != 2)
      return std::nullopt;
    lin.out = wt.getDimSize(0);
    lin.in = wt.getDimSize(1);
    lin.weight = floatConstant(dense.getWeight(), {lin.out, lin.in});
    bias = dense.getBias();
  } else if (auto mm = core.getDefiningOp<nn::MatmulOp>()) {
    if (mm.hasEpilogue())
      return std::nullopt;
    lin.input = mm.getLhs();
    auto wt = ranked(mm.getRhs());
    if (!wt || wt.getRank() != 2)
      return std::nullopt;
    lin.inOut = true;
    lin.in = wt.getDimSize(0);
    lin.out = wt.getDimSize(1);
    lin.weight = floatConstant(mm.getRhs(), {lin.in, lin.out});
    bias = mm.getBias();
  } else {
    return std::nullopt;
  }
  if (bias) {
    if (lin.bias)
      return std::nullopt; // two biases
    lin.bias = bias.getDefiningOp<arith::ConstantOp>();
    if (!lin.bias)
      return std::nullopt;
  }
  auto it = ranked(lin.input);
  auto vt = ranked(v);
  if (!lin.weight || !it || it.getRank() != rank ||
      it.getShape().back() != lin.in || !vt ||
      vt.getShape().back() != lin.out ||
      it.getElementType() != vt.getElementType() ||
      cast<ShapedType>(lin.weight.getType()).getElementType() !=
          vt.getElementType())
    return std::nullopt;
  if (lin.bias && !floatConstant(lin.bias, {lin.out}))
    return std::nullopt;
  if (lin.bias && cast<ShapedType>(lin.bias.getType()).getElementType() !=
                      vt.getElementType())
    return std::nullopt;
  return lin;
}

/// True when `size` is the full extent of dimension `dim` of `source`:
/// equal static sizes, or `tensor.dim source, dim` for a dynamic one.
bool isFullSize(OpFoldResult size, Value source, int64_t dim) {
  int64_t extent = ranked(source).getDimSize(dim);
  if (auto attr = dyn_cast<Attribute>(size))
    return !ShapedType::isDynamic(extent) &&
           cast<IntegerAttr>(attr).getInt() == extent;
  auto d = cast<Value>(size).getDefiningOp<tensor::DimOp>();
  if (!d || d.getSource() != source || !ShapedType::isDynamic(extent))
    return false;
  auto idx = d.getConstantIndex();
  return idx && *idx == dim;
}

/// `p` `[L, B, E]` as rows [offset, offset + E) of a linear map of `[L, B,
/// Ein]`: either the whole (single-use) map, or a slice of the last
/// dimension of a packed one whose users are all slices (or their sizes).
std::optional<Projection> matchProjection(Value p, int64_t e) {
  Projection proj;
  Value full = p;
  if (auto slice = p.getDefiningOp<tensor::ExtractSliceOp>()) {
    full = slice.getSource();
    auto st = ranked(full), rt = slice.getResultType();
    if (!st || st.getRank() != 3 || rt.getRank() != 3 ||
        !slice.getOffsets().empty() || !slice.hasUnitStride())
      return std::nullopt;
    ArrayRef<int64_t> off = slice.getStaticOffsets();
    SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
    if (off[0] != 0 || off[1] != 0 || !isFullSize(sizes[0], full, 0) ||
        !isFullSize(sizes[1], full, 1) || rt.getDimSize(2) != e)
      return std::nullopt;
    proj.offset = off[2];
    for (Operation *user : full.getUsers())
      if (!isa<tensor::ExtractSliceOp, tensor::DimOp>(user))
        return std::nullopt;
  } else if (!p.hasOneUse()) {
    return std::nullopt;
  }
  auto lin = matchLinear(full, 3);
  if (!lin || proj.offset < 0 || proj.offset + e > lin->out)
    return std::nullopt;
  if (full == p && lin->out != e)
    return std::nullopt;
  proj.lin = *lin;
  return proj;
}

/// `heads` = transpose(reshape(p, [L, B·H, d]), perm) with p a projection.
std::optional<Heads> matchHeads(Value heads, ArrayRef<int64_t> perm) {
  auto tr = heads.getDefiningOp<nn::TransposeOp>();
  if (!hasPermutation(tr, perm) || !heads.hasOneUse())
    return std::nullopt;
  auto rs = tr.getInput().getDefiningOp<nn::ReshapeOp>();
  if (!rs || !rs->hasOneUse())
    return std::nullopt;
  auto in = ranked(rs.getInput()), out = ranked(rs.getResult());
  if (!in || !out || in.getRank() != 3 || out.getRank() != 3)
    return std::nullopt;
  Heads h;
  h.heads = heads;
  h.length = in.getDimSize(0);
  h.batch = in.getDimSize(1);
  h.dim = in.getDimSize(2);
  h.headDim = out.getDimSize(2);
  // Static sequence length and embedding; the head split [L, B, E] ->
  // [L, B·H, d] keeps L and splits E = H·d (row-major).
  if (ShapedType::isDynamic(h.length) || ShapedType::isDynamic(h.dim) ||
      ShapedType::isDynamic(h.headDim) || h.headDim <= 0 ||
      h.dim % h.headDim != 0 || out.getDimSize(0) != h.length)
    return std::nullopt;
  int64_t numHeads = h.dim / h.headDim;
  int64_t bh = out.getDimSize(1);
  if (!ShapedType::isDynamic(bh) &&
      (ShapedType::isDynamic(h.batch) || bh != h.batch * numHeads))
    return std::nullopt;
  if (ShapedType::isDynamic(bh) && !ShapedType::isDynamic(h.batch))
    return std::nullopt;
  auto proj = matchProjection(rs.getInput(), h.dim);
  if (!proj)
    return std::nullopt;
  h.proj = *proj;
  return h;
}

/// `v` is `x / c` or `x * (1 / c)` with the splat `c` equal to `sqrt(d)`
/// (relative 1e-6, the float rounding of the exported constant); returns x.
Value matchScale(Value v, int64_t headDim) {
  double expected = std::sqrt(static_cast<double>(headDim));
  auto near = [](std::optional<double> c, double want) {
    return c && std::abs(*c - want) <= 1e-6 * want;
  };
  Operation *op = v.getDefiningOp();
  if (!op || !v.hasOneUse())
    return nullptr;
  Value x;
  if (auto div = dyn_cast<nn::DivOp>(op)) {
    if (near(splatValue(div.getRhs()), expected))
      x = div.getLhs();
  } else if (auto mul = dyn_cast<nn::MulOp>(op)) {
    if (near(splatValue(mul.getRhs()), 1 / expected))
      x = mul.getLhs();
    else if (near(splatValue(mul.getLhs()), 1 / expected))
      x = mul.getRhs();
  }
  if (!x || x.getType() != v.getType())
    return nullptr;
  return x;
}

/// Raw bytes of a float constant (one element for a splat); empty if they
/// cannot be read.
ArrayRef<char> constantBytes(arith::ConstantOp c, bool &splat) {
  splat = false;
  if (auto dense = dyn_cast<DenseElementsAttr>(c.getValue())) {
    splat = dense.isSplat();
    return dense.getRawData();
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(c.getValue()))
    if (AsmResourceBlob *blob = res.getRawHandle().getBlob())
      return blob->getData();
  return {};
}

/// True when the constants of `lin` can be read (checked before rewriting).
bool readable(Linear lin) {
  for (arith::ConstantOp c : {lin.weight, lin.bias}) {
    if (!c)
      continue;
    bool splat;
    ArrayRef<char> data = constantBytes(c, splat);
    auto t = cast<ShapedType>(c.getType());
    unsigned bits = t.getElementType().getIntOrFloatBitWidth();
    if (data.empty() || bits % 8 != 0 ||
        (!splat && (int64_t)data.size() != t.getNumElements() * (bits / 8)))
      return false;
  }
  return true;
}

/// Creates constants for the raised op (slices of the packed weights).
class ParamBuilder {
public:
  ParamBuilder(PatternRewriter &rewriter, Location loc)
      : rewriter(rewriter), loc(loc) {}

  /// Rows [offset, offset + rows) of the weight as `[rows, in]`.
  Value weight(Linear lin, int64_t offset, int64_t rows, StringRef suffix) {
    if (!lin.inOut && offset == 0 && rows == lin.out)
      return lin.weight.getResult();
    auto type = RankedTensorType::get(
        {rows, lin.in},
        cast<ShapedType>(lin.weight.getType()).getElementType());
    return slice(lin.weight, type, suffix, [&](int64_t r, int64_t i) {
      return lin.inOut ? i * lin.out + offset + r : (offset + r) * lin.in + i;
    });
  }

  /// Elements [offset, offset + rows) of the bias (zeros without one).
  Value bias(Linear lin, int64_t offset, int64_t rows, Type elt,
             StringRef suffix) {
    auto type = RankedTensorType::get({rows}, elt);
    if (!lin.bias)
      return arith::ConstantOp::create(
          rewriter, loc, cast<TypedAttr>(rewriter.getZeroAttr(type)));
    if (offset == 0 && rows == lin.out)
      return lin.bias.getResult();
    return slice(lin.bias, type, suffix,
                 [&](int64_t, int64_t i) { return offset + i; });
  }

private:
  /// A constant of `type` ([rows, cols] or [cols]) whose element (r, c) is
  /// element `index(r, c)` of `source`.
  Value slice(arith::ConstantOp source, RankedTensorType type, StringRef suffix,
              llvm::function_ref<int64_t(int64_t, int64_t)> index) {
    bool splat;
    ArrayRef<char> data = constantBytes(source, splat);
    int64_t width = type.getElementType().getIntOrFloatBitWidth() / 8;
    if (splat) {
      auto attr =
          DenseElementsAttr::getFromRawBuffer(type, data.take_front(width));
      return arith::ConstantOp::create(rewriter, loc, attr);
    }
    int64_t rows = type.getRank() == 2 ? type.getDimSize(0) : 1;
    int64_t cols = type.getShape().back();
    std::vector<char> bytes(rows * cols * width);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        std::memcpy(&bytes[(r * cols + c) * width], &data[index(r, c) * width],
                    width);
    ElementsAttr attr;
    if (rows * cols > kResourceThreshold) {
      std::string name = "attention";
      if (auto res = dyn_cast<DenseResourceElementsAttr>(source.getValue()))
        name = res.getRawHandle().getKey().str();
      auto blob =
          HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<char>(bytes));
      attr = DenseResourceElementsAttr::get(type, name + "." + suffix.str(),
                                            std::move(blob));
    } else {
      attr = DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(bytes));
    }
    return arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(attr));
  }

  PatternRewriter &rewriter;
  Location loc;
};

/// The node-name scope of an imported op ("/attn/Softmax" -> "/attn").
Location scopeLoc(Operation *op, MLIRContext *ctx) {
  auto name = dyn_cast<NameLoc>(op->getLoc());
  if (!name)
    return op->getLoc();
  StringRef s = name.getName().getValue();
  size_t slash = s.rfind('/');
  if (slash == StringRef::npos || slash == 0)
    return op->getLoc();
  return NameLoc::get(
      StringAttr::get(ctx, s.take_front(slash) + "/MultiheadAttention"),
      name.getChildLoc());
}

struct RaiseAttention : OpRewritePattern<nn::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::SoftmaxOp softmax,
                                PatternRewriter &rewriter) const override {
    // Scores [B·H, Lq, Lk], softmax over the keys.
    auto st = ranked(softmax.getInput());
    if (!st || st.getRank() != 3 || softmax.getMask() || softmax.getCausal() ||
        softmax.getTemperature().convertToDouble() != 1.0 ||
        !softmax->hasOneUse())
      return failure();
    int64_t axis = softmax.getAxisAttr().getInt();
    if (axis != 2 && axis != -1)
      return failure();

    // Forward: P·V, back to [Lq, B·H, d], merge heads, out-projection.
    auto ctxMul = dyn_cast<nn::MatmulOp>(*softmax->getUsers().begin());
    if (!ctxMul || ctxMul.getLhs() != softmax.getResult() || ctxMul.getBias() ||
        ctxMul.hasEpilogue() || !ctxMul->hasOneUse())
      return failure();
    auto back = dyn_cast<nn::TransposeOp>(*ctxMul->getUsers().begin());
    if (!hasPermutation(back, {1, 0, 2}) || !back->hasOneUse())
      return failure();
    auto merge = dyn_cast<nn::ReshapeOp>(*back->getUsers().begin());
    if (!merge || !merge->hasOneUse())
      return failure();
    Operation *outUser = *merge->getUsers().begin();
    if (outUser->getNumResults() != 1)
      return failure();
    Value outVal = outUser->getResult(0);
    // The out-projection may be dense, matmul, or matmul followed by an add.
    if (isa<nn::MatmulOp>(outUser) && outVal.hasOneUse())
      if (auto add = dyn_cast<nn::AddOp>(*outVal.getUsers().begin()))
        outVal = add.getResult();
    auto outLin = matchLinear(outVal, 2);
    if (!outLin || outLin->input != merge.getResult() || !outVal.hasOneUse())
      return failure();
    auto unflatten = dyn_cast<nn::ReshapeOp>(*outVal.getUsers().begin());
    if (!unflatten)
      return failure();

    // Backward: scores = scale(Q)·Kᵀ (or scale(Q·Kᵀ)).
    Value scoresVal = softmax.getInput();
    auto scoresMul = scoresVal.getDefiningOp<nn::MatmulOp>();
    Value scaledScores;
    if (!scoresMul) {
      // The scale may be applied to the scores; resolved below once d is known.
      Operation *op = scoresVal.getDefiningOp();
      if (!op || !isa<nn::DivOp, nn::MulOp>(op))
        return failure();
      for (Value operand : op->getOperands())
        if (auto mm = operand.getDefiningOp<nn::MatmulOp>())
          scoresMul = mm;
      scaledScores = scoresVal;
    }
    if (!scoresMul || scoresMul.getBias() || scoresMul.hasEpilogue() ||
        !scoresMul->hasOneUse())
      return failure();
    auto k = matchHeads(scoresMul.getRhs(), {1, 2, 0});
    auto v = matchHeads(ctxMul.getRhs(), {1, 0, 2});
    if (!k || !v)
      return failure();
    int64_t d = k->headDim;
    Value qHeads = scoresMul.getLhs();
    if (scaledScores) {
      if (matchScale(scaledScores, d) != scoresMul.getResult())
        return failure();
    } else {
      qHeads = matchScale(qHeads, d);
      if (!qHeads)
        return failure();
    }
    auto q = matchHeads(qHeads, {1, 0, 2});
    if (!q)
      return failure();

    // One embedding E, head size d and head count H everywhere; one batch
    // B; Lk shared by key and value.
    int64_t e = q->dim, numHeads = e / d;
    if (k->dim != e || v->dim != e || q->headDim != d || v->headDim != d ||
        k->length != v->length || q->batch != k->batch || q->batch != v->batch)
      return failure();
    // A dynamic batch could differ between query and key/value only where
    // the matmuls broadcast a batch of 1, which needs B·H == 1.
    if (ShapedType::isDynamic(q->batch) && numHeads == 1 &&
        (q->proj.lin.input != k->proj.lin.input ||
         q->proj.lin.input != v->proj.lin.input))
      return failure();
    int64_t lq = q->length, lk = k->length, b = q->batch;
    auto check = [](Value val, ArrayRef<int64_t> shape) {
      auto t = ranked(val);
      return t && t.getShape() == shape;
    };
    int64_t bh = ShapedType::isDynamic(b) ? ShapedType::kDynamic : b * numHeads;
    int64_t rowsOut = ShapedType::isDynamic(b) ? ShapedType::kDynamic : lq * b;
    if (!check(q->heads, {bh, lq, d}) || !check(k->heads, {bh, d, lk}) ||
        !check(v->heads, {bh, lk, d}) || !check(scoresVal, {bh, lq, lk}) ||
        !check(ctxMul.getResult(), {bh, lq, d}) ||
        !check(back.getResult(), {lq, bh, d}) ||
        !check(merge.getResult(), {rowsOut, e}) || outLin->in != e ||
        outLin->out != e || !check(unflatten.getResult(), {lq, b, e}))
      return failure();
    // Inputs [L, B, Ein] with the batch of the projections.
    auto inputOk = [&](const Heads &h) {
      auto t = ranked(h.proj.lin.input);
      return t.getDimSize(0) == h.length && t.getDimSize(1) == b;
    };
    if (!inputOk(*q) || !inputOk(*k) || !inputOk(*v))
      return failure();
    // The q/k/v projections and the out-projection all have biases or none.
    bool anyBias = q->proj.lin.bias || k->proj.lin.bias || v->proj.lin.bias ||
                   outLin->bias;

    // Replace the transpose back to batch-first if there is one, else the
    // sequence-first result.
    Operation *replaced = unflatten;
    bool batchFirstOut = false;
    if (unflatten->hasOneUse())
      if (auto t = dyn_cast<nn::TransposeOp>(*unflatten->getUsers().begin());
          hasPermutation(t, {1, 0, 2})) {
        replaced = t;
        batchFirstOut = true;
      }

    if (!readable(q->proj.lin) || !readable(k->proj.lin) ||
        !readable(v->proj.lin) || !readable(*outLin))
      return rewriter.notifyMatchFailure(softmax, "unreadable weight constant");

    Location loc = scopeLoc(softmax, getContext());
    rewriter.setInsertionPoint(replaced);
    ParamBuilder params(rewriter, loc);
    Type elt = st.getElementType();
    Value wq = params.weight(q->proj.lin, q->proj.offset, e, "q");
    Value wk = params.weight(k->proj.lin, k->proj.offset, e, "k");
    Value wv = params.weight(v->proj.lin, v->proj.offset, e, "v");
    Value wo = params.weight(*outLin, 0, e, "out");
    SmallVector<Value> biases;
    if (anyBias) {
      biases.push_back(
          params.bias(q->proj.lin, q->proj.offset, e, elt, "q_bias"));
      biases.push_back(
          params.bias(k->proj.lin, k->proj.offset, e, elt, "k_bias"));
      biases.push_back(
          params.bias(v->proj.lin, v->proj.offset, e, elt, "v_bias"));
      biases.push_back(params.bias(*outLin, 0, e, elt, "out_bias"));
    }

    // Batch-first inputs: drop a transpose [1, 0, 2] of the model's input,
    // else add one.
    llvm::SmallDenseMap<Value, Value> batchFirst;
    auto toBatchFirst = [&](Value x) -> Value {
      if (Value bf = batchFirst.lookup(x))
        return bf;
      Value bf;
      if (auto t = x.getDefiningOp<nn::TransposeOp>();
          hasPermutation(t, {1, 0, 2})) {
        bf = t.getInput();
      } else {
        auto xt = ranked(x);
        auto type = RankedTensorType::get(
            {xt.getDimSize(1), xt.getDimSize(0), xt.getDimSize(2)},
            xt.getElementType());
        bf = nn::TransposeOp::create(rewriter, loc, type, x,
                                     rewriter.getDenseI64ArrayAttr({1, 0, 2}));
      }
      batchFirst[x] = bf;
      return bf;
    };
    Value query = toBatchFirst(q->proj.lin.input);
    Value key = toBatchFirst(k->proj.lin.input);
    Value value = toBatchFirst(v->proj.lin.input);
    auto resultType = RankedTensorType::get({b, lq, e}, elt);
    Value attn = nn::AttentionOp::create(
        rewriter, loc, resultType, query, key, value, wq, wk, wv, wo, biases,
        /*mask=*/Value(), rewriter.getI64IntegerAttr(numHeads),
        /*causal=*/nullptr, /*scale=*/nullptr);
    if (!batchFirstOut)
      attn = nn::TransposeOp::create(rewriter, loc, unflatten.getType(), attn,
                                     rewriter.getDenseI64ArrayAttr({1, 0, 2}));
    rewriter.replaceOp(replaced, attn);
    return success();
  }
};

} // namespace

void nnc::nn::populateRaiseAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseAttention>(patterns.getContext());
}
