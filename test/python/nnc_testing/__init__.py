"""Test support shared by nnc's numerics harnesses, benchmarks and example
generators: one relative-error metric (compare), PyTorch references for the
ops PyTorch lacks and the activation catalogue (reference), and a writer of
nn MLIR with weights as dense_resource blobs (mlir_writer).

Scripts put test/python on sys.path and import from here.
"""
