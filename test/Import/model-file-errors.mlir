// Every bad model file gives one clear error naming the layer and the field,
// and exit code 1 (never a crash).
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %S/Inputs/write_safetensors.py %t/fc.safetensors fc1.weight=F32:128x20 fc1.bias=F32:128 fc2.weight=F32:10x100 fc2.bias=F32:10
// RUN: %python %S/Inputs/write_safetensors.py %t/ok.safetensors fc1.weight=F32:4x3 fc1.bias=F32:4
// RUN: %python %S/Inputs/write_safetensors.py %t/extra.safetensors fc1.weight=F32:4x3 fc1.bias=F32:4 fc9.weight=F32:2x2
// RUN: %python %S/Inputs/write_safetensors.py %t/int.safetensors fc1.weight=I64:4x3 fc1.bias=F32:4
// RUN: %python %S/Inputs/write_safetensors.py %t/hostile.safetensors --header-size 100000 --raw-header '{}'
// RUN: %python %S/Inputs/write_safetensors.py %t/badlen.safetensors --raw-header '{"fc1.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,16]}}'
// RUN: %python %S/Inputs/write_safetensors.py %t/past.safetensors --raw-header '{"fc1.weight":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}'

// RUN: %exit-code 1 nnc-translate --import-model %t/weight_shape.json --emit=nn 2>&1 | FileCheck %s --check-prefix=WSHAPE
// WSHAPE: weight_shape.json:0:0: error: layer 'fc2' (dense): weight 'fc2.weight' has shape [10, 100], expected [10, 128]
// RUN: %exit-code 1 nnc-translate --import-model %t/missing_weight.json --emit=nn 2>&1 | FileCheck %s --check-prefix=MISSW
// MISSW: error: layer 'fc2' (dense): weight 'fc2.weight' (shape [2, 4]) is not in '{{.*}}ok.safetensors' and the model has no 'init' to initialize it
// RUN: %exit-code 1 nnc-translate --import-model %t/unused_weight.json --emit=nn 2>&1 | FileCheck %s --check-prefix=UNUSED
// UNUSED: error: model: field 'weights' '{{.*}}extra.safetensors' has tensor 'fc9.weight', which no layer uses (misspelled layer name?)
// RUN: %exit-code 1 nnc-translate --import-model %t/int_weight.json --emit=nn 2>&1 | FileCheck %s --check-prefix=INTW
// INTW: error: layer 'fc1' (dense): weight 'fc1.weight' has dtype I64, expected a float dtype (F16, BF16, F32, F64)
// RUN: %exit-code 1 nnc-translate --import-model %t/no_file.json --emit=nn 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: model: field 'weights' '{{.*}}nope.safetensors': cannot read
// RUN: %exit-code 1 nnc-translate --import-model %t/hostile.json --emit=nn 2>&1 | FileCheck %s --check-prefix=HOSTILE
// HOSTILE: error: model: field 'weights' '{{.*}}hostile.safetensors': header size 100000 exceeds the 18 bytes after the 8-byte size field
// RUN: %exit-code 1 nnc-translate --import-model %t/badlen.json --emit=nn 2>&1 | FileCheck %s --check-prefix=BADLEN
// BADLEN: error: model: field 'weights' '{{.*}}badlen.safetensors': tensor 'fc1.weight': field 'data_offsets' [0, 16] spans 16 bytes, but shape and dtype F32 need 48
// RUN: %exit-code 1 nnc-translate --import-model %t/past.json --emit=nn 2>&1 | FileCheck %s --check-prefix=PAST
// PAST: error: model: field 'weights' '{{.*}}past.safetensors': tensor 'fc1.weight': field 'data_offsets' [8, 24] lies past the end of the 16-byte data section

