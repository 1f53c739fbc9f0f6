// RUN: nnc-opt --nn-shape-ledger %s -o /dev/null | FileCheck %s
// RUN: nnc-opt --nn-shape-ledger=format=json %s -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not nnc-opt --nn-shape-ledger=format=xml %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADFMT

// The worked example: a linear layer, batch 32, 128 inputs, 64 outputs.
// 128·64 + 64 = 8,256 parameters; 8,256 · 4 = 33,024 bytes in f32;
// 2·32·128·64 = 524,288 forward FLOPs; 32·64·4 = 8,192 output bytes.
// Backward: dX = dY·W and dW = dYᵀ·X, 2 · 524,288 = 1,048,576 FLOPs; the
// input 32·128·4 = 16,384 bytes is kept for dW.

// CHECK-LABEL: Shape ledger for @linear
// CHECK-NEXT:  op result params param bytes forward FLOPs activation bytes backward FLOPs saved for bwd
// CHECK-NEXT:  nn.dense ({{[0-9]+}}:{{[0-9]+}}) tensor<32x64xf32> 8,256 33,024 524,288 8,192 1,048,576 16,384
// CHECK-NEXT:  total 8,256 33,024 524,288 8,192 1,048,576 16,384
// JSON:      "function": "linear",
// JSON:      "activation_bytes": 8192,
// JSON-NEXT: "backward_flops": 1048576,
// JSON-NEXT: "forward_flops": 524288,
// JSON:      "parameter_bytes": 33024,
// JSON-NEXT: "parameters": 8256,
// JSON:      "per_sample": false,
// JSON:      "saved_for_backward_bytes": 16384
// BADFMT: for the --format option: Cannot find option named 'xml'!
func.func @linear(%x: tensor<32x128xf32>, %w: tensor<64x128xf32>,
                  %b: tensor<64xf32>) -> tensor<32x64xf32> {
  %y = nn.dense %x, %w, %b : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}

// Two layers: the relu result (64·64·4 = 16,384 bytes) is read by both the
// relu rule and the second dense's dW, and counted once; the first dense
// keeps its input (64·32·4 = 8,192). Backward FLOPs: 2·(2·64·32·64) +
// 2·(64·64) + 2·(2·64·64·10).
// CHECK-LABEL: Shape ledger for @two_layers
// CHECK:       nn.dense ({{.*}}) tensor<64x64xf32> 2,112 8,448 262,144 16,384 524,288 24,576
// CHECK-NEXT:  nn.dense ({{.*}}) tensor<64x10xf32> 650 2,600 81,920 2,560 163,840 0
// CHECK-NEXT:  total 2,762 11,048 344,064 18,944 688,128 24,576
func.func @two_layers(%x: tensor<64x32xf32>) -> tensor<64x10xf32> {
  %w1 = arith.constant dense<0.5> : tensor<64x32xf32>
  %b1 = arith.constant dense<0.1> : tensor<64xf32>
  %w2 = arith.constant dense<0.5> : tensor<10x64xf32>
  %b2 = arith.constant dense<0.1> : tensor<10xf32>
  %h = nn.dense %x, %w1, %b1 {activation = #nn.activation<relu>} : (tensor<64x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<64x64xf32>
  %y = nn.dense %h, %w2, %b2 : (tensor<64x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<64x10xf32>
  return %y : tensor<64x10xf32>
}
