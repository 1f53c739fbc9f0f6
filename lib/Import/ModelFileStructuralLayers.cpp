//===- ModelFileStructuralLayers.cpp - layers without parameters
//------------===//
//
// Activations, shape ops (flatten, reshape, transpose, ...), pooling and
// parallel branches (docs/ModelFile.md).
//
//===----------------------------------------------------------------------===//
#include "ModelFileImporter.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::modelfile;

namespace nnc::modelfile {

FailureOr<Value> Importer::importActivation(Fields &f, llvm::StringRef type,
                                            Value x) {
  if (type == "leaky_relu" || type == "elu") {
    if (failed(f.checkKnown({COMMON, "alpha"})))
      return failure();
    FailureOr<double> alpha = f.getNumber("alpha", type == "elu" ? 1.0 : 0.01);
    if (failed(alpha))
      return failure();
    if (type == "elu")
      return nn::EluOp::create(builder, loc, x, llvm::APFloat(*alpha))
          .getResult();
    return nn::LeakyReluOp::create(builder, loc, x, llvm::APFloat(*alpha))
        .getResult();
  }
  if (type == "gelu") {
    if (failed(f.checkKnown({COMMON, "approximate"})))
      return failure();
    FailureOr<std::string> approx =
        f.getString("approximate", std::string("none"));
    if (failed(approx))
      return failure();
    if (*approx != "none" && *approx != "tanh")
      return f.error("approximate", "has unknown value '" + *approx +
                                        "' (expected none or tanh)"),
             failure();
    return nn::GeluOp::create(builder, loc, x, *approx == "tanh").getResult();
  }
  if (type == "softplus") {
    if (failed(f.checkKnown({COMMON, "beta", "threshold"})))
      return failure();
    FailureOr<double> beta = f.getNumber("beta", 1.0);
    FailureOr<double> threshold = f.getNumber("threshold", 20.0);
    if (failed(beta) || failed(threshold))
      return failure();
    if (*beta <= 0)
      return f.error("beta", "must be > 0"), failure();
    return nn::SoftplusOp::create(builder, loc, x, llvm::APFloat(*beta),
                                  llvm::APFloat(*threshold))
        .getResult();
  }
  if (type == "hard_sigmoid") {
    if (failed(f.checkKnown({COMMON, "alpha", "beta"})))
      return failure();
    FailureOr<double> alpha = f.getNumber("alpha", 1.0 / 6.0);
    FailureOr<double> beta = f.getNumber("beta", 0.5);
    if (failed(alpha) || failed(beta))
      return failure();
    return nn::HardSigmoidOp::create(builder, loc, x, llvm::APFloat(*alpha),
                                     llvm::APFloat(*beta))
        .getResult();
  }
  if (failed(f.checkKnown({COMMON})))
    return failure();
  if (type == "hard_swish")
    return nn::HardSwishOp::create(builder, loc, x).getResult();
  if (type == "relu")
    return nn::ReluOp::create(builder, loc, x).getResult();
  if (type == "silu")
    return nn::SiluOp::create(builder, loc, x).getResult();
  if (type == "sigmoid")
    return nn::SigmoidOp::create(builder, loc, x).getResult();
  return nn::TanhOp::create(builder, loc, x).getResult();
}

FailureOr<Value> Importer::importShape(Fields &f, llvm::StringRef type,
                                       Value x) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  int64_t rank = s.size();
  if (type == "dropout") {
    if (failed(f.checkKnown({COMMON, "rate"})))
      return failure();
    FailureOr<double> rate = f.getNumber("rate", 0.5);
    if (failed(rate))
      return failure();
    if (*rate < 0 || *rate >= 1)
      return f.error("rate",
                     llvm::formatv("must be in [0, 1), got {0}", *rate)),
             failure();
    return nn::DropoutOp::create(builder, loc, x, llvm::APFloat(*rate))
        .getResult();
  }
  if (type == "flatten") {
    if (failed(f.checkKnown({COMMON, "axis"})))
      return failure();
    FailureOr<int64_t> axis = f.getInt("axis", 1);
    if (failed(axis))
      return failure();
    if (*axis < 1 || *axis >= std::max<int64_t>(rank, 1))
      return f.error("axis", llvm::formatv("({0}) must be in [1, {1}) for "
                                           "input shape {2}",
                                           *axis, rank, formatShape(s))),
             failure();
    for (int64_t i = 1; i < rank; ++i)
      if (ShapedType::isDynamic(s[i]))
        return f.error("input shape " + formatShape(s) +
                       " must be static except the batch"),
               failure();
    return nn::FlattenOp::create(builder, loc, x, *axis).getResult();
  }
  // reshape: `shape` is the per-sample shape; the batch dimension is kept.
  if (failed(f.checkKnown({COMMON, "shape"})))
    return failure();
  FailureOr<const json::Array *> arr = f.getArray("shape");
  if (failed(arr))
    return failure();
  if (rank < 1)
    return f.error("input must have a batch dimension"), failure();
  int64_t have = 1;
  for (int64_t i = 1; i < rank; ++i) {
    if (ShapedType::isDynamic(s[i]))
      return f.error("input shape " + formatShape(s) +
                     " must be static except the batch"),
             failure();
    if (__builtin_mul_overflow(have, s[i], &have))
      return f.error("input shape " + formatShape(s) +
                     " has too many elements"),
             failure();
  }
  SmallVector<int64_t> target = {s[0]};
  int64_t known = 1, inferAt = -1;
  for (auto [i, e] : llvm::enumerate(**arr)) {
    std::optional<int64_t> d = e.getAsInteger();
    if (e.kind() != json::Value::Number || !d || (*d < 1 && *d != -1) ||
        *d > kMaxInt)
      return f.error("shape", llvm::formatv("entry {0} must be a positive "
                                            "integer or -1",
                                            i)),
             failure();
    if (*d == -1) {
      if (inferAt >= 0)
        return f.error("shape", "has more than one -1"), failure();
      inferAt = target.size();
      target.push_back(1);
      continue;
    }
    if (__builtin_mul_overflow(known, *d, &known) || known > (int64_t(1) << 40))
      return f.error("shape", "has too many elements"), failure();
    target.push_back(*d);
  }
  if (inferAt >= 0) {
    if (have % known)
      return f.error("shape", llvm::formatv("cannot hold the {0} elements per "
                                            "sample of input shape {1}",
                                            have, formatShape(s))),
             failure();
    target[inferAt] = have / known;
    known = have;
  }
  if (known != have)
    return f.error("shape", llvm::formatv("has {0} elements per sample, the "
                                          "input shape {1} has {2}",
                                          known, formatShape(s), have)),
           failure();
  auto type2 = RankedTensorType::get(
      target, cast<RankedTensorType>(x.getType()).getElementType());
  return nn::ReshapeOp::create(builder, loc, type2, x).getResult();
}

