"""The nets of `trainer bench models` in PyTorch, timed the same way: random inputs, whole training
steps (forward, softmax cross-entropy, backward, SGD with --momentum and --weight_decay), one step
at batch 16, then --warmup steps, then --steps timed steps at --batch. Prints

    label torch 1.13.0a0 (Debian python3-torch, OpenBLAS/oneDNN, tcmalloc)
    threads 2
    step_seconds 0.81 0.80 ...

`trainer bench models` runs it with OMP_NUM_THREADS and (where installed) tcmalloc in LD_PRELOAD;
the allocator in the label is read from /proc/self/maps, so it says what was loaded. By hand:

    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4 OMP_NUM_THREADS=1 \\
      python3 bench/models.py --model nin-prelu --threads 1 --warmup 0 --steps 1
"""
import argparse
import re
import time

import torch
from torch import nn


def nin(prelu):
    """configs/cifar10-nin-{relu,prelu}.conf at 32x32 (data.crop=0); PReLU per channel, slope 0.25."""
    def conv(cin, cout, k, pad=0):
        return [nn.Conv2d(cin, cout, k, padding=pad), nn.PReLU(cout, 0.25) if prelu else nn.ReLU()]
    return nn.Sequential(
        *conv(3, 192, 5, 2), *conv(192, 160, 1), *conv(160, 96, 1),
        nn.MaxPool2d(3, 2, ceil_mode=True), nn.Dropout(0.5),
        *conv(96, 192, 5, 2), *conv(192, 192, 1), *conv(192, 192, 1),
        nn.AvgPool2d(3, 2, ceil_mode=True), nn.Dropout(0.5),
        *conv(192, 192, 3, 1), *conv(192, 192, 1), *conv(192, 10, 1),
        nn.AdaptiveAvgPool2d(1), nn.Flatten())


def quick_cnn():
    """configs/quick-cnn.conf: Caffe's cifar10_quick."""
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(3, 2, ceil_mode=True), nn.ReLU(),
        nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.Linear(64, 10))


def mlp():
    """configs/mlp.conf: 784-256-256-10 with ReLU."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                         nn.Linear(256, 10))


def plain30():
    """configs/plain30.conf: 30 3x3 convs of 16 channels, 10 each at 32x32, 16x16 and 8x8; no BN."""
    layers = []
    for stage in range(3):
        if stage:
            layers.append(nn.MaxPool2d(2, 2))
        for i in range(10):
            layers += [nn.Conv2d(3 if stage == 0 and i == 0 else 16, 16, 3, padding=1), nn.ReLU()]
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))


MODELS = {"nin-relu": (lambda: nin(False), (3, 32, 32)), "nin-prelu": (lambda: nin(True), (3, 32, 32)),
          "quick-cnn": (quick_cnn, (3, 32, 32)), "mlp": (mlp, (1, 28, 28)), "plain30": (plain30, (3, 32, 32))}


def label():
    """Which torch this is: version, whose build, the BLAS and allocator actually loaded."""
    build = "Debian python3-torch" if torch.__file__.startswith("/usr/lib/python3/") else "pip/conda build"
    with open("/proc/self/maps") as f:
        maps = f.read()
    # Debian's torch links the generic libblas.so.3 (BLAS_INFO=generic); what it runs is the one the
    # alternatives system points at, so look at what is mapped.
    blas = "OpenBLAS" if "openblas" in maps else "MKL" if "libmkl" in maps else "reference BLAS" \
        if "libblas" in maps else re.search(r"BLAS_INFO=(\w+)", torch.__config__.show()).group(1)
    if torch.backends.mkldnn.is_available():
        blas += "/oneDNN"
    alloc = "tcmalloc" if "libtcmalloc" in maps else "jemalloc" if "libjemalloc" in maps else "glibc malloc"
    return f"torch {torch.__version__} ({build}, {blas}, {alloc})"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight_decay", type=float, default=1e-4)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    build, shape = MODELS[a.model]
    net = build().train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=a.momentum, weight_decay=a.weight_decay)
    loss_fn = nn.CrossEntropyLoss()

    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss_fn(net(x), y).backward()
        opt.step()

    print("label", label(), flush=True)
    print("threads", torch.get_num_threads(), flush=True)
    small = (torch.randn(16, *shape), torch.randint(0, 10, (16,)))
    full = (torch.randn(a.batch, *shape), torch.randint(0, 10, (a.batch,)))
    step(*small)
    for _ in range(a.warmup):
        step(*full)
    seconds = []
    for _ in range(a.steps):
        start = time.perf_counter()
        step(*full)
        seconds.append(time.perf_counter() - start)
    print("step_seconds", " ".join(f"{s:.6f}" for s in seconds))


if __name__ == "__main__":
    main()
