//===- TileAndFuse.cpp - apply the tile sizes of lowering configs ---------===//
//
// A root (an op with a lowering config), the fill of its init and its one
// elementwise consumer form a group. The group's last op is tiled level by
// level (parallel: scf.forall; register: scf.for) and the other members are
// fused into each tile; then the root's block is tiled along its reductions.
// The innermost ops are marked for nnc-vectorize.
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCTILEANDFUSE
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using namespace nnc::codegen;

namespace {

/// Marks the members of the group being tiled (the clones made by tiling
/// keep it).
constexpr StringLiteral kGroupAttr = "__nnc_tile_group";

/// The elementwise consumer that can be fused into `root`'s tiles: the only
/// user of its result, every loop parallel, reading the result with the
/// identity map over exactly the root's parallel loops.
linalg::GenericOp fusableConsumer(linalg::LinalgOp root) {
  Value result = root->getResult(0);
  if (!result.hasOneUse())
    return {};
  OpOperand &use = *result.getUses().begin();
  auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!consumer || getLoweringConfig(consumer) ||
      consumer.getNumLoops() != consumer.getNumParallelLoops() ||
      consumer.getNumDpsInits() != 1 ||
      consumer.getNumLoops() != root.getNumParallelLoops() ||
      !consumer.getMatchingIndexingMap(&use).isIdentity() ||
      !consumer.getIndexingMapMatchingResult(consumer->getResult(0))
           .isIdentity())
    return {};
  // Only a root whose output map is a permutation can hand its tile to the
  // consumer.
  AffineMap rootOut = root.getIndexingMapMatchingResult(root->getResult(0));
  if (!rootOut.isProjectedPermutation())
    return {};
  return consumer;
}

/// `order` (a permutation of the root's loops) restricted to the loops of
/// the consumer, which are the root's output dimensions in order.
SmallVector<int64_t> projectOrder(linalg::LinalgOp root,
                                  ArrayRef<int64_t> order) {
  AffineMap rootOut = root.getIndexingMapMatchingResult(root->getResult(0));
  SmallVector<int64_t> consumerLoop(root.getNumLoops(), -1);
  for (auto [i, e] : llvm::enumerate(rootOut.getResults()))
    consumerLoop[cast<AffineDimExpr>(e).getPosition()] = i;
  SmallVector<int64_t> projected;
  for (int64_t loop : order)
    if (consumerLoop[loop] >= 0)
      projected.push_back(consumerLoop[loop]);
  return projected;
}

/// `rootTiles` (one per root loop) as tiles of the consumer's loops, which
/// are the root's output dimensions in order.
SmallVector<int64_t> projectToConsumer(linalg::LinalgOp root,
                                       ArrayRef<int64_t> rootTiles) {
  AffineMap rootOut = root.getIndexingMapMatchingResult(root->getResult(0));
  SmallVector<int64_t> tiles;
  for (AffineExpr e : rootOut.getResults())
    tiles.push_back(rootTiles[cast<AffineDimExpr>(e).getPosition()]);
  return tiles;
}

bool inGroup(Operation *op, int64_t group) {
  auto attr = op ? op->getAttrOfType<IntegerAttr>(kGroupAttr) : IntegerAttr();
  return attr && attr.getInt() == group;
}

/// Tiles `last` by `tiles` with loops of `loopType`, fusing the members of
/// `group` into the tiles. Returns the tiled ops (the tiled `last` first) and
/// the loops, outermost first.
FailureOr<scf::SCFTileAndFuseResult>
tileGroup(RewriterBase &rewriter, Operation *last, ArrayRef<int64_t> tiles,
          ArrayRef<int64_t> interchange,
          scf::SCFTilingOptions::LoopType loopType, int64_t group) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  tiling.setInterchange(interchange);
  tiling.setLoopType(loopType);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [group](tensor::ExtractSliceOp, OpResult producer,
              bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        if (!inGroup(producer.getOwner(), group))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });
  rewriter.setInsertionPoint(last);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(last), options);
  if (failed(result))
    return failure();
  for (OpResult r : last->getResults())
    rewriter.replaceAllUsesWith(r, result->replacements.lookup(r));
  // The originals are dead now (their only users were in the group).
  SmallVector<Operation *> dead{last};
  for (Operation *p : result->fusedProducers)
    dead.push_back(p);
  for (Operation *op : dead)
    if (op->use_empty())
      rewriter.eraseOp(op);
  return result;
}

/// Peels the register loops whose tile does not divide their extent, so
/// that the main part has static tile shapes.
void peelRegisterLoops(RewriterBase &rewriter,
                       ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : loops) {
    auto forOp = dyn_cast<scf::ForOp>(loop.getOperation());
    if (!forOp)
      continue;
    std::optional<int64_t> lb = getConstantIntValue(forOp.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(forOp.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(forOp.getStep());
    if (lb && ub && step && (*ub - *lb) % *step == 0)
      continue;
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, partial);
  }
}

void addCanonicalizations(RewritePatternSet &patterns, MLIRContext *ctx) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

/// The tiled last op of each group (tiling clones keep it).
constexpr StringLiteral kLastAttr = "__nnc_tile_last";

