//===- ModelFileLayers.cpp - layers with parameters
//-------------------------===//
//
// dense, conv, attention, layer_norm / rms_norm / batch_norm, softmax,
// embedding, swiglu, rnn / lstm, kmeans (docs/ModelFile.md).
//
//===----------------------------------------------------------------------===//
#include "ModelFileImporter.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::modelfile;

namespace nnc::modelfile {

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

FailureOr<nn::ActivationAttr> parseActivation(Fields &f, MLIRContext *ctx) {
  FailureOr<std::string> name = f.getString("activation", std::string("none"));
  if (failed(name))
    return failure();
  std::optional<nn::Activation> act = nn::symbolizeActivation(*name);
  if (!act)
    return f.error("activation",
                   "has unknown value '" + *name +
                       "' (expected none, relu, leaky_relu, gelu, gelu_tanh, "
                       "silu, sigmoid, tanh, elu, softplus)"),
           failure();
  FloatAttr alpha;
  if (f.has("alpha")) {
    if (*act != nn::Activation::leaky_relu && *act != nn::Activation::elu)
      return f.error("alpha", "applies only to activation leaky_relu or elu, "
                              "not '" +
                                  *name + "'"),
             failure();
    FailureOr<double> a = f.getNumber("alpha", std::nullopt);
    if (failed(a))
      return failure();
    alpha = FloatAttr::get(Float64Type::get(ctx), *a);
  }
  return nn::ActivationAttr::getEpilogue(ctx, *act, alpha);
}

/// The static size of the last dimension, or an error.
FailureOr<int64_t> lastDim(Fields &f, Value x, llvm::StringRef what) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.empty() || ShapedType::isDynamic(s.back()))
    return f.error(llvm::formatv("input shape {0} has no static {1} (last "
                                 "dimension)",
                                 formatShape(s), what)),
           failure();
  return s.back();
}

LogicalResult checkFloat(Fields &f, Value x) {
  if (!isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType()))
    return f.error("needs a float input, got integer tensor " +
                   formatShape(shapeOf(x)) +
                   " (only 'embedding' takes indices)");
  return success();
}

FailureOr<Value> Importer::importDense(Fields &f, const std::string &name,
                                       Value x) {
  if (failed(f.checkKnown({COMMON, "in_features", "out_features", "bias",
                           "activation", "alpha"})))
    return failure();
  FailureOr<int64_t> out = f.getInt("out_features", std::nullopt, 1);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  FailureOr<nn::ActivationAttr> act = parseActivation(f, builder.getContext());
  if (failed(out) || failed(hasBias) || failed(act))
    return failure();
  FailureOr<int64_t> in = lastDim(f, x, "input features");
  if (failed(in))
    return failure();
  if (failed(f.checkDeclared("in_features", *in, shapeOf(x))))
    return failure();
  auto pt = InitDistribution::uniform(1.0 / std::sqrt(double(*in)));
  FailureOr<Value> w =
      param(f, name, "weight", {*out, *in}, weightDist(*in, *out, pt));
  if (failed(w))
    return failure();
  Value b;
  if (*hasBias) {
    FailureOr<Value> bv = param(f, name, "bias", {*out}, biasDist(pt));
    if (failed(bv))
      return failure();
    b = *bv;
  }
  return nn::DenseOp::create(builder, loc, x, *w, b, *act).getResult();
}