// RUN: %exit-code 1 nnc-translate --import-model %t/bad_json.json --emit=nn 2>&1 | FileCheck %s --check-prefix=BADJSON
// BADJSON: error: invalid JSON: [3:0, byte={{[0-9]+}}]: Unexpected EOF
// RUN: %python -c "print('{\"layers\": ' + '[' * 100000 + ']' * 100000 + '}')" > %t/deep.json
// RUN: %exit-code 1 nnc-translate --import-model %t/deep.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: error: JSON nesting deeper than 256 levels
// RUN: %exit-code 1 nnc-translate --import-model %t/nonexistent.json --emit=nn 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: error: cannot read '{{.*}}nonexistent.json'
// Only regular files are read, and none larger than --max-input-bytes.
// RUN: %exit-code 1 nnc-translate --import-model %t/dev_zero.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DEVZERO
// DEVZERO: error: model: field 'weights' '/dev/zero': cannot read '/dev/zero': not a regular file (a device, FIFO or socket)
// RUN: %exit-code 1 nnc-translate --import-model %t/dir_weights.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DIRW
// DIRW: error: model: field 'weights' '{{.*}}': cannot read '{{.*}}': it is a directory
// RUN: %exit-code 1 nnc-translate --import-model /dev/zero --emit=nn 2>&1 | FileCheck %s --check-prefix=DEVMODEL
// DEVMODEL: error: cannot read '/dev/zero': not a regular file
// RUN: %exit-code 1 nnc-translate --import-model %t/two_dense.json --max-parameter-bytes=4000000 --emit=nn 2>&1 | FileCheck %s --check-prefix=PARAMS
// PARAMS: error: layer 'fc2' (dense): weight 'fc2.weight' takes the model's parameters to 4016000 bytes, more than the 4000000 allowed (--max-parameter-bytes)
// RUN: nnc-translate --import-model %t/two_dense.json --emit=nn -o /dev/null
// RUN: %exit-code 1 nnc-translate --import-model %t/no_file.json --max-input-bytes=10 --emit=nn 2>&1 | FileCheck %s --check-prefix=CAP
// CAP: error: cannot read '{{.*}}no_file.json': it is {{[0-9]+}} bytes, more than the 10 allowed (--max-input-bytes)
// RUN: %exit-code 1 nnc-translate --import-model %t/top_unknown.json --emit=nn 2>&1 | FileCheck %s --check-prefix=TOPUNK
// TOPUNK: error: model: has unknown field 'layer' (allowed: format, version, name, input, weights, init, layers)
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_format.json --emit=nn 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: model: field 'format' must be "nnc-model", got "onnx"
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_version.json --emit=nn 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: model: field 'version' is 2; this nnc reads version 1
// RUN: %exit-code 1 nnc-translate --import-model %t/no_input.json --emit=nn 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: error: model: is missing required field 'input'
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_dtype.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: error: input: field 'dtype' has unknown value 'f16' (expected f32, f64, i32 or i64)
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_shape.json --emit=nn 2>&1 | FileCheck %s --check-prefix=INSHAPE
// INSHAPE: error: input: field 'shape' entry 1 must be a positive integer
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_scheme.json --emit=nn 2>&1 | FileCheck %s --check-prefix=SCHEME
// SCHEME: error: init: field 'scheme' has unknown value 'glorious' (expected xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal, lecun_uniform, lecun_normal or pytorch)
// RUN: %exit-code 1 nnc-translate --import-model %t/unknown_type.json --emit=nn 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: error: layer 'x' (densely): field 'type' has unknown value 'densely' (see docs/ModelFile.md for the layer types)
// RUN: %exit-code 1 nnc-translate --import-model %t/unknown_field.json --emit=nn 2>&1 | FileCheck %s --check-prefix=FIELD
// FIELD: error: layer '0' (dense): has unknown field 'out_feature' (allowed: type, name, in_features, out_features, bias, activation, alpha)
// RUN: %exit-code 1 nnc-translate --import-model %t/wrong_type.json --emit=nn 2>&1 | FileCheck %s --check-prefix=WTYPE
// WTYPE: error: layer '0' (dense): field 'out_features' must be an integer, got a string
// RUN: %exit-code 1 nnc-translate --import-model %t/missing_field.json --emit=nn 2>&1 | FileCheck %s --check-prefix=MISSF
// MISSF: error: layer '1.0' (conv): is missing required field 'kernel'
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_bool.json --emit=nn 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: error: layer 'a' (attention): field 'causal' must be a boolean, got a number
// RUN: %exit-code 1 nnc-translate --import-model %t/in_features.json --emit=nn 2>&1 | FileCheck %s --check-prefix=INF
// INF: error: layer 'fc2' (dense): field 'in_features' is 128, but the input has shape [2, 100]
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_activation.json --emit=nn 2>&1 | FileCheck %s --check-prefix=ACT
// ACT: error: layer '0' (dense): field 'activation' has unknown value 'swish' (expected none, relu, leaky_relu, gelu, gelu_tanh, silu, sigmoid, tanh, elu, softplus)
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_alpha.json --emit=nn 2>&1 | FileCheck %s --check-prefix=ALPHA
// ALPHA: error: layer '0' (dense): field 'alpha' applies only to activation leaky_relu or elu, not 'relu'
// RUN: %exit-code 1 nnc-translate --import-model %t/residual_shape.json --emit=nn 2>&1 | FileCheck %s --check-prefix=RESID
// RESID: error: layer 'block' (residual): field 'layers' produce shape [2, 8], but a residual needs the input shape [2, 4]
// RUN: %exit-code 1 nnc-translate --import-model %t/parallel_add.json --emit=nn 2>&1 | FileCheck %s --check-prefix=PADD
// PADD: error: layer 'p' (parallel): field 'branches' branch 1 has output shape [2, 5], but branch 0 has [2, 4] (combine 'add' needs equal shapes)
// RUN: %exit-code 1 nnc-translate --import-model %t/parallel_concat.json --emit=nn 2>&1 | FileCheck %s --check-prefix=PCAT
// PCAT: error: layer 'p' (parallel): field 'branches' branch 1 has output shape [2, 3, 5], which cannot be concatenated with shape [2, 4, 5] (branch 0) along axis 2
// RUN: %exit-code 1 nnc-translate --import-model %t/bad_combine.json --emit=nn 2>&1 | FileCheck %s --check-prefix=COMBINE
// COMBINE: error: layer 'p' (parallel): field 'combine' has unknown value 'mix' (expected concat, add, avg or filter)
// RUN: %exit-code 1 nnc-translate --import-model %t/filter_rank.json --emit=nn 2>&1 | FileCheck %s --check-prefix=FILTER
// FILTER: error: layer 'moe' (parallel): field 'branches' combine 'filter' needs branch outputs [..., F] with the input's leading dimensions: input [2, 12], branch output [2, 3, 4]
// RUN: %exit-code 1 nnc-translate --import-model %t/heads.json --emit=nn 2>&1 | FileCheck %s --check-prefix=HEADS
// HEADS: error: layer 'att' (attention): field 'num_heads' (3) must divide the embed dimension 8
// RUN: %exit-code 1 nnc-translate --import-model %t/attention_rank.json --emit=nn 2>&1 | FileCheck %s --check-prefix=ATTRANK
// ATTRANK: error: layer 'att' (attention): input shape [2, 8] must be [batch, seq, embed] (seq and embed static)
// RUN: %exit-code 1 nnc-translate --import-model %t/conv_rank.json --emit=nn 2>&1 | FileCheck %s --check-prefix=CONVRANK
// CONVRANK: error: layer 'c' (conv): input shape [2, 8] must be [N, C, L] or [N, C, H, W]
// RUN: %exit-code 1 nnc-translate --import-model %t/conv_kernel.json --emit=nn 2>&1 | FileCheck %s --check-prefix=KERNEL
// KERNEL: error: layer 'c' (conv): field 'kernel' 5 (dilation 1) is larger than the padded input (4 + 2*0) in spatial dimension 0
// RUN: %exit-code 1 nnc-translate --import-model %t/conv_groups.json --emit=nn 2>&1 | FileCheck %s --check-prefix=GROUPS
// GROUPS: error: layer 'c' (conv): field 'groups' (2) must divide the input channels (3) and out_channels (4)
// RUN: %exit-code 1 nnc-translate --import-model %t/conv_list.json --emit=nn 2>&1 | FileCheck %s --check-prefix=CONVLIST
// CONVLIST: error: layer 'c' (conv): field 'stride' has 3 entries, expected 2
// RUN: %exit-code 1 nnc-translate --import-model %t/kernel_zero.json --emit=nn 2>&1 | FileCheck %s --check-prefix=KZERO
// KZERO: error: layer 'c' (conv): field 'kernel' entries must be >= 1, got 0
// RUN: %exit-code 1 nnc-translate --import-model %t/grid_groups.json --emit=nn 2>&1 | FileCheck %s --check-prefix=GRID
// GRID: error: layer 'g' (grid_softmax): field 'groups' (4) must divide the last dimension of input shape [2, 6]
// RUN: %exit-code 1 nnc-translate --import-model %t/softmax_axis.json --emit=nn 2>&1 | FileCheck %s --check-prefix=AXIS
// AXIS: error: layer 's' (softmax): field 'axis' (2) is out of range for input shape [2, 6]
// RUN: %exit-code 1 nnc-translate --import-model %t/softmax_batch.json --emit=nn --dynamic-batch 2>&1 | FileCheck %s --check-prefix=BATCHAXIS
// BATCHAXIS: error: layer 's' (softmax): field 'axis' selects the dynamic batch dimension
// RUN: %exit-code 1 nnc-translate --import-model %t/temperature.json --emit=nn 2>&1 | FileCheck %s --check-prefix=TEMP
// TEMP: error: layer 's' (softmax): field 'temperature' must be > 0
// RUN: %exit-code 1 nnc-translate --import-model %t/reshape.json --emit=nn 2>&1 | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: error: layer 'r' (reshape): field 'shape' has 10 elements per sample, the input shape [2, 6] has 6
// RUN: %exit-code 1 nnc-translate --import-model %t/embedding_float.json --emit=nn 2>&1 | FileCheck %s --check-prefix=EMBF
// EMBF: error: layer 'e' (embedding): needs integer indices (input dtype i32 or i64), got a float tensor
// RUN: %exit-code 1 nnc-translate --import-model %t/dense_int.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DENSEI
// DENSEI: error: layer 'fc' (dense): needs a float input, got integer tensor [2, 5] (only 'embedding' takes indices)
// RUN: %exit-code 1 nnc-translate --import-model %t/dropout.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DROP
// DROP: error: layer 'd' (dropout): field 'rate' must be in [0, 1), got 1
// RUN: %exit-code 1 nnc-translate --import-model %t/pool_pad.json --emit=nn 2>&1 | FileCheck %s --check-prefix=POOLPAD
// POOLPAD: error: layer 'p' (max_pool): field 'padding' (2) must be at most half the kernel (2)
// RUN: %exit-code 1 nnc-translate --import-model %t/rnn_output.json --emit=nn 2>&1 | FileCheck %s --check-prefix=RNNOUT
// RNNOUT: error: layer 'r' (lstm): field 'output' has unknown value 'all' (expected sequence or last)
// RUN: %exit-code 1 nnc-translate --import-model %t/layer_not_object.json --emit=nn 2>&1 | FileCheck %s --check-prefix=NOTOBJ
// NOTOBJ: error: layer '1': must be an object, got a string
// RUN: %exit-code 1 nnc-translate --import-model %t/dup_name.json --emit=nn 2>&1 | FileCheck %s --check-prefix=DUP
// DUP: error: layer 'fc' (dense): field 'name' 'fc' is already the name of another layer (names select the weights)
// RUN: %exit-code 1 nnc-translate --import-model %t/norm_features.json --emit=nn 2>&1 | FileCheck %s --check-prefix=NORM
// NORM: error: layer 'bn' (batch_norm): field 'num_features' is 4, but the input has shape [2, 3, 5]

