//===- ONNXImporter.h - internal state of the ONNX importer -----*- C++ -*-===//
//
// Shared by ONNX.cpp (model parsing, graph set-up, error reporting) and
// the handlers, one per ONNX op type (ONNXOps.cpp, ONNXShapeOps.cpp,
// ONNXDataOps.cpp, ONNXRecurrent.cpp). The layers an exporter decomposed
// are raised afterwards by the pass nn-raise-exported-layers.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_IMPORT_ONNXIMPORTER_H
#define NNC_LIB_IMPORT_ONNXIMPORTER_H

#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>

namespace nnc::onnximport {

/// Converts an ONNX TensorProto into an elements attribute. Float tensors
/// larger than `resourceThreshold` elements become DenseResourceElementsAttr
/// blobs. Returns null and sets `error` on malformed or unsupported data.
mlir::ElementsAttr convertTensor(const onnx::TensorProto &tensor,
                                 mlir::MLIRContext *ctx, std::string &error,
                                 int64_t resourceThreshold = 1024);

/// The MLIR element type of an ONNX TensorProto data type, or null.
mlir::Type convertElementType(int32_t dataType, mlir::MLIRContext *ctx);

/// The ONNX name of a TensorProto data type (or its number).
std::string dataTypeName(int32_t dataType);

class Importer {
public:
  Importer(mlir::MLIRContext *ctx, llvm::StringRef path, bool dynamicBatch)
      : ctx(ctx), b(ctx), path(path.str()), dynamicBatch(dynamicBatch) {}

  mlir::MLIRContext *ctx;
  mlir::OpBuilder b;
  std::string path;
  bool dynamicBatch;
  int64_t opset = 0;

  /// SSA values of tensors by ONNX name.
  llvm::StringMap<mlir::Value> values;
  /// Known constant contents (initializers, Constant nodes, folded shapes).
  llvm::StringMap<mlir::ElementsAttr> constants;
  /// Names whose producer failed (their consumers are not reported again).
  llvm::StringSet<> poisoned;

  // The node being imported.
  const onnx::NodeProto *node = nullptr;
  mlir::Location loc = mlir::UnknownLoc::get(ctx);
  std::string error;

  //===--------------------------------------------------------------------===//
  // Helpers for handlers (ONNXOps*.cpp).
  //===--------------------------------------------------------------------===//
  mlir::LogicalResult fail(const llvm::Twine &reason) {
    if (error.empty())
      error = reason.str();
    return mlir::failure();
  }
  unsigned numInputs() const { return node->input_size(); }
  bool hasInput(unsigned i) const {
    return (int)i < node->input_size() && !node->input(i).empty();
  }
  bool hasOutput(unsigned i) const {
    return (int)i < node->output_size() && !node->output(i).empty();
  }
  /// Input `i` as an SSA value (materializing constants); null + error when
  /// absent.
  mlir::Value input(unsigned i);
  /// The constant contents of input `i`, if known.
  mlir::ElementsAttr constInput(unsigned i);
  /// Integer contents of a constant input (none when an element is a
  /// dynamic dimension, see kUnknownDim).
  std::optional<llvm::SmallVector<int64_t>>
  constInts(unsigned i, bool allowUnknown = false);
  /// Stands for a dynamic dimension in folded shape computations (Shape of a
  /// `?` dimension and what is computed from it); a Reshape target entry of
  /// this value acts as -1.
  static constexpr int64_t kUnknownDim = INT64_MIN + 7;
  static bool containsUnknown(mlir::ElementsAttr attr);
  /// Materializes a constant as an SSA value.
  mlir::Value materialize(mlir::ElementsAttr attr);
  mlir::LogicalResult setOutput(unsigned i, mlir::Value v);
  void setConstOutput(unsigned i, mlir::ElementsAttr attr);

  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t attrInt(llvm::StringRef name, int64_t def) const;
  float attrFloat(llvm::StringRef name, float def) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef def) const;
  std::optional<llvm::SmallVector<int64_t>>
  attrInts(llvm::StringRef name) const;

