//===- MaterializePacking.cpp - roots in their microkernel's layout -------===//
//
// A matmul root becomes a linalg.generic over (b,) m, n1, k, n0 with B as
// [N1][K][NR] (a constant packed here, at compile time; an activation stored
// [N, K] packed at run time by a transpose) or read in place as
// [K][N1][NR], and C as [M][N1][NR]. A conv root becomes a generic with the
// filter packed as [F1][C][KH][KW][MR] and the result as [N][F1][MR][OH][OW]
// (loops n, (g,) f1, f0, (oh,) ow, c, (kh,) kw), or for conv_filters as
// [N][F1][OH][OW][MR] followed by a transposing copy that its epilogue
// absorbs; a 1x1 stride-1 conv runs over its flattened pixels (a matmul per
// image with the weights on the left) unless its config is 2-D. Both keep their
// lowering config; their elementwise consumers, and a pool reading a conv, are
// rewritten into the same layout so that tile-and-fuse can fuse them into the
// root's tiles.
//
//===----------------------------------------------------------------------===//
#include "RootOps.h"
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUMATERIALIZEPACKING
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using llvm::divideCeilSigned;
using namespace nnc::codegen;

namespace {

/// A constant of `type` whose element `i` is source element `index(i)`, or
/// zero where `index` returns -1. A splat stays a splat (padding reads the
/// splat value; padded results are never used).
Value packConstant(OpBuilder &b, Location loc, const ConstantData &src,
                   RankedTensorType type,
                   llvm::function_ref<int64_t(int64_t)> index) {
  int64_t eb = src.elementBytes;
  if (src.splat) {
    Attribute value;
    Type elt = type.getElementType();
    if (auto f = dyn_cast<FloatType>(elt)) {
      uint64_t raw = 0;
      std::memcpy(&raw, src.bytes.data(), eb);
      APInt bits(eb * 8, raw);
      value = FloatAttr::get(elt, APFloat(f.getFloatSemantics(), bits));
    }
    return arith::ConstantOp::create(b, loc, type,
                                     DenseElementsAttr::get(type, value));
  }
  int64_t n = type.getNumElements();
  std::vector<char> data(n * eb, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t j = index(i);
    if (j >= 0)
      std::memcpy(&data[i * eb], &src.bytes[j * eb], eb);
  }
  auto attr = DenseResourceElementsAttr::get(
      type, "nnc_packed",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(data, 64));
  return arith::ConstantOp::create(b, loc, type, attr);
}

/// The init of a packed root: a fill of the packed shape when the original
/// init is a fill, else the original init viewed in the packed shape.
Value packedInit(OpBuilder &b, Location loc, Value init, Value fillValue,
                 RankedTensorType type, ArrayRef<OpFoldResult> sizes,
                 ArrayRef<ReassociationIndices> reassociation) {
  if (fillValue) {
    Value empty = tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
    return linalg::FillOp::create(b, loc, fillValue, empty).getResult(0);
  }
  return tensor::ExpandShapeOp::create(b, loc, type, init, reassociation,
                                       sizes);
}

/// `packed` (the generic's result) collapsed back by `reassociation` and
/// sliced to the shape of `original` (the root's init, which has the shape of
/// its result) where the packed dimension was padded.
Value unpackResult(OpBuilder &b, Location loc, Value packed,
                   ArrayRef<ReassociationIndices> reassociation,
                   Value original) {
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, packed, reassociation);
  auto want = cast<RankedTensorType>(original.getType());
  if (cast<RankedTensorType>(collapsed.getType()).getShape() == want.getShape())
    return collapsed;
  SmallVector<OpFoldResult> offsets(want.getRank(), b.getIndexAttr(0)),
      strides(want.getRank(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, original);
  return tensor::ExtractSliceOp::create(b, loc, want, collapsed, offsets, sizes,
                                        strides);
}

Value buildMulAdd(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange inputs, Value init, ArrayRef<AffineMap> maps,
                  ArrayRef<utils::IteratorType> iterators,
                  LoweringConfigAttr config) {
  auto generic = linalg::GenericOp::create(
      b, loc, type, inputs, init, maps, iterators,
      [](OpBuilder &nb, Location l, ValueRange args) {
        Value p = arith::MulFOp::create(nb, l, args[0], args[1]);
        linalg::YieldOp::create(
            nb, l, Value(arith::AddFOp::create(nb, l, args[2], p)));
      });
  setLoweringConfig(generic, config);
  return generic.getResult(0);
}

LogicalResult packMatmul(RewriterBase &rewriter, const MatmulRoot &mm,
                         LoweringConfigAttr config) {
  Operation *op = mm.op;
  Location loc = op->getLoc();
  MLIRContext *ctx = op->getContext();
  rewriter.setInsertionPoint(op);
  int64_t nr = config.getMicrokernel()[1];
  int64_t n1 = divideCeilSigned(mm.n, nr);
  auto initType = cast<RankedTensorType>(mm.init.getType());
  Type elt = initType.getElementType();
  unsigned lead = mm.batched ? 1 : 0;
  // Loops (b,) m, n1, k, n0.
  unsigned numLoops = lead + 4;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineExpr bDim = d(0), m = d(lead), n1d = d(lead + 1), k = d(lead + 2),
             n0 = d(lead + 3);
  auto map = [&](ArrayRef<AffineExpr> e) {
    SmallVector<AffineExpr> all;
    if (mm.batched)
      all.push_back(bDim);
    all.append(e.begin(), e.end());
    return AffineMap::get(numLoops, 0, all, ctx);
  };
  SmallVector<int64_t> lb;
  if (mm.batched)
    lb.push_back(mm.batch);

  Value bp;
  AffineMap bMap;
  if (mm.constantB) {
    std::optional<ConstantData> src = getConstantData(mm.b);
    SmallVector<int64_t> shape(lb);
    shape.append({n1, mm.k, nr});
    auto type = RankedTensorType::get(shape, elt);
    int64_t n = mm.n, kk = mm.k;
    bool transposed = mm.transposeB;
    bp = packConstant(rewriter, loc, *src, type, [&](int64_t i) -> int64_t {
      int64_t j0 = i % nr, rest = i / nr;
      int64_t kIdx = rest % kk;
      rest /= kk;
      int64_t j1 = rest % n1, batch = rest / n1;
      int64_t col = j1 * nr + j0;
      if (col >= n)
        return -1;
      return batch * n * kk + (transposed ? col * kk + kIdx : kIdx * n + col);
    });
    bMap = map({n1d, k, n0});
  } else if (mm.transposeB) {
    // An activation [(B,) N, K]: packed here, at run time, as [(B,) N1, K, NR]
    // (a transpose of its [(B,) N1, NR, K] view, in square blocks).
    SmallVector<int64_t> view(lb), shape(lb);
    view.append({n1, nr, mm.k});
    shape.append({n1, mm.k, nr});
    SmallVector<ReassociationIndices> reassoc;
    if (mm.batched)
      reassoc.push_back({0});
    reassoc.push_back({lead, lead + 1});
    reassoc.push_back({lead + 2});
    Value blocks = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(view, elt), mm.b, reassoc);
    Value empty = tensor::EmptyOp::create(rewriter, loc, shape, elt);
    SmallVector<int64_t> perm;
    if (mm.batched)
      perm.push_back(0);
    perm.append({lead, lead + 2, lead + 1});
    auto transpose =
        linalg::TransposeOp::create(rewriter, loc, blocks, empty, perm);
    int64_t vw = nr;
    SmallVector<int64_t> reg(shape.size(), 1);
    reg[lead + 1] = std::min(vw, mm.k);
    reg[lead + 2] = nr;
    // Threaded as the matmul is: by the matmul's panels per tile (a
    // trainer packs its weights every step).
    SmallVector<int64_t> par;
    if (!config.getParallel().empty()) {
      par.assign(shape.size(), 0);
      if (mm.batched)
        par[0] = 1;
      par[lead] = std::max<int64_t>(1, config.getParallel()[lead + 1]);
    }
    setLoweringConfig(transpose,
                      LoweringConfigAttr::get(ctx, Strategy::elementwise, {},
                                              par, reg, {}, {}));
    bp = transpose->getResult(0);
    bMap = map({n1d, k, n0});
  } else {
    SmallVector<int64_t> shape(lb);
    shape.append({mm.k, n1, nr});
    SmallVector<ReassociationIndices> reassoc;
    if (mm.batched)
      reassoc.push_back({0});
    reassoc.push_back({lead});
    reassoc.push_back({lead + 1, lead + 2});
    bp = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(shape, elt), mm.b, reassoc);
    bMap = map({k, n1d, n0});
  }
  AffineMap aMap = mm.transposeA ? map({k, m}) : map({m, k});
  AffineMap cMap = map({m, n1d, n0});

  SmallVector<int64_t> cShape(lb);
  cShape.append({mm.m, n1, nr});
  auto cType = RankedTensorType::get(cShape, elt);
  SmallVector<OpFoldResult> cSizes;
  if (mm.batched)
    cSizes.push_back(rewriter.getIndexAttr(mm.batch));
  cSizes.push_back(tensor::getMixedSize(rewriter, loc, mm.init, lead));
  cSizes.append({rewriter.getIndexAttr(n1), rewriter.getIndexAttr(nr)});
  SmallVector<ReassociationIndices> cReassoc;
  if (mm.batched)
    cReassoc.push_back({0});
  cReassoc.push_back({lead});
  cReassoc.push_back({lead + 1, lead + 2});
  Value init =
      packedInit(rewriter, loc, mm.init, mm.fillValue, cType, cSizes, cReassoc);

  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  iterators[lead + 2] = utils::IteratorType::reduction;
  Value packed = buildMulAdd(rewriter, loc, cType, {mm.a, bp}, init,
                             {aMap, bMap, cMap}, iterators, config);
  rewriter.replaceOp(op,
                     unpackResult(rewriter, loc, packed, cReassoc, mm.init));
  return success();
}

