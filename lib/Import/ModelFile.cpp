//===- ModelFile.cpp - import nnc model files (JSON + safetensors) --------===//
//
// The format is specified in docs/ModelFile.md. Every layer's shapes are
// checked here, before any op is built (builders abort on inconsistent
// operands), and every error names the layer and the field.
//
//===----------------------------------------------------------------------===//
#include "nnc/Import/Import.h"
#include "nnc/Import/ModelFile.h"
#include "nnc/Import/SafeTensors.h"

#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Initialization
//===----------------------------------------------------------------------===//

std::optional<InitScheme> nnc::parseInitScheme(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<InitScheme>>(name)
      .Case("xavier_uniform", InitScheme::XavierUniform)
      .Case("glorot_uniform", InitScheme::XavierUniform)
      .Case("xavier_normal", InitScheme::XavierNormal)
      .Case("glorot_normal", InitScheme::XavierNormal)
      .Cases({"kaiming_uniform", "he_uniform"}, InitScheme::KaimingUniform)
      .Cases({"kaiming_normal", "he_normal"}, InitScheme::KaimingNormal)
      .Case("lecun_uniform", InitScheme::LecunUniform)
      .Case("lecun_normal", InitScheme::LecunNormal)
      .Case("pytorch", InitScheme::PyTorch)
      .Default(std::nullopt);
}

InitDistribution nnc::getWeightDistribution(InitScheme scheme, int64_t fanIn,
                                            int64_t fanOut) {
  double fi = std::max<int64_t>(fanIn, 1), fo = std::max<int64_t>(fanOut, 1);
  switch (scheme) {
  case InitScheme::XavierUniform:
    return InitDistribution::uniform(std::sqrt(6.0 / (fi + fo)));
  case InitScheme::XavierNormal:
    return InitDistribution::normal(std::sqrt(2.0 / (fi + fo)));
  case InitScheme::KaimingUniform:
    return InitDistribution::uniform(std::sqrt(6.0 / fi));
  case InitScheme::KaimingNormal:
    return InitDistribution::normal(std::sqrt(2.0 / fi));
  case InitScheme::LecunUniform:
    return InitDistribution::uniform(std::sqrt(3.0 / fi));
  case InitScheme::LecunNormal:
    return InitDistribution::normal(std::sqrt(1.0 / fi));
  case InitScheme::PyTorch:
    return InitDistribution::uniform(1.0 / std::sqrt(fi));
  }
  llvm_unreachable("unknown scheme");
}

namespace {
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
};

uint64_t fnv1a64(llvm::StringRef s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}
} // namespace

std::vector<double> nnc::drawInit(const InitDistribution &dist, int64_t count,
                                  uint64_t seed, llvm::StringRef tensorName) {
  std::vector<double> out(count);
  SplitMix64 rng{seed ^ fnv1a64(tensorName)};
  switch (dist.kind) {
  case InitDistribution::Constant:
    std::fill(out.begin(), out.end(), dist.a);
    break;
  case InitDistribution::Uniform:
    for (double &v : out)
      v = dist.a + (dist.b - dist.a) * rng.uniform();
    break;
  case InitDistribution::Normal:
    for (int64_t i = 0; i < count; i += 2) {
      double u1 = 1.0 - rng.uniform(); // (0, 1]
      double u2 = rng.uniform();
      double r = std::sqrt(-2.0 * std::log(u1));
      out[i] = dist.a + dist.b * r * std::cos(2 * M_PI * u2);
      if (i + 1 < count)
        out[i + 1] = dist.a + dist.b * r * std::sin(2 * M_PI * u2);
    }
    break;
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

namespace {

/// Bounds of integer fields and of one weight tensor (sizes are multiplied,
/// so each factor stays far from overflow).
constexpr int64_t kMaxInt = int64_t(1) << 31;
constexpr int64_t kMaxWeightElements = int64_t(1) << 28;
/// JSON nesting deeper than this is refused before parsing (the parser and
/// the importer recurse).
constexpr int kMaxJsonDepth = 256;

/// The deepest nesting of arrays/objects in `text` (outside strings).
int jsonDepth(llvm::StringRef text) {
  int depth = 0, maxDepth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '[' || c == '{')
      maxDepth = std::max(maxDepth, ++depth);
    else if (c == ']' || c == '}')
      --depth;
  }
  return maxDepth;
}

std::string shapeStr(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? "?" : std::to_string(d);
  }
  return s + "]";
}

llvm::ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Equal up to dynamic dimensions.
bool compatible(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip(a, b))
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return false;
  return true;
}

class Importer;

/// The fields of one JSON object (a layer, the model, `input`, `init`),
/// with typed getters that report the object and the field.
class Fields {
public:
  Fields(Importer &imp, const json::Object &obj, std::string context)
      : imp(imp), obj(obj), context(std::move(context)) {}

  /// Fails on a field that is not in `allowed`.
  LogicalResult checkKnown(llvm::ArrayRef<llvm::StringRef> allowed);

  InFlightDiagnostic error(const llvm::Twine &field, const llvm::Twine &msg);
  InFlightDiagnostic error(const llvm::Twine &msg);

  bool has(llvm::StringRef key) const { return obj.get(key) != nullptr; }
  const json::Value *get(llvm::StringRef key) const { return obj.get(key); }

