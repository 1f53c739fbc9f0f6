// RUN: nnc-opt %s --nnc-cpu-set-num-threads | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-set-num-threads="default-threads=3" | FileCheck %s --check-prefix=THREE

// Every OpenMP region asks the runtime (nnc_num_threads in libnncrt:
// NNC_NUM_THREADS, else the default, else the online cores) how many
// threads to run; a region that already has a count keeps it.

// CHECK: func.func private @nnc_num_threads(i32) -> i32
// CHECK-LABEL: func.func @regions(
// CHECK: %[[D:.*]] = arith.constant 0 : i32
// CHECK: %[[N:.*]] = call @nnc_num_threads(%[[D]]) : (i32) -> i32
// CHECK: omp.parallel num_threads(%[[N]] : i32) {
// CHECK: omp.parallel num_threads(%arg0 : i32) {
// THREE-LABEL: func.func @regions(
// THREE: %[[D:.*]] = arith.constant 3 : i32
// THREE: call @nnc_num_threads(%[[D]])
func.func @regions(%fixed: i32) {
  omp.parallel {
    omp.terminator
  }
  omp.parallel num_threads(%fixed : i32) {
    omp.terminator
  }
  return
}