FailureOr<Value> Importer::importPool(Fields &f, llvm::StringRef type,
                                      Value x) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  bool global = type.starts_with("global_");
  bool isMax = type.contains("max");
  if (s.size() != 3 && s.size() != 4)
    return f.error(llvm::formatv("input shape {0} must be [N, C, L] or "
                                 "[N, C, H, W]",
                                 formatShape(s))),
           failure();
  for (size_t i = 1; i < s.size(); ++i)
    if (ShapedType::isDynamic(s[i]))
      return f.error("input shape " + formatShape(s) +
                     " must be static except the batch"),
             failure();
  nn::PoolKind kind = isMax ? nn::PoolKind::max : nn::PoolKind::avg;
  if (global) {
    if (failed(f.checkKnown({COMMON})))
      return failure();
    return nn::GlobalPoolOp::create(builder, loc, x, kind).getResult();
  }
  size_t nd = s.size() - 2;
  if (failed(isMax ? f.checkKnown(
                         {COMMON, "kernel", "stride", "padding", "ceil_mode"})
                   : f.checkKnown({COMMON, "kernel", "stride", "padding",
                                   "ceil_mode", "count_include_pad"})))
    return failure();
  FailureOr<SmallVector<int64_t>> kernel =
      f.getInts("kernel", nd, std::nullopt, 1);
  if (failed(kernel))
    return failure();
  FailureOr<SmallVector<int64_t>> stride =
      f.has("stride") ? f.getInts("stride", nd, std::nullopt, 1)
                      : FailureOr<SmallVector<int64_t>>(*kernel);
  FailureOr<SmallVector<int64_t>> pad = f.getInts("padding", nd, 0, 0);
  FailureOr<bool> ceil = f.getBool("ceil_mode", false);
  FailureOr<bool> countPad = f.getBool("count_include_pad", true);
  if (failed(stride) || failed(pad) || failed(ceil) || failed(countPad))
    return failure();
  for (size_t i = 0; i < nd; ++i) {
    if (2 * (*pad)[i] > (*kernel)[i])
      return f.error("padding",
                     llvm::formatv("({0}) must be at most half the kernel "
                                   "({1})",
                                   (*pad)[i], (*kernel)[i])),
             failure();
    if (s[2 + i] + 2 * (*pad)[i] < (*kernel)[i])
      return f.error("kernel",
                     llvm::formatv("{0} is larger than the padded input ({1} "
                                   "+ 2*{2}) in spatial dimension {3}",
                                   (*kernel)[i], s[2 + i], (*pad)[i], i)),
             failure();
  }
  SmallVector<int64_t> padding(*pad);
  padding.append(pad->begin(), pad->end());
  return nn::PoolOp::create(builder, loc, x, kind, *kernel,
                            builder.getDenseI64ArrayAttr(*stride),
                            builder.getDenseI64ArrayAttr(padding), *ceil,
                            !isMax && *countPad)
      .getResult();
}