/// The packed generic of `conv`, its result in the shape of `conv.init`.
Value buildPackedConv(RewriterBase &rewriter, const ConvRoot &conv,
                      LoweringConfigAttr config) {
  Operation *op = conv.op;
  Location loc = op->getLoc();
  MLIRContext *ctx = op->getContext();
  int64_t mr = config.getMicrokernel()[0];
  int64_t f1 = divideCeilSigned(conv.filters, mr);
  int64_t sr = conv.spatialRank;
  unsigned g = conv.grouped ? 1 : 0;
  auto initType = cast<RankedTensorType>(conv.init.getType());
  Type elt = initType.getElementType();

  // Loops: n, (g,) f1, f0, spatial..., c, window... (the result's order).
  unsigned numLoops = 4 + g + 2 * sr;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineExpr nD = d(0), gD = d(1), f1D = d(1 + g), f0D = d(2 + g),
             cD = d(3 + g + sr);
  auto outD = [&](int64_t i) { return d(3 + g + i); };
  auto winD = [&](int64_t i) { return d(4 + g + sr + i); };

  // Filter [(G,) F, C, K...] -> [(G,) F1, C, K..., MR].
  std::optional<ConstantData> src = getConstantData(conv.filter);
  int64_t window = conv.windowSize();
  SmallVector<int64_t> wShape;
  if (conv.grouped)
    wShape.push_back(conv.groups);
  wShape.append({f1, conv.channels});
  wShape.append(conv.window.begin(), conv.window.end());
  wShape.push_back(mr);
  auto wType = RankedTensorType::get(wShape, elt);
  int64_t filters = conv.filters, inner = conv.channels * window;
  Value wp =
      packConstant(rewriter, loc, *src, wType, [&](int64_t i) -> int64_t {
        int64_t f0 = i % mr, rest = i / mr;
        int64_t ck = rest % inner;
        rest /= inner;
        int64_t f1i = rest % f1, group = rest / f1;
        int64_t f = f1i * mr + f0;
        if (f >= filters)
          return -1;
        return (group * filters + f) * inner + ck;
      });

  SmallVector<AffineExpr> xExprs{nD}, wExprs, oExprs{nD};
  if (conv.grouped) {
    xExprs.push_back(gD);
    wExprs.push_back(gD);
    oExprs.push_back(gD);
  }
  xExprs.push_back(cD);
  for (int64_t i = 0; i < sr; ++i)
    xExprs.push_back(outD(i) * conv.strides[i] + winD(i) * conv.dilations[i]);
  wExprs.append({f1D, cD});
  for (int64_t i = 0; i < sr; ++i)
    wExprs.push_back(winD(i));
  wExprs.push_back(f0D);
  oExprs.append({f1D, f0D});
  for (int64_t i = 0; i < sr; ++i)
    oExprs.push_back(outD(i));

  SmallVector<int64_t> oShape{conv.batch};
  SmallVector<ReassociationIndices> oReassoc{{0}};
  if (conv.grouped) {
    oShape.push_back(conv.groups);
    oReassoc.push_back({1});
  }
  oShape.append({f1, mr});
  oReassoc.push_back({1 + g, 2 + g});
  for (int64_t i = 0; i < sr; ++i) {
    oShape.push_back(conv.outSpatial[i]);
    oReassoc.push_back({3 + g + i});
  }
  auto oType = RankedTensorType::get(oShape, elt);
  // conv_filters computes [N][(G)][F1][spatial...][MR] (a vector of MR
  // filters per pixel) and transposes it to [N][(G)][F1][MR][spatial...].
  bool filterVectors = config.getStrategy() == Strategy::conv_filters;
  SmallVector<int64_t> toPacked; // result dim -> dim of [..][MR][spatial]
  for (unsigned i = 0; i < 2 + g; ++i)
    toPacked.push_back(i);
  for (int64_t i = 0; i < sr; ++i)
    toPacked.push_back(3 + g + i);
  toPacked.push_back(2 + g);
  if (filterVectors) {
    oExprs.erase(oExprs.begin() + 2 + g);
    oExprs.push_back(f0D);
    oType = RankedTensorType::get(applyPermutation(oShape, toPacked), elt);
  }
  SmallVector<OpFoldResult> oSizes =
      getAsIndexOpFoldResult(ctx, oType.getShape());
  Value init =
      filterVectors
          ? packedInit(rewriter, loc, {}, conv.fillValue, oType, oSizes, {})
          : packedInit(rewriter, loc, conv.init, conv.fillValue, oType, oSizes,
                       oReassoc);

  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  for (unsigned i = 3 + g + sr; i < numLoops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, xExprs, ctx),
                              AffineMap::get(numLoops, 0, wExprs, ctx),
                              AffineMap::get(numLoops, 0, oExprs, ctx)};
  Value packed = buildMulAdd(rewriter, loc, oType, {conv.input, wp}, init, maps,
                             iterators, config);
  if (filterVectors) {
    // The transposing copy is the root's consumer: the epilogue fuses into
    // it and it fuses into the root's tiles.
    auto rank = static_cast<unsigned>(oShape.size());
    auto out = tensor::EmptyOp::create(rewriter, loc, oShape, elt);
    AffineMap read = AffineMap::getPermutationMap(toPacked, ctx);
    packed = linalg::GenericOp::create(
                 rewriter, loc, out.getType(), packed, out.getResult(),
                 SmallVector<AffineMap>{
                     read, AffineMap::getMultiDimIdentityMap(rank, ctx)},
                 SmallVector<utils::IteratorType>(
                     rank, utils::IteratorType::parallel),
                 [](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, args[0]);
                 })
                 .getResult(0);
  }
  return unpackResult(rewriter, loc, packed, oReassoc, conv.init);
}

