//===- ONNX.cpp - import ONNX models into the nn dialect ------------------===//
//
// Reads and checks the ModelProto, builds `func.func @main` (graph inputs as
// arguments, initializers as constants, outputs as results), imports each
// node through its handler (ONNXOps*.cpp) and reports every node that cannot
// be imported before failing. Then raises decomposed layers
// (RaisePatterns.cpp).
//
//===----------------------------------------------------------------------===//
#include "nnc/Import/Import.h"
#include "ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace mlir;
using namespace nnc::onnximport;

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

Type nnc::onnximport::convertElementType(int32_t dataType, MLIRContext *ctx) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT: return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE: return Float64Type::get(ctx);
  case onnx::TensorProto::FLOAT16: return Float16Type::get(ctx);
  case onnx::TensorProto::INT32: return IntegerType::get(ctx, 32);
  case onnx::TensorProto::INT64: return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8: return IntegerType::get(ctx, 8);
  case onnx::TensorProto::BOOL: return IntegerType::get(ctx, 1);
  default: return nullptr;
  }
}

static std::string dataTypeName(int32_t t) {
  if (onnx::TensorProto::DataType_IsValid(t))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(t));
  return "data type " + std::to_string(t);
}

ElementsAttr nnc::onnximport::convertTensor(const onnx::TensorProto &tensor,
                                             MLIRContext *ctx,
                                             std::string &error,
                                             int64_t resourceThreshold) {
  Type elt = convertElementType(tensor.data_type(), ctx);
  if (!elt) {
    error = "unsupported tensor element type " + dataTypeName(tensor.data_type());
    return nullptr;
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL ||
      tensor.external_data_size() > 0) {
    error = "external tensor data is not supported";
    return nullptr;
  }
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || (d > 0 && count > (int64_t(1) << 40) / d)) {
      error = "invalid or too large tensor dimension " + std::to_string(d);
      return nullptr;
    }
    shape.push_back(d);
    count *= d;
  }
  auto type = RankedTensorType::get(shape, elt);
  int32_t dt = tensor.data_type();
  int64_t width = dt == onnx::TensorProto::BOOL ? 1
                  : dt == onnx::TensorProto::INT8 || dt == onnx::TensorProto::UINT8
                      ? 1
                      : (elt.getIntOrFloatBitWidth() / 8);
  // Bytes in MLIR's dense layout (i1 as one byte per element).
  std::vector<char> bytes(count * width);
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if ((int64_t)raw.size() != count * width) {
      error = "raw_data has " + std::to_string(raw.size()) + " bytes, expected " +
              std::to_string(count * width) + " for shape";
      return nullptr;
    }
    if (!raw.empty())
      std::memcpy(bytes.data(), raw.data(), raw.size());
  } else {
    auto check = [&](int64_t n) {
      if (n != count) {
        error = "tensor has " + std::to_string(n) + " values, expected " +
                std::to_string(count) + " for its dims";
        return false;
      }
      return true;
    };
    switch (dt) {
    case onnx::TensorProto::FLOAT:
      if (!check(tensor.float_data_size())) return nullptr;
      if (count) std::memcpy(bytes.data(), tensor.float_data().data(), count * 4);
      break;
    case onnx::TensorProto::DOUBLE:
      if (!check(tensor.double_data_size())) return nullptr;
      if (count) std::memcpy(bytes.data(), tensor.double_data().data(), count * 8);
      break;
    case onnx::TensorProto::INT64:
      if (!check(tensor.int64_data_size())) return nullptr;
      if (count) std::memcpy(bytes.data(), tensor.int64_data().data(), count * 8);
      break;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
    case onnx::TensorProto::BOOL:
    case onnx::TensorProto::FLOAT16:
      if (!check(tensor.int32_data_size())) return nullptr;
      for (int64_t i = 0; i < count; ++i) {
        int32_t v = tensor.int32_data(i);
        if (width == 4) std::memcpy(&bytes[i * 4], &v, 4);
        else if (width == 2) { uint16_t h = v; std::memcpy(&bytes[i * 2], &h, 2); }
        else bytes[i] = static_cast<char>(dt == onnx::TensorProto::BOOL ? (v != 0) : v);
      }
      break;
    default:
      error = "unsupported tensor element type " + dataTypeName(dt);
      return nullptr;
    }
  }
  if (isa<FloatType>(elt) && count > resourceThreshold) {
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(
        ArrayRef<char>(bytes.data(), bytes.size()));
    std::string name = tensor.name().empty() ? "onnx_tensor" : tensor.name();
    return DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  if (elt.isInteger(1)) {
    SmallVector<bool> bits(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  }
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(bytes), detectedSplat)) {
    error = "invalid tensor data";
    return nullptr;
  }
  return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(bytes));
}

