// A trainer (nnc-translate --train) checks its data and its command line and
// says what it expected (exit code 1 for bad data or files, 2 for a bad
// command line); it writes valid safetensors.
// RUN: nnc-translate %s --train --optimizer=sgd -o %t.trainer
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %python -c "import numpy as np; d = '%t.d'; np.save(d + '/x.npy', np.ones((5, 4), np.float32)); np.save(d + '/y.npy', np.array([0, 1, 2, 0, 1], np.int64)); np.save(d + '/yf.npy', np.zeros(5, np.float32)); np.save(d + '/y4.npy', np.zeros(4, np.int64)); np.save(d + '/x3.npy', np.ones((5, 3), np.float32))"
// RUN: %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/w.safetensors --save-init %t.d/i.safetensors --epochs 2 --batch 2 --momentum 0.9 | FileCheck %s --check-prefix=OK
// RUN: %python %S/Inputs/check_safetensors.py %t.d/w.safetensors fc.weight:3,4 fc.bias:3
// RUN: %python %S/Inputs/check_safetensors.py %t.d/i.safetensors fc.weight:3,4 fc.bias:3
// A class label outside [0, 3) stops the trainer before its first step;
// nothing is left written (not even --save-init's file). (The step's own
// check, for labels computed in the model, is in checked-values.mlir.)
// RUN: %python -c "import numpy as np; d = '%t.d'; np.save(d + '/ybig.npy', np.array([0, 1, 2, 10**12, 1], np.int64)); np.save(d + '/y20.npy', np.array([0, 1, 22, 0, 1], np.int64)); np.save(d + '/yneg.npy', np.array([0, 1, 2, 0, -5], np.int64))"
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/ybig.npy -o %t.d/big.st --save-init %t.d/big-init.st --batch 2 2>&1 | FileCheck %s --check-prefix=LABELBIG --implicit-check-not=epoch
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/y20.npy -o %t.d/big.st --batch 5 2>&1 | FileCheck %s --check-prefix=LABEL20
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/yneg.npy -o %t.d/big.st --batch 5 2>&1 | FileCheck %s --check-prefix=LABELNEG
// RUN: not test -e %t.d/big.st
// RUN: not test -e %t.d/big-init.st
// LABELBIG: data file 2 '{{.*}}ybig.npy': sample 3 has class label 1000000000000, outside the model's classes [0, 3)
// LABEL20: data file 2 '{{.*}}y20.npy': sample 2 has class label 22, outside the model's classes [0, 3)
// LABELNEG: data file 2 '{{.*}}yneg.npy': sample 4 has class label -5, outside the model's classes [0, 3)
// RUN: %exit-code 1 %t.trainer %t.d/missing.npy %t.d/y.npy -o %t.d/o.st 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/yf.npy -o %t.d/o.st 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: %exit-code 1 %t.trainer %t.d/x3.npy %t.d/y.npy -o %t.d/o.st 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/y4.npy -o %t.d/o.st 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: %exit-code 1 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/no/such/dir/o.st 2>&1 | FileCheck %s --check-prefix=WRITE
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/o.st --frobnicate 2>&1 | FileCheck %s --check-prefix=FLAG
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/o.st --lr -1 2>&1 | FileCheck %s --check-prefix=LR
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/o.st --epochs 0 2>&1 | FileCheck %s --check-prefix=EPOCHS
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/o.st --beta1 0.5 2>&1 | FileCheck %s --check-prefix=BETA
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy -o %t.d/o.st --optimizer adam 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: %exit-code 2 %t.trainer %t.d/x.npy %t.d/y.npy 2>&1 | FileCheck %s --check-prefix=NOOUT
// RUN: %exit-code 2 %t.trainer %t.d/x.npy -o %t.d/o.st 2>&1 | FileCheck %s --check-prefix=NFILES
// RUN: %exit-code 1 nnc-translate %s --train --loss=hinge -o %t.bad 2>&1 | FileCheck %s --check-prefix=LOSS
// RUN: %exit-code 1 nnc-translate %s --loss=mse -o %t.bad 2>&1 | FileCheck %s --check-prefix=NOTRAIN

// OK: epoch 1/2: loss {{[0-9.]+}}
// OK: epoch 2/2: loss {{[0-9.]+}}
// OK: trained 6 steps (sgd, 5 samples, batch 2)
// MISSING: missing.npy: cannot open: No such file or directory
// DTYPE: data file 2 '{{.*}}yf.npy' ('target'): expected dtype int64, got float32
// SHAPE: data file 1 '{{.*}}x3.npy' ('in0'): expected shape [?, 4], got [5, 3]
// COUNT: y4.npy' has 4 samples, but '{{.*}}x.npy' has 5
// WRITE: cannot write '{{.*}}o.st'
// FLAG: unknown option '--frobnicate'
// LR: bad value '-1' for --lr
// EPOCHS: bad value '0' for --epochs
// BETA: --beta1/--beta2/--eps apply to adam, not sgd
// OPT: unknown optimizer 'adam' (this trainer has: sgd)
// NOOUT: -o trained.safetensors is required
// NFILES: expected 2 data file(s) (in0.npy target.npy), got 1
// LOSS: unknown --loss 'hinge' (expected cross_entropy, mse or bce_with_logits)
// NOTRAIN: --loss applies to --train
func.func @f(%x: tensor<?x4xf32>, %y: tensor<?xi64> {nn.name = "target"}) -> tensor<f32> {
  %w = arith.constant {nn.name = "fc.weight"} dense<0.5> : tensor<3x4xf32>
  %b = arith.constant {nn.name = "fc.bias"} dense<0.0> : tensor<3xf32>
  %z = nn.dense %x, %w, %b : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %l = nn.cross_entropy %z, %y : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
