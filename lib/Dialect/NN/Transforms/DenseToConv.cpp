//===- DenseToConv.cpp - convolutionalize dense heads ---------------------===//
//
// nn-dense-to-conv: a `dense` on `flatten(x)` (axis 1, x = [N, C, H, W])
// becomes a `conv` of x with an H×W kernel (the weight [out, C·H·W] read as
// [out, C, H, W]; C-order flatten makes that a plain reshape), so its result
// is a map [N, out, H', W']. Every value computed from that map (the "head")
// keeps its features on axis 1: later denses become 1×1 convs, element-wise
// ops and activations stay, [F] / [N, F] operands of binary ops get two
// trailing unit dimensions, softmax-like ops move to axis 1. The spatial
// dimensions of the function inputs that feed the flattened map become
// dynamic (or `input-size`), and every nn op's result type is inferred
// again in order.
//
// The pass first checks the whole function and changes nothing when some
// part of the head cannot be converted (an error on the op, the pass fails).
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNDENSETOCONV
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

bool isBinaryElementwise(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp>(op);
}

/// nn unary ops (element-wise math, activations, dropout): the result has
/// the operand's type.
bool isUnaryElementwise(Operation *op) {
  return isa<NNDialect>(op->getDialect()) && op->getNumOperands() == 1 &&
         op->getNumResults() == 1 &&
         op->hasTrait<OpTrait::SameOperandsAndResultType>();
}

/// Softmax-like ops whose `axis` must become the channel axis.
bool isAxisOp(Operation *op) {
  return isa<SoftmaxOp, LogSoftmaxOp, SparsemaxOp>(op);
}

int64_t getAxis(Operation *op) {
  if (auto s = dyn_cast<SoftmaxOp>(op))
    return s.getAxis();
  if (auto s = dyn_cast<LogSoftmaxOp>(op))
    return s.getAxis();
  return cast<SparsemaxOp>(op).getAxis();
}

Value getMask(Operation *op) {
  if (auto s = dyn_cast<SoftmaxOp>(op))
    return s.getMask();
  if (auto s = dyn_cast<LogSoftmaxOp>(op))
    return s.getMask();
  return Value();
}

/// The first dense of a head: `dense(flatten(x))`.
struct HeadRoot {
  DenseOp dense;
  FlattenOp flatten;
};

/// Everything the rewrite of one function needs, collected and checked
/// before anything changes.
struct FunctionPlan {
  SmallVector<HeadRoot> roots;
  /// Later denses that consume a map (become 1×1 convs).
  SmallVector<DenseOp> pointwise;
  /// (binary op, operand number) of [F] / [N, F] operands to lift to rank 4.
  SmallVector<std::pair<Operation *, unsigned>> liftOperands;
  /// Softmax-like ops to move to axis 1.
  SmallVector<Operation *> axisOps;
  /// Function arguments whose spatial dimensions change.
  SmallVector<BlockArgument> images;
};

class DenseToConvRewriter {
public:
  DenseToConvRewriter(FunctionOpInterface func, ArrayRef<int64_t> inputSize)
      : func(func), inputSize(inputSize) {}

  /// Analysis: finds the heads and checks every op they reach. Returns
  /// failure (after an error) when the function cannot be converted; an
  /// empty plan when there is nothing to convert.
  LogicalResult analyze(FunctionPlan &plan);
  LogicalResult rewrite(FunctionPlan &plan);

private:
  LogicalResult checkRoot(DenseOp dense, FlattenOp flatten);
  LogicalResult checkUser(Operation *user, OpOperand &use, Value map,
                          FunctionPlan &plan, llvm::SetVector<Value> &worklist);
  LogicalResult collectImages(FunctionPlan &plan);
  Value reshapeValue(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> shape);
  LogicalResult reinferTypes();

  FunctionOpInterface func;
  ArrayRef<int64_t> inputSize;
  /// Values that are [N, F] in the original and [N, F, H', W'] after.
  llvm::SetVector<Value> maps;
  /// Constants reshaped into new ones (erased when no longer used).
  llvm::SetVector<Operation *> replacedConstants;
  /// (constant, new type) -> the reshaped constant, so that a weight shared
  /// by several denses is reshaped once.
  llvm::DenseMap<std::pair<Value, Type>, Value> reshapedConstants;
};

} // namespace

