//===- LedgerTest.cpp - shape-ledger arithmetic ---------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace nnc::nn;

namespace {

TEST(LedgerArithmetic, ProductCountsDynamicAsOne) {
  EXPECT_EQ(ledger::product({32, 128}), 4096);
  EXPECT_EQ(ledger::product({}), 1);
  EXPECT_EQ(ledger::product({ShapedType::kDynamic, 128}), 128);
  EXPECT_EQ(ledger::matmulFlops(32, 128, 64), 524288);
}

TEST(LedgerArithmetic, ElementBytes) {
  MLIRContext ctx;
  Builder b(&ctx);
  EXPECT_EQ(ledger::elementBytes(b.getF32Type()), 4);
  EXPECT_EQ(ledger::elementBytes(b.getF64Type()), 8);
  EXPECT_EQ(ledger::elementBytes(b.getF16Type()), 2);
  EXPECT_EQ(ledger::elementBytes(b.getBF16Type()), 2);
  EXPECT_EQ(ledger::elementBytes(b.getI1Type()), 1);
  EXPECT_EQ(ledger::elementBytes(b.getI64Type()), 8);
  auto t = RankedTensorType::get({3, 5}, b.getF64Type());
  EXPECT_EQ(ledger::countElements(Type(t)), 15);
  EXPECT_EQ(ledger::countBytes(Type(t)), 120);
  EXPECT_FALSE(ledger::hasDynamicShape(t));
  EXPECT_TRUE(ledger::hasDynamicShape(
      RankedTensorType::get({ShapedType::kDynamic, 5}, b.getF32Type())));
}

/// Parses one function and returns the ledger interface of its first nn op.
class LedgerOfOp : public ::testing::Test {
protected:
  LedgerOfOp() { ctx.loadDialect<NNDialect, func::FuncDialect>(); }

  LedgerOpInterface parse(StringRef body) {
    module = parseSourceString<ModuleOp>(body, &ctx);
    EXPECT_TRUE(module) << body.str();
    LedgerOpInterface found;
    module->walk([&](LedgerOpInterface op) {
      if (!found)
        found = op;
    });
    EXPECT_TRUE(found);
    return found;
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

// The worked example of the seed text: batch 32, in 128, out 64.
TEST_F(LedgerOfOp, DenseWorkedExample) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<32x128xf32>, %w: tensor<64x128xf32>, %b: tensor<64xf32>) -> tensor<32x64xf32> {
      %y = nn.dense %x, %w, %b : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
      return %y : tensor<32x64xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 8256);
  EXPECT_EQ(op.getParameterBytes(), 33024);
  EXPECT_EQ(op.getForwardFlops(), 524288);
  EXPECT_EQ(op.getActivationBytes(), 8192);
}

TEST_F(LedgerOfOp, DenseDynamicBatchIsPerSample) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<?x128xf32>, %w: tensor<64x128xf32>) -> tensor<?x64xf32> {
      %y = nn.dense %x, %w : (tensor<?x128xf32>, tensor<64x128xf32>) -> tensor<?x64xf32>
      return %y : tensor<?x64xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 8192);
  EXPECT_EQ(op.getForwardFlops(), 2 * 128 * 64);
  EXPECT_EQ(op.getActivationBytes(), 64 * 4);
}

// PyTorch's Conv2d(3, 16, 3, padding=1) has 16·3·3·3 + 16 = 448 parameters.
TEST_F(LedgerOfOp, Conv2d) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<2x16x8x8xf32> {
      %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<2x16x8x8xf32>
      return %y : tensor<2x16x8x8xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 448);
  EXPECT_EQ(op.getForwardFlops(), 2 * (2 * 16 * 8 * 8) * (3 * 3 * 3));
}

// nn.MultiheadAttention(E=32, 4 heads): 4·E² + 4·E = 4,224 parameters.
TEST_F(LedgerOfOp, AttentionMatchesMultiheadAttention) {
  auto op = parse(R"mlir(
    func.func @f(%q: tensor<2x5x32xf32>, %w: tensor<32x32xf32>, %b: tensor<32xf32>) -> tensor<2x5x32xf32> {
      %y = nn.attention %q, %q, %q weights(%w, %w, %w, %w) biases(%b, %b, %b, %b) {num_heads = 4 : i64}
        : (tensor<2x5x32xf32>, tensor<2x5x32xf32>, tensor<2x5x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x5x32xf32>
      return %y : tensor<2x5x32xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 4 * 32 * 32 + 4 * 32);
  // Four projections over 10 rows, Q·Kᵀ and P·V, softmax on 2·4·5·5 scores.
  EXPECT_EQ(op.getForwardFlops(),
            4 * 2 * 10 * 32 * 32 + 2 * 2 * 10 * 32 * 5 + 5 * 2 * 4 * 5 * 5);
}

// nn.LSTM(8, 16): 4H(I + H) + 8H = 1,664 parameters.
TEST_F(LedgerOfOp, LstmMatchesPyTorch) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<3x7x8xf32>, %wi: tensor<64x8xf32>, %wh: tensor<64x16xf32>, %b: tensor<64xf32>) -> tensor<3x7x16xf32> {
      %y, %h, %c = nn.lstm %x, %wi, %wh biases(%b, %b)
        : (tensor<3x7x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<3x7x16xf32>, tensor<3x16xf32>, tensor<3x16xf32>)
      return %y : tensor<3x7x16xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 1664);
  // Activations: the sequence output plus the final h and c.
  EXPECT_EQ(op.getActivationBytes(), (3 * 7 * 16 + 2 * 3 * 16) * 4);
}

TEST_F(LedgerOfOp, ElementwiseCountsOnePerElement) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
      %y = nn.relu %x : tensor<4x10xf32>
      return %y : tensor<4x10xf32>
    })mlir");
  EXPECT_EQ(op.getParameterCount(), 0);
  EXPECT_EQ(op.getForwardFlops(), 40);
}

TEST_F(LedgerOfOp, ReshapeIsFree) {
  auto op = parse(R"mlir(
    func.func @f(%x: tensor<4x10xf32>) -> tensor<40xf32> {
      %y = nn.reshape %x : (tensor<4x10xf32>) -> tensor<40xf32>
      return %y : tensor<40xf32>
    })mlir");
  EXPECT_EQ(op.getForwardFlops(), 0);
  EXPECT_EQ(op.getActivationBytes(), 160);
}

} // namespace
