//===- ONNX.cpp - import ONNX models into the nn dialect ------------------===//
//
// Reads and checks the ModelProto, builds `func.func @main` (graph inputs as
// arguments, initializers as constants, outputs as results), imports each
// node through its handler (ONNXOps*.cpp) and reports every node that cannot
// be imported before failing. The layers the exporter decomposed are raised
// by nn-raise-exported-layers (the driver runs it after the import).
//
//===----------------------------------------------------------------------===//
#include "ONNXImporter.h"
#include "nnc/Import/Import.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace nnc::onnximport;

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
  (void)fail("input '" + name +
             "' is not produced by any node, initializer or graph input");
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

std::optional<SmallVector<int64_t>> Importer::constInts(unsigned i,
                                                        bool allowUnknown) {
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
    return materialize(
        DenseElementsAttr::get(type, FloatAttr::get(elt, value)));
  return materialize(
      DenseElementsAttr::get(type, IntegerAttr::get(elt, (int64_t)value)));
}

FailureOr<SmallVector<int64_t>> Importer::broadcastShapes(ArrayRef<int64_t> x,
                                                          ArrayRef<int64_t> y) {
  SmallVector<int64_t> out;
  if (!OpTrait::util::getBroadcastedShape(x, y, out))
    return fail("shapes " + nn::formatShape(x) + " and " + nn::formatShape(y) +
                " cannot be broadcast");
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
      if (s[d] == outShape[off + d])
        exprs.push_back(b.getAffineDimExpr(off + d));
      else if (s[d] == 1)
        exprs.push_back(b.getAffineConstantExpr(0));
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
    (void)fail(
        "cannot reshape a non-float tensor with dynamic or mismatching shapes");
    return nullptr;
  }
  // Collapse to 1-D (or 0-D) and expand again.
  Value flat = v;
  if (type.getRank() != 1) {
    SmallVector<ReassociationIndices> re;
    if (type.getRank() > 0) {
      re.emplace_back();
      for (int64_t i = 0; i < type.getRank(); ++i)
        re[0].push_back(i);
    }
    auto flatType =
        RankedTensorType::get({type.getNumElements()}, type.getElementType());
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
    for (int64_t i = 0; i < outType.getRank(); ++i)
      re[0].push_back(i);
  }
  if (outType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, outType, flat, re);
  return tensor::ExpandShapeOp::create(b, loc, outType, flat, re);
}

const llvm::StringMap<Handler> &nnc::onnximport::handlers() {
  static llvm::StringMap<Handler> map = [] {
    llvm::StringMap<Handler> m;
    registerOpHandlers(m);
    registerLinearHandlers(m);
    registerShapeHandlers(m);
    registerDataHandlers(m);
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
    return reportError(
        "opset " + Twine(opset) +
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
        tt.elem_type() == onnx::TensorProto::INT8 ||
        tt.elem_type() == onnx::TensorProto::UINT8)
      return reportError("graph input '" + in.name() +
                         "' has unsupported element type " +
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
        return reportError("graph input '" + in.name() + "': dimension " +
                           Twine(i) + " is symbolic ('" + d.dim_param() +
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
    func.setArgAttr(i, nnc::nn::kNameAttr, StringAttr::get(ctx, name));
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
    if (node.output_size() == 0) {
      // Every ONNX op has at least one output; nothing could use this one.
      failures.push_back({name, node.op_type(), "the node has no outputs"});
      continue;
    }
    if (failed(im.importNode())) {
      failures.push_back({name, node.op_type(),
                          im.error.empty() ? "cannot import" : im.error});
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
      return reportError("graph output '" + out.name() +
                         "' is not produced by any node");
    results.push_back(v);
  }
  func::ReturnOp::create(im.b, fileLoc, results);
  func.setFunctionType(
      FunctionType::get(ctx, argTypes, TypeRange(ValueRange(results))));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, nnc::nn::kNameAttr, StringAttr::get(ctx, out.name()));

  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> nnc::importONNX(llvm::StringRef path,
                                      MLIRContext *context,
                                      const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  auto buffer = readInputFile(path, options.maxInputBytes, /*isText=*/false,
                              /*allowStdin=*/true);
  if (!buffer) {
    emitError(fileLoc) << llvm::toString(buffer.takeError());
    return nullptr;
  }
  return importONNXBuffer((*buffer)->getBuffer(), path, context, options);
}

OwningOpRef<ModuleOp> nnc::importONNXBuffer(llvm::StringRef data,
                                            llvm::StringRef path,
                                            MLIRContext *context,
                                            const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
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