/// Packs `conv`; a flattened 1x1 convolution's result (expanded back to
/// its pixels) is appended to `pointwise`.
LogicalResult packConv(RewriterBase &rewriter, const ConvRoot &conv,
                       LoweringConfigAttr config,
                       SmallVectorImpl<tensor::ExpandShapeOp> &pointwise) {
  rewriter.setInsertionPoint(conv.op);
  // The config's loops say whether select-strategy flattened the pixels.
  unsigned flatLoops = 6 + (conv.grouped ? 1 : 0);
  if (!conv.isPointwise() || config.getRegisterTiles().size() != flatLoops) {
    rewriter.replaceOp(conv.op, buildPackedConv(rewriter, conv, config));
    return success();
  }
  // [N, (G,) C|F, H, W] <-> [N, (G,) C|F, H*W].
  Location loc = conv.op->getLoc();
  unsigned g = conv.grouped ? 1 : 0;
  SmallVector<ReassociationIndices> pixels;
  for (unsigned i = 0; i < 2 + g; ++i)
    pixels.push_back({i});
  pixels.push_back({2 + g, 3 + g});
  ConvRoot flat = conv.flattened();
  flat.input =
      tensor::CollapseShapeOp::create(rewriter, loc, conv.input, pixels);
  flat.init = tensor::CollapseShapeOp::create(rewriter, loc, conv.init, pixels);
  Value result = buildPackedConv(rewriter, flat, config);
  pointwise.push_back(rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
      conv.op, conv.init.getType(), result, pixels));
  return success();
}