FailureOr<Value> Importer::importConv(Fields &f, const std::string &name,
                                      Value x) {
  if (failed(f.checkKnown({COMMON, "in_channels", "out_channels", "kernel",
                           "stride", "padding", "dilation", "groups", "bias",
                           "activation", "alpha"})))
    return failure();
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() != 3 && s.size() != 4)
    return f.error(llvm::formatv("input shape {0} must be [N, C, L] or "
                                 "[N, C, H, W]",
                                 formatShape(s))),
           failure();
  size_t nd = s.size() - 2;
  for (size_t i = 1; i < s.size(); ++i)
    if (ShapedType::isDynamic(s[i]))
      return f.error("input shape " + formatShape(s) +
                     " must be static except the batch"),
             failure();
  FailureOr<int64_t> cout = f.getInt("out_channels", std::nullopt, 1);
  FailureOr<SmallVector<int64_t>> kernel =
      f.getInts("kernel", nd, std::nullopt, 1);
  if (failed(cout) || failed(kernel))
    return failure();
  FailureOr<SmallVector<int64_t>> stride = f.getInts("stride", nd, 1, 1);
  FailureOr<SmallVector<int64_t>> pad = f.getInts("padding", nd, 0, 0);
  FailureOr<SmallVector<int64_t>> dil = f.getInts("dilation", nd, 1, 1);
  FailureOr<int64_t> groups = f.getInt("groups", 1, 1);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  FailureOr<nn::ActivationAttr> act = parseActivation(f, builder.getContext());
  if (failed(stride) || failed(pad) || failed(dil) || failed(groups) ||
      failed(hasBias) || failed(act))
    return failure();
  int64_t cin = s[1];
  if (failed(f.checkDeclared("in_channels", cin, s)))
    return failure();
  if (cin % *groups || *cout % *groups)
    return f.error("groups", llvm::formatv("({0}) must divide the input "
                                           "channels ({1}) and out_channels "
                                           "({2})",
                                           *groups, cin, *cout)),
           failure();
  for (size_t i = 0; i < nd; ++i) {
    int64_t span = (*dil)[i] * ((*kernel)[i] - 1) + 1;
    if (s[2 + i] + 2 * (*pad)[i] < span)
      return f.error("kernel",
                     llvm::formatv("{0} (dilation {1}) is larger than the "
                                   "padded input ({2} + 2*{3}) in spatial "
                                   "dimension {4}",
                                   (*kernel)[i], (*dil)[i], s[2 + i], (*pad)[i],
                                   i)),
             failure();
  }
  SmallVector<int64_t> wshape = {*cout, cin / *groups};
  int64_t fanIn = cin / *groups, fanOut = *cout / *groups;
  for (int64_t k : *kernel) {
    wshape.push_back(k);
    fanIn *= k;
    fanOut *= k;
  }
  auto pt = InitDistribution::uniform(1.0 / std::sqrt(double(fanIn)));
  FailureOr<Value> w =
      param(f, name, "weight", wshape, weightDist(fanIn, fanOut, pt));
  if (failed(w))
    return failure();
  Value b;
  if (*hasBias) {
    FailureOr<Value> bv = param(f, name, "bias", {*cout}, biasDist(pt));
    if (failed(bv))
      return failure();
    b = *bv;
  }
  SmallVector<int64_t> padding(*pad);
  padding.append(pad->begin(), pad->end());
  return nn::ConvOp::create(builder, loc, x, *w, b,
                            builder.getDenseI64ArrayAttr(*stride),
                            builder.getDenseI64ArrayAttr(padding),
                            builder.getDenseI64ArrayAttr(*dil), *groups, *act)
      .getResult();
}

FailureOr<Value> Importer::importAttention(Fields &f, const std::string &name,
                                           Value x) {
  if (failed(
          f.checkKnown({COMMON, "embed_dim", "num_heads", "causal", "bias"})))
    return failure();
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() != 3 || ShapedType::isDynamic(s[1]) ||
      ShapedType::isDynamic(s[2]))
    return f.error("input shape " + formatShape(s) +
                   " must be [batch, seq, embed] (seq and embed static)"),
           failure();
  int64_t e = s[2];
  FailureOr<int64_t> heads = f.getInt("num_heads", std::nullopt, 1);
  FailureOr<bool> causal = f.getBool("causal", false);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  if (failed(heads) || failed(causal) || failed(hasBias))
    return failure();
  if (failed(f.checkDeclared("embed_dim", e, s)))
    return failure();
  if (e % *heads)
    return f.error("num_heads", llvm::formatv("({0}) must divide the embed "
                                              "dimension {1}",
                                              *heads, e)),
           failure();
  // PyTorch's nn.MultiheadAttention: packed in_proj (xavier_uniform, zero
  // bias), out_proj like a Linear with zero bias.
  auto ptIn = InitDistribution::uniform(std::sqrt(6.0 / (e + 3 * e)));
  FailureOr<Value> inW =
      param(f, name, "in_proj_weight", {3 * e, e}, weightDist(e, 3 * e, ptIn));
  if (failed(inW))
    return failure();
  auto ptOut = InitDistribution::uniform(1.0 / std::sqrt(double(e)));
  FailureOr<Value> outW =
      param(f, name, "out_proj.weight", {e, e}, weightDist(e, e, ptOut));
  if (failed(outW))
    return failure();
  // Split the packed projection into its q, k, v rows.
  auto split = [&](Value packed, ArrayRef<int64_t> pieceShape) {
    auto attr = cast<DenseElementsAttr>(
        cast<arith::ConstantOp>(packed.getDefiningOp()).getValue());
    SmallVector<double> all;
    for (APFloat v : attr.getValues<APFloat>())
      all.push_back(v.convertToDouble());
    int64_t n = all.size() / 3;
    // The pieces are named <key>.q, <key>.k, <key>.v (a trainer writes them
    // as three tensors).
    StringRef key = packed.getDefiningOp()
                        ->getAttrOfType<StringAttr>(nnc::nn::kNameAttr)
                        .getValue();
    SmallVector<Value> out;
    for (int i = 0; i < 3; ++i)
      out.push_back(named(
          constant(pieceShape, llvm::ArrayRef<double>(all).slice(i * n, n)),
          key.str() + "." + "qkv"[i]));
    packed.getDefiningOp()->erase();
    return out;
  };
  SmallVector<Value> w = split(*inW, {e, e});
  SmallVector<Value> biases;
  if (*hasBias) {
    FailureOr<Value> inB = param(f, name, "in_proj_bias", {3 * e},
                                 biasDist(InitDistribution::constant(0)));
    FailureOr<Value> outB = param(f, name, "out_proj.bias", {e},
                                  biasDist(InitDistribution::constant(0)));
    if (failed(inB) || failed(outB))
      return failure();
    biases = split(*inB, {e});
    biases.push_back(*outB);
  }
  return nn::AttentionOp::create(builder, loc, x, x, x, w[0], w[1], w[2], *outW,
                                 biases, Value(), *heads, *causal, FloatAttr())
      .getResult();
}