LogicalResult DenseToConvRewriter::checkRoot(DenseOp dense, FlattenOp flatten) {
  auto x = typeOf(flatten.getInput());
  auto fail = [&](const Twine &why) {
    InFlightDiagnostic diag = dense.emitError()
                              << "cannot convolutionalize 'nn.dense': " << why;
    diag.attachNote(flatten.getLoc()) << "the flatten is here";
    return failure();
  };
  if (x.getRank() != 4)
    return fail("its input is a flatten of a rank-" + Twine(x.getRank()) +
                " tensor " + formatShape(x.getShape()) +
                "; only [N, C, H, W] maps are supported");
  if (flatten.getAxis() != 1)
    return fail("its input is a flatten with axis " + Twine(flatten.getAxis()) +
                "; only axis 1 ([N, C, H, W] -> [N, C·H·W]) is supported");
  if (llvm::any_of(x.getShape().drop_front(1), ShapedType::isDynamic))
    return fail("the flattened map " + formatShape(x.getShape()) +
                " must have static C, H and W (they give the kernel shape)");
  if (typeOf(dense.getWeight()).getRank() != 2)
    return fail("its weight must be [out, in]");
  return success();
}

LogicalResult DenseToConvRewriter::checkUser(Operation *user, OpOperand &use,
                                             Value map, FunctionPlan &plan,
                                             llvm::SetVector<Value> &worklist) {
  auto reject = [&](const Twine &why) {
    InFlightDiagnostic diag = user->emitError()
                              << "cannot convolutionalize: '" << user->getName()
                              << "' uses the output of a "
                              << "converted dense (operand "
                              << use.getOperandNumber() << ") " << why;
    if (Operation *def = map.getDefiningOp())
      diag.attachNote(def->getLoc())
          << "this value becomes a map [N, F, H', W']";
    return failure();
  };
  unsigned idx = use.getOperandNumber();
  if (user->hasTrait<OpTrait::IsTerminator>() &&
      user->getParentOp() == func.getOperation())
    return success(); // the function returns the map
  if (auto dense = dyn_cast<DenseOp>(user)) {
    if (idx != 0)
      return reject("as its weight or bias");
    if (typeOf(dense.getWeight()).getRank() != 2)
      return reject("and its weight is not [out, in]");
    if (!llvm::is_contained(plan.pointwise, dense))
      plan.pointwise.push_back(dense);
    worklist.insert(dense.getResult());
    return success();
  }
  if (isUnaryElementwise(user)) {
    worklist.insert(user->getResult(0));
    return success();
  }
  if (auto bn = dyn_cast<BatchNormOp>(user)) {
    if (idx != 0)
      return reject("as a batch_norm parameter");
    worklist.insert(bn.getResult());
    return success();
  }
  if (isBinaryElementwise(user)) {
    for (OpOperand &other : user->getOpOperands()) {
      if (other.get() == map)
        continue;
      int64_t rank = typeOf(other.get()).getRank();
      if (rank > 2)
        return reject("with an operand of rank " + Twine(rank) +
                      " (only scalars, [F] and [N, F] broadcast along the "
                      "map)");
      if (rank > 0) {
        auto key = std::make_pair(user, other.getOperandNumber());
        if (!llvm::is_contained(plan.liftOperands, key))
          plan.liftOperands.push_back(key);
      }
    }
    worklist.insert(user->getResult(0));
    return success();
  }
  if (isAxisOp(user)) {
    int64_t axis = getAxis(user);
    if (axis != 1 && axis != -1)
      return reject("over axis " + Twine(axis) +
                    " (only the feature axis, -1 or 1, maps to the channels)");
    if (getMask(user))
      return reject("with a mask");
    if (auto s = dyn_cast<SoftmaxOp>(user); s && s.getCausal())
      return reject("with a causal mask");
    if (!llvm::is_contained(plan.axisOps, user))
      plan.axisOps.push_back(user);
    worklist.insert(user->getResult(0));
    return success();
  }
  return reject("and this op has no convolutional form (supported: dense, "
                "element-wise ops, activations, dropout, batch_norm, "
                "softmax / log_softmax / sparsemax over the features, return)");
}