//===----------------------------------------------------------------------===//
// Importer helpers
//===----------------------------------------------------------------------===//

Value Importer::materialize(ElementsAttr attr) {
  return arith::ConstantOp::create(b, loc, cast<TypedAttr>(attr));
}

Value Importer::input(unsigned i) {
  if (!hasInput(i)) {
    (void)fail("missing input " + std::to_string(i));
    return nullptr;
  }
  const std::string &name = node->input(i);
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  auto c = constants.find(name);
  if (c != constants.end()) {
    if (containsUnknown(c->second)) {
      (void)fail("input '" + name + "' depends on a dynamic dimension");
      return nullptr;
    }
    Value v = materialize(c->second);
    values[name] = v;
    return v;
  }
  (void)fail("input '" + name + "' is not produced by any node, initializer or graph input");
  return nullptr;
}

ElementsAttr Importer::constInput(unsigned i) {
  if (!hasInput(i))
    return nullptr;
  auto c = constants.find(node->input(i));
  return c == constants.end() ? nullptr : c->second;
}

bool Importer::containsUnknown(ElementsAttr attr) {
  auto a = dyn_cast_or_null<DenseIntElementsAttr>(attr);
  if (!a || !a.getElementType().isInteger(64))
    return false;
  return llvm::any_of(a.getValues<int64_t>(),
                      [](int64_t v) { return v == kUnknownDim; });
}

