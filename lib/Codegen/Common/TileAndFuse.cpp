//===- TileAndFuse.cpp - apply the tile sizes of lowering configs ---------===//
//
// A root (an op with a lowering config), the fill of its init and its one
// elementwise consumer form a group. The group's last op is tiled level by
// level (parallel: scf.forall; register: scf.for) and the other members are
// fused into each tile; then the root's block is tiled along its reductions.
// The innermost ops are marked for nnc-vectorize.
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Common/Utils.h"
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
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
/// user of its result, every loop parallel, reading the result with a
/// permutation of its loops, which are exactly the root's parallel loops
/// (a conv_filters root's consumer transposes its tile).
linalg::GenericOp fusableConsumer(linalg::LinalgOp root) {
  Value result = root->getResult(0);
  if (!result.hasOneUse())
    return {};
  OpOperand &use = *result.getUses().begin();
  auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!consumer || getLoweringConfig(consumer) ||
      consumer.getNumLoops() != consumer.getNumParallelLoops() ||
      consumer.getNumDpsInits() != 1 || consumer.isDpsInit(&use) ||
      consumer.getNumLoops() != root.getNumParallelLoops() ||
      !consumer.getMatchingIndexingMap(&use).isPermutation() ||
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

/// For each loop of `root`'s consumer (one reading the result with the
/// identity map when there is none), the root loop it runs along.
SmallVector<unsigned> consumerToRootLoops(linalg::LinalgOp root) {
  AffineMap rootOut = root.getIndexingMapMatchingResult(root->getResult(0));
  linalg::GenericOp consumer = fusableConsumer(root);
  AffineMap read = consumer ? consumer.getMatchingIndexingMap(
                                  &*root->getResult(0).getUses().begin())
                            : AffineMap::getMultiDimIdentityMap(
                                  rootOut.getNumResults(), root.getContext());
  SmallVector<unsigned> loops(read.getNumDims());
  for (auto [dim, e] : llvm::enumerate(read.getResults()))
    loops[cast<AffineDimExpr>(e).getPosition()] =
        rootOut.getDimPosition(static_cast<unsigned>(dim));
  return loops;
}

/// `order` (a permutation of the root's loops) restricted to the loops of
/// the consumer, whose root loops are `loops`.
SmallVector<int64_t> projectOrder(ArrayRef<unsigned> loops,
                                  ArrayRef<int64_t> order) {
  SmallVector<int64_t> consumerLoop(order.size(), -1);
  for (auto [i, loop] : llvm::enumerate(loops))
    if (loop < consumerLoop.size())
      consumerLoop[loop] = i;
  SmallVector<int64_t> projected;
  for (int64_t loop : order)
    if (consumerLoop[loop] >= 0)
      projected.push_back(consumerLoop[loop]);
  return projected;
}

/// `rootTiles` (one per root loop) as tiles of the consumer's loops, whose
/// root loops are `loops`.
SmallVector<int64_t> projectToConsumer(ArrayRef<unsigned> loops,
                                       ArrayRef<int64_t> rootTiles) {
  SmallVector<int64_t> tiles;
  for (unsigned loop : loops)
    tiles.push_back(rootTiles[loop]);
  return tiles;
}

/// The pool over a packed convolution's layout (see materialize-packing)
/// that reads `last`'s result: it is computed on the group's parallel
/// tiles, while the convolution's tile is in cache.
linalg::GenericOp fusablePool(Operation *last) {
  Value result = last->getResult(0);
  if (!result.hasOneUse())
    return {};
  auto pool = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  LoweringConfigAttr config = pool ? getLoweringConfig(pool) : nullptr;
  if (!config || config.getStrategy() != Strategy::pool ||
      pool.getDpsInputOperand(0)->get() != result || pool.hasDynamicShape() ||
      cast<linalg::LinalgOp>(last).hasDynamicShape())
    return {};
  return pool;
}

/// The position of `d` in `e = d * s + w` (or `d`), and s.
std::optional<std::pair<unsigned, int64_t>> windowedDim(AffineExpr e) {
  if (auto dim = dyn_cast<AffineDimExpr>(e))
    return std::make_pair(dim.getPosition(), int64_t(1));
  auto add = dyn_cast<AffineBinaryOpExpr>(e);
  if (!add || add.getKind() != AffineExprKind::Add)
    return std::nullopt;
  for (AffineExpr side : {add.getLHS(), add.getRHS()}) {
    auto mul = dyn_cast<AffineBinaryOpExpr>(side);
    if (mul && mul.getKind() == AffineExprKind::Mul &&
        isa<AffineDimExpr>(mul.getLHS()) &&
        isa<AffineConstantExpr>(mul.getRHS()))
      return std::make_pair(cast<AffineDimExpr>(mul.getLHS()).getPosition(),
                            cast<AffineConstantExpr>(mul.getRHS()).getValue());
  }
  return std::nullopt;
}

/// The tiles of `pool`'s loops whose input tiles are `inputTiles` (one per
/// input dimension, 0: whole): a window position takes the tile divided by
/// the stride, the window loops are whole. Fails unless every tile is whole
/// windows.
std::optional<SmallVector<int64_t>> poolTiles(linalg::GenericOp pool,
                                              ArrayRef<int64_t> inputTiles) {
  SmallVector<int64_t> tiles(pool.getNumLoops(), 0);
  AffineMap in = pool.getMatchingIndexingMap(pool.getDpsInputOperand(0));
  for (auto [i, e] : llvm::enumerate(in.getResults())) {
    auto dim = windowedDim(e);
    if (!dim || inputTiles[i] % dim->second != 0)
      return std::nullopt;
    tiles[dim->first] = inputTiles[i] / dim->second;
  }
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
  tiling.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  tiling.setInterchange(interchange);
  tiling.setLoopType(loopType);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [group](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
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

/// Canonicalization with the `extra` patterns.
LogicalResult cleanUp(func::FuncOp func,
                      llvm::function_ref<void(RewritePatternSet &)> extra) {
  RewritePatternSet patterns(func.getContext());
  populateAllCanonicalizationPatterns(patterns);
  extra(patterns);
  return applyPatternsGreedily(func, std::move(patterns));
}

/// The tiled last op of each group (tiling clones keep it).
constexpr StringLiteral kLastAttr = "__nnc_tile_last";
/// The op whose result a fused pool reads (to find its tiled copy).
constexpr StringLiteral kPoolInputAttr = "__nnc_pool_input";

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
    // Pools fused into a convolution's tiles are tiled with it.
    llvm::SmallPtrSet<Operation *, 4> fusedPools;
    for (linalg::LinalgOp root : roots)
      if (std::optional<PoolFusion> fusion = fusedPool(root))
        fusedPools.insert(fusion->pool);
    IRRewriter rewriter(&getContext());
    int64_t group = 0;
    for (linalg::LinalgOp root : roots)
      if (!fusedPools.contains(root) &&
          failed(tileRoot(rewriter, root, group++)))
        return signalPassFailure();

    // Static tile shapes where peeling made them so; a tile of an empty
    // tensor is an empty tile (a fused pool's input tile is then a buffer
    // of the tile, not a view of the whole convolution output).
    if (failed(cleanUp(func, [](RewritePatternSet &patterns) {
          tensor::populateFoldTensorEmptyPatterns(patterns);
        })))
      return signalPassFailure();

    // A remainder of dynamic size (a dynamic batch) is tiled by 1 along its
    // dynamic loops, so that every block has a static shape.
    SmallVector<linalg::LinalgOp> lasts;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kLastAttr) && op.hasDynamicShape())
        lasts.push_back(op);
    });
    // Dynamic reductions (a weight gradient over the batch) are left to
    // the reduction level: a by-1 loop here would re-run the fused fill in
    // every step.
    for (linalg::LinalgOp last : lasts) {
      SmallVector<int64_t> tiles;
      for (auto [extent, kind] :
           llvm::zip(last.getStaticLoopRanges(), last.getIteratorTypesArray()))
        tiles.push_back(ShapedType::isDynamic(extent) &&
                                kind == utils::IteratorType::parallel
                            ? 1
                            : 0);
      if (llvm::all_of(tiles, [](int64_t t) { return t == 0; }))
        continue;
      int64_t id = last->getAttrOfType<IntegerAttr>(kGroupAttr).getInt();
      if (failed(tileGroup(rewriter, last, tiles, {},
                           scf::SCFTilingOptions::LoopType::ForOp, id)))
        return signalPassFailure();
    }
    if (!lasts.empty()) {
      // The by-1 loops take their bounds from the dynamic blocks they
      // replace (tensor.dim of their results); folded to the inits, the
      // old blocks are dead.
      if (failed(cleanUp(func, [](RewritePatternSet &patterns) {
            scf::populateSCFForLoopCanonicalizationPatterns(patterns);
          })))
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
    tiling.setTileSizes(
        getAsIndexOpFoldResult(rewriter.getContext(), reduction));
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

  /// The group's last op before a fused pool: the root's epilogue, else the
  /// root.
  static Operation *groupLast(linalg::LinalgOp root) {
    LoweringConfigAttr config = getLoweringConfig(root);
    if (config.getStrategy() == Strategy::matmul ||
        config.getStrategy() == Strategy::conv ||
        config.getStrategy() == Strategy::conv_filters ||
        config.getStrategy() == Strategy::winograd_output)
      if (linalg::GenericOp consumer = fusableConsumer(root))
        return consumer;
    return root;
  }

  /// The pool fused into a conv root's parallel tiles, if any, and its
  /// tiles there: the root's parallel tiles, or one image per iteration
  /// when the root runs on one thread.
  struct PoolFusion {
    linalg::GenericOp pool;
    SmallVector<int64_t> tiles;
  };
  static std::optional<PoolFusion> fusedPool(linalg::LinalgOp root) {
    LoweringConfigAttr config = getLoweringConfig(root);
    if (config.getStrategy() != Strategy::conv)
      return std::nullopt;
    linalg::GenericOp pool = fusablePool(groupLast(root));
    if (!pool)
      return std::nullopt;
    SmallVector<int64_t> tiles(config.getParallel());
    if (llvm::none_of(tiles, [](int64_t t) { return t != 0; })) {
      tiles.assign(root.getNumLoops(), 0);
      tiles[0] = 1;
    }
    std::optional<SmallVector<int64_t>> tilesOfPool =
        poolTiles(pool, projectToConsumer(consumerToRootLoops(root), tiles));
    if (!tilesOfPool)
      return std::nullopt;
    return PoolFusion{pool, *tilesOfPool};
  }

  LogicalResult tileRoot(RewriterBase &rewriter, linalg::LinalgOp root,
                         int64_t group) {
    LoweringConfigAttr config = getLoweringConfig(root);
    auto groupAttr = rewriter.getI64IntegerAttr(group);
    // CSE merges the identical fills of two layers of one shape; each root
    // gets its own, fused into its tiles (a shared one would stay a whole
    // buffer, memset on one thread and read back as the accumulators).
    OpOperand *init = root.getDpsInitOperand(0);
    if (auto fill = init->get().getDefiningOp<linalg::FillOp>();
        fill && !fill->hasOneUse()) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(root);
      Operation *own = rewriter.clone(*fill);
      rewriter.modifyOpInPlace(root, [&] { init->set(own->getResult(0)); });
    }
    auto join = [&](Operation *op) {
      op->setAttr(kGroupAttr, groupAttr);
      if (auto fill = cast<linalg::LinalgOp>(op)
                          .getDpsInitOperand(0)
                          ->get()
                          .getDefiningOp<linalg::FillOp>())
        if (fill->hasOneUse())
          fill->setAttr(kGroupAttr, groupAttr);
    };
    join(root);
    Operation *last = groupLast(root);
    bool hasConsumer = last != root.getOperation();
    if (hasConsumer)
      last->setAttr(kGroupAttr, groupAttr);
    last->setAttr(kLastAttr, rewriter.getUnitAttr());
    // Tiling replaces the root: its consumer's loops are mapped now.
    SmallVector<unsigned> loopsOfLast = consumerToRootLoops(root);
    auto lastTiles = [&](ArrayRef<int64_t> tiles) {
      return hasConsumer ? projectToConsumer(loopsOfLast, tiles)
                         : SmallVector<int64_t>(tiles);
    };

    // Parallel level: one scf.forall over the group (and the pool that
    // reads it, whose tiles then set the level; without threads, a loop
    // over the images).
    ArrayRef<int64_t> parallel = config.getParallel();
    bool threaded = llvm::any_of(parallel, [](int64_t t) { return t != 0; });
    std::optional<PoolFusion> fusion = fusedPool(root);
    linalg::GenericOp pool = fusion ? fusion->pool : linalg::GenericOp();
    if (pool) {
      join(pool);
      last->setAttr(kPoolInputAttr, rewriter.getUnitAttr());
      auto tiled =
          tileGroup(rewriter, pool, fusion->tiles, {},
                    threaded ? scf::SCFTilingOptions::LoopType::ForallOp
                             : scf::SCFTilingOptions::LoopType::ForOp,
                    group);
      if (failed(tiled))
        return root->emitError("nnc-tile-and-fuse: parallel tiling failed");
      pool = cast<linalg::GenericOp>(tiled->tiledAndFusedOps.front());
      for (Operation *op : tiled->tiledAndFusedOps)
        if (op->hasAttr(kPoolInputAttr))
          last = op;
      last->removeAttr(kPoolInputAttr);
    } else if (threaded) {
      auto tiled = tileGroup(rewriter, last, lastTiles(parallel), {},
                             scf::SCFTilingOptions::LoopType::ForallOp, group);
      if (failed(tiled))
        return root->emitError("nnc-tile-and-fuse: parallel tiling failed");
      last = tiled->tiledAndFusedOps.front();
    }

    // Register level: the root's block, then the pool's.
    ArrayRef<int64_t> order = config.getInterchange();
    SmallVector<int64_t> lastOrder = hasConsumer
                                         ? projectOrder(loopsOfLast, order)
                                         : SmallVector<int64_t>(order);
    auto tiled =
        tileGroup(rewriter, last, lastTiles(config.getRegisterTiles()),
                  lastOrder, scf::SCFTilingOptions::LoopType::ForOp, group);
    if (failed(tiled))
      return last->emitError("nnc-tile-and-fuse: register tiling failed");
    peelRegisterLoops(rewriter, tiled->loops);
    if (!pool)
      return success();
    auto pooled =
        tileGroup(rewriter, pool, getLoweringConfig(pool).getRegisterTiles(),
                  {}, scf::SCFTilingOptions::LoopType::ForOp, group);
    if (failed(pooled))
      return pool->emitError("nnc-tile-and-fuse: register tiling failed");
    peelRegisterLoops(rewriter, pooled->loops);
    return success();
  }
};

} // namespace
