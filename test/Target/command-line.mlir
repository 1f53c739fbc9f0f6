// nnc-translate's command line: --help lists nnc's options only (one
// screen), --version names nnc and its revision, -O0..-O3, --mtriple and
// MLIR's pass-manager flags are accepted, inputs are recognized by their
// extension, and a successful compile writes nothing on stderr.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate --help > %t/help
// RUN: FileCheck %s --check-prefix=HELP --implicit-check-not=amdgpu --implicit-check-not=arm- < %t/help
// RUN: %python -c "import sys; n = len(open('%t/help').read().splitlines()); sys.exit(0 if n <= 50 else 'help has %%d lines' %% n)"
// RUN: nnc-translate --help-list-hidden | FileCheck %s --check-prefix=HIDDEN
// RUN: nnc-translate --version | FileCheck %s --check-prefix=VERSION

// RUN: nnc-translate %s -O0 --emit=exe -o %t/o0 2>%t/stderr
// RUN: nnc-translate %s -O2 --mtriple=x86_64-unknown-linux-gnu --emit=llvmir -o %t/o2.ll 2>>%t/stderr
// RUN: nnc-translate %nnc_src_root/examples/models/dense.json -o %t/dense 2>>%t/stderr
// RUN: count 0 < %t/stderr
// RUN: %t/dense %nnc_src_root/examples/models/dense_input.npy -o %t/dense.npy
// RUN: %compare-npy %t/dense.npy %nnc_src_root/examples/models/dense_expected.npy 1e-5
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[-1, 2, -3, 4]], np.float32))"
// RUN: %t/o0 %t/x.npy -o %t/y.npy
// RUN: %python -c "import numpy as np; assert (np.load('%t/y.npy') == [[0, 2, 0, 4]]).all()"

// RUN: nnc-translate %s --emit=llvmir --mlir-print-ir-after-all -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRINT
// RUN: nnc-translate %s --emit=llvmir --mlir-timing -o /dev/null 2>&1 | FileCheck %s --check-prefix=TIMING
// RUN: not nnc-translate %s -O4 -o %t/o4 2>&1 | FileCheck %s --check-prefix=O4
// RUN: not nnc-translate %s --loss=mse -o %t/loss 2>&1 | FileCheck %s --check-prefix=LOSS

// HELP: USAGE: nnc-translate [options] <model: .onnx, .json or .mlir>
// HELP: --emit=<value>
// HELP: --mcpu=<string>
// HELP: --name=<string>
// HIDDEN: --mlir-print-ir-after-all
// HIDDEN: --mlir-timing
// VERSION: nnc {{[0-9]+\.[0-9]+\.[0-9]+}} ({{git [0-9a-f]+|unknown revision}}
// VERSION: LLVM and MLIR 22
// PRINT: IR Dump After ConvertNNToLinalg
// TIMING: Execution time report
// O4: nnc-translate: error: the optimization level must be 0 to 3, got 4
// LOSS: nnc-translate: error: --loss applies to --train

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = nn.relu %x : tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