/// The elementwise consumer of `op`'s result that reads it with the
/// identity map (its bias and activation), if it is the only user.
linalg::GenericOp epilogueOf(Operation *op) {
  Value result = op->getResult(0);
  if (!result.hasOneUse())
    return {};
  OpOperand &use = *result.getUses().begin();
  auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!generic || getLoweringConfig(generic) ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      generic.getNumDpsInits() != 1 || generic.isDpsInit(&use) ||
      !generic.getMatchingIndexingMap(&use).isIdentity() ||
      !generic.getIndexingMapMatchingResult(generic->getResult(0)).isIdentity())
    return {};
  return generic;
}

/// Collapses the pixels of the elementwise epilogue of a flattened 1x1
/// convolution (`expanded` is its result), so that the epilogue is expanded
/// into the packed layout with it.
void flattenPointwiseEpilogue(RewriterBase &rewriter,
                              tensor::ExpandShapeOp expanded) {
  linalg::GenericOp generic = epilogueOf(expanded);
  if (!generic)
    return;
  SmallVector<ReassociationIndices> dims;
  for (ReassociationIndices group : expanded.getReassociationIndices())
    if (group.size() > 1)
      dims.push_back(group);
  if (!linalg::areDimSequencesPreserved(generic.getIndexingMapsArray(), dims))
    return;
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(generic, dims, rewriter);
  if (succeeded(collapsed))
    rewriter.replaceOp(generic, collapsed->results);
}

