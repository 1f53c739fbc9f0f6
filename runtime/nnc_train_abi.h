/*===- nnc_train_abi.h - what a compiled train step and the runtime share -===*
 *
 * The one definition of the trainer ABI, included by the runtime
 * (nnc_runtime.h, nnc_train.c) and by the compiler (nn-build-train-step,
 * lib/Dialect/NN/Training/TrainStep.cpp): the layout of the step's
 * hyperparameter vector, the optimizer state per parameter, and the random
 * generator of initial weights (the model-file importer) and of shuffles
 * and step seeds (the trainer).
 *
 *===---------------------------------------------------------------------===*/
#ifndef NNC_TRAIN_ABI_H
#define NNC_TRAIN_ABI_H

#include <stdint.h>

/* Indices into the hyperparameter vector of a compiled step,
 * %hyper: tensor<NNC_NUM_HYPER x T>, the same for every optimizer (an
 * optimizer ignores the entries it does not use). */
enum {
  NNC_HYPER_LR,
  NNC_HYPER_MOMENTUM,
  NNC_HYPER_BETA1,
  NNC_HYPER_BETA2,
  NNC_HYPER_EPS,
  NNC_HYPER_WEIGHT_DECAY,
  NNC_HYPER_L1,
  NNC_HYPER_STEP, /* 1 for the first update */
  NNC_NUM_HYPER
};

/* State tensors per parameter, in this order after the parameters:
 * sgd: the momentum buffer; adam: exp_avg, then exp_avg_sq. */
enum { NNC_SGD_STATE = 1, NNC_ADAM_STATE = 2 };

/* SplitMix64: advances *state and returns the next value. */
static inline uint64_t nnc_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

#endif /* NNC_TRAIN_ABI_H */