FailureOr<Value> Importer::importNorm(Fields &f, llvm::StringRef type,
                                      const std::string &name, Value x) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (type == "batch_norm") {
    if (failed(f.checkKnown({COMMON, "num_features", "eps", "affine"})))
      return failure();
    FailureOr<double> eps = f.getNumber("eps", 1e-5);
    FailureOr<bool> affine = f.getBool("affine", true);
    if (failed(eps) || failed(affine))
      return failure();
    if (s.size() < 2 || ShapedType::isDynamic(s[1]))
      return f.error("input shape " + formatShape(s) +
                     " must be [N, C, ...] with static C"),
             failure();
    int64_t c = s[1];
    if (failed(f.checkDeclared("num_features", c, s)))
      return failure();
    if (*eps <= 0)
      return f.error("eps", "must be > 0"), failure();
    Value scale, bias;
    if (*affine) {
      FailureOr<Value> sv =
          param(f, name, "weight", {c}, InitDistribution::constant(1));
      FailureOr<Value> bv =
          param(f, name, "bias", {c}, InitDistribution::constant(0));
      if (failed(sv) || failed(bv))
        return failure();
      scale = *sv;
      bias = *bv;
    } else {
      scale = constant({c}, SmallVector<double>(c, 1.0));
      bias = constant({c}, SmallVector<double>(c, 0.0));
    }
    FailureOr<Value> mean =
        param(f, name, "running_mean", {c}, InitDistribution::constant(0));
    FailureOr<Value> var =
        param(f, name, "running_var", {c}, InitDistribution::constant(1));
    if (failed(mean) || failed(var))
      return failure();
    return nn::BatchNormOp::create(builder, loc, x, scale, bias, *mean, *var,
                                   llvm::APFloat(*eps))
        .getResult();
  }
  // layer_norm / rms_norm over the last dimension.
  bool isLayer = type == "layer_norm";
  if (failed(isLayer ? f.checkKnown({COMMON, "normalized_shape", "eps",
                                     "elementwise_affine", "bias"})
                     : f.checkKnown({COMMON, "normalized_shape", "eps",
                                     "elementwise_affine"})))
    return failure();
  FailureOr<double> eps = f.getNumber("eps", isLayer ? 1e-5 : 1e-6);
  FailureOr<bool> affine = f.getBool("elementwise_affine", true);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  if (failed(eps) || failed(affine) || failed(hasBias))
    return failure();
  if (*eps <= 0)
    return f.error("eps", "must be > 0"), failure();
  FailureOr<int64_t> d = lastDim(f, x, "features");
  if (failed(d))
    return failure();
  if (failed(f.checkDeclared("normalized_shape", *d, s)))
    return failure();
  Value scale, bias;
  if (*affine) {
    FailureOr<Value> sv =
        param(f, name, "weight", {*d}, InitDistribution::constant(1));
    if (failed(sv))
      return failure();
    scale = *sv;
    if (isLayer && *hasBias) {
      FailureOr<Value> bv =
          param(f, name, "bias", {*d}, InitDistribution::constant(0));
      if (failed(bv))
        return failure();
      bias = *bv;
    }
  }
  int64_t axis = s.size() - 1;
  if (isLayer)
    return nn::LayerNormOp::create(builder, loc, x, scale, bias, axis,
                                   llvm::APFloat(*eps))
        .getResult();
  return nn::RmsNormOp::create(builder, loc, x, scale, axis,
                               llvm::APFloat(*eps))
      .getResult();
}