LogicalResult DenseToConvRewriter::collectImages(FunctionPlan &plan) {
  // Walk back from each flattened map through the data operands (not the
  // weights) to the function arguments.
  llvm::SetVector<Value> seen;
  SmallVector<Value> stack;
  for (HeadRoot &root : plan.roots)
    stack.push_back(root.flatten.getInput());
  while (!stack.empty()) {
    Value v = stack.pop_back_val();
    if (!seen.insert(v))
      continue;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner()->getParentOp() == func.getOperation() &&
          typeOf(arg).getRank() == 4 && !llvm::is_contained(plan.images, arg))
        plan.images.push_back(arg);
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (def->getNumOperands() == 0)
      continue; // constants
    if (!isa<NNDialect>(def->getDialect()) || !isa<InferTypeOpInterface>(def)) {
      InFlightDiagnostic diag =
          def->emitError()
          << "cannot convolutionalize: '" << def->getName()
          << "' between the function input and the flatten has a fixed "
             "result type (only nn ops whose result type is inferred can "
             "take a new input size)";
      diag.attachNote(plan.roots.front().flatten.getLoc())
          << "the flatten is here";
      return failure();
    }
    if (isa<ConvOp, DenseOp, MatmulOp, BatchNormOp, LayerNormOp, RmsNormOp>(
            def)) {
      stack.push_back(def->getOperand(0));
      continue;
    }
    for (Value operand : def->getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        stack.push_back(operand);
  }
  return success();
}

LogicalResult DenseToConvRewriter::analyze(FunctionPlan &plan) {
  // Roots: denses whose input is a flatten.
  bool ok = true;
  func.walk([&](DenseOp dense) {
    auto flatten = dense.getInput().getDefiningOp<FlattenOp>();
    if (!flatten)
      return;
    if (failed(checkRoot(dense, flatten))) {
      ok = false;
      return;
    }
    plan.roots.push_back({dense, flatten});
  });
  if (!ok)
    return failure();
  if (plan.roots.empty())
    return success();

  // The flatten is removed: every use must be a converted dense's input.
  for (HeadRoot &root : plan.roots)
    for (OpOperand &use : root.flatten->getUses()) {
      auto dense = dyn_cast<DenseOp>(use.getOwner());
      if (!dense || use.getOperandNumber() != 0) {
        InFlightDiagnostic diag =
            use.getOwner()->emitError()
            << "cannot convolutionalize: '" << use.getOwner()->getName()
            << "' uses a flatten that feeds a dense (only denses may use it)";
        diag.attachNote(root.flatten.getLoc()) << "the flatten is here";
        return failure();
      }
    }

  // Follow the maps forward through the head.
  llvm::SetVector<Value> worklist;
  for (HeadRoot &root : plan.roots)
    worklist.insert(root.dense.getResult());
  while (!worklist.empty()) {
    Value map = worklist.pop_back_val();
    if (!maps.insert(map))
      continue;
    if (typeOf(map).getRank() != 2) {
      mlir::emitError(map.getLoc())
          << "cannot convolutionalize: a value computed from a converted "
             "dense has shape "
          << formatShape(typeOf(map).getShape()) << ", expected [N, F]";
      return failure();
    }
    for (OpOperand &use : map.getUses())
      if (failed(checkUser(use.getOwner(), use, map, plan, worklist)))
        return failure();
  }
  // A dense that is both a root and downstream of another head would be
  // converted twice.
  for (HeadRoot &root : plan.roots)
    if (llvm::is_contained(plan.pointwise, root.dense))
      return root.dense.emitError(
          "cannot convolutionalize: this dense is fed both by a flatten and "
          "by a converted dense");

  if (failed(collectImages(plan)))
    return failure();
  if (plan.images.empty()) {
    InFlightDiagnostic diag =
        plan.roots.front().flatten.emitError()
        << "cannot convolutionalize: the flattened map does not come from a "
           "[N, C, H, W] function argument";
    return failure();
  }
  // Both operands of a binary op may be maps found at different times:
  // only the operands that stay [F] / [N, F] are lifted.
  llvm::erase_if(plan.liftOperands, [&](std::pair<Operation *, unsigned> p) {
    return maps.contains(p.first->getOperand(p.second));
  });
  return success();
}

