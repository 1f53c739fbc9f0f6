//===- DeriveBackward.cpp - the nn-derive-backward pass -------------------===//
//
// Reverse-mode differentiation of a function ending in a scalar loss. The
// forward is cloned into @<name>_grad, normalized (epilogues split off,
// composite layers decomposed, dropout made explicit), its constant weights
// lifted to arguments, and the op rules of GradientOpInterface are applied
// in reverse program order, summing the gradients of values with several
// uses.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/Gradient.h"
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Training/Passes.h"
#include "nnc/Dialect/NN/Transforms/Decompose.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNDERIVEBACKWARD
#include "nnc/Dialect/NN/Training/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

bool isFloatTensor(Type t) {
  auto rt = dyn_cast<RankedTensorType>(t);
  return rt && isa<FloatType>(rt.getElementType());
}

/// A scalar loss: one float tensor result with one element.
bool returnsScalarLoss(func::FuncOp f) {
  if (f.getNumResults() != 1 || !isFloatTensor(f.getResultTypes()[0]))
    return false;
  auto t = cast<RankedTensorType>(f.getResultTypes()[0]);
  return t.hasStaticShape() && t.getNumElements() == 1;
}

/// dense / conv / matmul with an activation epilogue become the op without
/// it followed by the standalone activation, whose rule applies.
LogicalResult splitEpilogues(func::FuncOp f) {
  SmallVector<EpilogueOpInterface> ops;
  f.walk([&](EpilogueOpInterface op) {
    if (op.hasEpilogue())
      ops.push_back(op);
  });
  for (EpilogueOpInterface op : ops) {
    Activation act = op.getActivationKind();
    std::optional<double> alpha = op.getAlphaValue();
    op.setEpilogue(Activation::none, FloatAttr());
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    Location loc = op->getLoc();
    Value x = op->getResult(0);
    Value y;
    switch (act) {
    case Activation::relu:
      y = ReluOp::create(b, loc, x);
      break;
    case Activation::leaky_relu:
      y = LeakyReluOp::create(b, loc, x, llvm::APFloat(alpha.value_or(0.01)));
      break;
    case Activation::gelu:
      y = GeluOp::create(b, loc, x, false);
      break;
    case Activation::gelu_tanh:
      y = GeluOp::create(b, loc, x, true);
      break;
    case Activation::silu:
      y = SiluOp::create(b, loc, x);
      break;
    case Activation::sigmoid:
      y = SigmoidOp::create(b, loc, x);
      break;
    case Activation::tanh:
      y = TanhOp::create(b, loc, x);
      break;
    case Activation::elu:
      y = EluOp::create(b, loc, x, llvm::APFloat(alpha.value_or(1.0)));
      break;
    case Activation::softplus:
      y = SoftplusOp::create(b, loc, x, llvm::APFloat(1.0),
                             llvm::APFloat(20.0));
      break;
    case Activation::none:
      break;
    }
    x.replaceAllUsesExcept(y, y.getDefiningOp());
  }
  return success();
}

/// Training-mode dropout: x · nn.dropout_mask (keep / (1 - rate), keep
/// drawn from a hash of the seed, the op number and the element index).
/// The multiplication is an nn.mul, whose rule gives the backward.
void lowerDropout(func::FuncOp f, Value seed, bool training) {
  SmallVector<DropoutOp> ops;
  f.walk([&](DropoutOp op) { ops.push_back(op); });
  for (auto [n, op] : llvm::enumerate(ops)) {
    double rate = op.getRate().convertToDouble();
    if (!training || rate == 0.0) {
      op.replaceAllUsesWith(op.getInput());
      op.erase();
      continue;
    }
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value mask =
        DropoutMaskOp::create(b, loc, x.getType(), x, seed, op.getRateAttr(),
                              b.getI64IntegerAttr(n + 1));
    Value y = MulOp::create(b, loc, x, mask);
    op.replaceAllUsesWith(y);
    op.erase();
  }
}

struct Parameter {
  std::string name;
  Attribute value;
  Type type;
};