  FailureOr<int64_t> getInt(llvm::StringRef key, std::optional<int64_t> def,
                            int64_t min = INT64_MIN);
  FailureOr<double> getNumber(llvm::StringRef key, std::optional<double> def);
  FailureOr<bool> getBool(llvm::StringRef key, bool def);
  FailureOr<std::string> getString(llvm::StringRef key,
                                   std::optional<std::string> def);
  /// An integer or a list of `n` integers (>= min); an integer is repeated.
  FailureOr<SmallVector<int64_t>> getInts(llvm::StringRef key, size_t n,
                                          std::optional<int64_t> def,
                                          int64_t min);
  FailureOr<const json::Array *> getArray(llvm::StringRef key);
  /// An optional integer field that restates a size the input determines
  /// (in_features, in_channels, ...): when present it must equal `actual`.
  LogicalResult checkDeclared(llvm::StringRef key, int64_t actual,
                              llvm::ArrayRef<int64_t> inputShape);

  const std::string &getContext() const { return context; }

private:
  Importer &imp;
  const json::Object &obj;
  std::string context;
};

class Importer {
public:
  Importer(MLIRContext *ctx, llvm::StringRef path, const ImportOptions &opts)
      : ctx(ctx), builder(ctx), path(path.str()), options(opts),
        loc(FileLineColLoc::get(ctx, path, 0, 0)) {}

  /// Imports the JSON text `json`, or the file at `path` when null.
  OwningOpRef<ModuleOp> run(std::optional<llvm::StringRef> json = {});

  InFlightDiagnostic error(const llvm::Twine &msg) {
    return emitError(loc) << msg;
  }

  /// A parameter tensor `<layer>.<suffix>` of the given shape: from the
  /// weights file (checked), else from the init scheme.
  FailureOr<Value> param(Fields &f, llvm::StringRef layerName,
                         llvm::StringRef suffix,
                         llvm::ArrayRef<int64_t> shape,
                         const InitDistribution &dist);
  Value constant(llvm::ArrayRef<int64_t> shape,
                 llvm::ArrayRef<double> values);
  /// Tags a weight constant with its safetensors name (`nn.name`), which
  /// nn-derive-backward gives the parameter and a trainer writes back.
  Value named(Value c, llvm::StringRef key) {
    c.getDefiningOp()->setAttr("nn.name", builder.getStringAttr(key));
    return c;
  }
  /// The distribution of a weight under the scheme (PyTorch's default is
  /// passed by the layer).
  InitDistribution weightDist(int64_t fanIn, int64_t fanOut,
                              InitDistribution pytorchDefault) {
    if (!scheme || *scheme == InitScheme::PyTorch)
      return pytorchDefault;
    return getWeightDistribution(*scheme, fanIn, fanOut);
  }
  InitDistribution biasDist(InitDistribution pytorchDefault) {
    if (!scheme || *scheme == InitScheme::PyTorch)
      return pytorchDefault;
    return InitDistribution::constant(0.0);
  }

  FailureOr<Value> importLayer(const json::Value &layer, Value x,
                               const std::string &defaultName);
  FailureOr<Value> importLayers(Fields &f, llvm::StringRef key, Value x,
                                const std::string &name);

