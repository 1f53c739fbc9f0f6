// Compiles examples/cnn.mlir to an executable, runs it on the sample input and
// compares with PyTorch's output (examples/gen_examples.py).
// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --emit=exe -o %t.exe
// RUN: %t.exe %nnc_src_root/examples/data/cnn_input.npy -o %t.out.npy
// RUN: %compare-npy %t.out.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5
