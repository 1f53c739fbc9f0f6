//===- ModelFileFields.cpp - typed JSON fields and parameters
//---------------===//
//
// Fields: the typed getters of a JSON object that report the object and
// the field; parameters: weights from the safetensors file or drawn from
// the init scheme.
//
//===----------------------------------------------------------------------===//
#include "ModelFileImporter.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::modelfile;

namespace nnc::modelfile {

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
                                    *declared, formatShape(inputShape))),
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
    return error("has unknown field '" + kv.first.str() +
                 "' (allowed: " + list + ")");
  }
  return success();
}

const char *kindName(const json::Value &v) {
  switch (v.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return "a boolean";
  case json::Value::Number:
    return "a number";
  case json::Value::String:
    return "a string";
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
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

FailureOr<int64_t> Fields::getAxis(llvm::StringRef what,
                                   llvm::ArrayRef<int64_t> shape) {
  FailureOr<int64_t> axis = getInt("axis", -1);
  if (failed(axis))
    return failure();
  int64_t rank = shape.size();
  if (*axis < -rank || *axis >= rank)
    return error("axis", llvm::formatv("({0}) is out of range for {1} shape "
                                       "{2}",
                                       *axis, what, formatShape(shape))),
           failure();
  int64_t a = nn::normalizeAxis(*axis, rank);
  if (ShapedType::isDynamic(shape[a]))
    return error("axis", "selects the dynamic batch dimension"), failure();
  return a;
}

FailureOr<double> Fields::getTemperature() {
  FailureOr<double> t = getNumber("temperature", 1.0);
  if (succeeded(t) && *t <= 0)
    return error("temperature", "must be > 0"), failure();
  return t;
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
      return error(key,
                   llvm::formatv("entries must be >= {0}, got {1}", min, *i)),
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
                                 key, formatShape(shape))),
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
                                     key, formatShape(t->shape),
                                     formatShape(shape))),
               failure();
      if (t->dtype != SafeTensorDType::F32 &&
          t->dtype != SafeTensorDType::F64 &&
          t->dtype != SafeTensorDType::F16 && t->dtype != SafeTensorDType::BF16)
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
               key, formatShape(shape),
               weights ? "'" + weightsPath + "'" : "a weights file")),
           failure();
  return named(constant(shape, drawInit(dist, numel, seed, key)), key);
}

} // namespace nnc::modelfile
