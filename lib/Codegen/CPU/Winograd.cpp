//===- Winograd.cpp - 3x3 convolutions as Winograd F(2x2, 3x3) ------------===//
//
// y = A^T [ (G g G^T) o (B^T d B) ] A for each 2x2 output tile, with the
// filter transform G g G^T done here at compile time. Per block of output
// rows and filters (one iteration of an scf.forall over images, filter
// groups and row blocks; the lowering config's parallel tile) it computes:
//
//   V[xi1][xi2][c][ti][tj] = sum_ab BT[xi1][a] BT[xi2][b] x[c][2ti+a][2tj+b]
//   M[xi][f][t]            = sum_c U[xi][f][c] V[xi][c][t]   (16 GEMMs)
//   Y[f][2ti+a][2tj+b]     = sum_xi AT[a][xi1] AT[b][xi2] M[xi1][xi2][f][t]
//
// and the epilogue on Y. The transforms are linalg.generic ops whose tiles
// nnc-vectorize turns into add/sub networks on rows (their configs say so);
// the GEMM is a matmul root like any other (rows = output channels from the
// packed U, columns = tiles). 2.25x fewer multiply-adds than the direct
// convolution; V and M of one block stay in L2.
//
//===----------------------------------------------------------------------===//
#include "RootOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

using namespace mlir;
using llvm::divideCeilSigned;

