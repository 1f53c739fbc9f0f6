//===- PlanMemory.cpp - intermediate buffers in one planned arena ---------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <algorithm>

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUPLANMEMORY
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// memref<?xi8> nnc_arena(i64 bytes) in runtime/nnc_arena.c (C interface).
constexpr StringLiteral kArenaFunction = "nnc_arena";
constexpr int64_t kAlignment = 64;

/// A buffer of the plan: its bytes and its lifetime in op order.
struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t bytes, first, last, offset = -1;
};

/// Offsets for `buffers`, largest first, each at the lowest aligned offset
/// that no placed buffer with an overlapping lifetime occupies. Returns the
/// arena size.
int64_t assignOffsets(std::vector<Buffer> &buffers) {
  std::vector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  std::stable_sort(order.begin(), order.end(),
                   [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  std::vector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *b : order) {
    std::vector<std::pair<int64_t, int64_t>> busy; // [offset, end)
    for (Buffer *p : placed)
      if (p->first <= b->last && b->first <= p->last)
        busy.push_back({p->offset, p->offset + p->bytes});
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (auto [start, end] : busy) {
      if (offset + b->bytes <= start)
        break;
      offset = std::max(offset, end);
    }
    b->offset = offset;
    total = std::max(total, offset + b->bytes);
    placed.push_back(b);
  }
  return total;
}

/// The position in `body` of the last op that uses `buffer` or a value that
/// may alias it (a memref result of an op that takes either, the results of
/// the op a terminator yields either to, the region arguments of an op that
/// takes either), deallocations aside. The deallocation pipeline frees
/// every buffer at the end of the block, so its dealloc says nothing about
/// when the buffer is dead.
int64_t lastUse(Value buffer, Block &body,
                const DenseMap<Operation *, int64_t> &position) {
  int64_t last = position.lookup(buffer.getDefiningOp());
  SmallVector<Value> work{buffer};
  llvm::DenseSet<Value> seen;
  auto aliases = [&](ValueRange values) {
    for (Value v : values)
      if (isa<BaseMemRefType>(v.getType()))
        work.push_back(v);
  };
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    for (Operation *user : v.getUsers()) {
      if (isa<memref::DeallocOp>(user))
        continue;
      if (Operation *top = body.findAncestorOpInBlock(*user))
        last = std::max(last, position.lookup(top));
      aliases(user->getResults());
      if (user->hasTrait<OpTrait::IsTerminator>() && user->getParentOp())
        aliases(user->getParentOp()->getResults());
      for (Region &region : user->getRegions())
        if (!region.empty())
          aliases(region.front().getArguments());
    }
  }
  return last;
}

struct PlanMemoryPass
    : nnc::codegen::impl::NNCCPUPlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // A function calling, or called by, another function of the module
    // keeps its allocations: both would take the same thread's arena.
    llvm::DenseSet<Operation *> linked;
    module.walk([&](func::CallOp call) {
      auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
      if (callee && !callee.isExternal()) {
        linked.insert(callee);
        linked.insert(call->getParentOfType<func::FuncOp>());
      }
    });
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && !linked.contains(func))
        plan(module, func);
  }

  void plan(ModuleOp module, func::FuncOp func) {
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    for (auto [i, op] : llvm::enumerate(body))
      position[&op] = static_cast<int64_t>(i);
    std::vector<Buffer> buffers;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !type.getElementType().isIntOrFloat())
        continue;
      memref::DeallocOp dealloc;
      for (Operation *user : alloc->getUsers())
        if (auto d = dyn_cast<memref::DeallocOp>(user);
            d && d->getBlock() == &body)
          dealloc = d;
      if (!dealloc)
        continue;
      int64_t bits = type.getNumElements() * type.getElementTypeBitWidth();
      int64_t bytes = llvm::alignTo((bits + 7) / 8, kAlignment);
      buffers.push_back({alloc, dealloc, std::max<int64_t>(bytes, kAlignment),
                         position[alloc],
                         lastUse(alloc.getResult(), body, position)});
    }
    if (buffers.empty())
      return;
    int64_t total = assignOffsets(buffers);

    OpBuilder b(module.getBodyRegion());
    auto bytesType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type());
    auto decl = module.lookupSymbol<func::FuncOp>(kArenaFunction);
    if (!decl) {
      b.setInsertionPointToStart(module.getBody());
      decl = func::FuncOp::create(
          b, module.getLoc(), kArenaFunction,
          b.getFunctionType({b.getI64Type()}, {bytesType}));
      decl.setPrivate();
      decl->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    }
    b.setInsertionPointToStart(&body);
    Location loc = func.getLoc();
    Value size = arith::ConstantIntOp::create(b, loc, b.getI64Type(), total);
    Value arena = func::CallOp::create(b, loc, decl, size).getResult(0);
    IRRewriter rewriter(func.getContext());
    for (Buffer &buffer : buffers) {
      rewriter.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(
          rewriter, buffer.alloc.getLoc(), buffer.offset);
      rewriter.replaceOpWithNewOp<memref::ViewOp>(
          buffer.alloc, buffer.alloc.getType(), arena, offset, ValueRange{});
      rewriter.eraseOp(buffer.dealloc);
    }
  }
};

} // namespace
