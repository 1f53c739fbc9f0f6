//===- ModelFile.cpp - import nnc model files (JSON + safetensors) --------===//
//
// The format is specified in docs/ModelFile.md. Every layer's shapes are
// checked here, before any op is built (builders abort on inconsistent
// operands), and every error names the layer and the field.
//
//===----------------------------------------------------------------------===//
#include "ModelFileImporter.h"

#include "nnc_train_abi.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::modelfile;
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
/// The runtime's generator (nnc_train_abi.h).
struct SplitMix64 {
  uint64_t state;
  uint64_t next() { return nnc_splitmix64(&state); }
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

namespace nnc::modelfile {

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

FailureOr<Value> Importer::importLayers(Fields &f, llvm::StringRef key, Value x,
                                        const std::string &name) {
  FailureOr<const json::Array *> arr = f.getArray(key);
  if (failed(arr))
    return failure();
  for (auto [i, l] : llvm::enumerate(**arr)) {
    std::string child =
        name.empty() ? std::to_string(i) : name + "." + std::to_string(i);
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
    return f.error("name", "'" + name +
                               "' is already the name of another "
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
      ty == "sigmoid" || ty == "tanh" || ty == "elu" || ty == "softplus" ||
      ty == "hard_sigmoid" || ty == "hard_swish")
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
                                   formatShape(shapeOf(*y)),
                                   formatShape(shapeOf(x)))),
             failure();
    return nn::AddOp::create(builder, loc, x, *y).getResult();
  }
  if (ty == "parallel")
    return importParallel(f, name, x);
  return f.error("type", "has unknown value '" + ty.str() +
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
    return error("invalid JSON: " + llvm::toString(root.takeError())), nullptr;
  const json::Object *obj = root->getAsObject();
  if (!obj)
    return error("the model must be a JSON object"), nullptr;
  Fields model(*this, *obj, "model");
  if (failed(model.checkKnown(
          {"format", "version", "name", "input", "weights", "init", "layers"})))
    return nullptr;
  FailureOr<std::string> format = model.getString("format", std::nullopt);
  if (failed(format))
    return nullptr;
  if (*format != "nnc-model")
    return model.error("format",
                       "must be \"nnc-model\", got \"" + *format + "\""),
           nullptr;
  FailureOr<int64_t> version = model.getInt("version", std::nullopt);
  if (failed(version))
    return nullptr;
  if (*version != 1)
    return model.error("version", llvm::formatv("is {0}; this nnc reads "
                                                "version 1",
                                                *version)),
           nullptr;
  FailureOr<std::string> modelName =
      model.getString("name", std::string("main"));
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
  FailureOr<Value> out =
      importLayers(model, "layers", body->getArgument(0), "");
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

} // namespace nnc::modelfile

OwningOpRef<ModuleOp> nnc::importModelFile(llvm::StringRef path,
                                           MLIRContext *context,
                                           const ImportOptions &options) {
  context->loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect>();
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