  static mlir::RankedTensorType tensorType(mlir::Value v) {
    return llvm::dyn_cast<mlir::RankedTensorType>(v.getType());
  }
  static bool isFloat(mlir::Value v) {
    auto t = tensorType(v);
    return t && llvm::isa<mlir::FloatType>(t.getElementType());
  }
  /// Requires the listed values to be float tensors of one element type.
  mlir::LogicalResult requireFloat(llvm::ArrayRef<mlir::Value> vs);
  /// Normalizes an axis into [0, rank); error when out of range.
  mlir::FailureOr<int64_t> normAxis(int64_t axis, int64_t rank);

  /// Builds an nn op with inferred result types, checking the operands
  /// first: on a shape error the op is erased, the op's message becomes the
  /// node's error and null is returned.
  template <typename OpTy, typename... Args>
  OpTy create(unsigned numResults, Args &&...args) {
    llvm::SmallVector<mlir::Type> placeholders(numResults,
                                               mlir::NoneType::get(ctx));
    auto op = OpTy::create(b, loc, mlir::TypeRange(placeholders),
                           std::forward<Args>(args)...);
    llvm::SmallVector<mlir::Type> inferred;
    std::string message;
    mlir::LogicalResult ok = mlir::failure();
    {
      mlir::ScopedDiagnosticHandler handler(ctx, [&](mlir::Diagnostic &d) {
        if (message.empty())
          message = d.str();
        return mlir::success();
      });
      ok = OpTy::inferReturnTypes(
          ctx, loc, op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), inferred);
    }
    if (mlir::failed(ok) || inferred.size() != numResults) {
      op->erase();
      (void)fail((message.empty() ? std::string("invalid operands") : message));
      return nullptr;
    }
    for (auto [r, t] : llvm::zip(op->getResults(), inferred))
      r.setType(t);
    return op;
  }
  template <typename OpTy, typename... Args>
  mlir::Value create1(Args &&...args) {
    OpTy op = create<OpTy>(1, std::forward<Args>(args)...);
    return op ? op->getResult(0) : mlir::Value();
  }

  /// Reshape to a static-or-dynamic shape (nn.reshape for floats,
  /// collapse/expand for other element types with static shapes).
  mlir::Value reshape(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  /// Elementwise linalg.generic over `inputs` broadcast (NumPy) to
  /// `outShape`; `body` maps the scalars to the result scalar.
  mlir::Value broadcastGeneric(
      llvm::ArrayRef<mlir::Value> inputs, llvm::ArrayRef<int64_t> outShape,
      mlir::Type elementType,
      llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                     mlir::ValueRange)>
          body);
  /// NumPy broadcast of two shapes, or failure.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);
  mlir::Value scalarConst(mlir::Type elementType, double value);

  /// Imports the current node; failure leaves the reason in `error`.
  mlir::LogicalResult importNode();
  static bool isSupportedOpType(llvm::StringRef opType);
};

using Handler = mlir::LogicalResult (*)(Importer &);
/// Handlers by ONNX op type (default domain).
const llvm::StringMap<Handler> &handlers();
void registerOpHandlers(llvm::StringMap<Handler> &map);     // ONNXOps.cpp
void registerLinearHandlers(llvm::StringMap<Handler> &map); // ONNXLinearOps.cpp
void registerShapeHandlers(llvm::StringMap<Handler> &map);  // ONNXShapeOps.cpp
void registerDataHandlers(llvm::StringMap<Handler> &map);   // ONNXDataOps.cpp

/// An int64 constant of `shape` holding `values`.
mlir::ElementsAttr i64Const(mlir::MLIRContext *ctx,
                            llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<int64_t> values);
void registerRecurrentHandlers(llvm::StringMap<Handler> &map);

} // namespace nnc::onnximport

#endif // NNC_LIB_IMPORT_ONNXIMPORTER_H
