//===- DecomposePads.cpp - pads as fills the producer writes into ---------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCDECOMPOSEPADS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// Fills only the border of the padded buffer `insert` writes its source
/// into: the interior is overwritten anyway. The border is cut into one
/// slab below and one above the interior per padded dimension (slab d spans
/// the interior along the dimensions before d and everything after it), each
/// filled through a slice of the buffer.
void fillBorderOnly(RewriterBase &rewriter, tensor::InsertSliceOp insert) {
  auto fill = insert.getDest().getDefiningOp<linalg::FillOp>();
  auto type = dyn_cast<RankedTensorType>(insert.getDest().getType());
  if (!fill || !fill->hasOneUse() || !type || !type.hasStaticShape() ||
      !insert.getSourceType().hasStaticShape() || !insert.hasUnitStride())
    return;
  SmallVector<int64_t> offsets(insert.getStaticOffsets());
  if (llvm::any_of(offsets, ShapedType::isDynamic))
    return;
  ArrayRef<int64_t> inner = insert.getSourceType().getShape();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(inner.size()) != rank)
    return;
  rewriter.setInsertionPoint(fill);
  Location loc = fill.getLoc();
  Value buffer = fill.getOutputs()[0], value = fill.getInputs()[0];
  MLIRContext *ctx = rewriter.getContext();
  struct Slab {
    SmallVector<int64_t> at, size, step;
  };
  SmallVector<Slab> slabs;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t high = type.getDimSize(d) - offsets[d] - inner[d];
    // Two slabs one element thick (a 3x3 window's padding) are filled as
    // one, a slice strided across the interior: one loop nest, one
    // parallel region, not two.
    bool together = offsets[d] == 1 && high == 1;
    for (bool low : {true, false}) {
      if (together && !low)
        continue;
      SmallVector<int64_t> at(rank, 0), size(type.getShape()), step(rank, 1);
      for (int64_t e = 0; e < d; ++e) {
        at[e] = offsets[e];
        size[e] = inner[e];
      }
      at[d] = low ? 0 : offsets[d] + inner[d];
      size[d] = low ? offsets[d] : high;
      if (together) {
        size[d] = 2;
        step[d] = inner[d] + 1;
      }
      if (size[d] != 0)
        slabs.push_back({at, size, step});
    }
  }
  // The planes of an image (N, C, spatial...; channels not padded) are
  // filled in one parallel loop over blocks of channels: the slabs of a
  // block one after the other while they are in cache, all on every thread
  // and in one parallel region (the rows above and below were a memset per
  // channel on one thread while the others waited, the columns a parallel
  // loop of their own). Eight blocks: a few per thread on the 2-16 cores
  // this is meant for; the target is not known yet.
  int64_t channels = rank >= 3 ? type.getDimSize(1) : 1, chunks = 1;
  if (rank >= 3 && offsets[1] == 0 && inner[1] == channels)
    for (int64_t c : {8, 4, 2})
      if (channels % c == 0) {
        chunks = c;
        break;
      }
  // Fills the slabs of `into` one after the other (each slab `span`
  // channels deep when `span` is not 0).
  auto fillSlabs = [&](OpBuilder &b, Value into, int64_t span) {
    for (const Slab &slab : slabs) {
      SmallVector<int64_t> size(slab.size);
      if (span)
        size[1] = span;
      auto where = getAsIndexOpFoldResult(ctx, slab.at);
      auto sizes = getAsIndexOpFoldResult(ctx, size);
      auto strides = getAsIndexOpFoldResult(ctx, slab.step);
      Value view =
          tensor::ExtractSliceOp::create(b, loc, into, where, sizes, strides);
      Value filled = linalg::FillOp::create(b, loc, value, view).getResult(0);
      into = tensor::InsertSliceOp::create(b, loc, filled, into, where, sizes,
                                           strides);
    }
    return into;
  };
  if (chunks == 1 || slabs.size() < 2) {
    rewriter.replaceOp(fill, fillSlabs(rewriter, buffer, 0));
    return;
  }
  int64_t span = channels / chunks;
  auto forall = scf::ForallOp::create(
      rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(chunks)},
      ValueRange{buffer}, std::nullopt);
  OpBuilder b(forall.getTerminator());
  Value first = affine::AffineApplyOp::create(
      b, loc, AffineMap::get(1, 0, getAffineDimExpr(0, ctx) * span, ctx),
      forall.getInductionVars()[0]);
  // One chunk of channels is taken out, its slabs filled in turn, and put
  // back whole: in place, where two slices inserted in parallel would each
  // be copied.
  Value shared = forall.getRegionIterArgs()[0];
  SmallVector<int64_t> chunkShape(type.getShape());
  chunkShape[1] = span;
  SmallVector<OpFoldResult> chunkAt(rank, b.getIndexAttr(0));
  chunkAt[1] = first;
  SmallVector<OpFoldResult> ones(rank, b.getIndexAttr(1));
  SmallVector<OpFoldResult> chunkSizes =
      getAsIndexOpFoldResult(ctx, chunkShape);
  Value chunk = fillSlabs(
      b,
      tensor::ExtractSliceOp::create(b, loc, shared, chunkAt, chunkSizes, ones),
      span);
  OpBuilder term = OpBuilder::atBlockBegin(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(term, loc, chunk, shared, chunkAt,
                                        chunkSizes, ones);
  rewriter.replaceOp(fill, forall.getResult(0));
}