//--- weight_shape.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 20]}, "weights": "fc.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 128, "activation": "relu"},
            {"type": "dense", "name": "fc2", "out_features": 10}]}
//--- missing_weight.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "ok.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4},
            {"type": "dense", "name": "fc2", "out_features": 2}]}
//--- unused_weight.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "extra.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- int_weight.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "int.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- no_file.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "nope.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- two_dense.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "xavier_uniform"},
 "layers": [{"type": "dense", "name": "fc1", "out_features": 1000}, {"type": "dense", "name": "fc2", "out_features": 1000}]}
//--- dev_zero.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "/dev/zero",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- dir_weights.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": ".",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- hostile.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "hostile.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- badlen.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "badlen.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- past.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "weights": "past.safetensors",
 "layers": [{"type": "dense", "name": "fc1", "out_features": 4}]}
//--- bad_json.json
{"format": "nnc-model", "version": 1,
 "layers": [
//--- top_unknown.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "layer": []}
//--- bad_format.json
{"format": "onnx", "version": 1, "input": {"shape": [2, 3]}, "layers": []}
//--- bad_version.json
{"format": "nnc-model", "version": 2, "input": {"shape": [2, 3]}, "layers": []}
//--- no_input.json
{"format": "nnc-model", "version": 1, "layers": []}
//--- bad_dtype.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3], "dtype": "f16"}, "layers": []}
//--- bad_shape.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, -3]}, "layers": []}
//--- bad_scheme.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "glorious"}, "layers": []}
//--- unknown_type.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "densely", "name": "x"}]}
//--- unknown_field.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "out_feature": 4}]}
//--- wrong_type.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "out_features": "4"}]}
//--- missing_field.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 8, 8]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "relu"}, {"type": "sequential", "layers": [{"type": "conv", "out_channels": 4}]}]}
//--- bad_bool.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 8]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "attention", "name": "a", "num_heads": 2, "causal": 1}]}
//--- in_features.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "name": "fc1", "out_features": 100},
            {"type": "dense", "name": "fc2", "in_features": 128, "out_features": 10}]}