FailureOr<Value> Importer::importParallel(Fields &f, const std::string &name,
                                          Value x) {
  if (failed(
          f.checkKnown({COMMON, "branches", "combine", "axis", "gate_bias"})))
    return failure();
  FailureOr<const json::Array *> arr = f.getArray("branches");
  FailureOr<std::string> combine = f.getString("combine", std::nullopt);
  if (failed(arr) || failed(combine))
    return failure();
  if (*combine != "concat" && *combine != "add" && *combine != "avg" &&
      *combine != "filter")
    return f.error("combine", "has unknown value '" + *combine +
                                  "' (expected concat, add, avg or filter)"),
           failure();
  if (f.has("axis") && *combine != "concat")
    return f.error("axis", "applies only to combine 'concat'"), failure();
  if (f.has("gate_bias") && *combine != "filter")
    return f.error("gate_bias", "applies only to combine 'filter'"), failure();
  if ((*arr)->empty())
    return f.error("branches", "must not be empty"), failure();
  SmallVector<Value> outs;
  for (auto [i, b] : llvm::enumerate(**arr)) {
    FailureOr<Value> y = importLayer(b, x, name + "." + std::to_string(i));
    if (failed(y))
      return failure();
    outs.push_back(*y);
  }
  llvm::ArrayRef<int64_t> s0 = shapeOf(outs[0]);
  int64_t rank = s0.size();
  if (*combine == "concat") {
    FailureOr<int64_t> axis = f.getAxis("branch output", s0);
    if (failed(axis))
      return failure();
    int64_t a = *axis;
    for (auto [i, y] : llvm::enumerate(outs)) {
      llvm::ArrayRef<int64_t> si = shapeOf(y);
      bool ok = (int64_t)si.size() == rank;
      for (int64_t d = 0; ok && d < rank; ++d)
        if (d != a && !compatible({si[d]}, {s0[d]}))
          ok = false;
      if (!ok)
        return f.error("branches",
                       llvm::formatv("branch {0} has output shape {1}, which "
                                     "cannot be concatenated with shape {2} "
                                     "(branch 0) along axis {3}",
                                     i, formatShape(si), formatShape(s0), a)),
               failure();
    }
    if (outs.size() == 1)
      return outs[0];
    return nn::ConcatOp::create(builder, loc, outs, a).getResult();
  }
  for (auto [i, y] : llvm::enumerate(outs))
    if (!compatible(shapeOf(y), s0))
      return f.error("branches",
                     llvm::formatv("branch {0} has output shape {1}, but "
                                   "branch 0 has {2} (combine '{3}' needs "
                                   "equal shapes)",
                                   i, formatShape(shapeOf(y)), formatShape(s0),
                                   *combine)),
             failure();
  int64_t n = outs.size();
  if (*combine == "add" || *combine == "avg") {
    Value sum = outs[0];
    for (int64_t i = 1; i < n; ++i)
      sum = nn::AddOp::create(builder, loc, sum, outs[i]);
    if (*combine == "add" || n == 1)
      return sum;
    Value scale = constant({1}, {1.0 / double(n)});
    return nn::MulOp::create(builder, loc, sum, scale).getResult();
  }
  // filter: a softmax-gated mixture. gate = softmax(dense(x)) over the
  // branches; out = sum_i gate[..., i:i+1] * branch_i(x).
  FailureOr<bool> gateBias = f.getBool("gate_bias", true);
  if (failed(gateBias) || failed(checkFloat(f, x)))
    return failure();
  FailureOr<int64_t> d = lastDim(f, x, "features for the gate");
  if (failed(d))
    return failure();
  llvm::ArrayRef<int64_t> sx = shapeOf(x);
  bool ok =
      (int64_t)sx.size() == rank && compatible(sx.drop_back(), s0.drop_back());
  if (!ok)
    return f.error("branches",
                   llvm::formatv("combine 'filter' needs branch outputs "
                                 "[..., F] with the input's leading "
                                 "dimensions: input {0}, branch output {1}",
                                 formatShape(sx), formatShape(s0))),
           failure();
  std::string gname = name + ".gate";
  auto pt = InitDistribution::uniform(1.0 / std::sqrt(double(*d)));
  FailureOr<Value> gw =
      param(f, gname, "weight", {n, *d}, weightDist(*d, n, pt));
  if (failed(gw))
    return failure();
  Value gb;
  if (*gateBias) {
    FailureOr<Value> b = param(f, gname, "bias", {n}, biasDist(pt));
    if (failed(b))
      return failure();
    gb = *b;
  }
  Value logits =
      nn::DenseOp::create(builder, loc, x, *gw, gb, nn::ActivationAttr());
  Value gates =
      nn::SoftmaxOp::create(builder, loc, logits, Value(),
                            int64_t(sx.size() - 1), llvm::APFloat(1.0));
  SmallVector<Value> pieces;
  if (n == 1)
    pieces.push_back(gates);
  else
    llvm::append_range(pieces,
                       nn::SplitOp::create(builder, loc, gates, sx.size() - 1,
                                           SmallVector<int64_t>(n, 1))
                           .getResults());
  Value sum;
  for (int64_t i = 0; i < n; ++i) {
    Value term = nn::MulOp::create(builder, loc, pieces[i], outs[i]);
    sum = i ? nn::AddOp::create(builder, loc, sum, term).getResult() : term;
  }
  return sum;
}

} // namespace nnc::modelfile