namespace nnc::codegen {

bool isWinogradConv(const ConvRoot &conv) {
  return conv.spatialRank == 2 && !conv.grouped && conv.window[0] == 3 &&
         conv.window[1] == 3 && conv.strides[0] == 1 && conv.strides[1] == 1 &&
         conv.dilations[0] == 1 && conv.dilations[1] == 1 &&
         conv.outSpatial[0] % 2 == 0 && conv.outSpatial[1] % 2 == 0 &&
         conv.outSpatial[1] >= 4 && conv.channels >= 16 && conv.filters >= 16 &&
         !ShapedType::isDynamic(conv.channels) &&
         conv.inSpatial[0] == conv.outSpatial[0] + 2 &&
         conv.inSpatial[1] == conv.outSpatial[1] + 2;
}

namespace {

/// B^T and A^T of F(2x2, 3x3); G is used at compile time only.
constexpr double kBT[4][4] = {
    {1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
constexpr double kAT[2][4] = {{1, 1, 1, 0}, {0, 1, -1, -1}};
constexpr double kG[4][3] = {
    {1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};

Value matrixConstant(OpBuilder &b, Location loc, Type elt,
                     ArrayRef<double> values, int64_t rows, int64_t cols) {
  auto type = RankedTensorType::get({rows, cols}, elt);
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(FloatAttr::get(elt, v));
  return arith::ConstantOp::create(b, loc, type,
                                   DenseElementsAttr::get(type, attrs));
}

/// U[xi][f1][c][f0] = (G g[f] G^T)[xi] for f = f1 * mr + f0 (0 past F).
Value filterTransform(OpBuilder &b, Location loc, const ConvRoot &conv,
                      const ConstantData &src, Type elt, int64_t mr) {
  int64_t f = conv.filters, c = conv.channels, f1 = divideCeilSigned(f, mr);
  int64_t eb = src.elementBytes;
  auto read = [&](int64_t i) {
    const char *p = src.bytes.data() + (src.splat ? 0 : i * eb);
    if (eb == 4) {
      float v;
      std::memcpy(&v, p, 4);
      return double(v);
    }
    double v;
    std::memcpy(&v, p, 8);
    return v;
  };
  std::vector<char> data(16 * f1 * c * mr * eb, 0);
  for (int64_t fo = 0; fo < f; ++fo)
    for (int64_t ci = 0; ci < c; ++ci) {
      double g[3][3], t[4][3];
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          g[i][j] = read(((fo * c + ci) * 3 + i) * 3 + j);
      for (int x = 0; x < 4; ++x)
        for (int j = 0; j < 3; ++j)
          t[x][j] =
              kG[x][0] * g[0][j] + kG[x][1] * g[1][j] + kG[x][2] * g[2][j];
      for (int x1 = 0; x1 < 4; ++x1)
        for (int x2 = 0; x2 < 4; ++x2) {
          double u = kG[x2][0] * t[x1][0] + kG[x2][1] * t[x1][1] +
                     kG[x2][2] * t[x1][2];
          int64_t at = (((x1 * 4 + x2) * f1 + fo / mr) * c + ci) * mr + fo % mr;
          if (eb == 4) {
            float v = float(u);
            std::memcpy(&data[at * 4], &v, 4);
          } else {
            std::memcpy(&data[at * 8], &u, 8);
          }
        }
    }
  auto type = RankedTensorType::get({16, f1, c, mr}, elt);
  return arith::ConstantOp::create(
      b, loc, type,
      DenseResourceElementsAttr::get(
          type, "nnc_winograd_filter",
          HeapAsmResourceBlob::allocateAndCopyWithAlign(data, 64)));
}

Value filled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Type elt) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, elt);
  Value zero = arith::ConstantOp::create(b, loc, elt, b.getZeroAttr(elt));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// out + in0 * in1 * in2 (the transforms) or out + in0 * in1 (the GEMM).
void mulAddBody(OpBuilder &b, Location loc, ValueRange args) {
  Value p = arith::MulFOp::create(b, loc, args[0], args[1]);
  for (Value extra : args.drop_front(2).drop_back())
    p = arith::MulFOp::create(b, loc, p, extra);
  linalg::YieldOp::create(b, loc,
                          Value(arith::AddFOp::create(b, loc, args.back(), p)));
}

LoweringConfigAttr stageConfig(MLIRContext *ctx, Strategy s,
                               ArrayRef<int64_t> microkernel,
                               ArrayRef<int64_t> reg, ArrayRef<int64_t> red,
                               ArrayRef<int64_t> order) {
  return LoweringConfigAttr::get(ctx, s, microkernel, {}, reg, red, order);
}

} // namespace

LogicalResult materializeWinograd(RewriterBase &rewriter, const ConvRoot &conv,
                                  linalg::GenericOp epilogue,
                                  LoweringConfigAttr config) {
  Operation *op = conv.op;
  Location loc = op->getLoc();
  MLIRContext *ctx = op->getContext();
  std::optional<ConstantData> filter = getConstantData(conv.filter);
  if (!filter)
    return failure();
  Type elt = getElementTypeOrSelf(conv.init.getType());
  int64_t mr = config.getMicrokernel()[0], nr = config.getMicrokernel()[1];
  int64_t c = conv.channels, f = conv.filters;
  int64_t oh = conv.outSpatial[0], ow = conv.outSpatial[1];
  // One iteration computes the output block [1, fb, rows, OW].
  ArrayRef<int64_t> block = config.getParallel();
  int64_t fb = block.size() == 4 ? block[1] : f;
  int64_t rows = block.size() == 4 ? block[2] : oh;
  if (rows % 2 != 0 || oh % rows != 0 || f % fb != 0 ||
      (fb != f && fb % mr != 0))
    return failure();
  int64_t f1 = divideCeilSigned(fb, mr), groups = f / fb;
  int64_t th = rows / 2, tw = ow / 2, p = th * tw;
  // Each operand of the epilogue is sliced to the block through its map.
  if (epilogue &&
      llvm::any_of(epilogue.getIndexingMapsArray(), [](AffineMap m) {
        return !m.isProjectedPermutation(/*allowZeroInResults=*/true);
      }))
    epilogue = {};

  rewriter.setInsertionPoint(epilogue ? epilogue.getOperation() : op);
  Value u = filterTransform(rewriter, loc, conv, *filter, elt, mr);
  SmallVector<double> bt, at;
  for (auto &row : kBT)
    bt.append(std::begin(row), std::end(row));
  for (auto &row : kAT)
    at.append(std::begin(row), std::end(row));
  Value btC = matrixConstant(rewriter, loc, elt, bt, 4, 4);
  Value atC = matrixConstant(rewriter, loc, elt, at, 2, 4);

  // The result the forall writes into: the epilogue's init, else the conv's.
  Value dest = epilogue ? epilogue.getDpsInitOperand(0)->get() : conv.init;
  OpFoldResult n = tensor::getMixedSize(rewriter, loc, dest, 0);
  auto idx = [&](int64_t v) { return rewriter.getIndexAttr(v); };
  auto forall =
      scf::ForallOp::create(rewriter, loc, {n, idx(groups), idx(oh / rows)},
                            ValueRange{dest}, std::nullopt);
  Value out = forall.getRegionIterArgs()[0];
  rewriter.setInsertionPoint(forall.getTerminator());
  // Induction variable `iv` (of a loop of `count` iterations) times `k`.
  auto scaled = [&](Value iv, int64_t count, int64_t k) -> OpFoldResult {
    if (count == 1)
      return idx(0);
    if (k == 1)
      return iv;
    return arith::MulIOp::create(
               rewriter, loc, iv,
               arith::ConstantIndexOp::create(rewriter, loc, k))
        .getResult();
  };
  // The block's box in the output (n, f, h, w).
  SmallVector<Value> ivs(forall.getInductionVars());
  OpFoldResult row0 = scaled(ivs[2], oh / rows, rows);
  SmallVector<OpFoldResult> boxOffsets{ivs[0], scaled(ivs[1], groups, fb), row0,
                                       idx(0)};
  SmallVector<int64_t> boxSizes{1, fb, rows, ow};
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto par = utils::IteratorType::parallel,
       red = utils::IteratorType::reduction;

  auto slice = [&](Value full, ArrayRef<OpFoldResult> offsets,
                   ArrayRef<int64_t> sizes) -> Value {
    auto type = cast<RankedTensorType>(full.getType());
    return tensor::ExtractSliceOp::create(
        rewriter, loc, RankedTensorType::get(sizes, type.getElementType()),
        full, offsets, getAsIndexOpFoldResult(ctx, sizes),
        SmallVector<OpFoldResult>(type.getRank(), idx(1)));
  };
  // The part of `full` (an operand of a generic over the output's n, f, h,
  // w, read through `map`) that the block reads.
  auto boxOf = [&](Value full, AffineMap map) -> Value {
    auto type = cast<RankedTensorType>(full.getType());
    SmallVector<OpFoldResult> offsets;
    SmallVector<int64_t> sizes;
    for (auto [i, e] : llvm::enumerate(map.getResults())) {
      if (auto dim = dyn_cast<AffineDimExpr>(e)) {
        offsets.push_back(boxOffsets[dim.getPosition()]);
        sizes.push_back(boxSizes[dim.getPosition()]);
      } else {
        offsets.push_back(idx(0));
        sizes.push_back(type.getDimSize(i));
      }
    }
    return slice(full, offsets, sizes);
  };

  // Input transform of the block's rows + 2 padded input rows. Loops n,
  // xi1, xi2, c, ti, tj, a, b.
  Value x = slice(conv.input, {ivs[0], idx(0), row0, idx(0)},
                  {1, c, rows + 2, ow + 2});
  auto vGeneric = linalg::GenericOp::create(
      rewriter, loc, RankedTensorType::get({1, 4, 4, c, th, tw}, elt),
      ValueRange{x, btC, btC}, filled(rewriter, loc, {1, 4, 4, c, th, tw}, elt),
      SmallVector<AffineMap>{
          AffineMap::get(8, 0, {d(0), d(3), d(4) * 2 + d(6), d(5) * 2 + d(7)},
                         ctx),
          AffineMap::get(8, 0, {d(1), d(6)}, ctx),
          AffineMap::get(8, 0, {d(2), d(7)}, ctx),
          AffineMap::get(8, 0, {d(0), d(1), d(2), d(3), d(4), d(5)}, ctx)},
      SmallVector<utils::IteratorType>{par, par, par, par, par, par, red, red},
      mulAddBody);
  setLoweringConfig(vGeneric, stageConfig(ctx, Strategy::winograd_input, {},
                                          {1, 0, 0, 1, 1, 0, 0, 0}, {}, {}));
  Value v = tensor::CollapseShapeOp::create(
      rewriter, loc, vGeneric.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4, 5}});