  MLIRContext *ctx;
  OpBuilder builder;
  std::string path;
  ImportOptions options;
  /// Bytes of the parameters so far (against options.maxParameterBytes).
  uint64_t parameterBytes = 0;
  Location loc;
  Type floatType;
  std::unique_ptr<SafeTensorsFile> weights;
  std::string weightsPath;
  llvm::StringSet<> usedWeights;
  llvm::StringSet<> layerNames;
  std::optional<InitScheme> scheme;
  uint64_t seed = 0;

private:
  FailureOr<Value> importDense(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importConv(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importAttention(Fields &f, const std::string &name,
                                   Value x);
  FailureOr<Value> importNorm(Fields &f, llvm::StringRef type,
                              const std::string &name, Value x);
  FailureOr<Value> importSoftmax(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importEmbedding(Fields &f, const std::string &name,
                                   Value x);
  FailureOr<Value> importSwiglu(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importRecurrent(Fields &f, llvm::StringRef type,
                                   const std::string &name, Value x);
  FailureOr<Value> importKMeans(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importActivation(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importShape(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importPool(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importParallel(Fields &f, const std::string &name,
                                  Value x);
};

//===----------------------------------------------------------------------===//
// Fields
//===----------------------------------------------------------------------===//

InFlightDiagnostic Fields::error(const llvm::Twine &field,
                                 const llvm::Twine &msg) {
  return imp.error(context + ": field '" + field + "' " + msg);
}
InFlightDiagnostic Fields::error(const llvm::Twine &msg) {
  return imp.error(context + ": " + msg);
}

LogicalResult Fields::checkDeclared(llvm::StringRef key, int64_t actual,
                                    llvm::ArrayRef<int64_t> inputShape) {
  if (!has(key))
    return success();
  FailureOr<int64_t> declared = getInt(key, std::nullopt, 1);
  if (failed(declared))
    return failure();
  if (*declared != actual)
    return error(key, llvm::formatv("is {0}, but the input has shape {1}",
                                    *declared, shapeStr(inputShape))),
           failure();
  return success();
}

LogicalResult Fields::checkKnown(llvm::ArrayRef<llvm::StringRef> allowed) {
  for (const auto &kv : obj) {
    if (llvm::is_contained(allowed, llvm::StringRef(kv.first)))
      continue;
    std::string list;
    for (auto [i, a] : llvm::enumerate(allowed))
      list += (i ? ", " : "") + a.str();
    return error("has unknown field '" + kv.first.str() + "' (allowed: " +
                 list + ")");
  }
  return success();
}

static const char *kindName(const json::Value &v) {
  switch (v.kind()) {
  case json::Value::Null: return "null";
  case json::Value::Boolean: return "a boolean";
  case json::Value::Number: return "a number";
  case json::Value::String: return "a string";
  case json::Value::Array: return "an array";
  case json::Value::Object: return "an object";
  }
  return "?";
}

FailureOr<int64_t> Fields::getInt(llvm::StringRef key,
                                  std::optional<int64_t> def, int64_t min) {
  const json::Value *v = obj.get(key);
  if (!v) {
    if (def)
      return *def;
    return error("is missing required field '" + key + "'"), failure();
  }
  std::optional<int64_t> i = v->getAsInteger();
  if (v->kind() != json::Value::Number || !i)
    return error(key, llvm::Twine("must be an integer, got ") + kindName(*v)),
           failure();
  if (*i < min)
    return error(key, llvm::formatv("must be >= {0}, got {1}", min, *i)),
           failure();
  if (*i > kMaxInt)
    return error(key, llvm::formatv("is too large ({0})", *i)), failure();
  return *i;
}

FailureOr<double> Fields::getNumber(llvm::StringRef key,
                                    std::optional<double> def) {
  const json::Value *v = obj.get(key);
  if (!v) {
    if (def)
      return *def;
    return error("is missing required field '" + key + "'"), failure();
  }
  std::optional<double> d = v->getAsNumber();
  if (!d)
    return error(key, llvm::Twine("must be a number, got ") + kindName(*v)),
           failure();
  if (!std::isfinite(*d))
    return error(key, "must be finite"), failure();
  return *d;
}

FailureOr<bool> Fields::getBool(llvm::StringRef key, bool def) {
  const json::Value *v = obj.get(key);
  if (!v)
    return def;
  std::optional<bool> b = v->getAsBoolean();
  if (!b)
    return error(key, llvm::Twine("must be a boolean, got ") + kindName(*v)),
           failure();
  return *b;
}

FailureOr<std::string> Fields::getString(llvm::StringRef key,
                                         std::optional<std::string> def) {
  const json::Value *v = obj.get(key);
  if (!v) {
    if (def)
      return *def;
    return error("is missing required field '" + key + "'"), failure();
  }
  std::optional<llvm::StringRef> s = v->getAsString();
  if (!s)
    return error(key, llvm::Twine("must be a string, got ") + kindName(*v)),
           failure();
  return s->str();
}

FailureOr<SmallVector<int64_t>> Fields::getInts(llvm::StringRef key, size_t n,
                                                std::optional<int64_t> def,
                                                int64_t min) {
  const json::Value *v = obj.get(key);
  if (!v) {
    if (def)
      return SmallVector<int64_t>(n, *def);
    return error("is missing required field '" + key + "'"), failure();
  }
  SmallVector<int64_t> out;
  auto checkOne = [&](const json::Value &e) -> LogicalResult {
    std::optional<int64_t> i = e.getAsInteger();
    if (e.kind() != json::Value::Number || !i)
      return error(key, llvm::Twine("must be an integer or a list of ") +
                            llvm::Twine(n) + " integers"),
             failure();
    if (*i < min || *i > kMaxInt)
      return error(key, llvm::formatv("entries must be >= {0}, got {1}", min,
                                      *i)),
             failure();
    out.push_back(*i);
    return success();
  };
  if (const json::Array *a = v->getAsArray()) {
    if (a->size() != n)
      return error(key, llvm::formatv("has {0} entries, expected {1}",
                                      a->size(), n)),
             failure();
    for (const json::Value &e : *a)
      if (failed(checkOne(e)))
        return failure();
    return out;
  }
  if (failed(checkOne(*v)))
    return failure();
  return SmallVector<int64_t>(n, out[0]);
}

FailureOr<const json::Array *> Fields::getArray(llvm::StringRef key) {
  const json::Value *v = obj.get(key);
  if (!v)
    return error("is missing required field '" + key + "'"), failure();
  const json::Array *a = v->getAsArray();
  if (!a)
    return error(key, llvm::Twine("must be an array, got ") + kindName(*v)),
           failure();
  return a;
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

Value Importer::constant(llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<double> values) {
  auto type = RankedTensorType::get(shape, floatType);
  DenseElementsAttr attr;
  if (floatType.isF64()) {
    attr = DenseElementsAttr::get(type, values);
  } else {
    SmallVector<float> f(values.begin(), values.end());
    attr = DenseElementsAttr::get(type, llvm::ArrayRef<float>(f));
  }
  return arith::ConstantOp::create(builder, loc, type, attr);
}

FailureOr<Value> Importer::param(Fields &f, llvm::StringRef layerName,
                                 llvm::StringRef suffix,
                                 llvm::ArrayRef<int64_t> shape,
                                 const InitDistribution &dist) {
  std::string key = (layerName + "." + suffix).str();
  int64_t numel = 1;
  bool overflow = false;
  for (int64_t d : shape)
    overflow |= __builtin_mul_overflow(numel, d, &numel);
  if (overflow || numel > kMaxWeightElements)
    return f.error(llvm::formatv("weight '{0}' has shape {1}: too many "
                                 "elements",
                                 key, shapeStr(shape))),
           failure();
  // The parameters together are capped before this one is allocated.
  parameterBytes += uint64_t(numel) * (floatType.getIntOrFloatBitWidth() / 8);
  if (parameterBytes > options.maxParameterBytes)
    return f.error(llvm::formatv(
               "weight '{0}' takes the model's parameters to {1} bytes, more "
               "than the {2} allowed (--max-parameter-bytes)",
               key, parameterBytes, options.maxParameterBytes)),
           failure();
  if (weights) {
    if (const SafeTensor *t = weights->lookup(key)) {
      usedWeights.insert(key);
      if (llvm::ArrayRef<int64_t>(t->shape) != shape)
        return f.error(llvm::formatv("weight '{0}' has shape {1}, expected {2}",
                                     key, shapeStr(t->shape),
                                     shapeStr(shape))),
               failure();
      if (t->dtype != SafeTensorDType::F32 &&
          t->dtype != SafeTensorDType::F64 &&
          t->dtype != SafeTensorDType::F16 &&
          t->dtype != SafeTensorDType::BF16)
        return f.error(llvm::formatv("weight '{0}' has dtype {1}, expected a "
                                     "float dtype (F16, BF16, F32, F64)",
                                     key, getSafeTensorDTypeName(t->dtype))),
               failure();
      std::vector<double> values = t->toDoubles();
      return named(constant(shape, values), key);
    }
  }
  if (!scheme)
    return f.error(llvm::formatv(
               "weight '{0}' (shape {1}) is not in {2} and the model has no "
               "'init' to initialize it",
               key, shapeStr(shape),
               weights ? "'" + weightsPath + "'" : "a weights file")),
           failure();
  return named(constant(shape, drawInit(dist, numel, seed, key)), key);
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

/// Fields every layer may have.
#define COMMON "type", "name"

static FailureOr<nn::Activation> parseActivation(Fields &f,
                                                 std::optional<double> &alpha) {
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
  alpha.reset();
  if (f.has("alpha")) {
    if (*act != nn::Activation::leaky_relu && *act != nn::Activation::elu)
      return f.error("alpha", "applies only to activation leaky_relu or elu, "
                              "not '" + *name + "'"),
             failure();
    FailureOr<double> a = f.getNumber("alpha", std::nullopt);
    if (failed(a))
      return failure();
    alpha = *a;
  }
  return *act;
}

/// The static size of the last dimension, or an error.
static FailureOr<int64_t> lastDim(Fields &f, Value x, llvm::StringRef what) {
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.empty() || ShapedType::isDynamic(s.back()))
    return f.error(llvm::formatv("input shape {0} has no static {1} (last "
                                 "dimension)",
                                 shapeStr(s), what)),
           failure();
  return s.back();
}

static LogicalResult checkFloat(Fields &f, Value x) {
  if (!isa<FloatType>(cast<RankedTensorType>(x.getType()).getElementType()))
    return f.error("needs a float input, got integer tensor " +
                   shapeStr(shapeOf(x)) + " (only 'embedding' takes indices)");
  return success();
}

FailureOr<Value> Importer::importDense(Fields &f, const std::string &name,
                                       Value x) {
  if (failed(f.checkKnown({COMMON, "in_features", "out_features", "bias",
                           "activation", "alpha"})))
    return failure();
  FailureOr<int64_t> out = f.getInt("out_features", std::nullopt, 1);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  std::optional<double> alpha;
  FailureOr<nn::Activation> act = parseActivation(f, alpha);
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
  FloatAttr alphaAttr = alpha ? builder.getF64FloatAttr(*alpha) : FloatAttr();
  return nn::DenseOp::create(builder, loc, x, *w, b, *act, alphaAttr)
      .getResult();
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
                                 shapeStr(s))),
           failure();
  size_t nd = s.size() - 2;
  for (size_t i = 1; i < s.size(); ++i)
    if (ShapedType::isDynamic(s[i]))
      return f.error("input shape " + shapeStr(s) +
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
  std::optional<double> alpha;
  FailureOr<nn::Activation> act = parseActivation(f, alpha);
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
                                   (*kernel)[i], (*dil)[i], s[2 + i],
                                   (*pad)[i], i)),
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
  FloatAttr alphaAttr = alpha ? builder.getF64FloatAttr(*alpha) : FloatAttr();
  return nn::ConvOp::create(builder, loc, x, *w, b,
                            builder.getDenseI64ArrayAttr(*stride),
                            builder.getDenseI64ArrayAttr(padding),
                            builder.getDenseI64ArrayAttr(*dil), *groups, *act,
                            alphaAttr)
      .getResult();
}

FailureOr<Value> Importer::importAttention(Fields &f, const std::string &name,
                                           Value x) {
  if (failed(f.checkKnown({COMMON, "embed_dim", "num_heads", "causal",
                           "bias"})))
    return failure();
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() != 3 || ShapedType::isDynamic(s[1]) ||
      ShapedType::isDynamic(s[2]))
    return f.error("input shape " + shapeStr(s) +
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
  FailureOr<Value> inW = param(f, name, "in_proj_weight", {3 * e, e},
                               weightDist(e, 3 * e, ptIn));
  if (failed(inW))
    return failure();
  auto ptOut = InitDistribution::uniform(1.0 / std::sqrt(double(e)));
  FailureOr<Value> outW = param(f, name, "out_proj.weight", {e, e},
                                weightDist(e, e, ptOut));
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
                        ->getAttrOfType<StringAttr>("nn.name")
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
  return nn::AttentionOp::create(builder, loc, x, x, x, w[0], w[1], w[2],
                                 *outW, biases, Value(), *heads, *causal,
                                 FloatAttr())
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
      return f.error("input shape " + shapeStr(s) +
                     " must be [N, C, ...] with static C"),
             failure();
    int64_t c = s[1];
    if (failed(f.checkDeclared("num_features", c, s)))
      return failure();
    if (*eps <= 0)
      return f.error("eps", "must be > 0"), failure();
    Value scale, bias;
    if (*affine) {
      FailureOr<Value> sv = param(f, name, "weight", {c},
                                  InitDistribution::constant(1));
      FailureOr<Value> bv = param(f, name, "bias", {c},
                                  InitDistribution::constant(0));
      if (failed(sv) || failed(bv))
        return failure();
      scale = *sv;
      bias = *bv;
    } else {
      scale = constant({c}, SmallVector<double>(c, 1.0));
      bias = constant({c}, SmallVector<double>(c, 0.0));
    }
    FailureOr<Value> mean = param(f, name, "running_mean", {c},
                                  InitDistribution::constant(0));
    FailureOr<Value> var = param(f, name, "running_var", {c},
                                 InitDistribution::constant(1));
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
  int64_t rank = s.size();
  if (type == "grid_softmax") {
    if (failed(f.checkKnown({COMMON, "groups", "temperature"})))
      return failure();
    FailureOr<int64_t> groups = f.getInt("groups", std::nullopt, 1);
    FailureOr<double> temp = f.getNumber("temperature", 1.0);
    if (failed(groups) || failed(temp))
      return failure();
    if (*temp <= 0)
      return f.error("temperature", "must be > 0"), failure();
    FailureOr<int64_t> d = lastDim(f, x, "features");
    if (failed(d))
      return failure();
    if (*d % *groups)
      return f.error("groups", llvm::formatv("({0}) must divide the last "
                                             "dimension of input shape {1}",
                                             *groups, shapeStr(s))),
             failure();
    return nn::GridSoftmaxOp::create(builder, loc, x, *groups,
                                     llvm::APFloat(*temp))
        .getResult();
  }
  bool hasTemp = type != "sparsemax";
  if (failed(hasTemp ? f.checkKnown({COMMON, "axis", "temperature"})
                     : f.checkKnown({COMMON, "axis"})))
    return failure();
  FailureOr<int64_t> axis = f.getInt("axis", -1);
  FailureOr<double> temp = f.getNumber("temperature", 1.0);
  if (failed(axis) || failed(temp))
    return failure();
  if (*axis < -rank || *axis >= rank)
    return f.error("axis", llvm::formatv("({0}) is out of range for input "
                                         "shape {1}",
                                         *axis, shapeStr(s))),
           failure();
  int64_t a = *axis < 0 ? *axis + rank : *axis;
  if (ShapedType::isDynamic(s[a]))
    return f.error("axis", "selects the dynamic batch dimension"), failure();
  if (*temp <= 0)
    return f.error("temperature", "must be > 0"), failure();
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
  if (failed(f.checkKnown({COMMON, "hidden_features", "out_features",
                           "bias"})))
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
  FailureOr<Value> u =
      failed(g) ? FailureOr<Value>(failure())
                : param(f, name, "up.weight", {*h, *d}, weightDist(*d, *h, ptD));
  FailureOr<Value> dn =
      failed(u) ? FailureOr<Value>(failure())
                : param(f, name, "down.weight", {*o, *h},
                        weightDist(*h, *o, ptH));
  if (failed(dn))
    return failure();
  SmallVector<Value> biases;
  if (*hasBias) {
    FailureOr<Value> gb = param(f, name, "gate.bias", {*h}, biasDist(ptD));
    FailureOr<Value> ub =
        failed(gb) ? FailureOr<Value>(failure()) : param(f, name, "up.bias", {*h}, biasDist(ptD));
    FailureOr<Value> db =
        failed(ub) ? FailureOr<Value>(failure())
                   : param(f, name, "down.bias", {*o}, biasDist(ptH));
    if (failed(db))
      return failure();
    biases = {*gb, *ub, *db};
  }
  return nn::SwigluOp::create(builder, loc, x, *g, *u, *dn, biases)
      .getResult();
}

FailureOr<Value> Importer::importRecurrent(Fields &f, llvm::StringRef type,
                                           const std::string &name, Value x) {
  bool isLstm = type == "lstm";
  if (failed(isLstm ? f.checkKnown({COMMON, "input_size", "hidden_size",
                                    "bias", "output"})
                    : f.checkKnown({COMMON, "input_size", "hidden_size",
                                    "bias", "output", "nonlinearity"})))
    return failure();
  llvm::ArrayRef<int64_t> s = shapeOf(x);
  if (s.size() != 3 || ShapedType::isDynamic(s[1]) ||
      ShapedType::isDynamic(s[2]))
    return f.error("input shape " + shapeStr(s) +
                   " must be [batch, seq, features] (seq and features "
                   "static)"),
           failure();
  int64_t in = s[2];
  FailureOr<int64_t> h = f.getInt("hidden_size", std::nullopt, 1);
  FailureOr<bool> hasBias = f.getBool("bias", true);
  FailureOr<std::string> output = f.getString("output", std::string("sequence"));
  FailureOr<std::string> nonlin =
      f.getString("nonlinearity", std::string("tanh"));
  if (failed(h) || failed(hasBias) || failed(output) || failed(nonlin))
    return failure();
  if (*output != "sequence" && *output != "last")
    return f.error("output", "has unknown value '" + *output +
                                 "' (expected sequence or last)"),
           failure();
  std::optional<nn::RNNActivation> rnnAct =
      nn::symbolizeRNNActivation(*nonlin);
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
  FailureOr<Value> whh =
      failed(wih) ? FailureOr<Value>(failure())
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
    auto op = nn::LstmOp::create(builder, loc, x, *wih, *whh, biases,
                                 ValueRange());
    return last ? op.getHN() : op.getOutput();
  }
  auto op = nn::RnnOp::create(builder, loc, x, *wih, *whh, biases,
                              ValueRange(), *rnnAct);
  return last ? op.getHN() : op.getOutput();
}

FailureOr<Value> Importer::importKMeans(Fields &f, const std::string &name,
                                        Value x) {
  if (failed(f.checkKnown({COMMON, "clusters", "temperature"})))
    return failure();
  FailureOr<int64_t> k = f.getInt("clusters", std::nullopt, 1);
  FailureOr<double> temp = f.getNumber("temperature", 1.0);
  if (failed(k) || failed(temp))
    return failure();
  if (*temp <= 0)
    return f.error("temperature", "must be > 0"), failure();
  FailureOr<int64_t> d = lastDim(f, x, "features");
  if (failed(d))
    return failure();
  FailureOr<Value> centers = param(f, name, "centers", {*k, *d},
                                   weightDist(*d, *k,
                                              InitDistribution::normal(1.0)));
  if (failed(centers))
    return failure();
  return nn::KMeansOp::create(builder, loc, x, *centers, llvm::APFloat(*temp))
      .getResult();
}

FailureOr<Value> Importer::importActivation(Fields &f, llvm::StringRef type,
                                            Value x) {
  if (type == "leaky_relu" || type == "elu") {
    if (failed(f.checkKnown({COMMON, "alpha"})))
      return failure();
    FailureOr<double> alpha =
        f.getNumber("alpha", type == "elu" ? 1.0 : 0.01);
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
  if (failed(f.checkKnown({COMMON})))
    return failure();
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
      return f.error("rate", llvm::formatv("must be in [0, 1), got {0}",
                                           *rate)),
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
                                           *axis, rank, shapeStr(s))),
             failure();
    for (int64_t i = 1; i < rank; ++i)
      if (ShapedType::isDynamic(s[i]))
        return f.error("input shape " + shapeStr(s) +
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
      return f.error("input shape " + shapeStr(s) +
                     " must be static except the batch"),
             failure();
    if (__builtin_mul_overflow(have, s[i], &have))
      return f.error("input shape " + shapeStr(s) + " has too many elements"),
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
                                            have, shapeStr(s))),
             failure();
    target[inferAt] = have / known;
    known = have;
  }
  if (known != have)
    return f.error("shape", llvm::formatv("has {0} elements per sample, the "
                                          "input shape {1} has {2}",
                                          known, shapeStr(s), have)),
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
                                 shapeStr(s))),
           failure();
  for (size_t i = 1; i < s.size(); ++i)
    if (ShapedType::isDynamic(s[i]))
      return f.error("input shape " + shapeStr(s) +
                     " must be static except the batch"),
             failure();
  nn::PoolKind kind = isMax ? nn::PoolKind::max : nn::PoolKind::avg;
  if (global) {
    if (failed(f.checkKnown({COMMON})))
      return failure();
    return nn::GlobalPoolOp::create(builder, loc, x, kind).getResult();
  }
  size_t nd = s.size() - 2;
  if (failed(isMax ? f.checkKnown({COMMON, "kernel", "stride", "padding",
                                   "ceil_mode"})
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
  if (failed(f.checkKnown({COMMON, "branches", "combine", "axis",
                           "gate_bias"})))
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
    return f.error("gate_bias", "applies only to combine 'filter'"),
           failure();
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
    FailureOr<int64_t> axis = f.getInt("axis", -1);
    if (failed(axis))
      return failure();
    if (*axis < -rank || *axis >= rank)
      return f.error("axis", llvm::formatv("({0}) is out of range for branch "
                                           "output shape {1}",
                                           *axis, shapeStr(s0))),
             failure();
    int64_t a = *axis < 0 ? *axis + rank : *axis;
    if (ShapedType::isDynamic(s0[a]))
      return f.error("axis", "selects the dynamic batch dimension"),
             failure();
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
                                     i, shapeStr(si), shapeStr(s0), a)),
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
                                   i, shapeStr(shapeOf(y)), shapeStr(s0),
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
  bool ok = (int64_t)sx.size() == rank &&
            compatible(sx.drop_back(), s0.drop_back());
  if (!ok)
    return f.error("branches",
                   llvm::formatv("combine 'filter' needs branch outputs "
                                 "[..., F] with the input's leading "
                                 "dimensions: input {0}, branch output {1}",
                                 shapeStr(sx), shapeStr(s0))),
           failure();
  std::string gname = name + ".gate";
  auto pt = InitDistribution::uniform(1.0 / std::sqrt(double(*d)));
  FailureOr<Value> gw = param(f, gname, "weight", {n, *d},
                              weightDist(*d, n, pt));
  if (failed(gw))
    return failure();
  Value gb;
  if (*gateBias) {
    FailureOr<Value> b = param(f, gname, "bias", {n}, biasDist(pt));
    if (failed(b))
      return failure();
    gb = *b;
  }
  Value logits = nn::DenseOp::create(builder, loc, x, *gw, gb,
                                     nn::Activation::none, FloatAttr());
  Value gates = nn::SoftmaxOp::create(builder, loc, logits, Value(),
                                      int64_t(sx.size() - 1),
                                      llvm::APFloat(1.0));
  SmallVector<Value> pieces;
  if (n == 1)
    pieces.push_back(gates);
  else
    llvm::append_range(
        pieces, nn::SplitOp::create(builder, loc, gates, sx.size() - 1,
                                    SmallVector<int64_t>(n, 1))
                    .getResults());
  Value sum;
  for (int64_t i = 0; i < n; ++i) {
    Value term = nn::MulOp::create(builder, loc, pieces[i], outs[i]);
    sum = i ? nn::AddOp::create(builder, loc, sum, term).getResult() : term;
  }
  return sum;
}

