// Imports model files whose weights come from the init scheme and prints the
// nn module: every layer type becomes the expected nn ops.
// RUN: rm -rf %t && split-file %s %t
// RUN: nnc-translate --import-model %t/mlp.json --emit=nn | FileCheck %s --check-prefix=MLP
// RUN: nnc-translate --import-model %t/mlp.json --emit=nn --dynamic-batch | FileCheck %s --check-prefix=DYN
// RUN: nnc-translate --import-model %t/cnn.json --emit=nn | FileCheck %s --check-prefix=CNN
// RUN: nnc-translate --import-model %t/seq.json --emit=nn | FileCheck %s --check-prefix=SEQ
// RUN: nnc-translate --import-model %t/struct.json --emit=nn | FileCheck %s --check-prefix=STRUCT
// RUN: nnc-translate --import-model %t/struct.json --emit=nn --dynamic-batch | FileCheck %s --check-prefix=STRUCTDYN
// The same seed gives the same weights; another seed others.
// RUN: nnc-translate --import-model %t/mlp.json --emit=nn > %t/a.mlir
// RUN: nnc-translate --import-model %t/mlp.json --emit=nn > %t/b.mlir
// RUN: diff %t/a.mlir %t/b.mlir
// RUN: sed 's/"seed": 7/"seed": 8/' %t/mlp.json > %t/mlp8.json
// RUN: nnc-translate --import-model %t/mlp8.json --emit=nn > %t/c.mlir
// RUN: not diff -q %t/a.mlir %t/c.mlir
// An imported model with initialized weights compiles and runs.
// RUN: nnc-translate --import-model %t/mlp.json --emit=exe -o %t/mlp.exe
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((4, 8), np.float32))"
// RUN: %t/mlp.exe %t/x.npy -o %t/y.npy
// RUN: %python -c "import numpy as np; y = np.load('%t/y.npy'); assert y.shape == (4, 3) and np.allclose(y.sum(1), 1), y"

// MLP-LABEL: func.func @mlp(%arg0: tensor<4x8xf32>) -> tensor<4x3xf32>
// MLP: %[[W:.*]] = arith.constant {nn.name = "fc1.weight"} dense<{{.*}}> : tensor<16x8xf32>
// MLP: %[[B:.*]] = arith.constant {nn.name = "fc1.bias"} dense<{{.*}}> : tensor<16xf32>
// MLP: nn.dense %arg0, %[[W]], %[[B]] {activation = #nn.activation<leaky_relu, 2.000000e-01 : f64>} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
// MLP: nn.dropout %{{.*}} {rate = 1.000000e-01 : f64} : tensor<4x16xf32>
// MLP: nn.dense %{{.*}}, %{{[^,]*}} : (tensor<4x16xf32>, tensor<3x16xf32>) -> tensor<4x3xf32>
// MLP: nn.softmax %{{.*}} {axis = 1 : i64, temperature = 5.000000e-01 : f64}
// MLP: return %{{.*}} : tensor<4x3xf32>

// DYN-LABEL: func.func @mlp(%arg0: tensor<?x8xf32>) -> tensor<?x3xf32>
// DYN: nn.dense %arg0, {{.*}} -> tensor<?x16xf32>

// CNN-LABEL: func.func @main(%arg0: tensor<2x3x12x12xf32>) -> tensor<2x5xf32>
// CNN: nn.conv %arg0, %{{.*}}, %{{.*}} {activation = #nn.activation<relu>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x12x12xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
// CNN: nn.batch_norm {{.*}} : (tensor<2x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x6x6xf32>
// CNN: nn.pool max {{.*}}kernel_shape = array<i64: 2, 2>{{.*}} -> tensor<2x4x3x3xf32>
// CNN: nn.conv {{.*}}groups = 2 : i64{{.*}} : (tensor<2x4x3x3xf32>, tensor<6x2x1x1xf32>, tensor<6xf32>) -> tensor<2x6x3x3xf32>
// CNN: nn.pool avg {{.*}}count_include_pad{{.*}} -> tensor<2x6x2x2xf32>
// CNN: nn.global_pool avg {{.*}} -> tensor<2x6x1x1xf32>
// CNN: nn.flatten {{.*}} -> tensor<2x6xf32>
// CNN: nn.dense {{.*}} -> tensor<2x5xf32>

