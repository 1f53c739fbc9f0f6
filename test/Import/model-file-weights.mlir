// Weights come from the safetensors file under PyTorch state_dict names
// (values 1, 2, 3, ... written by write_safetensors.py); the default name of
// a layer is its position (top level "0", "1", ...; children "<parent>.<i>").
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/write_safetensors.py %t/w.safetensors 0.weight=F32:2x3 0.bias=F64:2 blk.0.weight=F32:2x2 att.in_proj_weight=F32:6x2 att.out_proj.weight=F32:2x2
// RUN: nnc-translate --import-model %t/m.json --emit=nn | FileCheck %s
// RUN: nnc-translate --import-model %t/m64.json --emit=nn | FileCheck %s --check-prefix=F64

// CHECK-LABEL: func.func @weights(%arg0: tensor<1x4x3xf32>) -> tensor<1x4x2xf32>
// CHECK-DAG: arith.constant {nn.name = "0.weight"} dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: arith.constant {nn.name = "0.bias"} dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: nn.dense %arg0
// CHECK-DAG: arith.constant {nn.name = "blk.0.weight"} dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: nn.dense
// CHECK: nn.add
// The packed in_proj_weight [3E, E] is split into q, k and v (out_proj first),
// named <name>.q, .k, .v. Every weight constant carries its name (nn.name).
// CHECK: %[[O:.*]] = arith.constant {nn.name = "att.out_proj.weight"} dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[Q:.*]] = arith.constant {nn.name = "att.in_proj_weight.q"} dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[K:.*]] = arith.constant {nn.name = "att.in_proj_weight.k"} dense<{{\[}}[5.000000e+00, 6.000000e+00], [7.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[V:.*]] = arith.constant {nn.name = "att.in_proj_weight.v"} dense<{{\[}}[9.000000e+00, 1.000000e+01], [1.100000e+01, 1.200000e+01]]> : tensor<2x2xf32>
// CHECK: nn.attention %{{.*}}, %{{.*}}, %{{.*}} weights(%[[Q]], %[[K]], %[[V]], %[[O]]) {num_heads = 1 : i64}

// F64-LABEL: func.func @main(%arg0: tensor<1x4x3xf64>) -> tensor<1x4x2xf64>
// F64: arith.constant {nn.name = "0.weight"} dense<{{.*}}> : tensor<2x3xf64>

//--- m.json
{"format": "nnc-model", "version": 1, "name": "weights",
 "input": {"shape": [1, 4, 3]}, "weights": "w.safetensors",
 "layers": [
   {"type": "dense", "out_features": 2},
   {"type": "residual", "name": "blk", "layers": [{"type": "dense", "out_features": 2, "bias": false}]},
   {"type": "attention", "name": "att", "num_heads": 1, "bias": false}]}

//--- m64.json
{"format": "nnc-model", "version": 1,
 "input": {"shape": [1, 4, 3], "dtype": "f64"}, "weights": "w.safetensors",
 "layers": [
   {"type": "dense", "out_features": 2},
   {"type": "residual", "name": "blk", "layers": [{"type": "dense", "out_features": 2, "bias": false}]},
   {"type": "attention", "name": "att", "num_heads": 1, "bias": false}]}