FailureOr<Value> Importer::importLayers(Fields &f, llvm::StringRef key,
                                        Value x, const std::string &name) {
  FailureOr<const json::Array *> arr = f.getArray(key);
  if (failed(arr))
    return failure();
  for (auto [i, l] : llvm::enumerate(**arr)) {
    std::string child = name.empty() ? std::to_string(i)
                                     : name + "." + std::to_string(i);
    FailureOr<Value> y = importLayer(l, x, child);
    if (failed(y))
      return failure();
    x = *y;
  }
  return x;
}

FailureOr<Value> Importer::importLayer(const json::Value &layer, Value x,
                                       const std::string &defaultName) {
  const json::Object *obj = layer.getAsObject();
  if (!obj)
    return error("layer '" + defaultName + "': must be an object, got " +
                 kindName(layer)),
           failure();
  std::string name = defaultName;
  if (const json::Value *n = obj->get("name")) {
    std::optional<llvm::StringRef> s = n->getAsString();
    if (!s || s->empty())
      return error("layer '" + defaultName +
                   "': field 'name' must be a non-empty string"),
             failure();
    name = s->str();
  }
  const json::Value *t = obj->get("type");
  if (!t)
    return error("layer '" + name + "': is missing required field 'type'"),
           failure();
  std::optional<llvm::StringRef> type = t->getAsString();
  if (!type)
    return error("layer '" + name + "': field 'type' must be a string"),
           failure();
  Fields f(*this, *obj, "layer '" + name + "' (" + type->str() + ")");
  if (!layerNames.insert(name).second)
    return f.error("name", "'" + name + "' is already the name of another "
                           "layer (names select the weights)"),
           failure();
  llvm::StringRef ty = *type;
  if (ty != "embedding" && failed(checkFloat(f, x)))
    return failure();
  if (ty == "dense")
    return importDense(f, name, x);
  if (ty == "conv")
    return importConv(f, name, x);
  if (ty == "attention")
    return importAttention(f, name, x);
  if (ty == "layer_norm" || ty == "rms_norm" || ty == "batch_norm")
    return importNorm(f, ty, name, x);
  if (ty == "softmax" || ty == "log_softmax" || ty == "sparsemax" ||
      ty == "grid_softmax")
    return importSoftmax(f, ty, x);
  if (ty == "embedding")
    return importEmbedding(f, name, x);
  if (ty == "swiglu")
    return importSwiglu(f, name, x);
  if (ty == "rnn" || ty == "lstm")
    return importRecurrent(f, ty, name, x);
  if (ty == "kmeans")
    return importKMeans(f, name, x);
  if (ty == "relu" || ty == "leaky_relu" || ty == "gelu" || ty == "silu" ||
      ty == "sigmoid" || ty == "tanh" || ty == "elu" || ty == "softplus")
    return importActivation(f, ty, x);
  if (ty == "dropout" || ty == "flatten" || ty == "reshape")
    return importShape(f, ty, x);
  if (ty == "max_pool" || ty == "avg_pool" || ty == "global_max_pool" ||
      ty == "global_avg_pool")
    return importPool(f, ty, x);
  if (ty == "sequential") {
    if (failed(f.checkKnown({COMMON, "layers"})))
      return failure();
    return importLayers(f, "layers", x, name);
  }
  if (ty == "residual") {
    if (failed(f.checkKnown({COMMON, "layers"})))
      return failure();
    FailureOr<Value> y = importLayers(f, "layers", x, name);
    if (failed(y))
      return failure();
    if (!compatible(shapeOf(*y), shapeOf(x)))
      return f.error("layers",
                     llvm::formatv("produce shape {0}, but a residual needs "
                                   "the input shape {1}",
                                   shapeStr(shapeOf(*y)),
                                   shapeStr(shapeOf(x)))),
             failure();
    return nn::AddOp::create(builder, loc, x, *y).getResult();
  }
  if (ty == "parallel")
    return importParallel(f, name, x);
  return f.error("type",
                 "has unknown value '" + ty.str() +
                     "' (see docs/ModelFile.md for the layer types)"),
         failure();
}