FailureOr<Value> Importer::importSoftmax(Fields &f, llvm::StringRef type,
                                         Value x) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (type == "grid_softmax") {
    if (failed(f.checkKnown({COMMON, "groups", "temperature"})))
      return failure();
    FailureOr<int64_t> groups = f.getInt("groups", std::nullopt, 1);
    FailureOr<double> temp = f.getTemperature();
    if (failed(groups) || failed(temp))
      return failure();
    FailureOr<int64_t> d = lastDim(f, x, "features");
    if (failed(d))
      return failure();
    if (*d % *groups)
      return f.error("groups", llvm::formatv("({0}) must divide the last "
                                             "dimension of input shape {1}",
                                             *groups, formatShape(s))),
             failure();
    return nn::GridSoftmaxOp::create(builder, loc, x, *groups,
                                     llvm::APFloat(*temp))
        .getResult();
  }
  bool hasTemp = type != "sparsemax";
  if (failed(hasTemp ? f.checkKnown({COMMON, "axis", "temperature"})
                     : f.checkKnown({COMMON, "axis"})))
    return failure();
  FailureOr<int64_t> axis = f.getAxis("input", s);
  FailureOr<double> temp = f.getTemperature();
  if (failed(axis) || failed(temp))
    return failure();
  int64_t a = *axis;
  if (type == "softmax")
    return nn::SoftmaxOp::create(builder, loc, x, Value(), a,
                                 llvm::APFloat(*temp))
        .getResult();
  if (type == "log_softmax")
    return nn::LogSoftmaxOp::create(builder, loc, x, Value(), a,
                                    llvm::APFloat(*temp))
        .getResult();
  return nn::SparsemaxOp::create(builder, loc, x, a).getResult();
}

FailureOr<Value> Importer::importEmbedding(Fields &f, const std::string &name,
                                           Value x) {
  if (failed(f.checkKnown({COMMON, "num_embeddings", "embedding_dim"})))
    return failure();
  FailureOr<int64_t> v = f.getInt("num_embeddings", std::nullopt, 1);
  FailureOr<int64_t> d = f.getInt("embedding_dim", std::nullopt, 1);
  if (failed(v) || failed(d))
    return failure();
  if (!cast<RankedTensorType>(x.getType()).getElementType().isInteger())
    return f.error("needs integer indices (input dtype i32 or i64), got a "
                   "float tensor"),
           failure();
  auto pt = InitDistribution::normal(1.0);
  FailureOr<Value> table =
      param(f, name, "weight", {*v, *d}, weightDist(*d, *v, pt));
  if (failed(table))
    return failure();
  return nn::EmbeddingOp::create(builder, loc, x, *table).getResult();
}

FailureOr<Value> Importer::importSwiglu(Fields &f, const std::string &name,
                                        Value x) {
  if (failed(f.checkKnown({COMMON, "hidden_features", "out_features", "bias"})))
    return failure();
  FailureOr<int64_t> d = lastDim(f, x, "input features");
  if (failed(d))
    return failure();
  FailureOr<int64_t> h = f.getInt("hidden_features", std::nullopt, 1);
  FailureOr<int64_t> o = f.getInt("out_features", *d, 1);
  FailureOr<bool> hasBias = f.getBool("bias", false);
  if (failed(h) || failed(o) || failed(hasBias))
    return failure();
  auto ptD = InitDistribution::uniform(1.0 / std::sqrt(double(*d)));
  auto ptH = InitDistribution::uniform(1.0 / std::sqrt(double(*h)));
  FailureOr<Value> g =
      param(f, name, "gate.weight", {*h, *d}, weightDist(*d, *h, ptD));
  FailureOr<Value> u = failed(g) ? FailureOr<Value>(failure())
                                 : param(f, name, "up.weight", {*h, *d},
                                         weightDist(*d, *h, ptD));
  FailureOr<Value> dn = failed(u) ? FailureOr<Value>(failure())
                                  : param(f, name, "down.weight", {*o, *h},
                                          weightDist(*h, *o, ptH));
  if (failed(dn))
    return failure();
  SmallVector<Value> biases;
  if (*hasBias) {
    FailureOr<Value> gb = param(f, name, "gate.bias", {*h}, biasDist(ptD));
    FailureOr<Value> ub = failed(gb)
                              ? FailureOr<Value>(failure())
                              : param(f, name, "up.bias", {*h}, biasDist(ptD));
    FailureOr<Value> db =
        failed(ub) ? FailureOr<Value>(failure())
                   : param(f, name, "down.bias", {*o}, biasDist(ptH));
    if (failed(db))
      return failure();
    biases = {*gb, *ub, *db};
  }
  return nn::SwigluOp::create(builder, loc, x, *g, *u, *dn, biases).getResult();
}

