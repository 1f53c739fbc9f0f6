//===- TrainStep.cpp - the nn-build-train-step pass -----------------------===//
//
// From @<f>_grad (made by nn-derive-backward) builds
//
//   @<f>_train_step(inputs..., params..., state..., %seed: tensor<i64>,
//                   %hyper: tensor<8xT>) -> (loss, new params..., new state...)
//
// whose body is @<f>_grad's (cloned, so the step is one function that the CPU
// pipeline fuses and bufferizes as a whole) followed by one elementwise
// linalg.generic per parameter for the optimizer update, whose outs are the
// parameter and its state (in place once bufferized). T is the element
// type of the parameters. The hyperparameters are run-time values, laid out
// the same way for every optimizer:
//
//   hyper = [lr, momentum, beta1, beta2, eps, weight_decay, l1, step]
//
// SGD (state: one velocity v per parameter, zero at the start; PyTorch's SGD
// with dampening 0, not Nesterov):
//   g' = g + weight_decay·p + l1·sign(p)
//   v  = momentum·v + g'
//   p  = p - lr·v
// Adam (state: m and v per parameter, zero at the start; PyTorch's Adam,
// step = 1, 2, ... counts the updates made so far including this one):
//   g' = g + weight_decay·p + l1·sign(p)
//   m  = beta1·m + (1 - beta1)·g'
//   v  = beta2·v + (1 - beta2)·g'²
//   p  = p - (lr / (1 - beta1^step)) · m / (sqrt(v) / sqrt(1 - beta2^step) +
//   eps)
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNDialect.h"
#include "nnc/Dialect/NN/Training/Passes.h"

#include "nnc_train_abi.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNBUILDTRAINSTEP
#include "nnc/Dialect/NN/Training/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;