OwningOpRef<ModuleOp> Importer::run(std::optional<llvm::StringRef> json) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      json ? llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>(
                 llvm::MemoryBuffer::getMemBuffer(
                     *json, path, /*RequiresNullTerminator=*/false))
           : readInputFile(path, options.maxInputBytes, /*isText=*/true);
  if (!buffer)
    return error(llvm::toString(buffer.takeError())), nullptr;
  if (json && json->size() > options.maxInputBytes)
    return error(llvm::formatv("the model is {0} bytes, more than the limit "
                               "of {1}",
                               json->size(), options.maxInputBytes)),
           nullptr;
  if (jsonDepth((*buffer)->getBuffer()) > kMaxJsonDepth)
    return error(llvm::formatv("JSON nesting deeper than {0} levels",
                               kMaxJsonDepth)),
           nullptr;
  llvm::Expected<json::Value> root = json::parse((*buffer)->getBuffer());
  if (!root)
    return error("invalid JSON: " + llvm::toString(root.takeError())),
           nullptr;
  const json::Object *obj = root->getAsObject();
  if (!obj)
    return error("the model must be a JSON object"), nullptr;
  Fields model(*this, *obj, "model");
  if (failed(model.checkKnown({"format", "version", "name", "input",
                               "weights", "init", "layers"})))
    return nullptr;
  FailureOr<std::string> format = model.getString("format", std::nullopt);
  if (failed(format))
    return nullptr;
  if (*format != "nnc-model")
    return model.error("format", "must be \"nnc-model\", got \"" + *format +
                                     "\""),
           nullptr;
  FailureOr<int64_t> version = model.getInt("version", std::nullopt);
  if (failed(version))
    return nullptr;
  if (*version != 1)
    return model.error("version", llvm::formatv("is {0}; this nnc reads "
                                                "version 1",
                                                *version)),
           nullptr;
  FailureOr<std::string> modelName = model.getString("name", std::string("main"));
  if (failed(modelName))
    return nullptr;
  if (modelName->empty())
    return model.error("name", "must not be empty"), nullptr;

  // input
  const json::Value *inputValue = obj->get("input");
  if (!inputValue)
    return model.error("is missing required field 'input'"), nullptr;
  const json::Object *inputObj = inputValue->getAsObject();
  if (!inputObj)
    return model.error("input", "must be an object"), nullptr;
  Fields input(*this, *inputObj, "input");
  if (failed(input.checkKnown({"shape", "dtype"})))
    return nullptr;
  FailureOr<const json::Array *> shapeArr = input.getArray("shape");
  FailureOr<std::string> dtype = input.getString("dtype", std::string("f32"));
  if (failed(shapeArr) || failed(dtype))
    return nullptr;
  SmallVector<int64_t> inShape;
  for (auto [i, e] : llvm::enumerate(**shapeArr)) {
    std::optional<int64_t> d = e.getAsInteger();
    if (e.kind() != json::Value::Number || !d || *d < 1 || *d > kMaxInt)
      return input.error("shape", llvm::formatv("entry {0} must be a positive "
                                                "integer",
                                                i)),
             nullptr;
    inShape.push_back(*d);
  }
  int64_t inElements = 1;
  for (int64_t d : inShape)
    if (__builtin_mul_overflow(inElements, d, &inElements) ||
        inElements > (int64_t(1) << 40))
      return input.error("shape", "has too many elements"), nullptr;
  if (inShape.empty() || inShape.size() > 8)
    return input.error("shape", "must have 1 to 8 dimensions (the first is "
                                "the batch)"),
           nullptr;
  if (options.dynamicBatch)
    inShape[0] = ShapedType::kDynamic;
  Type inElem = llvm::StringSwitch<Type>(*dtype)
                    .Case("f32", builder.getF32Type())
                    .Case("f64", builder.getF64Type())
                    .Case("i32", builder.getI32Type())
                    .Case("i64", builder.getI64Type())
                    .Default(Type());
  if (!inElem)
    return input.error("dtype", "has unknown value '" + *dtype +
                                    "' (expected f32, f64, i32 or i64)"),
           nullptr;
  floatType = inElem.isF64() ? builder.getF64Type() : builder.getF32Type();

  // weights
  if (model.has("weights")) {
    FailureOr<std::string> w = model.getString("weights", std::nullopt);
    if (failed(w))
      return nullptr;
    llvm::SmallString<256> full;
    if (llvm::sys::path::is_absolute(*w)) {
      full = *w;
    } else {
      full = llvm::sys::path::parent_path(path);
      llvm::sys::path::append(full, *w);
    }
    weightsPath = std::string(full);
    auto file = SafeTensorsFile::open(full, options.maxInputBytes);
    if (!file)
      return model.error("weights", "'" + weightsPath + "': " +
                                        llvm::toString(file.takeError())),
             nullptr;
    weights = std::move(*file);
  }
  // init
  if (model.has("init")) {
    const json::Object *initObj = obj->get("init")->getAsObject();
    if (!initObj)
      return model.error("init", "must be an object"), nullptr;
    Fields init(*this, *initObj, "init");
    if (failed(init.checkKnown({"scheme", "seed"})))
      return nullptr;
    FailureOr<std::string> s = init.getString("scheme", std::nullopt);
    FailureOr<int64_t> sd = init.getInt("seed", 0, 0);
    if (failed(s) || failed(sd))
      return nullptr;
    scheme = parseInitScheme(*s);
    if (!scheme)
      return init.error("scheme",
                        "has unknown value '" + *s +
                            "' (expected xavier_uniform, xavier_normal, "
                            "kaiming_uniform, kaiming_normal, lecun_uniform, "
                            "lecun_normal or pytorch)"),
             nullptr;
    seed = *sd;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto inType = RankedTensorType::get(inShape, inElem);
  auto func = func::FuncOp::create(builder, loc, *modelName,
                                   builder.getFunctionType({inType}, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  FailureOr<Value> out = importLayers(model, "layers", body->getArgument(0),
                                      "");
  if (failed(out))
    return nullptr;
  if (weights) {
    for (const std::string &n : weights->getNames())
      if (!usedWeights.contains(n) &&
          !llvm::StringRef(n).ends_with(".num_batches_tracked"))
        return model.error("weights",
                           "'" + weightsPath + "' has tensor '" + n +
                               "', which no layer uses (misspelled layer "
                               "name?)"),
               nullptr;
  }
  func::ReturnOp::create(builder, loc, *out);
  func.setFunctionType(builder.getFunctionType({inType}, {out->getType()}));
  return module;
}

} // namespace

OwningOpRef<ModuleOp> nnc::importModelFile(llvm::StringRef path,
                                           MLIRContext *context,
                                           const ImportOptions &options) {
  context->loadDialect<nn::NNDialect, func::FuncDialect,
                       arith::ArithDialect>();
  Importer importer(context, path, options);
  return importer.run();
}

OwningOpRef<ModuleOp> nnc::importModelFileBuffer(llvm::StringRef json,
                                                 llvm::StringRef path,
                                                 MLIRContext *context,
                                                 const ImportOptions &options) {
  context->loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect>();
  Importer importer(context, path, options);
  return importer.run(json);
}