// SEQ-LABEL: func.func @main(%arg0: tensor<2x5xi64>) -> tensor<2x4xf32>
// SEQ: nn.embedding %arg0, %{{.*}} : (tensor<2x5xi64>, tensor<10x8xf32>) -> tensor<2x5x8xf32>
// SEQ: nn.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}} {axis = 2 : i64}
// SEQ: nn.attention {{.*}} weights({{.*}}) biases({{.*}}) {causal, num_heads = 2 : i64} : {{.*}} -> tensor<2x5x8xf32>
// SEQ: nn.rms_norm {{.*}} -> tensor<2x5x8xf32>
// SEQ: nn.swiglu {{.*}} : (tensor<2x5x8xf32>, tensor<12x8xf32>, tensor<12x8xf32>, tensor<8x12xf32>) -> tensor<2x5x8xf32>
// SEQ: nn.lstm {{.*}} biases({{.*}}) : (tensor<2x5x8xf32>, tensor<24x8xf32>, tensor<24x6xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>)
// SEQ: %[[OUT:[^,]*]], %[[H:[^ ]*]] = nn.rnn
// SEQ-SAME: {activation = #nn.rnn_activation<relu>} : (tensor<2x5x6xf32>, tensor<4x6xf32>, tensor<4x4xf32>) -> (tensor<2x5x4xf32>, tensor<2x4xf32>)
// SEQ: nn.kmeans %[[H]], %{{.*}} {temperature = 2.000000e+00 : f64} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
// SEQ: nn.grid_softmax {{.*}}groups = 1 : i64
// SEQ: nn.sparsemax
// SEQ: nn.log_softmax
// SEQ: nn.reshape {{.*}} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>
// SEQ: nn.flatten {{.*}} -> tensor<2x3xf32>
// SEQ: nn.gelu {{.*}}approximate
// SEQ: nn.elu {{.*}}alpha = 5.000000e-01
// SEQ: nn.softplus {{.*}}beta = 2.000000e+00
// SEQ: nn.hard_sigmoid {{.*}}{alpha = 2.000000e-01 : f64}
// SEQ: nn.hard_swish
// SEQ: nn.dense {{.*}} -> tensor<2x4xf32>

// STRUCT-LABEL: func.func @main(%arg0: tensor<3x6xf32>) -> tensor<3x10xf32>
// residual: x + body(x)
// STRUCT: %[[R:.*]] = nn.dense %arg0
// STRUCT: %[[RES:.*]] = nn.add %arg0, %[[R]] : (tensor<3x6xf32>, tensor<3x6xf32>) -> tensor<3x6xf32>
// parallel add / avg
// STRUCT: %[[A0:.*]] = nn.dense %[[RES]]
// STRUCT: %[[A1:.*]] = nn.relu %[[RES]]
// STRUCT: %[[ADD:.*]] = nn.add %[[A0]], %[[A1]]
// STRUCT: %[[V0:.*]] = nn.dense %[[ADD]]
// STRUCT: %[[V1:.*]] = nn.tanh %[[ADD]]
// STRUCT: %[[VS:.*]] = nn.add %[[V0]], %[[V1]]
// STRUCT: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : tensor<1xf32>
// STRUCT: %[[AVG:.*]] = nn.mul %[[VS]], %[[HALF]]
// parallel filter: gate = softmax(dense(x)), sum of gate[:, i] * branch_i(x)
// STRUCT: %[[E0:.*]] = nn.dense %[[AVG]], {{.*}} -> tensor<3x5xf32>
// STRUCT: %[[E1:.*]] = nn.dense %[[AVG]], {{.*}} -> tensor<3x5xf32>
// STRUCT: %[[E2:.*]] = nn.sigmoid
// STRUCT: %[[G:.*]] = nn.dense %[[AVG]], {{.*}} : (tensor<3x6xf32>, tensor<3x6xf32>, tensor<3xf32>) -> tensor<3x3xf32>
// STRUCT: %[[P:.*]] = nn.softmax %[[G]] {axis = 1 : i64}
// STRUCT: %[[S:.*]]:3 = nn.split %[[P]] {axis = 1 : i64, sizes = array<i64: 1, 1, 1>}
// STRUCT: %[[M0:.*]] = nn.mul %[[S]]#0, %[[E0]] : (tensor<3x1xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
// STRUCT: %[[M1:.*]] = nn.mul %[[S]]#1, %[[E1]]
// STRUCT: %[[SUM:.*]] = nn.add %[[M0]], %[[M1]]
// STRUCT: %[[M2:.*]] = nn.mul %[[S]]#2, %[[E2]]
// STRUCT: %[[MIX:.*]] = nn.add %[[SUM]], %[[M2]]
// parallel concat
// STRUCT: %[[C0:.*]] = nn.silu %[[MIX]]
// STRUCT: %[[C1:.*]] = nn.sigmoid %[[MIX]]
// STRUCT: nn.concat %[[C0]], %[[C1]] {axis = 1 : i64} : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x10xf32>

