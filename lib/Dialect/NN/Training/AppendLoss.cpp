//===- AppendLoss.cpp - a loss appended to a function's output ------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Training/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNAPPENDLOSS
#include "nnc/Dialect/NN/Training/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

/// Makes @f(x...) -> out into @f(x..., target) -> loss.
LogicalResult appendLoss(func::FuncOp f, TrainingLoss kind) {
  if (f.getNumResults() != 1)
    return f.emitError() << "nn-append-loss: loss="
                         << stringifyTrainingLoss(kind) << " needs @"
                         << f.getSymName() << " to return one tensor, it "
                         << "returns " << f.getNumResults();
  auto out = dyn_cast<RankedTensorType>(f.getResultTypes()[0]);
  if (!out || !isa<FloatType>(out.getElementType()))
    return f.emitError() << "nn-append-loss: loss="
                         << stringifyTrainingLoss(kind)
                         << " needs a float tensor output, got "
                         << f.getResultTypes()[0];
  MLIRContext *ctx = f.getContext();
  Type target;
  if (kind == TrainingLoss::cross_entropy) {
    if (out.getRank() != 2)
      return f.emitError()
             << "nn-append-loss: cross_entropy needs logits [B, C], got "
             << out;
    target =
        RankedTensorType::get({out.getDimSize(0)}, IntegerType::get(ctx, 64));
  } else {
    target = out;
  }
  Block &entry = f.getBody().front();
  // The argument-attribute array must grow with the arguments.
  SmallVector<DictionaryAttr> argAttrs(entry.getNumArguments() + 1,
                                       DictionaryAttr::get(ctx));
  if (ArrayAttr old = f.getArgAttrsAttr())
    for (auto [i, a] : llvm::enumerate(old))
      argAttrs[i] = cast<DictionaryAttr>(a);
  Value y = entry.addArgument(target, f.getLoc());
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  OpBuilder b(ret);
  Location loc = ret.getLoc();
  auto scalar = RankedTensorType::get({}, out.getElementType());
  auto mean = ReductionAttr::get(ctx, Reduction::mean);
  Value x = ret.getOperand(0), loss;
  if (kind == TrainingLoss::cross_entropy)
    loss = CrossEntropyOp::create(b, loc, scalar, x, y, b.getBoolAttr(true),
                                  IntegerAttr(), mean);
  else if (kind == TrainingLoss::mse)
    loss = MseOp::create(b, loc, scalar, x, y, mean);
  else
    loss = BceWithLogitsOp::create(b, loc, scalar, x, y, mean);
  ret->setOperand(0, loss);
  f.setFunctionType(FunctionType::get(ctx, entry.getArgumentTypes(), {scalar}));
  f.setAllArgAttrs(argAttrs);
  f.removeResAttrsAttr();
  f.setArgAttr(entry.getNumArguments() - 1, nnc::nn::kNameAttr,
               StringAttr::get(ctx, "target"));
  return success();
}

struct NNAppendLoss : nnc::nn::impl::NNAppendLossBase<NNAppendLoss> {
  using NNAppendLossBase::NNAppendLossBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (loss == TrainingLoss::none) {
      module.emitError() << "nn-append-loss: needs loss=cross_entropy, mse or "
                            "bce_with_logits";
      return signalPassFailure();
    }
    func::FuncOp f;
    if (!function.empty()) {
      f = module.lookupSymbol<func::FuncOp>(function);
    } else {
      for (auto candidate : module.getOps<func::FuncOp>())
        if (candidate.isPublic() && !candidate.isExternal()) {
          if (f) {
            module.emitError("nn-append-loss: several public functions; name "
                             "one with function=<name>");
            return signalPassFailure();
          }
          f = candidate;
        }
    }
    if (!f || f.isExternal()) {
      module.emitError() << "nn-append-loss: no function "
                         << (function.empty() ? std::string("to extend")
                                              : "@" + function);
      return signalPassFailure();
    }
    if (failed(appendLoss(f, loss)))
      signalPassFailure();
  }
};

} // namespace
