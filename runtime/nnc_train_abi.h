/*===- nnc_train_abi.h - what a compiled train step and the runtime share -===*
 *
 * The one definition of the trainer ABI, included by the runtime
 * (nnc_runtime.h, nnc_train.c) and by the compiler (nn-build-train-step,
 * lib/Dialect/NN/Training/TrainStep.cpp): the layout of the step's
 * hyperparameter vector and the optimizer state per parameter.
 *
 *===---------------------------------------------------------------------===*/
#ifndef NNC_TRAIN_ABI_H
#define NNC_TRAIN_ABI_H

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

#endif /* NNC_TRAIN_ABI_H */
