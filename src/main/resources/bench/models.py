"""The nets of `trainer bench models` in PyTorch, timed the same way: random inputs, full training
steps (forward, softmax cross-entropy, backward, SGD with momentum), one step at batch 16, then
--warmup steps, then --steps timed steps at --batch. Prints `images_per_second X` last.

    python3 models.py --model nin-prelu --batch 128 --threads 2 --warmup 0 --steps 1
"""
import argparse
import time

import torch
from torch import nn


def nin_prelu():
    """configs/cifar10-nin-prelu.conf at 32x32 (data.crop=0): NIN with channel-wise PReLU(0.25)."""
    def conv(cin, cout, k, pad=0):
        return [nn.Conv2d(cin, cout, k, padding=pad), nn.PReLU(cout, 0.25)]
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


MODELS = {"nin-prelu": (nin_prelu, (3, 32, 32)), "quick-cnn": (quick_cnn, (3, 32, 32)), "mlp": (mlp, (1, 28, 28))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    build, shape = MODELS[a.model]
    net = build().train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()

    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss_fn(net(x), y).backward()
        opt.step()

    small = (torch.randn(16, *shape), torch.randint(0, 10, (16,)))
    full = (torch.randn(a.batch, *shape), torch.randint(0, 10, (a.batch,)))
    step(*small)
    for _ in range(a.warmup):
        step(*full)
    start = time.perf_counter()
    for _ in range(a.steps):
        step(*full)
    seconds = time.perf_counter() - start
    print(f"images_per_second {a.steps * a.batch / seconds:.3f}")


if __name__ == "__main__":
    main()