namespace {

/// Indices into the hyperparameter vector (the runtime's layout).
enum Hyper : int64_t {
  kLr = NNC_HYPER_LR,
  kMomentum = NNC_HYPER_MOMENTUM,
  kBeta1 = NNC_HYPER_BETA1,
  kBeta2 = NNC_HYPER_BETA2,
  kEps = NNC_HYPER_EPS,
  kWeightDecay = NNC_HYPER_WEIGHT_DECAY,
  kL1 = NNC_HYPER_L1,
  kStep = NNC_HYPER_STEP,
  kNumHyper = NNC_NUM_HYPER
};

struct NNBuildTrainStep
    : nnc::nn::impl::NNBuildTrainStepBase<NNBuildTrainStep> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> grads;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (f.isExternal() || !f->hasAttr(nnc::nn::kParameterNamesAttr) ||
          !f.getSymName().ends_with("_grad"))
        continue;
      if (!function.empty() && f.getSymName() != function + "_grad")
        continue;
      grads.push_back(f);
    }
    if (grads.empty()) {
      module.emitError() << "nn-build-train-step: no @"
                         << (function.empty() ? std::string("<name>")
                                              : std::string(function))
                         << "_grad with nn.parameter_names (run "
                            "nn-derive-backward first)";
      return signalPassFailure();
    }
    for (func::FuncOp g : grads)
      if (failed(build(g)))
        return signalPassFailure();
  }

  LogicalResult build(func::FuncOp grad) {
    MLIRContext *ctx = &getContext();
    auto names = grad->getAttrOfType<ArrayAttr>(nnc::nn::kParameterNamesAttr);
    unsigned numParams = names.size();
    unsigned numArgs = grad.getNumArguments();
    if (numArgs < numParams + 1 || grad.getNumResults() < numParams + 1)
      return grad.emitError("nn-build-train-step: @")
             << grad.getSymName()
             << " does not have the signature of nn-derive-backward";
    unsigned numInputs = numArgs - numParams - 1;
    if (numParams == 0)
      return grad.emitError("nn-build-train-step: @")
             << grad.getSymName() << " has no parameters to train";
    Type elemType;
    for (unsigned i = 0; i < numParams; ++i) {
      auto t =
          dyn_cast<RankedTensorType>(grad.getArgumentTypes()[numInputs + i]);
      if (!t || !t.hasStaticShape() || !isa<FloatType>(t.getElementType()))
        return grad.emitError("nn-build-train-step: parameter ")
               << names[i] << " must be a static float tensor";
      if (elemType && elemType != t.getElementType())
        return grad.emitError("nn-build-train-step: the parameters mix "
                              "element types ")
               << elemType << " and " << t.getElementType();
      elemType = t.getElementType();
      if (grad.getResultTypes()[1 + i] != t)
        return grad.emitError("nn-build-train-step: result ")
               << (1 + i) << " is not the gradient of " << names[i];
    }

    StringRef base = grad.getSymName().drop_back(strlen("_grad"));
    std::string name = (base + "_train_step").str();
    SymbolTable symbols(getOperation());
    if (symbols.lookup(name))
      return grad.emitError("nn-build-train-step: @")
             << name << " already exists";

    bool adam = optimizer == nnc::nn::Optimizer::adam;
    unsigned statePer = adam ? NNC_ADAM_STATE : NNC_SGD_STATE;
    ArrayRef<Type> argTypes = grad.getArgumentTypes();
    SmallVector<Type> types(argTypes.begin(),
                            argTypes.begin() + numInputs + numParams);
    for (unsigned s = 0; s < statePer; ++s)
      types.append(argTypes.begin() + numInputs,
                   argTypes.begin() + numInputs + numParams);
    types.push_back(argTypes.back()); // seed
    auto hyperType = RankedTensorType::get({kNumHyper}, elemType);
    types.push_back(hyperType);
    SmallVector<Type> resultTypes{grad.getResultTypes()[0]};
    for (unsigned s = 0; s < 1 + statePer; ++s)
      resultTypes.append(argTypes.begin() + numInputs,
                         argTypes.begin() + numInputs + numParams);

    OpBuilder mb(ctx);
    mb.setInsertionPointAfter(grad);
    auto step = func::FuncOp::create(mb, grad.getLoc(), name,
                                     mb.getFunctionType(types, resultTypes));
    symbols.insert(step, std::next(Block::iterator(grad)));
    Block *entry = step.addEntryBlock();
    OpBuilder b = OpBuilder::atBlockBegin(entry);
    Location loc = grad.getLoc();

    // The gradient computation, cloned.
    IRMapping map;
    Block &gradBody = grad.getBody().front();
    for (unsigned i = 0; i < numInputs + numParams; ++i)
      map.map(gradBody.getArgument(i), entry->getArgument(i));
    map.map(gradBody.getArgument(numArgs - 1),
            entry->getArgument(numInputs + numParams * (1 + statePer)));
    for (Operation &op : gradBody.without_terminator())
      b.clone(op, map);
    auto gradRet = cast<func::ReturnOp>(gradBody.getTerminator());
    Value loss = map.lookup(gradRet.getOperand(0));

    // The hyperparameters as scalars.
    Value hyper = entry->getArguments().back();
    auto h = [&](Hyper k) -> Value {
      Value idx = arith::ConstantIndexOp::create(b, loc, k);
      return tensor::ExtractOp::create(b, loc, hyper, ValueRange{idx});
    };
    auto c = [&](OpBuilder &nb, double v) -> Value {
      return arith::ConstantOp::create(nb, loc, FloatAttr::get(elemType, v));
    };
    Value lr = h(kLr), momentum = h(kMomentum), beta1 = h(kBeta1),
          beta2 = h(kBeta2), eps = h(kEps), wd = h(kWeightDecay), l1 = h(kL1),
          t = h(kStep);
    Value stepSize, sqrtBc2, oneMinusB1, oneMinusB2;
    if (adam) {
      // lr / (1 - beta1^t) and sqrt(1 - beta2^t), once per step.
      Value bc1 = arith::SubFOp::create(b, loc, c(b, 1.0),
                                        math::PowFOp::create(b, loc, beta1, t));
      Value bc2 = arith::SubFOp::create(b, loc, c(b, 1.0),
                                        math::PowFOp::create(b, loc, beta2, t));
      stepSize = arith::DivFOp::create(b, loc, lr, bc1);
      sqrtBc2 = math::SqrtOp::create(b, loc, bc2);
      oneMinusB1 = arith::SubFOp::create(b, loc, c(b, 1.0), beta1);
      oneMinusB2 = arith::SubFOp::create(b, loc, c(b, 1.0), beta2);
    }

    SmallVector<Value> newParams, newState[2];
    for (unsigned i = 0; i < numParams; ++i) {
      auto type = cast<RankedTensorType>(argTypes[numInputs + i]);
      Value p = entry->getArgument(numInputs + i);
      Value g = map.lookup(gradRet.getOperand(1 + i));
      SmallVector<Value> state;
      for (unsigned s = 0; s < statePer; ++s)
        state.push_back(
            entry->getArgument(numInputs + numParams * (1 + s) + i));
      // The update reads and writes over the parameter and its state (the
      // outs): bufferization does it in place when their buffers are
      // writable and nothing reads them later (it copies otherwise).
      SmallVector<Value> ins{g};
      SmallVector<Value> outs{p};
      outs.append(state);
      unsigned rank = type.getRank();
      SmallVector<AffineMap> maps(ins.size() + outs.size(),
                                  b.getMultiDimIdentityMap(rank));
      SmallVector<utils::IteratorType> iters(rank,
                                             utils::IteratorType::parallel);
      auto generic = linalg::GenericOp::create(
          b, loc, TypeRange(ValueRange(outs)), ins, outs, maps, iters,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value gv = args[0], pv = args[1];
            // g' = g + wd·p + l1·sign(p), sign(0) = 0.
            Value zero = c(nb, 0.0);
            Value sign = arith::SelectOp::create(
                nb, l,
                arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, pv,
                                      zero),
                c(nb, 1.0),
                arith::SelectOp::create(
                    nb, l,
                    arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OLT, pv,
                                          zero),
                    c(nb, -1.0), zero));
            Value gg = arith::AddFOp::create(
                nb, l, gv,
                arith::AddFOp::create(nb, l,
                                      arith::MulFOp::create(nb, l, wd, pv),
                                      arith::MulFOp::create(nb, l, l1, sign)));
            SmallVector<Value> yields;
            if (!adam) {
              Value v = arith::AddFOp::create(
                  nb, l, arith::MulFOp::create(nb, l, momentum, args[2]), gg);
              Value pn = arith::SubFOp::create(
                  nb, l, pv, arith::MulFOp::create(nb, l, lr, v));
              yields = {pn, v};
            } else {
              Value m = arith::AddFOp::create(
                  nb, l, arith::MulFOp::create(nb, l, beta1, args[2]),
                  arith::MulFOp::create(nb, l, oneMinusB1, gg));
              Value v = arith::AddFOp::create(
                  nb, l, arith::MulFOp::create(nb, l, beta2, args[3]),
                  arith::MulFOp::create(nb, l, oneMinusB2,
                                        arith::MulFOp::create(nb, l, gg, gg)));
              Value denom = arith::AddFOp::create(
                  nb, l,
                  arith::DivFOp::create(nb, l, math::SqrtOp::create(nb, l, v),
                                        sqrtBc2),
                  eps);
              Value pn = arith::SubFOp::create(
                  nb, l, pv,
                  arith::MulFOp::create(
                      nb, l, stepSize, arith::DivFOp::create(nb, l, m, denom)));
              yields = {pn, m, v};
            }
            linalg::YieldOp::create(nb, l, yields);
          });
      newParams.push_back(generic.getResult(0));
      for (unsigned s = 0; s < statePer; ++s)
        newState[s].push_back(generic.getResult(1 + s));
    }
    SmallVector<Value> results{loss};
    results.append(newParams);
    for (unsigned s = 0; s < statePer; ++s)
      results.append(newState[s]);
    func::ReturnOp::create(b, loc, results);

    // Names: inputs keep theirs; params, state, seed and hyper are named.
    for (unsigned i = 0; i < numInputs; ++i)
      if (auto n = grad.getArgAttrOfType<StringAttr>(i, nnc::nn::kNameAttr))
        step.setArgAttr(i, nnc::nn::kNameAttr, n);
    const char *stateNames[2][2] = {{"momentum_buffer", ""},
                                    {"exp_avg", "exp_avg_sq"}};
    for (unsigned i = 0; i < numParams; ++i) {
      StringRef n = cast<StringAttr>(names[i]).getValue();
      step.setArgAttr(numInputs + i, nnc::nn::kNameAttr,
                      StringAttr::get(ctx, n));
      for (unsigned s = 0; s < statePer; ++s)
        step.setArgAttr(
            numInputs + numParams * (1 + s) + i, nnc::nn::kNameAttr,
            StringAttr::get(ctx, (n + "." + stateNames[adam][s]).str()));
    }
    unsigned seedIdx = numInputs + numParams * (1 + statePer);
    step.setArgAttr(seedIdx, nnc::nn::kNameAttr, StringAttr::get(ctx, "seed"));
    step.setArgAttr(seedIdx + 1, nnc::nn::kNameAttr,
                    StringAttr::get(ctx, "hyper"));
    step->setAttr(nnc::nn::kParameterNamesAttr, names);
    step->setAttr(nnc::nn::kOptimizerAttr,
                  StringAttr::get(ctx, nnc::nn::stringifyOptimizer(optimizer)));
    return success();
  }
};

} // namespace
