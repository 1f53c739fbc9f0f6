//===- Passes.td - nnc code generation passes --------------*- tablegen -*-===//
#ifndef NNC_CODEGEN_PASSES_TD
#define NNC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Common (target-independent application of lowering configs)
//===----------------------------------------------------------------------===//

def NNCFuseElementwise : Pass<"nnc-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg ops into one";
  let description = [{
    Upstream's elementwise fusion (producer into consumer) and reshape
    propagation, with reshapes only folded into elementwise
    `linalg.generic` ops (every loop parallel): folding a flatten into the
    matmul that follows it would turn the matmul into a contraction over
    several dimensions that no strategy matches. Also folds linalg ops on
    constants.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def NNCPaddedBuffersInPlace : Pass<"nnc-padded-buffers-in-place",
                                    "mlir::func::FuncOp"> {
  let summary = "Compute the values inserted into padded buffers in place";
  let description = [{
    Just before bufferization, for each value inserted into the interior of
    a padded buffer (see `nnc-decompose-pads`):
    - a value inserted through a reshape (a packed convolution's result,
      collapsed) whose producer writes a `tensor.empty` writes into the
      reshaped interior instead, which empty-tensor elimination does not see
      through;
    - readers after the insertion (a residual connection) read the interior
      of the padded buffer (a `tensor.extract_slice` of the insertion, the
      same values): read through the original value, one-shot bufferization
      counts the insertion as a write over it and copies it out and back.
    Canonicalization folds the slices away again, so this runs after the
    last one.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def NNCDecomposePads : Pass<"nnc-decompose-pads", "mlir::func::FuncOp"> {
  let summary = "Turn tensor.pad into a fill and an insertion, so that the "
                "producer writes into the padded buffer";
  let description = [{
    `tensor.pad` becomes a `linalg.fill` of the padded shape and a
    `tensor.insert_slice` of the source (upstream's pad decomposition).
    Bufferization then lets the source's producer write straight into the
    interior of the padded buffer (empty-tensor elimination), so no copy is
    made. Each padded buffer is a `bufferization.alloc_tensor` (CSE would
    merge identical `tensor.empty` ops, and buffers sharing one would each be
    copied). A source that is a function argument has no producer; its copy
    becomes a `linalg.copy` into the interior, which gets a strategy (tiled,
    vectorized, threaded) like any other op. A pad whose innermost two
    dimensions make planes of a multiple of 4 KB (which would put the same
    pixel of every channel in one L1 set) gets one more row of padding at
    the bottom, read by nothing: its consumers read a slice. Only the
    border is filled; the border of an image's padded planes (N, C, ...,
    channels not padded) is filled in one `scf.forall` over 8 (or 4, 2)
    blocks of channels, each taking its block out, filling its slabs and
    putting it back whole (in place), so that all the border runs in one
    parallel region.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::bufferization::BufferizationDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def NNCTileAndFuse : Pass<"nnc-tile-and-fuse", "mlir::func::FuncOp"> {
  let summary = "Tile every op with a lowering config and fuse its fill and "
                "elementwise epilogue into the tiles";
  let description = [{
    For each op carrying `#nnc_codegen.lowering_config` (the root), forms its
    fusion group: the `linalg.fill` of its init and the one elementwise
    `linalg.generic` that consumes its result (bias, activation, residual add
    after `nnc-cpu-materialize-packing`). Then, from the outside in:

    - `parallel` tiles: an `scf.forall` over the group's last op, with the
      root and the fill fused into each iteration (the iterations run on the
      threads; they write disjoint output tiles and never split a
      reduction);
    - `register_tiles`: `scf.for` loops over register blocks, again with
      the group fused, so the epilogue runs on a block while it is in
      registers. A loop whose tile does not divide its extent is peeled; a
      remainder of dynamic size is tiled by 1 so that every block has a
      static shape;
    - `reduction`: `scf.for` loops over the reduction dimensions of the
      root's block.

    Ops without a config are left alone.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def NNCVectorize : Pass<"nnc-vectorize", "mlir::func::FuncOp"> {
  let summary = "Vectorize the register blocks made by nnc-tile-and-fuse";
  let description = [{
    Vectorizes every linalg op of static shape marked by nnc-tile-and-fuse
    (in a convolution block, loops of extent 1 are first dropped from the
    sums of its input map, `oh + kh` -> `oh`, so that every map is a
    projected permutation), turns multiply-accumulate bodies into
    `vector.contract`,
    folds the zero fill into the accumulator and hoists the accumulator out
    of the reduction loops (`vector.transfer_read` / `transfer_write` pairs
    on loop-invariant subsets become loop-carried vectors). Ops outside
    tile loops are left alone.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::vector::VectorDialect",
  ];
}

//===----------------------------------------------------------------------===//
// CPU
//===----------------------------------------------------------------------===//

def NNCDropInPlaceResults : Pass<"nnc-drop-in-place-results",
                                  "mlir::ModuleOp"> {
  let summary = "Drop the results of public functions that are one of their "
                "argument buffers";
  let description = [{
    After bufferization: a result that is an argument's buffer (an update
    bufferized in place, such as a trainer step's new parameters) is dropped
    from the function, so that it is neither returned nor cloned for the
    caller, who has the buffer already. Upstream
    `drop-equivalent-buffer-results` does this for private functions only; a
    public function (an entry point whose C caller is generated to match)
    may not have callers in the module.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def NNCCPUAttachTarget : Pass<"nnc-cpu-attach-target", "mlir::ModuleOp"> {
  let summary = "Attach the CPU target (#nnc_codegen.target) to the module";
  let description = [{
    Records the machine the module is compiled for, before any strategy is
    chosen: the LLVM triple, CPU and features (by default the host's: its
    CPU name and the features it reports), the widest vector register the
    features allow (512 bits with `avx512f`, 256 with `avx2` and `fma`,
    else 128) and the number of such registers, and the thread count the
    parallel tiles are sized for. Features given explicitly are applied on
    top of the CPU's own (e.g. `cpu=znver5 features=-avx512f` is an AVX2
    machine). An unknown triple or CPU is an error.
  }];
  let options = [
    Option<"triple", "triple", "std::string", /*default=*/"\"\"",
           "LLVM target triple (default: the host's)">,
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "LLVM CPU name, or 'host'">,
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "Extra LLVM features, e.g. '-avx512f' (with cpu=host: on top "
           "of the host's)">,
    Option<"threads", "threads", "int64_t", /*default=*/"0",
           "Threads the parallel tiles are sized for (0: the host's "
           "online cores; 1: single-threaded code)">
  ];
  let dependentDialects = ["nnc::codegen::CodegenDialect"];
}

def NNCCPUSelectStrategy : Pass<"nnc-cpu-select-strategy",
                                "mlir::func::FuncOp"> {
  let summary = "Choose a strategy and tile sizes for each root op from the "
                "target";
  let description = [{
    Attaches `#nnc_codegen.lowering_config` to the ops that carry the work,
    from the module's `#nnc_codegen.target` and the op's shapes:

    - `matmul`: `linalg.matmul` (A or B transposed too) and
      `linalg.batch_matmul` in f32 or f64 with a constant B (packed at
      compile time), or a B in row-major [K, N] with N a multiple of the
      register block (read in place);
    - `conv`: `linalg.conv_2d_nchw_fchw`, `linalg.conv_1d_ncw_fcw` and
      `linalg.conv_2d_ngchw_gfchw` with constant weights and static shapes;
    - `elementwise`: `linalg.generic` ops whose loops are all parallel
      (except the epilogues that tile with a matmul or conv root),
      `linalg.fill` and `linalg.copy`;
    - `pool`: `linalg.pooling_nchw_max` / `_sum` and
      `linalg.pooling_ncw_max` / `_sum`.

    The register block is `[rows, columns]`: columns are a multiple of the
    vector width (AVX-512: 32 floats, AVX2: 16) and rows fill the vector
    registers with accumulators. Tile sizes are documented per strategy in
    docs/Performance.md. Everything else keeps no config and is lowered to
    loops. `matmul-microkernel` / `conv-microkernel` override the register
    block (rows, columns).
  }];
  let options = [
    ListOption<"matmulMicrokernel", "matmul-microkernel", "int64_t",
               "Register block of matmuls: rows,columns">,
    ListOption<"convMicrokernel", "conv-microkernel", "int64_t",
               "Register block of convolutions: output channels,output "
               "columns">
  ];
  let dependentDialects = ["nnc::codegen::CodegenDialect"];
}

def NNCCPUMaterializePacking : Pass<"nnc-cpu-materialize-packing",
                                    "mlir::func::FuncOp"> {
  let summary = "Rewrite matmul and conv roots into the packed layouts of "
                "their microkernels";
  let description = [{
    Rewrites each root with a `matmul` or `conv` lowering config into a
    `linalg.generic` over the register block's layout and moves the config
    onto it:

    - matmul: B becomes `[N/NR][K][NR]` (NR = the block's columns), packed
      at compile time when B is a constant (zero-padded to a multiple of
      NR) or read in place as `[K][N/NR][NR]`; the result is computed as
      `[M][N/NR][NR]` (a view of `[M, N]`, or a padded buffer sliced back
      when NR does not divide N);
    - conv: the weights become `[F/MR][C][KH][KW][MR]` at compile time
      (MR = the block's rows, zero-padded) and the result
      `[N][F/MR][MR][OH][OW]`.

    The elementwise consumers of the result (bias, activation, residual)
    are then expanded into the same layout, so that `nnc-tile-and-fuse`
    can fuse them into the root's tiles.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "nnc::codegen::CodegenDialect",
  ];
}

def NNCCPULowerVectors : Pass<"nnc-cpu-lower-vectors", "mlir::func::FuncOp"> {
  let summary = "Lower vector ops to the target's vectors: contractions to "
                "FMAs, transfers to loads and stores";
  let description = [{
    After bufferization: `vector.contract` becomes outer products and then
    `vector.fma` on the row vectors, transfers become (masked) loads and
    stores of 1-D vectors, and broadcasts, transposes and shape casts are
    lowered, so that the LLVM backend sees one register per row.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect",
    "mlir::vector::VectorDialect",
  ];
}

def NNCCPUStackTileBuffers : Pass<"nnc-cpu-stack-tile-buffers",
                                  "mlir::func::FuncOp"> {
  let summary = "Put the scratch buffers of parallel tile iterations on the "
                "stack";
  let description = [{
    After bufferization: a `memref.alloc` of static shape (at most
    `max-bytes`) directly inside an `scf.forall` iteration becomes a
    `memref.alloca`; one inside an `scf.for` nest of the iteration that does
    not leave its loop step (no terminator yields it or a view of it) becomes
    one `memref.alloca` at the start of the iteration, reused by every step. Such buffers (the transformed tiles of a Winograd
    convolution, say) are allocated and freed once per iteration on every
    thread; from the heap, the allocator hands their pages back to the kernel
    between iterations and every iteration pays for page faults. The
    iteration body becomes an alloca scope when it is lowered to OpenMP, so
    the stack is released after each iteration.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"1048576",
           "The largest buffer put on the stack">
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def NNCCPUPlanMemory : Pass<"nnc-cpu-plan-memory", "mlir::ModuleOp"> {
  let summary = "Place the intermediate buffers of each function in one "
                "arena, planned at compile time";
  let description = [{
    After bufferization and deallocation: every `memref.alloc` of static
    shape at the top level of a function body whose `memref.dealloc` is in
    the same block (an intermediate activation; results are not freed and
    stay allocations) becomes a `memref.view` at a fixed offset of one
    arena, and its dealloc is dropped. A buffer's lifetime runs from its
    alloc to the last op of the body that uses it or a value that may alias
    it (a view, a loop carrying it: any memref result of an op that takes
    it), not to its dealloc, which the deallocation pipeline puts at the end
    of the body. Two buffers share bytes only when their lifetimes are
    disjoint; offsets are
    assigned greedily, largest buffer first, at the lowest 64-byte-aligned
    offset that fits (the greedy-by-size plan of TFLite's arena planner).
    The arena comes from `nnc_arena(bytes)` in the runtime
    (`runtime/nnc_arena.c`): one buffer per calling thread, kept across
    calls and grown when a larger plan asks for more, so a call does no
    heap allocation (and takes no page faults) for its intermediates.
    Buffers of dynamic shape keep their allocations, as do the buffers of a
    function that calls, or is called by, another function of the module
    (both would use the same arena).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::func::FuncDialect",
    "mlir::memref::MemRefDialect",
  ];
}

def NNCCPUSetNumThreads : Pass<"nnc-cpu-set-num-threads", "mlir::ModuleOp"> {
  let summary = "Ask the runtime how many threads each parallel region uses";
  let description = [{
    Gives every `omp.parallel` a `num_threads` from
    `nnc_num_threads(default)` in the runtime: `NNC_NUM_THREADS` when set,
    else `default` when it is positive, else the number of online cores.
  }];
  let options = [
    Option<"defaultThreads", "default-threads", "int64_t", /*default=*/"0",
           "Threads when NNC_NUM_THREADS is unset (0: the online cores)">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect",
    "mlir::func::FuncDialect",
    "mlir::omp::OpenMPDialect",
  ];
}

#endif // NNC_CODEGEN_PASSES_TD
