//===- BuilderTest.cpp - building nn ops from C++ -------------------------===//
//
// The C++ API importers use: builders infer result types, verifiers reject
// bad shapes with a message that names the expected shape.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace nnc::nn;

namespace {

class BuildNN : public ::testing::Test {
protected:
  BuildNN() : builder(&ctx) {
    ctx.loadDialect<NNDialect, func::FuncDialect>();
    loc = builder.getUnknownLoc();
    module = ModuleOp::create(loc);
  }

  /// A function with the given argument types; the builder is inside it.
  func::FuncOp makeFunc(TypeRange args) {
    builder.setInsertionPointToEnd(module->getBody());
    auto func = func::FuncOp::create(builder, loc, "f",
                                     builder.getFunctionType(args, {}));
    builder.setInsertionPointToStart(func.addEntryBlock());
    return func;
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  MLIRContext ctx;
  OpBuilder builder;
  Location loc = UnknownLoc::get(&ctx);
  OwningOpRef<ModuleOp> module;
};

TEST_F(BuildNN, DenseInfersResultType) {
  auto func = makeFunc({f32({32, 128}), f32({64, 128}), f32({64})});
  Block &body = func.getBody().front();
  auto dense = DenseOp::create(builder, loc, body.getArgument(0),
                               body.getArgument(1), body.getArgument(2),
                               ActivationAttr::get(&ctx, Activation::relu));
  func::ReturnOp::create(builder, loc);
  EXPECT_EQ(dense.getType(), f32({32, 64}));
  EXPECT_EQ(dense.getActivationKind(), Activation::relu);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(BuildNN, ChainWithDynamicBatch) {
  int64_t dyn = ShapedType::kDynamic;
  auto func = makeFunc({f32({dyn, 1, 28, 28}), f32({8, 1, 3, 3})});
  Block &body = func.getBody().front();
  auto conv =
      ConvOp::create(builder, loc, body.getArgument(0), body.getArgument(1),
                     Value(), builder.getDenseI64ArrayAttr({2, 2}),
                     builder.getDenseI64ArrayAttr({1, 1, 1, 1}),
                     DenseI64ArrayAttr(), 1, ActivationAttr());
  EXPECT_EQ(conv.getType(), f32({dyn, 8, 14, 14}));
  auto flat = FlattenOp::create(builder, loc, conv, 1);
  EXPECT_EQ(flat.getType(), f32({dyn, 8 * 14 * 14}));
  auto soft = SoftmaxOp::create(builder, loc, flat, Value(),
                                builder.getI64IntegerAttr(-1),
                                builder.getF64FloatAttr(1.0), UnitAttr());
  EXPECT_EQ(soft.getType(), flat.getType());
  func::ReturnOp::create(builder, loc);
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(BuildNN, VerifierNamesExpectedShape) {
  auto func = makeFunc({f32({32, 512}), f32({10, 784})});
  Block &body = func.getBody().front();
  // Explicit result type: the builder that does not infer.
  DenseOp::create(builder, loc, TypeRange{f32({32, 10})},
                  ValueRange{body.getArgument(0), body.getArgument(1)});
  func::ReturnOp::create(builder, loc);
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  EXPECT_TRUE(failed(verify(*module)));
  // Exactly one error, naming the expected weight shape.
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "'nn.dense' op weight shape [10, 784] does not "
                         "match input features 512: expected [10, 512]");
}

TEST_F(BuildNN, ActivationKindOfActivationOps) {
  auto func = makeFunc({f32({4})});
  Value x = func.getBody().front().getArgument(0);
  EXPECT_EQ(getActivationKind(ReluOp::create(builder, loc, x)),
            Activation::relu);
  EXPECT_EQ(getActivationKind(GeluOp::create(builder, loc, x, true)),
            Activation::gelu_tanh);
  EXPECT_EQ(
      getActivationKind(LeakyReluOp::create(builder, loc, x, APFloat(0.2))),
      Activation::leaky_relu);
  EXPECT_EQ(getActivationKind(SoftplusOp::create(builder, loc, x, APFloat(2.0),
                                                 APFloat(20.0))),
            std::nullopt);
  EXPECT_EQ(getActivationKind(ExpOp::create(builder, loc, x)), std::nullopt);
}

TEST_F(BuildNN, SplitInfersOneResultPerSize) {
  auto func = makeFunc({f32({2, 10})});
  auto split =
      SplitOp::create(builder, loc, func.getBody().front().getArgument(0), 1,
                      builder.getDenseI64ArrayAttr({3, 7}));
  ASSERT_EQ(split.getNumResults(), 2u);
  EXPECT_EQ(split.getResult(0).getType(), f32({2, 3}));
  EXPECT_EQ(split.getResult(1).getType(), f32({2, 7}));
}

} // namespace
