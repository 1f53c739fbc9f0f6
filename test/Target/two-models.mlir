// Two models compiled separately link into one C program, as objects and
// as static libraries, and both give PyTorch's numbers: every exported
// symbol carries the model's name, and the runtime in both archives is
// taken once.
// RUN: rm -rf %t && mkdir -p %t/obj %t/static
// RUN: %python -c "import numpy as np; np.load('%nnc_src_root/examples/data/cnn_input.npy').astype('<f4').tofile('%t/cx.bin'); np.load('%nnc_src_root/examples/data/mlp_input.npy').astype('<f4').tofile('%t/mx.bin')"

// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --emit=obj -o %t/obj/cnn.o 2>%t/obj/stderr | FileCheck %s --check-prefix=WROTE
// RUN: nnc-translate %nnc_src_root/examples/mlp.mlir --emit=obj -o %t/obj/mlp.o 2>>%t/obj/stderr
// RUN: count 0 < %t/obj/stderr
// RUN: FileCheck %s --check-prefix=HEADER < %t/obj/cnn.h
// RUN: llvm-nm --defined-only --extern-only %t/obj/cnn.o | FileCheck %s --check-prefix=SYMS
// RUN: cc -std=c99 -Wall -Werror -I%t/obj %S/Inputs/two_models.c %t/obj/cnn.o %t/obj/mlp.o %nnc-link -o %t/obj/two
// RUN: %t/obj/two %t/cx.bin %t/mx.bin %t/obj/cy.bin %t/obj/my.bin | FileCheck %s --check-prefix=RUNS
// RUN: %python -c "import numpy as np; np.save('%t/obj/cy.npy', np.fromfile('%t/obj/cy.bin', '<f4').reshape(1, 10)); np.save('%t/obj/my.npy', np.fromfile('%t/obj/my.bin', '<f4').reshape(1, 10))"
// RUN: %compare-npy %t/obj/cy.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5
// RUN: %compare-npy %t/obj/my.npy %nnc_src_root/examples/data/mlp_expected.npy 1e-5

// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --emit=static -o %t/static/libcnn.a 2>%t/static/stderr
// RUN: nnc-translate %nnc_src_root/examples/mlp.mlir --emit=static --name=mlp -o %t/static/libmodel2.a 2>>%t/static/stderr
// RUN: count 0 < %t/static/stderr
// RUN: FileCheck %s --check-prefix=STATIC < %t/static/mlp.h
// RUN: cc -std=c99 -Wall -Werror -I%t/static %S/Inputs/two_models.c %t/static/libcnn.a %t/static/libmodel2.a -lm %omp-link -o %t/static/two
// RUN: %t/static/two %t/cx.bin %t/mx.bin %t/static/cy.bin %t/static/my.bin | FileCheck %s --check-prefix=RUNS
// RUN: %python -c "import numpy as np; np.save('%t/static/cy.npy', np.fromfile('%t/static/cy.bin', '<f4').reshape(1, 10)); np.save('%t/static/my.npy', np.fromfile('%t/static/my.bin', '<f4').reshape(1, 10))"
// RUN: %compare-npy %t/static/cy.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5
// RUN: %compare-npy %t/static/my.npy %nnc_src_root/examples/data/mlp_expected.npy 1e-5

// A name that is not a C identifier is refused.
// RUN: not nnc-translate %nnc_src_root/examples/mlp.mlir --emit=static --name=my-mlp -o %t/bad.a 2>&1 | FileCheck %s --check-prefix=BADNAME

// WROTE: nnc-translate: wrote {{.*}}cnn.o and {{.*}}cnn.h
// HEADER: int cnn_run(const float *in0, float *out0)
// HEADER: input  in0: float32 [1, 1, 28, 28], 784 elements
// HEADER: output out0: float32 [1, 10], 10 elements
// HEADER-NOT: batch
// HEADER: Thread safety:
// HEADER: Linking: cc app.c cnn.o -L<nnc>/lib -lnncrt -lm -L{{.*}} -lomp -Wl,-rpath,{{.*}}
// HEADER: #define CNN_NNC_VERSION "nnc {{[0-9.]+}} ({{.*}})"
// HEADER: #define CNN_ABI_VERSION 1
// SYMS-NOT: {{ }}nnc_
// SYMS: T _mlir_ciface_cnn_entry
// SYMS-NEXT: T cnn_entry
// SYMS-NEXT: T cnn_last_error
// SYMS-NEXT: T cnn_run
// SYMS-NOT: {{.}}
// STATIC: int mlp_run(const float *in0, float *out0)
// STATIC: Linking: cc app.c libmlp.a -lm
// RUNS: cnn_run, mlp_run: ok (nnc {{.*}}, nnc {{.*}})
// BADNAME: nnc-translate: error: --name must be a C identifier, got 'my-mlp' (try 'my_mlp')
