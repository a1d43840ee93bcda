#!/usr/bin/env python3
"""Least-squares fit of a safe Pade activation unit to a named function, for PAU's default init.

    f(x) ~ P(x) / (1 + |b1 x + b2 x^2 + b3 x^3 + b4 x^4|),   P(x) = a0 + a1 x + ... + a5 x^5

on 2001 equally spaced points of [-3, 3] (Molina et al. 2020 fit on a fixed interval too). Start:
the linearised problem P(x) - f(x)(1 + S(x)) = 0, solved by linear least squares; then
Levenberg-Marquardt on the true squared error of the safe form (scipy.optimize.least_squares).
Prints the coefficients as Java constants and the max / RMS error on the interval.

    python3 scripts/pau_fit.py leaky_relu 0.01
"""
import sys

import numpy as np
from scipy.optimize import least_squares

M, N = 5, 4


def safe(c, x):
    a, b = c[: M + 1], c[M + 1 :]
    p = sum(a[j] * x**j for j in range(M + 1))
    s = sum(b[k - 1] * x**k for k in range(1, N + 1))
    return p / (1 + np.abs(s))


def fit(f, lo=-3.0, hi=3.0, points=2001):
    x = np.linspace(lo, hi, points)
    y = f(x)
    # linearised: sum_j a_j x^j - y * sum_k b_k x^k = y
    A = np.hstack([np.stack([x**j for j in range(M + 1)], 1), np.stack([-y * x**k for k in range(1, N + 1)], 1)])
    c0 = np.linalg.lstsq(A, y, rcond=None)[0]
    r = least_squares(lambda c: safe(c, x) - y, c0, method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=200000)
    return x, y, r.x


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "leaky_relu"
    if name != "leaky_relu":
        raise SystemExit("only leaky_relu is fitted here")
    slope = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
    x, y, c = fit(lambda v: np.where(v > 0, v, slope * v))
    err = safe(c, x) - y
    print("numerator a0..a5:   " + ", ".join(f"{v:.9g}" for v in c[: M + 1]))
    print("denominator b1..b4: " + ", ".join(f"{v:.9g}" for v in c[M + 1 :]))
    print(f"max |error| on [-3, 3]: {np.abs(err).max():.3g}   rms: {np.sqrt((err ** 2).mean()):.3g}")


if __name__ == "__main__":
    main()
