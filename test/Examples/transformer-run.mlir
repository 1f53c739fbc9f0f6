// Compiles examples/transformer.mlir to an executable, runs it on the sample input and
// compares with PyTorch's output (examples/gen_examples.py).
// RUN: nnc-translate %nnc_src_root/examples/transformer.mlir --emit=exe -o %t.exe
// RUN: %t.exe %nnc_src_root/examples/data/transformer_input.npy -o %t.out.npy
// RUN: %compare-npy %t.out.npy %nnc_src_root/examples/data/transformer_expected.npy 1e-5
