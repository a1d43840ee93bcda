package dev.trainer.layer;

/** Training draws noise (dropout, RReLU, noisy units) and updates batch statistics; testing does not. */
public enum Mode {
  TRAIN,
  TEST
}