/// `v` reshaped to `shape`: a constant is folded into a new constant (the
/// same data, dense or dense_resource), anything else gets an nn.reshape.
Value DenseToConvRewriter::reshapeValue(OpBuilder &b, Location loc, Value v,
                                        ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, typeOf(v).getElementType());
  if (type == v.getType())
    return v;
  if (auto cst = v.getDefiningOp<arith::ConstantOp>()) {
    auto cached = reshapedConstants.find({v, type});
    if (cached != reshapedConstants.end())
      return cached->second;
    TypedAttr value;
    if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue()))
      value = dense.reshape(type);
    else if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue()))
      value = DenseResourceElementsAttr::get(type, res.getRawHandle());
    if (value) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointAfter(cst);
      replacedConstants.insert(cst);
      Value result = arith::ConstantOp::create(b, cst.getLoc(), type, value);
      reshapedConstants[{v, type}] = result;
      return result;
    }
  }
  return ReshapeOp::create(b, loc, type, v);
}

/// The conv replacing `dense`. Its operands may not have their final types
/// yet (the head is rewritten before types are inferred again), so its
/// result type is a placeholder until reinferTypes.
static ConvOp createConv(OpBuilder &b, DenseOp dense, Value input,
                         Value weight) {
  return ConvOp::create(b, dense.getLoc(), dense.getType(), input, weight,
                        dense.getBias(),
                        /*strides=*/DenseI64ArrayAttr(),
                        /*padding=*/DenseI64ArrayAttr(),
                        /*dilations=*/DenseI64ArrayAttr(), /*groups=*/1,
                        dense.getActivationAttr());
}