FailureOr<Value> Importer::importRecurrent(Fields &f, llvm::StringRef type,
                                           const std::string &name, Value x) {
  bool isLstm = type == "lstm";
  if (failed(isLstm ? f.checkKnown({COMMON, "input_size", "hidden_size", "bias",
                                    "output"})
                    : f.checkKnown({COMMON, "input_size", "hidden_size", "bias",
                                    "output", "nonlinearity"})))
    return failure();
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() != 3 || ShapedType::isDynamic(s[1]) ||
      ShapedType::isDynamic(s[2]))
    return f.error("input shape " + formatShape(s) +
                   " must be [batch, seq, features] (seq and features "
                   "static)"),
           failure();
  int64_t in = s[2];
  FailureOr<int64_t> h = f.getInt("hidden_size", std::nullopt, 1);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  FailureOr<std::string> output =
      f.getString("output", std::string("sequence"));
  FailureOr<std::string> nonlin =
      f.getString("nonlinearity", std::string("tanh"));
  if (failed(h) || failed(hasBias) || failed(output) || failed(nonlin))
    return failure();
  if (*output != "sequence" && *output != "last")
    return f.error("output", "has unknown value '" + *output +
                                 "' (expected sequence or last)"),
           failure();
  std::optional<nn::RNNActivation> rnnAct = nn::symbolizeRNNActivation(*nonlin);
  if (!rnnAct)
    return f.error("nonlinearity", "has unknown value '" + *nonlin +
                                       "' (expected tanh or relu)"),
           failure();
  if (failed(f.checkDeclared("input_size", in, s)))
    return failure();
  int64_t g = isLstm ? 4 * *h : *h;
  auto pt = InitDistribution::uniform(1.0 / std::sqrt(double(*h)));
  FailureOr<Value> wih =
      param(f, name, "weight_ih_l0", {g, in}, weightDist(in, g, pt));
  FailureOr<Value> whh = failed(wih) ? FailureOr<Value>(failure())
                                     : param(f, name, "weight_hh_l0", {g, *h},
                                             weightDist(*h, g, pt));
  if (failed(whh))
    return failure();
  SmallVector<Value> biases;
  if (*hasBias) {
    FailureOr<Value> bih = param(f, name, "bias_ih_l0", {g}, biasDist(pt));
    FailureOr<Value> bhh =
        failed(bih) ? FailureOr<Value>(failure())
                    : param(f, name, "bias_hh_l0", {g}, biasDist(pt));
    if (failed(bhh))
      return failure();
    biases = {*bih, *bhh};
  }
  bool last = *output == "last";
  if (isLstm) {
    auto op =
        nn::LstmOp::create(builder, loc, x, *wih, *whh, biases, ValueRange());
    return last ? op.getHN() : op.getOutput();
  }
  auto op = nn::RnnOp::create(builder, loc, x, *wih, *whh, biases, ValueRange(),
                              *rnnAct);
  return last ? op.getHN() : op.getOutput();
}

FailureOr<Value> Importer::importKMeans(Fields &f, const std::string &name,
                                        Value x) {
  if (failed(f.checkKnown({COMMON, "clusters", "temperature"})))
    return failure();
  FailureOr<int64_t> k = f.getInt("clusters", std::nullopt, 1);
  FailureOr<double> temp = f.getTemperature();
  if (failed(k) || failed(temp))
    return failure();
  FailureOr<int64_t> d = lastDim(f, x, "features");
  if (failed(d))
    return failure();
  FailureOr<Value> centers =
      param(f, name, "centers", {*k, *d},
            weightDist(*d, *k, InitDistribution::normal(1.0)));
  if (failed(centers))
    return failure();
  return nn::KMeansOp::create(builder, loc, x, *centers, llvm::APFloat(*temp))
      .getResult();
}

} // namespace nnc::modelfile
