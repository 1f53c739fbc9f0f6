// RUN: nnc-opt --nn-shape-ledger %s -o /dev/null | FileCheck %s
// RUN: nnc-opt --nn-shape-ledger=format=json %s -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not nnc-opt --nn-shape-ledger=format=xml %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADFMT

// The worked example: a linear layer, batch 32, 128 inputs, 64 outputs.
// 128·64 + 64 = 8,256 parameters; 8,256 · 4 = 33,024 bytes in f32;
// 2·32·128·64 = 524,288 forward FLOPs; 32·64·4 = 8,192 output bytes.

// CHECK-LABEL: Shape ledger for @linear
// CHECK-NEXT:  op result params param bytes forward FLOPs activation bytes
// CHECK-NEXT:  nn.dense ({{[0-9]+}}:{{[0-9]+}}) tensor<32x64xf32> 8,256 33,024 524,288 8,192
// CHECK-NEXT:  total 8,256 33,024 524,288 8,192
// JSON:      "function": "linear",
// JSON:      "activation_bytes": 8192,
// JSON-NEXT: "forward_flops": 524288,
// JSON:      "parameter_bytes": 33024,
// JSON-NEXT: "parameters": 8256,
// JSON:      "per_sample": false,
// BADFMT: unknown format 'xml': expected 'table' or 'json'
func.func @linear(%x: tensor<32x128xf32>, %w: tensor<64x128xf32>,
                  %b: tensor<64xf32>) -> tensor<32x64xf32> {
  %y = nn.dense %x, %w, %b : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}
