//===- CodegenAttrs.td - targets and lowering configs ------*- tablegen -*-===//
#ifndef NNC_CODEGEN_IR_CODEGENATTRS_TD
#define NNC_CODEGEN_IR_CODEGENATTRS_TD

include "nnc/Codegen/IR/CodegenDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Codegen_Strategy : I32EnumAttr<"Strategy", "code generation strategy", [
    I32EnumAttrCase<"matmul", 0>,
    I32EnumAttrCase<"conv", 1>,
    I32EnumAttrCase<"elementwise", 2>,
    I32EnumAttrCase<"pool", 3>,
    I32EnumAttrCase<"winograd", 4>,
    I32EnumAttrCase<"winograd_input", 5>,
    I32EnumAttrCase<"winograd_output", 6>,
    I32EnumAttrCase<"conv_filters", 7>,
    I32EnumAttrCase<"reduction", 8>
  ]> {
  let cppNamespace = "::nnc::codegen";
  let genSpecializedAttr = 0;
}

def Codegen_TargetAttr : AttrDef<Codegen_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The machine a module is compiled for";
  let description = [{
    `triple`, `cpu` and `features` are LLVM's (the features as a
    comma-separated `+feature,-feature` list, empty for the CPU's defaults).
    `vector_bits` is the widest SIMD register the strategies use (512 with
    AVX-512F, 256 with AVX2 + FMA, else 128) and `vector_registers` how many
    of them there are; both are derived from the features by
    `nnc-cpu-attach-target`. `threads` is the thread count the strategies
    size their parallel tiles for (the run-time count comes from
    `NNC_NUM_THREADS` or the online cores); 1 means single-threaded code.
  }];
  let parameters = (ins
    StringRefParameter<"LLVM target triple">:$triple,
    StringRefParameter<"LLVM CPU name">:$cpu,
    StringRefParameter<"LLVM feature string">:$features,
    "int64_t":$vector_bits,
    "int64_t":$vector_registers,
    "int64_t":$threads
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Codegen_LoweringConfigAttr : AttrDef<Codegen_Dialect, "LoweringConfig"> {
  let mnemonic = "lowering_config";
  let summary = "The strategy chosen for a root op and its tile sizes";
  let description = [{
    `strategy` says how the op is generated. `microkernel` is the register
    block `[rows, columns]`: the columns are the vectorized dimension and
    the packing block of the packed operand. The tile sizes are in the
    iteration space of the op after `nnc-cpu-materialize-packing` (one
    entry per loop, 0 = not tiled): `parallel` tiles become the iterations
    of the `scf.forall` that runs on the threads (empty: not threaded),
    `register` tiles the block computed in registers with its consumers
    fused, `reduction` the step of the reduction loops inside it.
    `interchange` orders the register loops (a permutation of the loops, as
    in `scf` tiling; empty: in loop order), e.g. a matmul walks the rows of
    A inside one panel of packed B so that the panel stays in cache.
  }];
  let parameters = (ins
    EnumParameter<Codegen_Strategy>:$strategy,
    OptionalArrayRefParameter<"int64_t">:$microkernel,
    OptionalArrayRefParameter<"int64_t">:$parallel,
    OptionalArrayRefParameter<"int64_t">:$register_tiles,
    OptionalArrayRefParameter<"int64_t">:$reduction,
    OptionalArrayRefParameter<"int64_t">:$interchange
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // NNC_CODEGEN_IR_CODEGENATTRS_TD
