//===- SelectStrategy.cpp - a lowering config per root op and target ------===//
//
// Choosing is separate from applying: this pass only attaches
// #nnc_codegen.lowering_config; materialize-packing, tile-and-fuse and
// vectorize apply it. The numbers come from the module's #nnc_codegen.target
// (vector width, registers, threads) and the op's shapes; docs/Performance.md
// explains them per strategy.
//
//===----------------------------------------------------------------------===//
#include "TileSizes.h"
#include "nnc/Codegen/Common/Utils.h"
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/MathExtras.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUSELECTSTRATEGY
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using llvm::divideCeilSigned;
using namespace nnc::codegen;

namespace {

/// Below this many multiply-adds an op runs on one thread: waking the
/// others costs more than it saves.
constexpr int64_t kMinParallelWork = int64_t(1) << 18;

struct SelectStrategyPass
    : nnc::codegen::impl::NNCCPUSelectStrategyBase<SelectStrategyPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    TargetAttr target = getTarget(func);
    if (!target) {
      func.emitError("nnc-cpu-select-strategy needs the module's "
                     "#nnc_codegen.target (run nnc-cpu-attach-target)");
      return signalPassFailure();
    }
    if (failed(checkOverride(func, matmulMicrokernel, "matmul")) ||
        failed(checkOverride(func, convMicrokernel, "conv")))
      return signalPassFailure();
    Machine machine{target.getVectorBits(), target.getVectorRegisters(),
                    target.getThreads()};
    // An op in a parallel loop already (a fused attention kernel's) runs
    // on the thread of its iteration.
    Machine serial = machine;
    serial.threads = 1;
    auto on = [&](Operation *op) -> const Machine & {
      return op->getParentOfType<scf::ForallOp>() ? serial : machine;
    };
    func.walk([&](Operation *op) {
      if (getLoweringConfig(op))
        return;
      if (auto mm = matchMatmul(op))
        selectMatmul(*mm, on(op));
      else if (auto conv = matchConv(op))
        selectConv(*conv, on(op));
    });
    // The rest, once the roots (whose epilogues they may be) are known.
    func.walk([&](linalg::LinalgOp op) {
      if (!getLoweringConfig(op) && op.hasPureTensorSemantics())
        selectElementwise(op, on(op));
    });
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::GenericOp, linalg::ReduceOp>(op) &&
          !getLoweringConfig(op) && op.hasPureTensorSemantics() &&
          op.getNumReductionLoops() > 0)
        selectReduction(op, on(op));
    });
  }

  /// Whether `op` is the epilogue nnc-tile-and-fuse fuses into a matmul or
  /// conv root: it reads the root's only result with the identity map, and
  /// the root's result is not padded (NR | N, MR | F).
  static bool isFusedEpilogue(linalg::GenericOp op) {
    if (op->getNumResults() != 1)
      return false;
    for (OpOperand *operand : op.getDpsInputOperands()) {
      auto root = operand->get().getDefiningOp<linalg::LinalgOp>();
      LoweringConfigAttr config = root ? getLoweringConfig(root) : nullptr;
      if (!config || !operand->get().hasOneUse() ||
          !op.getMatchingIndexingMap(operand).isIdentity())
        continue;
      if (config.getStrategy() == Strategy::winograd)
        return true;
      if (auto mm = matchMatmul(root))
        return mm->n % config.getMicrokernel()[1] == 0;
      if (auto conv = matchConv(root))
        return conv->filters % config.getMicrokernel()[0] == 0;
    }
    return false;
  }

  /// Elementwise ops (and fills, copies) and pooling: one register block
  /// is up to 4 vectors of the innermost output dimension (1 along the
  /// others, the whole window of a pool, tiled by 1); parallel tiles split
  /// the outer output dimensions.
  void selectElementwise(linalg::LinalgOp op, const Machine &machine) {
    Strategy strategy;
    if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
            linalg::PoolingNcwMaxOp, linalg::PoolingNcwSumOp>(op))
      strategy = Strategy::pool;
    else if (isa<linalg::FillOp, linalg::CopyOp, linalg::TransposeOp>(op) ||
             (isa<linalg::GenericOp>(op) &&
              op.getNumLoops() == op.getNumParallelLoops() &&
              !isFusedEpilogue(cast<linalg::GenericOp>(op))))
      strategy = Strategy::elementwise;
    else
      return;
    // Several results (an optimizer's new weights and velocity) are tiled
    // together when they are written alike.
    if (op->getNumResults() < 1 || op.getNumDpsInits() != op->getNumResults())
      return;
    for (OpResult r : op->getResults())
      if (r.getType() != op->getResult(0).getType() ||
          op.getIndexingMapMatchingResult(r) !=
              op.getIndexingMapMatchingResult(op->getResult(0)))
        return;
    // A fill that initializes another linalg op is fused into that op's
    // tiles.
    if (isa<linalg::FillOp>(op) && op->getResult(0).hasOneUse())
      if (auto user =
              dyn_cast<linalg::LinalgOp>(*op->getResult(0).getUsers().begin()))
        if (user.isDpsInit(&*op->getResult(0).getUses().begin()))
          return;
    AffineMap out = op.getIndexingMapMatchingResult(op->getResult(0));
    if (out.getNumResults() == 0 || !out.isProjectedPermutation() ||
        out.getNumResults() != op.getNumParallelLoops())
      return;
    Type elt = getElementTypeOrSelf(op->getResult(0).getType());
    if (!elt.isIntOrFloat())
      return;
    // A vector of i1 in memory is bit-packed in LLVM, a memref of i1 is a
    // byte per element: ops on booleans stay loops.
    for (OpOperand &operand : op->getOpOperands()) {
      Type t = getElementTypeOrSelf(operand.get().getType());
      if (!t.isIntOrFloat() || t.getIntOrFloatBitWidth() % 8 != 0)
        return;
    }
    int64_t vw = machine.lanes(elt);
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    unsigned loops = op.getNumLoops();
    SmallVector<int64_t> parallel(loops, 0), reg(loops, 0), red(loops, 0);
    for (auto [l, it] : llvm::enumerate(op.getIteratorTypesArray())) {
      if (it == utils::IteratorType::reduction)
        red[l] = 1;
      else
        reg[l] = 1;
    }
    unsigned inner = out.getDimPosition(out.getNumResults() - 1);
    int64_t e = ranges[inner];
    reg[inner] = ShapedType::isDynamic(e) || e > 4 * vw ? 4 * vw : e;
    // A transpose that moves the innermost dimension: square blocks of a
    // vector each way, read and written a row at a time.
    if (isa<linalg::TransposeOp>(op)) {
      AffineMap read = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
      unsigned across = read.getDimPosition(read.getNumResults() - 1);
      if (across != inner && !ShapedType::isDynamic(e) &&
          !ShapedType::isDynamic(ranges[across]) && e % vw == 0 &&
          ranges[across] % vw == 0) {
        reg[inner] = vw;
        reg[across] = vw;
      }
    }

    int64_t elements = 1;
    for (unsigned i = 0; i < out.getNumResults(); ++i) {
      int64_t x = ranges[out.getDimPosition(i)];
      elements *= ShapedType::isDynamic(x) ? 64 : x;
    }
    // Rows shorter than a vector cost a (masked) store each, not a lane:
    // a padded buffer's border columns are 1 element wide.
    if (!ShapedType::isDynamic(e) && e < vw)
      elements *= vw / std::max<int64_t>(e, 1);
    bool threaded = machine.threads > 1 && elements >= (int64_t(1) << 16);
    if (threaded) {
      int64_t want = machine.tiles();
      for (unsigned i = 0; i + 1 < out.getNumResults() && want > 1; ++i) {
        unsigned l = out.getDimPosition(i);
        int64_t x = ranges[l];
        if (ShapedType::isDynamic(x)) {
          parallel[l] = 1;
          break;
        }
        parallel[l] = std::max<int64_t>(1, x / want);
        want = divideCeilSigned(want, x);
      }
      if (out.getNumResults() == 1 && !ShapedType::isDynamic(e))
        parallel[inner] = roundUp(divideCeilSigned(e, want), reg[inner]);
      if (llvm::all_of(parallel, [](int64_t t) { return t == 0; }))
        parallel.clear();
    } else {
      parallel.clear();
    }
    if (llvm::all_of(red, [](int64_t t) { return t == 0; }))
      red.clear();
    setLoweringConfig(op, LoweringConfigAttr::get(op->getContext(), strategy,
                                                  {}, parallel, reg, red, {}));
  }

  /// Reductions that are not contractions (softmax's max and sum, a norm's
  /// mean and variance, pools over generics): when the first input's
  /// innermost dimension is reduced, a block is one whole row (a vector
  /// reduction; rows longer than 64 vectors one chunk of at most 16 vectors
  /// at a time), else
  /// up to 4 vectors of the innermost output dimension accumulated over the
  /// reduction loops one step at a time. Parallel tiles split the outer
  /// output dimensions as for elementwise ops.
  void selectReduction(linalg::LinalgOp op, const Machine &machine) {
    if (op->getNumResults() != 1 || op.getNumDpsInits() != 1 ||
        op.getNumDpsInputs() == 0 || linalg::isaContractionOpInterface(op))
      return;
    AffineMap out = op.getIndexingMapMatchingResult(op->getResult(0));
    AffineMap in = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
    if (!out.isProjectedPermutation() || !in.isProjectedPermutation() ||
        in.getNumResults() == 0 ||
        out.getNumResults() != op.getNumParallelLoops())
      return;
    for (OpOperand &operand : op->getOpOperands()) {
      Type t = getElementTypeOrSelf(operand.get().getType());
      if (!t.isIntOrFloat() || t.getIntOrFloatBitWidth() % 8 != 0)
        return;
    }
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
    int64_t vw =
        machine.lanes(getElementTypeOrSelf(op->getResult(0).getType()));
    unsigned loops = op.getNumLoops();
    SmallVector<int64_t> parallel(loops, 0), reg(loops, 0), red(loops, 0);
    int64_t rowLength = 1;
    for (unsigned l = 0; l < loops; ++l) {
      if (kinds[l] == utils::IteratorType::reduction) {
        if (ShapedType::isDynamic(ranges[l]))
          return;
        rowLength *= ranges[l];
      } else {
        reg[l] = 1;
      }
    }
    unsigned innermost = in.getDimPosition(in.getNumResults() - 1);
    if (kinds[innermost] == utils::IteratorType::reduction) {
      // A whole row per block. A longer one (a global pool over H x W) is
      // reduced a step of the outer reduction loops at a time, in chunks
      // of the innermost dimension of at most 16 vectors that divide it.
      if (rowLength > 64 * vw) {
        for (unsigned l = 0; l < loops; ++l)
          if (kinds[l] == utils::IteratorType::reduction && l != innermost)
            red[l] = 1;
        int64_t e = ranges[innermost], chunk = std::min(e, 16 * vw);
        while (e % chunk != 0)
          --chunk;
        red[innermost] = chunk;
      }
    } else {
      int64_t e = ranges[innermost];
      reg[innermost] = ShapedType::isDynamic(e) || e > 4 * vw ? 4 * vw : e;
      for (unsigned l = 0; l < loops; ++l)
        if (kinds[l] == utils::IteratorType::reduction)
          red[l] = 1;
    }
    int64_t elements = rowLength;
    for (unsigned i = 0; i < out.getNumResults(); ++i) {
      int64_t x = ranges[out.getDimPosition(i)];
      elements *= ShapedType::isDynamic(x) ? 64 : x;
    }
    if (machine.threads > 1 && elements >= (int64_t(1) << 16)) {
      int64_t want = machine.tiles();
      for (unsigned i = 0; i < out.getNumResults() && want > 1; ++i) {
        unsigned l = out.getDimPosition(i);
        if (l == innermost && reg[l] > 1)
          break;
        int64_t x = ranges[l];
        if (ShapedType::isDynamic(x)) {
          parallel[l] = 1;
          break;
        }
        parallel[l] = evenSplit(x, 1, want);
        want = divideCeilSigned(want, x / parallel[l]);
      }
    }
    if (llvm::all_of(parallel, [](int64_t t) { return t == 0; }))
      parallel.clear();
    if (llvm::all_of(red, [](int64_t t) { return t == 0; }))
      red.clear();
    setLoweringConfig(op, LoweringConfigAttr::get(op->getContext(),
                                                  Strategy::reduction, {},
                                                  parallel, reg, red, {}));
  }

  LogicalResult checkOverride(func::FuncOp func, ArrayRef<int64_t> block,
                              StringRef what) {
    if (block.empty() || (block.size() == 2 && block[0] >= 1 && block[1] >= 1))
      return success();
    return func.emitError() << what
                            << "-microkernel must be two positive sizes "
                               "(rows,columns)";
  }

  void selectMatmul(const MatmulRoot &mm, const Machine &machine) {
    // B is packed at compile time (a constant), at run time (an activation
    // stored [N, K]) or read in place as [K, N/NR, NR].
    Type elt = getElementTypeOrSelf(mm.init.getType());
    int64_t vw = machine.lanes(elt);
    int64_t cols = 2 * vw, rows;
    if (mm.n <= vw || (mm.n % cols != 0 && mm.n % vw == 0))
      cols = vw;
    rows = machine.accumulators() / divideCeilSigned(cols, vw);
    if (!ShapedType::isDynamic(mm.m))
      rows = std::min(rows, mm.m);
    if (!matmulMicrokernel.empty()) {
      rows = matmulMicrokernel[0];
      cols = matmulMicrokernel[1];
    }
    if (!mm.constantB && mm.n % cols != 0)
      return;
    // An init other than a fill is read through a view, which needs NR | N.
    if (!mm.fillValue && mm.n % cols != 0)
      return;

    int64_t n1 = divideCeilSigned(mm.n, cols);
    bool dynamicM = ShapedType::isDynamic(mm.m);
    int64_t m = dynamicM ? 64 : mm.m;
    int64_t work =
        mm.batch * m * mm.n * (ShapedType::isDynamic(mm.k) ? 64 : mm.k);
    // Loops: (b,) m, n1, k, n0.
    SmallVector<int64_t> parallel, reg, red;
    if (mm.batched) {
      parallel.push_back(1);
      reg.push_back(1);
      red.push_back(0);
    }
    int64_t tm = 0, tn1 = 0;
    if (machine.threads > 1 && work >= kMinParallelWork) {
      int64_t want = divideCeilSigned(machine.tiles(), mm.batch);
      tn1 = std::max<int64_t>(1, n1 / want);
      int64_t nTiles = divideCeilSigned(n1, tn1);
      if (nTiles < want) {
        if (!dynamicM)
          tm = roundUp(divideCeilSigned(m, divideCeilSigned(want, nTiles)),
                       rows);
        else if (nTiles < machine.threads)
          tm = 16 * rows;
        if (!dynamicM && tm >= m)
          tm = 0;
      }
      parallel.append({tm, tn1, 0, 0});
    } else {
      parallel.clear();
    }
    reg.append({rows, 1, 0, cols});
    red.append({0, 0, 1, 0});
    // Panels of packed B outside, rows of A inside: a panel ([K][NR]) stays
    // in cache while A streams through it.
    SmallVector<int64_t> order;
    if (mm.batched)
      order.push_back(0);
    int64_t lead = mm.batched ? 1 : 0;
    order.append({lead + 1, lead, lead + 2, lead + 3});
    setLoweringConfig(mm.op, LoweringConfigAttr::get(
                                 mm.op->getContext(), Strategy::matmul,
                                 {rows, cols}, parallel, reg, red, order));
  }

  /// Whether `op`'s result, through its elementwise epilogue, is inserted
  /// into a padded buffer (a fill; see nnc-decompose-pads).
  static bool feedsPaddedBuffer(Operation *op) {
    Value v = op->getResult(0);
    for (int depth = 0; depth < 3 && v.hasOneUse(); ++depth) {
      Operation *user = *v.getUsers().begin();
      if (auto insert = dyn_cast<tensor::InsertSliceOp>(user))
        return insert.getSource() == v && isPaddedBuffer(insert.getDest());
      auto generic = dyn_cast<linalg::GenericOp>(user);
      if (!generic || generic.getNumLoops() != generic.getNumParallelLoops())
        return false;
      v = generic->getResult(0);
    }
    return false;
  }

  void selectConv(const ConvRoot &root, const Machine &machine) {
    if (!getConstantData(root.filter))
      return;
    Type elt = getElementTypeOrSelf(root.init.getType());
    int64_t vw = machine.lanes(elt);
    // A 1x1 conv runs over its flattened pixels, unless its result goes
    // into a padded buffer (the padded rows are not contiguous) or it runs
    // on vectors of filters (conv_filters is 2-D).
    bool flat = root.isPointwise() && !feedsPaddedBuffer(root.op) &&
                (!convMicrokernel.empty() ||
                 !prefersFilterVectors(root.flattened(), vw));
    const ConvRoot &conv = flat ? root.flattened() : root;
    if (isWinogradConv(conv) && convMicrokernel.empty()) {
      // The GEMMs of the transformed domain: rows = output channels,
      // columns = tiles (one vector), as many rows as accumulators allow.
      int64_t rows = std::min(machine.accumulators(), conv.filters);
      setLoweringConfig(
          conv.op, LoweringConfigAttr::get(
                       conv.op->getContext(), Strategy::winograd, {rows, vw},
                       winogradTiles(conv, rows, vw, machine), {}, {}, {}));
      return;
    }
    int64_t ow = conv.outSpatial.back();
    int64_t cols = convColumns(ow, vw);
    int64_t rows = machine.accumulators() / divideCeilSigned(cols, vw);
    Strategy strategy = Strategy::conv;
    if (prefersFilterVectors(conv, vw)) {
      strategy = Strategy::conv_filters;
      rows = conv.filters % (2 * vw) == 0 ? 2 * vw : vw;
      int64_t most = machine.accumulators() / (rows / vw);
      cols = 1;
      for (int64_t c = most; c >= 1 && cols == 1; --c)
        if (ow % c == 0 && 2 * c > most)
          cols = c;
      if (cols == 1)
        cols = divideCeilSigned(ow, divideCeilSigned(ow, most));
    }
    if (!convMicrokernel.empty()) {
      strategy = Strategy::conv;
      rows = convMicrokernel[0];
      cols = convMicrokernel[1];
    }
    rows = std::min(rows, conv.filters);
    int64_t f1 = divideCeilSigned(conv.filters, rows);
    int64_t work = conv.batch * conv.groups * conv.filters * conv.channels;
    for (int64_t d = 0; d < conv.spatialRank; ++d)
      work *= conv.outSpatial[d] * conv.window[d];

    // Loops: n, (g,) f1, f0, (oh,) ow, c, (kh,) kw.
    SmallVector<int64_t> parallel, reg, red;
    bool threaded = machine.threads > 1 && work >= kMinParallelWork;
    int64_t want = machine.tiles();
    int64_t tiles = conv.batch;
    auto loop = [&](int64_t p, int64_t r, int64_t d) {
      parallel.push_back(p);
      reg.push_back(r);
      red.push_back(d);
    };
    loop(1, 1, 0); // n
    int64_t oh = conv.spatialRank == 2 ? conv.outSpatial[0] : 1;
    // A depthwise conv (one channel and one filter per group) would have
    // one accumulator: a 2-D block takes several output rows of one group,
    // a 1-D block several groups.
    int64_t ohBlock = 1;
    bool depthwise = conv.grouped && conv.channels == 1 && conv.filters == 1 &&
                     strategy == Strategy::conv;
    if (depthwise && conv.spatialRank == 2 && convMicrokernel.empty())
      ohBlock =
          depthwiseRows(oh, divideCeilSigned(cols, vw), machine.accumulators());
    // With fewer images than tiles wanted, tiles of output rows (or of a
    // flattened row's columns) come before groups and filter blocks when
    // they are enough: each thread then reads the part of the input that
    // it wrote in the layer before (a thread's share of a filter split
    // reads the whole input, half of it out of the other core's cache).
    int64_t spatialTiles = conv.spatialRank == 2 ? oh / ohBlock : ow / cols;
    bool spatialFirst = tiles < want && tiles * spatialTiles >= want;
    if (conv.grouped) {
      int64_t gb = 1;
      if (depthwise && ohBlock == 1)
        gb = std::min(conv.groups,
                      machine.accumulators() / divideCeilSigned(cols, vw));
      while (conv.groups % gb != 0)
        --gb;
      int64_t tg =
          tiles >= want || spatialFirst
              ? 0
              : evenSplit(conv.groups, gb, divideCeilSigned(want, tiles),
                          machine.threads, tiles);
      if (tg)
        tiles *= conv.groups / tg;
      loop(tg, gb, 0);
    }
    int64_t tf1 = tiles >= want || spatialFirst ? 0 : 1;
    if (tf1)
      tiles *= f1;
    loop(tf1, 1, 0);
    loop(0, rows, 0); // f0
    // Split tiles divide their dimension (a remainder tile would have a
    // dynamic size, and its blocks would run as loops by 1). Rows are also
    // split when the tiles so far do not divide over the threads.
    if (conv.spatialRank == 2) {
      int64_t th = 0;
      bool unbalanced = threaded && tiles % machine.threads != 0;
      if (tiles < want || unbalanced)
        th = evenSplit(oh, ohBlock, divideCeilSigned(want, tiles),
                       machine.threads, tiles);
      if (th == oh && tiles >= want)
        th = 0;
      if (th)
        tiles *= oh / th;
      loop(th, ohBlock, 0); // oh
    }
    // A 1-D convolution (or a flattened 1x1 one) splits its row when the
    // images and filters give too few tiles.
    int64_t tw = 0;
    if (conv.spatialRank == 1 && tiles < want)
      tw = evenSplit(ow, cols, divideCeilSigned(want, tiles), machine.threads,
                     tiles);
    loop(tw, cols, 0); // ow
    loop(0, 0, 1);     // c
    for (int64_t d = 0; d < conv.spatialRank; ++d)
      loop(0, 0, 1); // window
    if (!threaded)
      parallel.clear();
    setLoweringConfig(conv.op, LoweringConfigAttr::get(conv.op->getContext(),
                                                       strategy, {rows, cols},
                                                       parallel, reg, red, {}));
  }
};

} // namespace