/// A padded image whose channel planes are a multiple of 4 KB puts the same
/// pixel of every channel in one L1 set (the set index is the address below
/// 4 KB): a depthwise convolution reading 16 channels at a time then thrashes
/// that set (efficientnet_b0's 5 x 5 convolution on 28 x 28 x 240: 2.5x
/// slower than on 14 x 14 x 480 per multiply-add). One more row of padding
/// at the bottom, never read, staggers the planes by a row.
void staggerPlanes(RewriterBase &rewriter, tensor::PadOp pad) {
  RankedTensorType type = pad.getResultType();
  Value value = pad.getConstantPaddingValue();
  if (!value || !type.hasStaticShape() || type.getRank() < 3 ||
      !type.getElementType().isIntOrFloat() ||
      type.getElementTypeBitWidth() % 8 != 0)
    return;
  int64_t rank = type.getRank();
  int64_t planeBytes = type.getDimSize(rank - 1) * type.getDimSize(rank - 2) *
                       type.getElementTypeBitWidth() / 8;
  if (planeBytes % 4096 != 0 || type.getDimSize(rank - 3) < 2)
    return;
  SmallVector<int64_t> shape(type.getShape());
  shape[rank - 2] += 1;
  SmallVector<OpFoldResult> high = pad.getMixedHighPad();
  std::optional<int64_t> below = getConstantIntValue(high[rank - 2]);
  if (!below)
    return;
  high[rank - 2] = rewriter.getIndexAttr(*below + 1);
  rewriter.setInsertionPoint(pad);
  auto staggered = tensor::PadOp::create(
      rewriter, pad.getLoc(),
      RankedTensorType::get(shape, type.getElementType()), pad.getSource(),
      pad.getMixedLowPad(), high, value, pad.getNofold());
  SmallVector<OpFoldResult> zeros(rank, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> ones(rank, rewriter.getIndexAttr(1));
  rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
      pad, type, staggered.getResult(), zeros,
      getAsIndexOpFoldResult(rewriter.getContext(), type.getShape()), ones);
}

struct DecomposePadsPass
    : nnc::codegen::impl::NNCDecomposePadsBase<DecomposePadsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter staggerer(&getContext());
    SmallVector<tensor::PadOp> pads;
    func.walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads)
      staggerPlanes(staggerer, pad);
    RewritePatternSet patterns(&getContext());
    linalg::populateDecomposePadPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    SmallVector<tensor::InsertSliceOp> inserts;
    func.walk([&](tensor::InsertSliceOp op) {
      auto fill = op.getDest().getDefiningOp<linalg::FillOp>();
      if (!fill)
        return;
      // An argument inserted into a padded buffer is copied by a linalg.copy
      // into the interior (one that can be tiled and vectorized).
      if (isa<BlockArgument>(op.getSource())) {
        inserts.push_back(op);
        return;
      }
      // Empty-tensor elimination lets the source's producer write into the
      // padded buffer only when the buffer exists before the producer runs.
      Operation *producer = op.getSource().getDefiningOp();
      auto empty = fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>();
      if (!producer || !empty || producer->getBlock() != fill->getBlock() ||
          !empty->getOperands().empty() || !fill->hasOneUse() ||
          !empty->hasOneUse())
        return;
      Value value = fill.getInputs()[0];
      Operation *valueDef = value.getDefiningOp();
      if (valueDef && (valueDef->getBlock() != producer->getBlock() ||
                       !valueDef->isBeforeInBlock(producer)))
        return;
      rewriter.moveOpBefore(empty, producer);
      rewriter.moveOpBefore(fill, producer);
    });
    // Each padded buffer is its own allocation: identical tensor.empty ops
    // fold into one under CSE, and padded buffers sharing one would each be
    // copied out of it.
    SmallVector<tensor::EmptyOp> empties;
    func.walk([&](linalg::FillOp fill) {
      auto empty = fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>();
      if (empty && empty->hasOneUse() &&
          llvm::any_of(fill->getUsers(), [](Operation *u) {
            return isa<tensor::InsertSliceOp, tensor::ExtractSliceOp>(u);
          }))
        empties.push_back(empty);
    });
    for (tensor::EmptyOp empty : empties) {
      rewriter.setInsertionPoint(empty);
      rewriter.replaceOpWithNewOp<bufferization::AllocTensorOp>(
          empty, empty.getType(), empty.getDynamicSizes());
    }
    SmallVector<tensor::InsertSliceOp> padded;
    func.walk([&](tensor::InsertSliceOp op) {
      if (auto fill = op.getDest().getDefiningOp<linalg::FillOp>())
        if (fill.getOutputs()[0].getDefiningOp<bufferization::AllocTensorOp>())
          padded.push_back(op);
    });
    for (tensor::InsertSliceOp op : padded)
      fillBorderOnly(rewriter, op);
    for (tensor::InsertSliceOp op : inserts) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      Value interior = tensor::ExtractSliceOp::create(
          rewriter, loc, op.getSourceType(), op.getDest(), op.getMixedOffsets(),
          op.getMixedSizes(), op.getMixedStrides());
      Value copy = linalg::CopyOp::create(
                       rewriter, loc, TypeRange{op.getSourceType()},
                       ValueRange{op.getSource()}, ValueRange{interior})
                       .getResult(0);
      rewriter.modifyOpInPlace(op, [&] { op.getSourceMutable().assign(copy); });
    }
  }
};

} // namespace
