#!/usr/bin/env python3
"""Writes train.csv and test.csv: the three-armed 2-D spiral of CS231n's classic example.

Arm k (label k) holds the points r * (sin t, cos t) with r running from 0 to 1 and
t = 4r + 2*pi*k/3 + noise. The noise comes from a fixed linear congruential generator, so every
run writes the same bytes. 100 training and 50 test points per arm, four decimals.
"""
import math
import pathlib

ARMS, TRAIN, TEST = 3, 100, 50
state = 12345


def uniform():
    """Next number in [0, 1) of the 31-bit LCG of glibc's rand()."""
    global state
    state = (1103515245 * state + 12345) % 2**31
    return state / 2**31


def rows(per_arm):
    out = []
    for i in range(per_arm):
        for k in range(ARMS):
            r = (i + 0.5) / per_arm
            t = 4 * r + 2 * math.pi * k / ARMS + 0.3 * (uniform() - 0.5)
            out.append(f"{r * math.sin(t):.4f},{r * math.cos(t):.4f},{k}")
    return out


here = pathlib.Path(__file__).parent
for name, n in (("train.csv", TRAIN), ("test.csv", TEST)):
    (here / name).write_text("x,y,label\n" + "\n".join(rows(n)) + "\n")
