#!/usr/bin/env python3
"""PGD-20 with EOT-8 on a VOne SmallCnn in PyTorch: the reference loop for `biovision bench robustness`.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 tests/benchmarks/robustness_pgd_eot.py
`biovision bench robustness` runs it itself with its own settings (sizes, kernel/stride, width, batch, steps, EOT,
repeats, threads) and prints both figures and their ratio. It prints ONE JSON line on stdout (images/s per size, torch
version, threads, oneDNN flags); the human-readable table goes to stderr.
The network mirrors BioVision's VOne-SmallCnn at width W: a fixed quadrature Gabor-like filter bank
(W simple + W complex channels, kernel/stride as BioVision's ScaledFrontEnd prints them in the bench output),
simple cells relu(q0), complex cells sqrt(q0^2 + q1^2)/sqrt(2), gain k_exc = 25, the reference's Poisson-like noise
(rate s*r + l, Gaussian with variance = rate, back-transform, relu), a 1x1 bottleneck to W channels and SmallCnn
(two stages of two 3x3 conv-BN-ReLU, max-pool, adaptive 2x2 average pool, linear). The filter values do not matter for
timing, so random filters are used. The filter bank is a dense convolution over all input channels (the reference
dicarlolab/vonenet formulation; BioVision convolves each filter with its one input channel, the same network). The attack is the same loop as BioVision's Pgd with AttackModel: random start,
20 steps of sign(grad) of the CE averaged over 8 noise draws batched into one forward pass (the batch repeated 8x),
projection and clipping. Not a test dependency.
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as exc:  # the bench prints this as its reference column
    print(json.dumps({"error": f"torch is not importable by {sys.executable}: {exc}"}), flush=True)
    sys.exit(2)


class VOneBlock(nn.Module):
    def __init__(self, channels_in, simple=32, complex_=32, ksize=7, stride=1, k_exc=25.0, scale=0.35, level=0.07):
        super().__init__()
        n = simple + complex_
        self.simple, self.complex, self.stride, self.k_exc, self.scale, self.level = simple, complex_, stride, k_exc, scale, level
        self.register_buffer("q0", torch.randn(n, channels_in, ksize, ksize) * 0.1)
        self.register_buffer("q1", torch.randn(complex_, channels_in, ksize, ksize) * 0.1)
        self.pad = ksize // 2

    def forward(self, x):
        q0 = F.conv2d(x, self.q0, stride=self.stride, padding=self.pad)
        q1 = F.conv2d(x, self.q1, stride=self.stride, padding=self.pad)
        s = F.relu(q0[:, : self.simple])
        c = torch.sqrt(q0[:, self.simple:] ** 2 + q1 ** 2 + 1e-12) / 2 ** 0.5
        r = torch.cat([s, c], 1) * self.k_exc
        rate = r * self.scale + self.level
        noisy = rate + torch.randn_like(rate) * torch.sqrt(F.relu(rate) + 1e-4)
        return F.relu((noisy - self.level) / self.scale)


def small_cnn(channels_in, classes=10, width=32):
    w2 = 2 * width
    return nn.Sequential(
        nn.Conv2d(channels_in, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
        nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, w2, 3, padding=1, bias=False), nn.BatchNorm2d(w2), nn.ReLU(),
        nn.Conv2d(w2, w2, 3, padding=1, bias=False), nn.BatchNorm2d(w2), nn.ReLU(), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Linear(w2 * 4, classes))


def vone_small_cnn(channels, ksize, stride, width):
    return nn.Sequential(VOneBlock(channels, simple=width, complex_=width, ksize=ksize, stride=stride),
                         nn.Conv2d(2 * width, width, 1, bias=False), small_cnn(width, 10, width))


def pgd_eot(model, x, y, eps=8 / 255, alpha=2 / 255, steps=20, eot=8):
    adv = (x + torch.empty_like(x).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        leaf = adv.detach().requires_grad_(True)
        logits = model(leaf.repeat(eot, 1, 1, 1))
        loss = F.cross_entropy(logits, y.repeat(eot), reduction="none").sum()
        grad, = torch.autograd.grad(loss, [leaf])
        adv = (x + (leaf.detach() + alpha * grad.sign() - x).clamp(-eps, eps)).clamp(0, 1)
    return adv.detach()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="28x1,64x3")
    p.add_argument("--kernels", default="15/1,25/2", help="kernel/stride per size as printed by `biovision bench robustness`, e.g. 7/1,13/2")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--eot", type=int, default=8)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--no-mkldnn", action="store_true",
                   help="turn PyTorch's oneDNN convolutions off (torch.backends.mkldnn.enabled = False), the kernels BioVision uses by default on AVX2/AVX-512 CPUs")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.no_mkldnn:
        torch.backends.mkldnn.enabled = False
    kernels = [tuple(int(v) for v in k.split("/")) for k in a.kernels.split(",")] if a.kernels else []
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, oneDNN convolutions {'on' if torch.backends.mkldnn.enabled else 'off'}, PGD-{a.steps} EOT-{a.eot}, batch {a.batch_size}, median of {a.repeats}", file=sys.stderr)
    print(f"{'size':>8} {'V1 k/stride':>12} {'images/s':>10}", file=sys.stderr)
    results = []
    torch.manual_seed(0)
    for i, s in enumerate(a.sizes.split(",")):
        side, ch = (int(v) for v in s.split("x"))
        ksize, stride = kernels[i] if i < len(kernels) else (7, 1)
        model = vone_small_cnn(ch, ksize, stride, a.width).eval()
        x = torch.rand(a.batch_size, ch, side, side)
        y = torch.randint(0, 10, (a.batch_size,))
        times = []
        for r in range(a.repeats + 1):
            t0 = time.perf_counter()
            pgd_eot(model, x, y, steps=a.steps, eot=a.eot)
            if r > 0:
                times.append(time.perf_counter() - t0)
        rate = a.batch_size / statistics.median(times)
        print(f"{s:>8} {f'{ksize}/{stride}':>12} {rate:>10.3g}", file=sys.stderr)
        results.append({"size": s, "kernel": ksize, "stride": stride, "images_per_second": rate, "median_s": statistics.median(times)})
    print(json.dumps({
        "script": "robustness_pgd_eot.py", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "mkldnn_available": torch.backends.mkldnn.is_available(), "mkldnn_enabled": bool(torch.backends.mkldnn.enabled),
        "steps": a.steps, "eot": a.eot, "batch_size": a.batch_size, "repeats": a.repeats, "width": a.width,
        "results": results}), flush=True)


if __name__ == "__main__":
    main()