// STRUCTDYN-LABEL: func.func @main(%arg0: tensor<?x6xf32>) -> tensor<?x10xf32>
// STRUCTDYN: nn.split {{.*}} : (tensor<?x3xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>)

//--- mlp.json
{"format": "nnc-model", "version": 1, "name": "mlp",
 "input": {"shape": [4, 8], "dtype": "f32"},
 "init": {"scheme": "kaiming_uniform", "seed": 7},
 "layers": [
   {"type": "dense", "name": "fc1", "out_features": 16, "activation": "leaky_relu", "alpha": 0.2},
   {"type": "dropout", "rate": 0.1},
   {"type": "dense", "name": "fc2", "in_features": 16, "out_features": 3, "bias": false},
   {"type": "softmax", "temperature": 0.5}]}

//--- cnn.json
{"format": "nnc-model", "version": 1,
 "input": {"shape": [2, 3, 12, 12]},
 "init": {"scheme": "pytorch", "seed": 1},
 "layers": [
   {"type": "conv", "out_channels": 4, "kernel": 3, "stride": 2, "padding": 1, "activation": "relu"},
   {"type": "batch_norm"},
   {"type": "max_pool", "kernel": 2},
   {"type": "conv", "out_channels": 6, "kernel": [1, 1], "groups": 2},
   {"type": "avg_pool", "kernel": 2, "stride": 2, "padding": 1},
   {"type": "global_avg_pool"},
   {"type": "flatten"},
   {"type": "dense", "out_features": 5}]}

//--- seq.json
{"format": "nnc-model", "version": 1,
 "input": {"shape": [2, 5], "dtype": "i64"},
 "init": {"scheme": "xavier_normal", "seed": 3},
 "layers": [
   {"type": "embedding", "num_embeddings": 10, "embedding_dim": 8},
   {"type": "layer_norm"},
   {"type": "attention", "num_heads": 2, "causal": true},
   {"type": "rms_norm", "eps": 1e-5},
   {"type": "swiglu", "hidden_features": 12},
   {"type": "lstm", "hidden_size": 6},
   {"type": "rnn", "hidden_size": 4, "nonlinearity": "relu", "bias": false, "output": "last"},
   {"type": "kmeans", "clusters": 3, "temperature": 2.0},
   {"type": "grid_softmax", "groups": 1},
   {"type": "sparsemax"},
   {"type": "log_softmax"},
   {"type": "reshape", "shape": [3, -1]},
   {"type": "flatten"},
   {"type": "gelu", "approximate": "tanh"},
   {"type": "elu", "alpha": 0.5},
   {"type": "softplus", "beta": 2.0},
   {"type": "hard_sigmoid", "alpha": 0.2},
   {"type": "hard_swish"},
   {"type": "dense", "out_features": 4}]}

//--- struct.json
{"format": "nnc-model", "version": 1,
 "input": {"shape": [3, 6]},
 "init": {"scheme": "lecun_normal", "seed": 0},
 "layers": [
   {"type": "residual", "layers": [{"type": "dense", "out_features": 6}]},
   {"type": "parallel", "combine": "add", "branches": [
     {"type": "dense", "out_features": 6}, {"type": "relu"}]},
   {"type": "parallel", "combine": "avg", "branches": [
     {"type": "dense", "out_features": 6}, {"type": "tanh"}]},
   {"type": "parallel", "name": "moe", "combine": "filter", "branches": [
     {"type": "dense", "out_features": 5},
     {"type": "dense", "out_features": 5},
     {"type": "sequential", "layers": [{"type": "dense", "out_features": 5}, {"type": "sigmoid"}]}]},
   {"type": "parallel", "combine": "concat", "axis": -1, "branches": [
     {"type": "silu"}, {"type": "sigmoid"}]}]}
