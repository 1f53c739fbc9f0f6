// PyTorch's decomposed LayerNorm (opset 14) and GELU are raised back into
// nn.layer_norm and nn.gelu.
// RUN: %python %S/Inputs/onnx_models.py layernorm %t.ln.onnx
// RUN: nnc-translate --import-onnx %t.ln.onnx --emit=nn | FileCheck %s --check-prefix=LN
// RUN: %python %S/Inputs/onnx_models.py gelu %t.gelu.onnx
// RUN: nnc-translate --import-onnx %t.gelu.onnx --emit=nn | FileCheck %s --check-prefix=GELU

// LN-LABEL: func.func @main
// LN-NOT:     nn.reduce
// LN:         nn.layer_norm %arg0 scale %{{.*}} bias %{{.*}} {axis = 2 : i64, epsilon = 9.99{{[0-9]*}}E-6 : f64} : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x5x8xf32>
// LN-NOT:     nn.sqrt
// LN:         return

// GELU-LABEL: func.func @main
// GELU-NEXT:    %[[G:.*]] = nn.gelu %arg0 : tensor<2x6xf32>
// GELU-NEXT:    return %[[G]]

// --raise-exported-layers=false keeps the exporter's decomposition.
// RUN: nnc-translate --import-onnx %t.ln.onnx --emit=nn --raise-exported-layers=false | FileCheck %s --check-prefix=RAW
// RAW-LABEL: func.func @main
// RAW:         nn.reduce mean
// RAW-NOT:     nn.layer_norm