/// Lifts the constant weights (LedgerOpInterface::getParameterOperands) to
/// new arguments of `f`, in order of first use.
SmallVector<Parameter> liftParameters(func::FuncOp f) {
  SmallVector<Parameter> params;
  llvm::SmallDenseSet<Operation *> seen;
  SmallVector<Operation *> constants;
  f.walk([&](LedgerOpInterface op) {
    for (Value v : op.getParameterOperands()) {
      auto c = v.getDefiningOp<arith::ConstantOp>();
      if (c && isFloatTensor(c.getType()) && seen.insert(c).second)
        constants.push_back(c);
    }
  });
  Block &entry = f.getBody().front();
  for (Operation *op : constants) {
    auto c = cast<arith::ConstantOp>(op);
    std::string name;
    if (auto n = c->getAttrOfType<StringAttr>(nnc::nn::kNameAttr))
      name = n.str();
    else
      name = "param" + std::to_string(params.size());
    params.push_back({name, c.getValue(), c.getType()});
    BlockArgument arg = entry.addArgument(c.getType(), c.getLoc());
    c.getResult().replaceAllUsesWith(arg);
    c.erase();
  }
  return params;
}

struct NNDeriveBackward
    : nnc::nn::impl::NNDeriveBackwardBase<NNDeriveBackward> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerGradientInterfaceExternalModels(registry);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> targets;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (f.isExternal())
        continue;
      if (!function.empty() ? f.getSymName() == function
                            : (f.isPublic() && returnsScalarLoss(f)))
        targets.push_back(f);
    }
    if (targets.empty()) {
      module.emitError() << "nn-derive-backward: "
                         << (function.empty()
                                 ? std::string("no public function returns a "
                                               "scalar loss")
                                 : "no function named '" + function + "'");
      return signalPassFailure();
    }
    for (func::FuncOp f : targets)
      if (failed(derive(f)))
        return signalPassFailure();
  }

  LogicalResult derive(func::FuncOp forward) {
    if (!returnsScalarLoss(forward))
      return forward.emitError()
             << "nn-derive-backward: @" << forward.getSymName()
             << " must return one scalar float loss, got "
             << forward.getFunctionType();
    SymbolTable symbols(getOperation());
    std::string gradName = (forward.getSymName() + "_grad").str();
    std::string initName = (forward.getSymName() + "_init").str();
    for (StringRef n : {StringRef(gradName), StringRef(initName)})
      if (symbols.lookup(n))
        return forward.emitError()
               << "nn-derive-backward: @" << n << " already exists";

    auto f = cast<func::FuncOp>(forward->clone());
    f.setSymName(gradName);
    f.setPublic();
    symbols.insert(f, std::next(Block::iterator(forward)));
    unsigned numInputs = f.getNumArguments();

    // Normalize the forward. Parameters are lifted before the composite
    // layers are decomposed, while the layers still report them.
    (void)splitEpilogues(f);
    Block &entry = f.getBody().front();
    SmallVector<Parameter> params = liftParameters(f);
    RewritePatternSet patterns(&getContext());
    populateNNDecomposeCompositePatterns(patterns);
    populateNNDecomposeNormPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(f, std::move(patterns), config)))
      return f.emitError("nn-derive-backward: decomposition did not converge");
    Value seed = entry.addArgument(
        RankedTensorType::get({}, IntegerType::get(&getContext(), 64)),
        f.getLoc());
    lowerDropout(f, seed, training);

    // Values that depend on a parameter (or an input, with wrt-inputs).
    llvm::DenseSet<Value> active;
    for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
      BlockArgument a = entry.getArgument(i);
      bool isParam = i >= numInputs && i < numInputs + params.size();
      if (isFloatTensor(a.getType()) &&
          (isParam || (wrtInputs && i < numInputs)))
        active.insert(a);
    }
    SmallVector<Operation *> forwardOps;
    for (Operation &op : entry.without_terminator()) {
      forwardOps.push_back(&op);
      if (llvm::any_of(op.getOperands(),
                       [&](Value v) { return active.contains(v); }))
        for (Value r : op.getResults())
          if (isFloatTensor(r.getType()))
            active.insert(r);
    }

    auto ret = cast<func::ReturnOp>(entry.getTerminator());
    Value loss = ret.getOperand(0);
    OpBuilder b(ret);
    llvm::DenseMap<Value, Value> grads;
    grads[loss] = filledLike(b, f.getLoc(), loss, 1.0);

    for (Operation *op : llvm::reverse(forwardOps)) {
      if (llvm::none_of(op->getResults(),
                        [&](Value r) { return grads.count(r); }))
        continue;
      if (llvm::none_of(op->getOperands(),
                        [&](Value v) { return active.contains(v); }))
        continue;
      auto rule = dyn_cast<GradientOpInterface>(op);
      if (!rule)
        return op->emitError()
               << "nn-derive-backward: '" << op->getName()
               << "' has no gradient rule (it lies between a parameter and "
                  "the loss)";
      SmallVector<Value> resultGrads;
      for (Value r : op->getResults())
        resultGrads.push_back(grads.lookup(r));
      SmallVector<Value> operandGrads;
      b.setInsertionPoint(ret);
      if (failed(rule.buildGradients(b, resultGrads, recompute, operandGrads)))
        return failure();
      for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads)) {
        if (!g || !active.contains(operand))
          continue;
        g = reshapeTo(b, op->getLoc(), g, operand.getType());
        auto [it, inserted] = grads.try_emplace(operand, g);
        if (!inserted)
          it->second = AddOp::create(b, op->getLoc(), it->second, g);
      }
    }

    // loss, d params, [d inputs]
    SmallVector<Value> results{loss};
    auto gradOf = [&](Value v) {
      Value g = grads.lookup(v);
      return g ? g : filledLike(b, f.getLoc(), v, 0.0);
    };
    b.setInsertionPoint(ret);
    for (unsigned i = 0; i < params.size(); ++i)
      results.push_back(gradOf(entry.getArgument(numInputs + i)));
    if (wrtInputs)
      for (unsigned i = 0; i < numInputs; ++i)
        if (isFloatTensor(entry.getArgument(i).getType()))
          results.push_back(gradOf(entry.getArgument(i)));
    func::ReturnOp::create(b, ret.getLoc(), results);
    ret.erase();
    f.setFunctionType(FunctionType::get(&getContext(), entry.getArgumentTypes(),
                                        ValueRange(results).getTypes()));
    // The inputs keep their argument attributes; the array is resized to
    // the new argument count (setArgAttr indexes into it) and the result
    // attributes, which described the forward's one result, are dropped.
    {
      SmallVector<DictionaryAttr> argAttrs(entry.getNumArguments(),
                                           DictionaryAttr::get(&getContext()));
      if (ArrayAttr old = forward.getArgAttrsAttr())
        for (unsigned i = 0; i < numInputs && i < old.size(); ++i)
          argAttrs[i] = cast<DictionaryAttr>(old[i]);
      f.setAllArgAttrs(argAttrs);
      f.removeResAttrsAttr();
    }
    SmallVector<Attribute> names;
    for (auto [i, p] : llvm::enumerate(params)) {
      names.push_back(StringAttr::get(&getContext(), p.name));
      f.setArgAttr(numInputs + i, nnc::nn::kNameAttr,
                   StringAttr::get(&getContext(), p.name));
    }
    f.setArgAttr(entry.getNumArguments() - 1, nnc::nn::kNameAttr,
                 StringAttr::get(&getContext(), "seed"));
    f->setAttr(nnc::nn::kParameterNamesAttr,
               ArrayAttr::get(&getContext(), names));

    // @<name>_init returns the initial parameter values.
    OpBuilder mb(&getContext());
    mb.setInsertionPointAfter(f);
    SmallVector<Type> types;
    for (const Parameter &p : params)
      types.push_back(p.type);
    auto init = func::FuncOp::create(mb, forward.getLoc(), initName,
                                     mb.getFunctionType({}, types));
    init->setAttr(nnc::nn::kParameterNamesAttr,
                  ArrayAttr::get(&getContext(), names));
    OpBuilder ib(init.addEntryBlock()->getParent());
    ib.setInsertionPointToStart(&init.getBody().front());
    SmallVector<Value> values;
    for (const Parameter &p : params)
      values.push_back(arith::ConstantOp::create(ib, forward.getLoc(), p.type,
                                                 cast<TypedAttr>(p.value)));
    func::ReturnOp::create(ib, forward.getLoc(), values);
    return success();
  }
};

} // namespace