struct TileAndFusePass
    : nnc::codegen::impl::NNCTileAndFuseBase<TileAndFusePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<linalg::LinalgOp> roots;
    func.walk([&](linalg::LinalgOp op) {
      if (auto config = getLoweringConfig(op))
        if (!config.getRegisterTiles().empty())
          roots.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    int64_t group = 0;
    for (linalg::LinalgOp root : roots)
      if (failed(tileRoot(rewriter, root, group++)))
        return signalPassFailure();

    // Static tile shapes where peeling made them so.
    RewritePatternSet patterns(&getContext());
    addCanonicalizations(patterns, &getContext());
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    // A remainder of dynamic size (a dynamic batch) is tiled by 1 along its
    // dynamic loops, so that every block has a static shape.
    SmallVector<linalg::LinalgOp> lasts;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kLastAttr) && op.hasDynamicShape())
        lasts.push_back(op);
    });
    for (linalg::LinalgOp last : lasts) {
      SmallVector<int64_t> tiles;
      for (int64_t extent : last.getStaticLoopRanges())
        tiles.push_back(ShapedType::isDynamic(extent) ? 1 : 0);
      int64_t id = last->getAttrOfType<IntegerAttr>(kGroupAttr).getInt();
      if (failed(tileGroup(rewriter, last, tiles, {},
                           scf::SCFTilingOptions::LoopType::ForOp, id)))
        return signalPassFailure();
    }
    if (!lasts.empty()) {
      // The by-1 loops take their bounds from the dynamic blocks they
      // replace (tensor.dim of their results); folded to the inits, the
      // old blocks are dead.
      RewritePatternSet cleanup(&getContext());
      addCanonicalizations(cleanup, &getContext());
      scf::populateSCFForLoopCanonicalizationPatterns(cleanup);
      if (failed(applyPatternsGreedily(func, std::move(cleanup))))
        return signalPassFailure();
    }

    // Reduction level on every copy of a root block; everything of a group
    // is then marked for nnc-vectorize.
    SmallVector<linalg::LinalgOp> members;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kGroupAttr))
        members.push_back(op);
    });
    for (linalg::LinalgOp op : members)
      if (failed(tileReductions(rewriter, op)))
        return signalPassFailure();
  }

  LogicalResult tileReductions(RewriterBase &rewriter, linalg::LinalgOp op) {
    op->removeAttr(kGroupAttr);
    op->removeAttr(kLastAttr);
    LoweringConfigAttr config = getLoweringConfig(op);
    ArrayRef<int64_t> reduction =
        config ? config.getReduction() : ArrayRef<int64_t>();
    if (llvm::none_of(reduction, [](int64_t t) { return t != 0; })) {
      op->setAttr(kVectorizeAttrName, rewriter.getUnitAttr());
      return success();
    }
    scf::SCFTilingOptions tiling;
    tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(),
                                               reduction));
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> r = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), tiling);
    if (failed(r))
      return op->emitError("nnc-tile-and-fuse: reduction tiling failed");
    rewriter.replaceOp(op, r->replacements);
    for (Operation *t : r->tiledOps)
      t->setAttr(kVectorizeAttrName, rewriter.getUnitAttr());
    return success();
  }

  LogicalResult tileRoot(RewriterBase &rewriter, linalg::LinalgOp root,
                         int64_t group) {
    LoweringConfigAttr config = getLoweringConfig(root);
    auto groupAttr = rewriter.getI64IntegerAttr(group);
    root->setAttr(kGroupAttr, groupAttr);
    if (auto fill =
            root.getDpsInitOperand(0)->get().getDefiningOp<linalg::FillOp>())
      if (fill->hasOneUse())
        fill->setAttr(kGroupAttr, groupAttr);
    linalg::GenericOp consumer;
    if (config.getStrategy() == Strategy::matmul ||
        config.getStrategy() == Strategy::conv ||
        config.getStrategy() == Strategy::winograd_output)
      consumer = fusableConsumer(root);
    Operation *last = root;
    if (consumer) {
      consumer->setAttr(kGroupAttr, groupAttr);
      last = consumer;
    }
    last->setAttr(kLastAttr, rewriter.getUnitAttr());
    auto lastTiles = [&](ArrayRef<int64_t> tiles) {
      return consumer ? projectToConsumer(root, tiles)
                      : SmallVector<int64_t>(tiles);
    };

    // Parallel level: one scf.forall over the group.
    ArrayRef<int64_t> parallel = config.getParallel();
    if (llvm::any_of(parallel, [](int64_t t) { return t != 0; })) {
      auto tiled = tileGroup(rewriter, last, lastTiles(parallel), {},
                             scf::SCFTilingOptions::LoopType::ForallOp, group);
      if (failed(tiled))
        return root->emitError("nnc-tile-and-fuse: parallel tiling failed");
      last = tiled->tiledAndFusedOps.front();
    }

    // Register level.
    ArrayRef<int64_t> order = config.getInterchange();
    SmallVector<int64_t> lastOrder =
        consumer ? projectOrder(root, order) : SmallVector<int64_t>(order);
    auto tiled = tileGroup(rewriter, last, lastTiles(config.getRegisterTiles()),
                           lastOrder, scf::SCFTilingOptions::LoopType::ForOp,
                           group);
    if (failed(tiled))
      return last->emitError("nnc-tile-and-fuse: register tiling failed");
    peelRegisterLoops(rewriter, tiled->loops);
    return success();
  }
};

} // namespace
