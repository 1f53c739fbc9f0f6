//===- NNLinearOps.td - dense, conv, matmul ----------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNLINEAROPS_TD
#define NNC_DIALECT_NN_IR_NNLINEAROPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

def NN_DenseOp : NN_InferredOp<"dense", [NN_LayerLedger, NN_EpilogueOpInterface]> {
  let summary = "fully connected layer: y = act(x · Wᵀ + b)";
  let description = [{
    `input` is `[..., in]`, `weight` is `[out, in]` (PyTorch / ONNX Gemm
    transB = 1 layout), the optional `bias` is `[out]`; the result is
    `[..., out]`. The optional `activation` epilogue is applied after the
    bias. Parameters: `out·in + out`. FLOPs: `2·M·in·out` where M is the
    number of rows (the epilogue is not counted).

    ```mlir
    %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>}
        : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
    ```
  }];
  let arguments = !con((ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                            Optional<NN_FloatTensor>:$bias), NN_EpilogueArgs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_ConvOp : NN_InferredOp<"conv", [NN_LayerLedger,
    DeclareOpInterfaceMethods<NN_EpilogueOpInterface, ["getFeatureAxis"]>]> {
  let summary = "1-D or 2-D convolution (cross-correlation) with groups";
  let description = [{
    `input` is `[N, Cin, L]` or `[N, Cin, H, W]`; `weight` is
    `[Cout, Cin/groups, k...]`; the optional `bias` is `[Cout]`. `strides`
    and `dilations` have one entry per spatial dimension (default 1);
    `padding` has two per spatial dimension, all begins then all ends (the
    ONNX order, default 0). Output size per spatial dimension:
    `(in + pad_begin + pad_end - dilation·(k-1) - 1) / stride + 1`.
    FLOPs: `2·N·Cout·prod(out)·(Cin/groups)·prod(k)`.
  }];
  let arguments = !con((ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                            Optional<NN_FloatTensor>:$bias,
                            OptionalAttr<DenseI64ArrayAttr>:$strides,
                            OptionalAttr<DenseI64ArrayAttr>:$padding,
                            OptionalAttr<DenseI64ArrayAttr>:$dilations,
                            DefaultValuedAttr<I64Attr, "1">:$groups),
                       NN_EpilogueArgs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Attribute values with their defaults filled in.
    ::llvm::SmallVector<int64_t> getStridesOrDefault();
    ::llvm::SmallVector<int64_t> getPaddingOrDefault();
    ::llvm::SmallVector<int64_t> getDilationsOrDefault();
  }];
}

def NN_MatmulOp : NN_InferredOp<"matmul", [NN_LayerLedger, NN_EpilogueOpInterface]> {
  let summary = "batched matrix product with broadcasting batch dimensions";
  let description = [{
    `lhs` is `[..., M, K]`, `rhs` is `[..., K, N]`; the batch dimensions
    broadcast (NumPy rules). The optional `bias` is `[N]`, followed by the
    optional activation epilogue. A constant `rhs` counts as a parameter in
    the ledger. FLOPs: `2·batch·M·K·N`.
  }];
  let arguments = !con((ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs,
                            Optional<NN_FloatTensor>:$bias), NN_EpilogueArgs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NNC_DIALECT_NN_IR_NNLINEAROPS_TD