std::optional<SmallVector<int64_t>> Importer::constInts(unsigned i, bool allowUnknown) {
  auto attr = dyn_cast_or_null<DenseIntElementsAttr>(constInput(i));
  if (!attr || (!allowUnknown && containsUnknown(attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(v.getBitWidth() == 1 ? v.getZExtValue() : v.getSExtValue());
  return out;
}

LogicalResult Importer::setOutput(unsigned i, Value v) {
  if (!v)
    return failure();
  if ((int)i < node->output_size() && !node->output(i).empty())
    values[node->output(i)] = v;
  return success();
}

void Importer::setConstOutput(unsigned i, ElementsAttr attr) {
  if ((int)i < node->output_size() && !node->output(i).empty())
    constants[node->output(i)] = attr;
}

const onnx::AttributeProto *Importer::attr(StringRef name) const {
  for (const auto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}
int64_t Importer::attrInt(StringRef name, int64_t def) const {
  const auto *a = attr(name);
  return a ? a->i() : def;
}
float Importer::attrFloat(StringRef name, float def) const {
  const auto *a = attr(name);
  return a ? a->f() : def;
}
std::string Importer::attrString(StringRef name, StringRef def) const {
  const auto *a = attr(name);
  return a ? a->s() : def.str();
}
std::optional<SmallVector<int64_t>> Importer::attrInts(StringRef name) const {
  const auto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

LogicalResult Importer::requireFloat(ArrayRef<Value> vs) {
  Type elt;
  for (Value v : vs) {
    if (!v)
      return failure();
    if (!isFloat(v))
      return fail("element type " +
                  (tensorType(v) ? [&] {
                    std::string s;
                    llvm::raw_string_ostream os(s);
                    os << tensorType(v).getElementType();
                    return s;
                  }()
                                 : std::string("?")) +
                  " is not supported (float tensors only)");
    if (elt && tensorType(v).getElementType() != elt)
      return fail("operands have different element types");
    elt = tensorType(v).getElementType();
  }
  return success();
}

FailureOr<int64_t> Importer::normAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    (void)fail("axis " + std::to_string(axis) + " is out of range for rank " +
               std::to_string(rank));
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

Value Importer::scalarConst(Type elt, double value) {
  auto type = RankedTensorType::get({}, elt);
  if (isa<FloatType>(elt))
    return materialize(DenseElementsAttr::get(type, FloatAttr::get(elt, value)));
  return materialize(
      DenseElementsAttr::get(type, IntegerAttr::get(elt, (int64_t)value)));
}

FailureOr<SmallVector<int64_t>>
Importer::broadcastShapes(ArrayRef<int64_t> x, ArrayRef<int64_t> y) {
  size_t rank = std::max(x.size(), y.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - x.size() ? 1 : x[i - (rank - x.size())];
    int64_t c = i < rank - y.size() ? 1 : y[i - (rank - y.size())];
    if (a == c || c == 1) out[i] = a;
    else if (a == 1) out[i] = c;
    else if (ShapedType::isDynamic(a)) out[i] = c;
    else if (ShapedType::isDynamic(c)) out[i] = a;
    else {
      (void)fail("shapes cannot be broadcast: dimension " + std::to_string(a) +
                 " vs " + std::to_string(c));
      return failure();
    }
  }
  return out;
}

Value Importer::broadcastGeneric(
    ArrayRef<Value> inputs, ArrayRef<int64_t> outShape, Type elementType,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  if (llvm::any_of(outShape, ShapedType::isDynamic)) {
    (void)fail("dynamic shapes are not supported by this op");
    return nullptr;
  }
  int64_t rank = outShape.size();
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    ArrayRef<int64_t> s = tensorType(in).getShape();
    int64_t off = rank - (int64_t)s.size();
    if (off < 0) {
      (void)fail("input rank exceeds the output rank");
      return nullptr;
    }
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < (int64_t)s.size(); ++d) {
      if (s[d] == outShape[off + d]) exprs.push_back(b.getAffineDimExpr(off + d));
      else if (s[d] == 1) exprs.push_back(b.getAffineConstantExpr(0));
      else {
        (void)fail("shape cannot be broadcast to the output");
        return nullptr;
      }
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, outShape, elementType);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value r = body(nb, nl, args.drop_back());
        linalg::YieldOp::create(nb, nl, r);
      });
  return op.getResult(0);
}

Value Importer::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  auto outType = RankedTensorType::get(shape, type.getElementType());
  if (isFloat(v)) {
    auto op = nn::ReshapeOp::create(b, loc, outType, v);
    if (failed(mlir::verify(op, /*verifyRecursively=*/false))) {
      op->erase();
      (void)fail("cannot reshape");
      return nullptr;
    }
    return op;
  }
  if (!type.hasStaticShape() || !outType.hasStaticShape() ||
      type.getNumElements() != outType.getNumElements()) {
    (void)fail("cannot reshape a non-float tensor with dynamic or mismatching shapes");
    return nullptr;
  }
  // Collapse to 1-D (or 0-D) and expand again.
  Value flat = v;
  if (type.getRank() != 1) {
    SmallVector<ReassociationIndices> re;
    if (type.getRank() > 0) {
      re.emplace_back();
      for (int64_t i = 0; i < type.getRank(); ++i) re[0].push_back(i);
    }
    auto flatType = RankedTensorType::get({type.getNumElements()}, type.getElementType());
    if (type.getRank() == 0)
      flat = tensor::ExpandShapeOp::create(b, loc, flatType, v, re);
    else
      flat = tensor::CollapseShapeOp::create(b, loc, flatType, v, re);
  }
  if (outType.getRank() == 1)
    return flat;
  SmallVector<ReassociationIndices> re;
  if (outType.getRank() > 0) {
    re.emplace_back();
    for (int64_t i = 0; i < outType.getRank(); ++i) re[0].push_back(i);
  }
  if (outType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, outType, flat, re);
  return tensor::ExpandShapeOp::create(b, loc, outType, flat, re);
}

const llvm::StringMap<Handler> &nnc::onnximport::handlers() {
  static llvm::StringMap<Handler> map = [] {
    llvm::StringMap<Handler> m;
    registerHandlers1(m);
    registerHandlers2(m);
    registerRecurrentHandlers(m);
    return m;
  }();
  return map;
}

bool Importer::isSupportedOpType(StringRef opType) {
  return handlers().count(opType);
}

LogicalResult Importer::importNode() {
  if (!node->domain().empty() && node->domain() != "ai.onnx")
    return fail("domain '" + node->domain() + "' is not supported");
  auto it = handlers().find(node->op_type());
  if (it == handlers().end())
    return fail("unsupported op type");
  return it->second(*this);
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

namespace {
struct NodeFailure {
  std::string name, opType, reason;
};
} // namespace

static OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model,
                                         StringRef path, MLIRContext *ctx,
                                         const nnc::ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(ctx, path, 0, 0);
  auto reportError = [&](const Twine &msg) {
    emitError(fileLoc) << msg;
    return nullptr;
  };
  int64_t opset = -1;
  for (const auto &o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx")
      opset = o.version();
  if (opset < 0)
    return reportError("the model does not import the default ONNX opset");
  if (opset < 6 || opset > 17)
    return reportError("opset " + Twine(opset) +
                       " is not supported (opsets 6 to 17; 11 to 17 are the target)");
  if (!model.has_graph())
    return reportError("the model has no graph");
  const onnx::GraphProto &graph = model.graph();

  Importer im(ctx, path, options.dynamicBatch);
  im.opset = opset;
  ctx->loadDialect<nnc::nn::NNDialect, func::FuncDialect, arith::ArithDialect,
                   tensor::TensorDialect, linalg::LinalgDialect>();

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  im.b.setInsertionPointToEnd(module->getBody());

  // Initializers.
  llvm::StringSet<> initNames;
  for (const auto &init : graph.initializer()) {
    std::string err;
    ElementsAttr attr = convertTensor(init, ctx, err);
    if (!attr)
      return reportError("initializer '" + init.name() + "': " + err);
    im.constants[init.name()] = attr;
    initNames.insert(init.name());
  }

  // Arguments.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const auto &in : graph.input()) {
    if (initNames.contains(in.name()))
      continue;
    if (!in.type().has_tensor_type())
      return reportError("graph input '" + in.name() + "' is not a tensor");
    const auto &tt = in.type().tensor_type();
    Type elt = convertElementType(tt.elem_type(), ctx);
    if (!elt || tt.elem_type() == onnx::TensorProto::FLOAT16 ||
        tt.elem_type() == onnx::TensorProto::INT8 || tt.elem_type() == onnx::TensorProto::UINT8)
      return reportError("graph input '" + in.name() + "' has unsupported element type " +
                         dataTypeName(tt.elem_type()));
    if (!tt.has_shape())
      return reportError("graph input '" + in.name() + "' has no shape");
    SmallVector<int64_t> shape;
    for (int i = 0; i < tt.shape().dim_size(); ++i) {
      const auto &d = tt.shape().dim(i);
      if (i == 0 && (options.dynamicBatch || !d.has_dim_value())) {
        shape.push_back(ShapedType::kDynamic);
        continue;
      }
      if (!d.has_dim_value() || d.dim_value() < 0)
        return reportError("graph input '" + in.name() + "': dimension " + Twine(i) +
                           " is symbolic ('" + d.dim_param() +
                           "'); only the first (batch) dimension may be");
      shape.push_back(d.dim_value());
    }
    argTypes.push_back(RankedTensorType::get(shape, elt));
    argNames.push_back(in.name());
  }

  auto func = func::FuncOp::create(im.b, fileLoc, "main",
                                   FunctionType::get(ctx, argTypes, {}));
  Block *entry = func.addEntryBlock();
  im.b.setInsertionPointToStart(entry);
  for (auto [i, name] : llvm::enumerate(argNames)) {
    im.values[name] = entry->getArgument(i);
    func.setArgAttr(i, "nn.name", StringAttr::get(ctx, name));
  }

  // Nodes.
  std::vector<NodeFailure> failures;
  int index = 0;
  for (const auto &node : graph.node()) {
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(index)
                           : node.name();
    ++index;
    im.node = &node;
    im.error.clear();
    im.loc = NameLoc::get(StringAttr::get(ctx, name), fileLoc);
    bool inputPoisoned = llvm::any_of(node.input(), [&](const std::string &n) {
      return im.poisoned.contains(n);
    });
    auto poison = [&] {
      for (const auto &o : node.output())
        im.poisoned.insert(o);
    };
    if (inputPoisoned) {
      // Only report what is wrong with this node itself.
      if (!Importer::isSupportedOpType(node.op_type()))
        failures.push_back({name, node.op_type(), "unsupported op type"});
      poison();
      continue;
    }
    if (failed(im.importNode())) {
      failures.push_back(
          {name, node.op_type(), im.error.empty() ? "cannot import" : im.error});
      poison();
      continue;
    }
    // Every (non-empty) output must now be defined.
    for (int i = 0; i < node.output_size(); ++i) {
      const std::string &o = node.output(i);
      if (!o.empty() && !im.values.count(o) && !im.constants.count(o)) {
        failures.push_back({name, node.op_type(),
                            "output " + std::to_string(i) + " ('" + o +
                                "') is not supported"});
        poison();
        break;
      }
    }
  }

  if (!failures.empty()) {
    for (const auto &f : failures)
      emitError(NameLoc::get(StringAttr::get(ctx, f.name), fileLoc))
          << "node '" << f.name << "' (" << f.opType << ", opset " << opset
          << "): " << f.reason;
    emitError(fileLoc) << "cannot import the model: " << failures.size()
                       << " of " << graph.node_size() << " node"
                       << (graph.node_size() == 1 ? "" : "s")
                       << " not supported";
    return nullptr;
  }

  // Results.
  SmallVector<Value> results;
  im.loc = fileLoc;
  im.node = nullptr;
  for (const auto &out : graph.output()) {
    auto it = im.values.find(out.name());
    Value v;
    if (it != im.values.end())
      v = it->second;
    else if (auto c = im.constants.find(out.name()); c != im.constants.end())
      v = im.materialize(c->second);
    if (!v)
      return reportError("graph output '" + out.name() + "' is not produced by any node");
    results.push_back(v);
  }
  func::ReturnOp::create(im.b, fileLoc, results);
  func.setFunctionType(FunctionType::get(ctx, argTypes, TypeRange(ValueRange(results))));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "nn.name", StringAttr::get(ctx, out.name()));

  if (failed(raiseDecomposedLayers(*module)))
    return nullptr;
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> nnc::importONNX(llvm::StringRef path, MLIRContext *context,
                                      const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (!buffer) {
    emitError(fileLoc) << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  StringRef data = (*buffer)->getBuffer();
  if (data.size() > (size_t)INT32_MAX) {
    emitError(fileLoc) << "the file is larger than 2 GiB (protobuf's limit)";
    return nullptr;
  }
  onnx::ModelProto model;
  if (data.empty() || !model.ParseFromArray(data.data(), (int)data.size())) {
    emitError(fileLoc) << "'" << path
                       << "' is not a valid ONNX model (the protobuf cannot be "
                          "parsed: truncated or corrupt file?)";
    return nullptr;
  }
  return importModel(model, path, context, options);
}