bool isElementwise(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && !getLoweringConfig(generic) &&
         generic.getNumLoops() == generic.getNumParallelLoops();
}

struct MaterializePackingPass
    : nnc::codegen::impl::NNCCPUMaterializePackingBase<MaterializePackingPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<Operation *> roots;
    func.walk([&](Operation *op) {
      if (auto config = getLoweringConfig(op))
        if (config.getStrategy() == Strategy::matmul ||
            config.getStrategy() == Strategy::conv ||
            config.getStrategy() == Strategy::conv_filters ||
            config.getStrategy() == Strategy::winograd)
          if (!isa<linalg::GenericOp>(op))
            roots.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    SmallVector<tensor::ExpandShapeOp> pointwise;
    for (Operation *op : roots) {
      LoweringConfigAttr config = getLoweringConfig(op);
      LogicalResult packed = failure();
      if (config.getStrategy() == Strategy::matmul) {
        if (auto mm = matchMatmul(op))
          packed = packMatmul(rewriter, *mm, config);
      } else if (config.getStrategy() == Strategy::winograd) {
        if (auto conv = matchConv(op))
          packed = materializeWinograd(rewriter, *conv, epilogueOf(op), config);
      } else if (auto conv = matchConv(op)) {
        packed = packConv(rewriter, *conv, config, pointwise);
      }
      if (failed(packed)) {
        op->emitError("nnc-cpu-materialize-packing: the op no longer "
                      "matches its ")
            << stringifyStrategy(config.getStrategy()) << " strategy";
        return signalPassFailure();
      }
    }

    for (tensor::ExpandShapeOp expanded : pointwise)
      flattenPointwiseEpilogue(rewriter, expanded);

    // Expand the elementwise consumers of packed roots into the packed
    // layout (bias, activation, residual add), so that they tile with the
    // root.
    RewritePatternSet patterns(&getContext());
    linalg::populateFoldReshapeOpsByExpansionPatterns(
        patterns, [](OpOperand *operand) {
          auto collapse =
              operand->get().getDefiningOp<tensor::CollapseShapeOp>();
          if (!collapse || !isElementwise(operand->getOwner()))
            return false;
          Operation *src = collapse.getSrc().getDefiningOp();
          return src && (getLoweringConfig(src) || isElementwise(src));
        });
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, &getContext());
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    // The epilogue of a conv_filters root absorbs its transposing copy (one
    // at a time: fusing replaces the epilogue).
    auto nextCopyUse = [&]() -> OpOperand * {
      OpOperand *found = nullptr;
      func.walk([&](linalg::GenericOp op) {
        if (op.getNumDpsInputs() == 0)
          return WalkResult::advance();
        auto root = op.getDpsInputOperand(0)->get().getDefiningOp();
        LoweringConfigAttr config = root ? getLoweringConfig(root) : nullptr;
        if (!isElementwise(op.getOperation()) || !config ||
            config.getStrategy() != Strategy::conv_filters ||
            !op->getResult(0).hasOneUse())
          return WalkResult::advance();
        OpOperand &use = *op->getResult(0).getUses().begin();
        if (!isElementwise(use.getOwner()) ||
            cast<linalg::GenericOp>(use.getOwner()).isDpsInit(&use))
          return WalkResult::advance();
        // An epilogue reading two conv_filters roots (a residual shortcut)
        // absorbs one copy: the other root keeps its copy as its consumer.
        if (llvm::any_of(use.getOwner()->getOperands(), [&](Value v) {
              Operation *def = v.getDefiningOp();
              LoweringConfigAttr c = def ? getLoweringConfig(def) : nullptr;
              return c && c.getStrategy() == Strategy::conv_filters;
            }))
          return WalkResult::advance();
        found = &use;
        return WalkResult::interrupt();
      });
      return found;
    };
    while (OpOperand *use = nextCopyUse()) {
      Operation *consumer = use->getOwner(), *copy = use->get().getDefiningOp();
      rewriter.setInsertionPoint(consumer);
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, use);
      if (failed(fused))
        break;
      for (auto [from, to] : fused->replacements)
        rewriter.replaceAllUsesWith(from, to);
      rewriter.eraseOp(consumer);
      if (copy->use_empty())
        rewriter.eraseOp(copy);
    }

    SmallVector<tensor::CollapseShapeOp> unpacked;
    func.walk([&](tensor::CollapseShapeOp op) { unpacked.push_back(op); });
    for (tensor::CollapseShapeOp op : unpacked)
      packPoolConsumer(rewriter, op);
  }
};

} // namespace