//--- bad_activation.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "out_features": 4, "activation": "swish"}]}
//--- bad_alpha.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "out_features": 4, "activation": "relu", "alpha": 0.1}]}
//--- residual_shape.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "residual", "name": "block", "layers": [{"type": "dense", "out_features": 8}]}]}
//--- parallel_add.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "parallel", "name": "p", "combine": "add",
             "branches": [{"type": "relu"}, {"type": "dense", "out_features": 5}]}]}
//--- parallel_concat.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 4, 6]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "parallel", "name": "p", "combine": "concat",
             "branches": [{"type": "dense", "out_features": 5},
                          {"type": "sequential", "layers": [{"type": "reshape", "shape": [3, 8]}, {"type": "dense", "out_features": 5}]}]}]}
//--- bad_combine.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "parallel", "name": "p", "combine": "mix", "branches": [{"type": "relu"}]}]}
//--- filter_rank.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 12]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "parallel", "name": "moe", "combine": "filter",
             "branches": [{"type": "reshape", "shape": [3, 4]}, {"type": "reshape", "shape": [3, 4]}]}]}
//--- heads.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5, 8]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "attention", "name": "att", "num_heads": 3}]}
//--- attention_rank.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 8]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "attention", "name": "att", "num_heads": 2}]}
//--- conv_rank.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 8]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "conv", "name": "c", "out_channels": 2, "kernel": 1}]}
//--- conv_kernel.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 4, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "conv", "name": "c", "out_channels": 2, "kernel": 5}]}
//--- conv_groups.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 4, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "conv", "name": "c", "out_channels": 4, "kernel": 1, "groups": 2}]}
//--- conv_list.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 4, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "conv", "name": "c", "out_channels": 4, "kernel": 1, "stride": [1, 1, 1]}]}
//--- kernel_zero.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 4, 4]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "conv", "name": "c", "out_channels": 4, "kernel": [1, 0]}]}
//--- grid_groups.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 6]},
 "layers": [{"type": "grid_softmax", "name": "g", "groups": 4}]}