/// Infers every nn op's result types again, in program order, from the new
/// operand types; then the function's signature.
LogicalResult DenseToConvRewriter::reinferTypes() {
  WalkResult walk = func.getFunctionBody().walk([&](Operation *op) {
    if (!isa<NNDialect>(op->getDialect()))
      return WalkResult::advance();
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    if (!infer)
      return WalkResult::advance(); // nn.reshape: its type is its attribute
    SmallVector<Type> types;
    if (failed(infer.inferReturnTypes(
            op->getContext(), op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), types))) {
      InFlightDiagnostic diag = func.emitError()
                                << "nn-dense-to-conv: with the input size ";
      if (inputSize.empty())
        diag << "?x?";
      else
        diag << inputSize[0] << "x" << inputSize[1];
      diag << " the result types of this function cannot be inferred "
              "again (see the error above)";
      diag.attachNote(op->getLoc())
          << "the op whose result type cannot be inferred";
      return WalkResult::interrupt();
    }
    for (auto [result, type] : llvm::zip_equal(op->getResults(), types))
      result.setType(type);
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  Block &entry = func.getFunctionBody().front();
  SmallVector<Type> results;
  for (Value v : entry.getTerminator()->getOperands())
    results.push_back(v.getType());
  func.setType(
      FunctionType::get(func.getContext(), entry.getArgumentTypes(), results));
  return success();
}

LogicalResult DenseToConvRewriter::rewrite(FunctionPlan &plan) {
  OpBuilder b(func.getContext());

  // Heads: dense(flatten(x)) -> conv(x) with an H×W kernel.
  for (HeadRoot &root : plan.roots) {
    DenseOp dense = root.dense;
    ArrayRef<int64_t> map = typeOf(root.flatten.getInput()).getShape();
    int64_t out = typeOf(dense.getWeight()).getDimSize(0);
    b.setInsertionPoint(dense);
    Value weight = reshapeValue(b, dense.getLoc(), dense.getWeight(),
                                {out, map[1], map[2], map[3]});
    ConvOp conv = createConv(b, dense, root.flatten.getInput(), weight);
    dense.getResult().replaceAllUsesWith(conv.getResult());
    dense.erase();
  }
  // Heads may share a flatten: each is erased once.
  llvm::SetVector<Operation *> flattens;
  for (HeadRoot &root : plan.roots)
    flattens.insert(root.flatten);
  for (Operation *flatten : flattens)
    if (flatten->use_empty())
      flatten->erase();

  // Later denses: 1×1 convs. Their input already is a map.
  for (DenseOp dense : plan.pointwise) {
    ArrayRef<int64_t> w = typeOf(dense.getWeight()).getShape();
    b.setInsertionPoint(dense);
    Value weight =
        reshapeValue(b, dense.getLoc(), dense.getWeight(), {w[0], w[1], 1, 1});
    ConvOp conv = createConv(b, dense, dense.getInput(), weight);
    dense.getResult().replaceAllUsesWith(conv.getResult());
    dense.erase();
  }

  // [F] / [N, F] operands of binary ops: [1, F, 1, 1] / [N, F, 1, 1].
  for (auto [op, idx] : plan.liftOperands) {
    Value v = op->getOperand(idx);
    ArrayRef<int64_t> s = typeOf(v).getShape();
    SmallVector<int64_t> shape = s.size() == 1
                                     ? SmallVector<int64_t>{1, s[0], 1, 1}
                                     : SmallVector<int64_t>{s[0], s[1], 1, 1};
    b.setInsertionPoint(op);
    op->setOperand(idx, reshapeValue(b, op->getLoc(), v, shape));
  }

  for (Operation *cst : replacedConstants)
    if (cst->use_empty())
      cst->erase();

  // Softmax-like ops over the features: over the channels.
  for (Operation *op : plan.axisOps)
    op->setAttr("axis", b.getI64IntegerAttr(1));

  // The new input size.
  for (BlockArgument arg : plan.images) {
    SmallVector<int64_t> shape(typeOf(arg).getShape());
    shape[2] = inputSize.empty() ? ShapedType::kDynamic : inputSize[0];
    shape[3] = inputSize.empty() ? ShapedType::kDynamic : inputSize[1];
    arg.setType(RankedTensorType::get(shape, typeOf(arg).getElementType()));
  }

  if (failed(reinferTypes()))
    return failure();
  if (failed(mlir::verify(func))) {
    func.emitError("nn-dense-to-conv: the converted function does not verify "
                   "(see the errors above)");
    return failure();
  }
  return success();
}

namespace {
struct NNDenseToConvPass
    : public nnc::nn::impl::NNDenseToConvBase<NNDenseToConvPass> {
  using NNDenseToConvBase::NNDenseToConvBase;

  LogicalResult initialize(MLIRContext *context) override {
    SmallVector<int64_t> size(inputSize.begin(), inputSize.end());
    if (size.empty() || (size.size() == 2 &&
                         llvm::all_of(size, [](int64_t s) { return s >= 1; })))
      return success();
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::interleaveComma(size, os);
    return mlir::emitError(UnknownLoc::get(context))
           << "nn-dense-to-conv: input-size must be two positive sizes H,W, "
              "got '"
           << text << "'";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<int64_t> size(inputSize.begin(), inputSize.end());
    bool failed = false;
    SmallVector<FunctionOpInterface> funcs;
    module.walk([&](FunctionOpInterface func) { funcs.push_back(func); });
    for (FunctionOpInterface func : funcs) {
      if (func.isExternal())
        continue;
      DenseToConvRewriter rewriter(func, size);
      FunctionPlan plan;
      if (mlir::failed(rewriter.analyze(plan))) {
        failed = true;
        continue;
      }
      if (plan.roots.empty())
        continue;
      // The signature changes: callers would no longer match.
      if (auto uses = SymbolTable::getSymbolUses(func, module);
          uses && !uses->empty()) {
        InFlightDiagnostic diag =
            func.emitError()
            << "cannot convolutionalize: the function's signature changes "
               "but it is referenced";
        diag.attachNote(uses->begin()->getUser()->getLoc())
            << "referenced here";
        failed = true;
        continue;
      }
      if (mlir::failed(rewriter.rewrite(plan)))
        failed = true;
    }
    if (failed)
      signalPassFailure();
  }
};
} // namespace