  // The 16 GEMMs on the block's filters. Loops n, xi, f1, f0, t, c; tile
  // columns inside a panel of V so that it stays in L1 across the
  // output-channel blocks.
  Value ub = u;
  if (groups > 1)
    ub = slice(u, {idx(0), scaled(ivs[1], groups, f1), idx(0), idx(0)},
               {16, f1, c, mr});
  auto mGeneric = linalg::GenericOp::create(
      rewriter, loc, RankedTensorType::get({1, 16, f1, mr, p}, elt),
      ValueRange{ub, v}, filled(rewriter, loc, {1, 16, f1, mr, p}, elt),
      SmallVector<AffineMap>{
          AffineMap::get(6, 0, {d(1), d(2), d(5), d(3)}, ctx),
          AffineMap::get(6, 0, {d(0), d(1), d(5), d(4)}, ctx),
          AffineMap::get(6, 0, {d(0), d(1), d(2), d(3), d(4)}, ctx)},
      SmallVector<utils::IteratorType>{par, par, par, par, par, red},
      mulAddBody);
  setLoweringConfig(mGeneric,
                    stageConfig(ctx, Strategy::matmul, {mr, nr},
                                {1, 1, 1, mr, nr, 0}, {0, 0, 0, 0, 0, 1},
                                {0, 1, 4, 2, 3, 5}));
  Value m = tensor::CollapseShapeOp::create(
      rewriter, loc, mGeneric.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}, {4}});
  m = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({1, 4, 4, f1 * mr, th, tw}, elt), m,
      SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4, 5}});
  if (f1 * mr != fb) // the padded output channels are not transformed
    m = slice(m, SmallVector<OpFoldResult>(6, idx(0)), {1, 4, 4, fb, th, tw});

  // Output transform into [1, fb, TH, 2, OW]. Loops n, f, ti, a, w, xi1,
  // xi2 (the output column w is tile w / 2, element w mod 2).
  auto yGeneric = linalg::GenericOp::create(
      rewriter, loc, RankedTensorType::get({1, fb, th, 2, ow}, elt),
      ValueRange{m, atC, atC}, filled(rewriter, loc, {1, fb, th, 2, ow}, elt),
      SmallVector<AffineMap>{
          AffineMap::get(7, 0, {d(0), d(5), d(6), d(1), d(2), d(4).floorDiv(2)},
                         ctx),
          AffineMap::get(7, 0, {d(3), d(5)}, ctx),
          AffineMap::get(7, 0, {d(4) % 2, d(6)}, ctx),
          AffineMap::get(7, 0, {d(0), d(1), d(2), d(3), d(4)}, ctx)},
      SmallVector<utils::IteratorType>{par, par, par, par, par, red, red},
      mulAddBody);
  setLoweringConfig(yGeneric, stageConfig(ctx, Strategy::winograd_output, {},
                                          {1, 1, 1, 0, 0, 0, 0}, {}, {}));
  Value y = tensor::CollapseShapeOp::create(
      rewriter, loc, yGeneric.getResult(0),
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}, {4}});

  // The epilogue on this block (its other operands sliced to the block).
  Value result = y;
  if (epilogue) {
    IRMapping mapping;
    for (OpOperand &operand : epilogue->getOpOperands()) {
      Value v = operand.get();
      if (v == op->getResult(0))
        mapping.map(v, y);
      else if (epilogue.isDpsInit(&operand))
        mapping.map(v, boxOf(out, epilogue.getMatchingIndexingMap(&operand)));
      else if (isa<RankedTensorType>(v.getType()))
        mapping.map(v, boxOf(v, epilogue.getMatchingIndexingMap(&operand)));
    }
    Operation *clone = rewriter.clone(*epilogue, mapping);
    clone->getResult(0).setType(cast<RankedTensorType>(y.getType()));
    result = clone->getResult(0);
  }
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(rewriter, loc, result, out, boxOffsets,
                                        getAsIndexOpFoldResult(ctx, boxSizes),
                                        SmallVector<OpFoldResult>(4, idx(1)));
  if (epilogue) {
    rewriter.replaceOp(epilogue, forall.getResults());
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, forall.getResults());
  }
  return success();
}

} // namespace nnc::codegen