//--- softmax_axis.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 6]},
 "layers": [{"type": "softmax", "name": "s", "axis": 2}]}
//--- softmax_batch.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 6]},
 "layers": [{"type": "softmax", "name": "s", "axis": 0}]}
//--- temperature.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 6]},
 "layers": [{"type": "softmax", "name": "s", "temperature": 0}]}
//--- reshape.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 6]},
 "layers": [{"type": "reshape", "name": "r", "shape": [2, 5]}]}
//--- embedding_float.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "embedding", "name": "e", "num_embeddings": 10, "embedding_dim": 4}]}
//--- dense_int.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5], "dtype": "i32"}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "name": "fc", "out_features": 4}]}
//--- dropout.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5]},
 "layers": [{"type": "dropout", "name": "d", "rate": 1}]}
//--- pool_pad.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 8, 8]},
 "layers": [{"type": "max_pool", "name": "p", "kernel": 2, "padding": 2}]}
//--- rnn_output.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "lstm", "name": "r", "hidden_size": 4, "output": "all"}]}
//--- layer_not_object.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 5]},
 "layers": [{"type": "relu"}, "relu"]}
//--- norm_features.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3, 5]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "batch_norm", "name": "bn", "num_features": 4}]}
//--- dup_name.json
{"format": "nnc-model", "version": 1, "input": {"shape": [2, 3]}, "init": {"scheme": "pytorch"},
 "layers": [{"type": "dense", "name": "fc", "out_features": 3},
            {"type": "dense", "name": "fc", "out_features": 3}]}
