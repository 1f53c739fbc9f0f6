//===- ModelFileImporter.h - the model-file importer's parts ----*- C++ -*-===//
//
// Shared by ModelFile.cpp (initialization, the model, the layer list),
// ModelFileFields.cpp (typed JSON fields, parameters), ModelFileLayers.cpp
// (dense, conv, attention, norms, softmax, embedding, swiglu, recurrent,
// kmeans) and ModelFileStructuralLayers.cpp (activations, shape ops,
// pooling, parallel branches).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_IMPORT_MODELFILEIMPORTER_H
#define NNC_LIB_IMPORT_MODELFILEIMPORTER_H

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

namespace nnc::modelfile {

using namespace mlir;
namespace json = llvm::json;

/// Bounds of integer fields and of one weight tensor (sizes are multiplied,
/// so each factor stays far from overflow).
constexpr int64_t kMaxInt = int64_t(1) << 31;
constexpr int64_t kMaxWeightElements = int64_t(1) << 28;
/// JSON nesting deeper than this is refused before parsing (the parser and
/// the importer recurse).
constexpr int kMaxJsonDepth = 256;

/// Fields every layer may have.
#define COMMON "type", "name"

/// The deepest nesting of arrays/objects in `text` (outside strings).
int jsonDepth(llvm::StringRef text);

using nn::formatShape;

llvm::ArrayRef<int64_t> shapeOf(Value v);

/// Equal up to dynamic dimensions.
bool compatible(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// The JSON kind of `v` ("a string", "an array", ...), for messages.
const char *kindName(const json::Value &v);

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
  /// "axis" (default -1) as a dimension of `shape` (of the `what`), which
  /// must exist and be static.
  FailureOr<int64_t> getAxis(llvm::StringRef what,
                             llvm::ArrayRef<int64_t> shape);
  /// The softmax temperature: a number > 0, 1 when absent.
  FailureOr<double> getTemperature();
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
                         llvm::StringRef suffix, llvm::ArrayRef<int64_t> shape,
                         const InitDistribution &dist);
  Value constant(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<double> values);
  /// Tags a weight constant with its safetensors name (`nn.name`), which
  /// nn-derive-backward gives the parameter and a trainer writes back.
  Value named(Value c, llvm::StringRef key) {
    c.getDefiningOp()->setAttr(nnc::nn::kNameAttr, builder.getStringAttr(key));
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
  FailureOr<Value> importAttention(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importNorm(Fields &f, llvm::StringRef type,
                              const std::string &name, Value x);
  FailureOr<Value> importSoftmax(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importEmbedding(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importSwiglu(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importRecurrent(Fields &f, llvm::StringRef type,
                                   const std::string &name, Value x);
  FailureOr<Value> importKMeans(Fields &f, const std::string &name, Value x);
  FailureOr<Value> importActivation(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importShape(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importPool(Fields &f, llvm::StringRef type, Value x);
  FailureOr<Value> importParallel(Fields &f, const std::string &name, Value x);
};

/// The `activation` (and `alpha`) fields of a layer.
FailureOr<nn::ActivationAttr> parseActivation(Fields &f, MLIRContext *ctx);
/// The static size of the last dimension, or an error.
FailureOr<int64_t> lastDim(Fields &f, Value x, llvm::StringRef what);
/// Fails unless `x` is a float tensor.
LogicalResult checkFloat(Fields &f, Value x);

} // namespace nnc::modelfile

#endif // NNC_LIB_IMPORT_MODELFILEIMPORTER_H
