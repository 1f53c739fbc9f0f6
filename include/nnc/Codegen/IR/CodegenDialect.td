//===- CodegenDialect.td - nnc_codegen dialect -------------*- tablegen -*-===//
#ifndef NNC_CODEGEN_IR_CODEGENDIALECT_TD
#define NNC_CODEGEN_IR_CODEGENDIALECT_TD

include "mlir/IR/OpBase.td"

def Codegen_Dialect : Dialect {
  let name = "nnc_codegen";
  let cppNamespace = "::nnc::codegen";
  let summary = "Targets and lowering configurations of nnc's code generators";
  let description = [{
    Attributes only. `#nnc_codegen.target` describes the machine a module is
    compiled for (triple, CPU, features, vector width, threads); it is
    attached to the module before any strategy is chosen, and the LLVM
    emission uses the same description. `#nnc_codegen.lowering_config`
    records, on a root op, the strategy chosen for it and the tile sizes of
    each level; the codegen passes apply it. See docs/Performance.md.
  }];
  let useDefaultAttributePrinterParser = 1;
}

#endif // NNC_CODEGEN_IR_CODEGENDIALECT_TD
