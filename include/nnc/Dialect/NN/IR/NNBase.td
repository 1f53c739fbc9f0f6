//===- NNBase.td - shared constraints and op classes -------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNBASE_TD
#define NNC_DIALECT_NN_IR_NNBASE_TD

include "nnc/Dialect/NN/IR/NNDialect.td"
include "nnc/Dialect/NN/IR/NNAttrs.td"
include "nnc/Dialect/NN/IR/NNInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NN_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def NN_IndexTensor : RankedTensorOf<[I32, I64]>;
// A mask is boolean (true = keep) or additive (added to the scores).
def NN_MaskTensor : RankedTensorOf<[I1, F16, BF16, F32, F64]>;
// Class targets: integer class indices or float probabilities.
def NN_TargetTensor : RankedTensorOf<[I32, I64, F16, BF16, F32, F64]>;

// Runs an op's type inference as its verifier before InferTypeOpInterface's
// own check, so a bad shape is reported once, in the op's own words.
def NN_ShapeVerifier : NativeOpTrait<"NNShapeVerifier"> {
  let cppNamespace = "::nnc::nn";
}

// Type inference from the adaptor: each op defines `inferResultTypes`, whose
// errors go through a ShapeDiag that names the op ("'nn.dense' op ...") at
// the location when there is one. A declared result type is compatible with
// the inferred one when they are equal up to dynamic dimensions (a `?` batch
// against a static one).
def NN_InferTypeOpAdaptor : TraitList<[
  DeclareOpInterfaceMethods<InferTypeOpInterface>,
  NativeOpTrait<"InferTypeOpAdaptor", [], [{
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r) {
      return ::nnc::nn::detail::areCompatibleResultTypes(l, r);
    }
    static ::llvm::LogicalResult
    inferResultTypes(const ::nnc::nn::detail::ShapeDiag &diag,
                     Adaptor adaptor,
                     ::llvm::SmallVectorImpl<::mlir::Type> &inferred);
  }], [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
        ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      $cppClass::Adaptor adaptor(operands, attributes, properties, regions);
      return inferResultTypes(
          ::nnc::nn::detail::ShapeDiag(location, getOperationName()),
          adaptor, inferred);
    }
  }]>
]>;

// Ops whose result type follows from operands and attributes.
class NN_InferredOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([Pure, NN_ShapeVerifier,
                                   NN_InferTypeOpAdaptor], traits)>;

// Ledger methods most layers implement themselves.
defvar NN_LayerLedger = DeclareOpInterfaceMethods<NN_LedgerOpInterface,
    ["getParameterOperands", "getForwardFlops"]>;
defvar NN_FlopsLedger = DeclareOpInterfaceMethods<NN_LedgerOpInterface,
    ["getForwardFlops"]>;

// The kernels of the gradient rules (nn-derive-backward), lowered by
// convert-nn-to-linalg like the forward ops; they have no gradient rule of
// their own. The ledger counts their FLOPs.
class NN_BackwardOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([Pure, NN_FlopsLedger], traits)>;

// Optional activation epilogue shared by dense, conv and matmul (absent:
// none), with its parameter (`#nn.activation<leaky_relu, 0.2 : f64>`).
defvar NN_EpilogueArgs = (ins OptionalAttr<NN_ActivationAttr>:$activation);

#endif // NNC_DIALECT_NN_IR_NNBASE_TD
