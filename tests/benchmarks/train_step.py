#!/usr/bin/env python3
"""Training-step throughput of SmallCnn and VOne-SmallCnn in PyTorch: the reference run of `biovision bench train`.

Run with Debian's PyTorch (apt-get install python3-torch), e.g.
    /usr/bin/python3 tests/benchmarks/train_step.py --model vone-smallcnn --width 32 --batch-size 128 --steps 30 --threads 2
`biovision bench train` runs it itself with its own settings and prints both figures and their ratio; it is not a test
dependency. The script prints ONE JSON line on stdout (img/s, torch version, threads, oneDNN flags, data, architecture);
everything else goes to stderr.

The networks are BioVision's (src/BioVision/Models/SmallCnn.cs, VOneNet.cs, ModelFactory.cs, V1/ScaledFrontEnd.cs):
  SmallCnn(C, W): [conv3x3(C->W, no bias), BN, ReLU, conv3x3(W->W), BN, ReLU, maxpool2,
                   conv3x3(W->2W), BN, ReLU, conv3x3(2W->2W), BN, ReLU, maxpool2], adaptive avg pool 2x2, linear(8W->10).
  VOne-SmallCnn(W): a fixed V1 block (W simple + W complex cells; ScaledFrontEnd at 28 px: kernel 15, stride 1, padding
                   k//2; simple relu(q0), complex sqrt(q0^2 + q1^2)/sqrt(2), gain k_exc 25, the reference's neuronal
                   noise: rate = s*r + l, rate + N(0,1)*sqrt(relu(rate) + 1e-4), back-transformed and relu'd, s 0.35,
                   l 0.07, drawn in training), a 1x1 bottleneck conv (2W->W, no bias) and SmallCnn(W, W).
The V1 filters are fixed buffers (no gradient), as in BioVision; their values do not change the timing, so random
filters are used. With one input channel, BioVision's per-channel filter bank is one convolution with W + 2W filters
(q0 of every cell, q1 of the complex cells), which is what this script runs.

The step is BioVision's Trainer.Step recipe: SGD (momentum 0.9, dampening 0, L2 weight decay 5e-4 on every trainable
parameter, lr 0.05), cross-entropy, zero_grad / forward / backward / step. Data loading is NOT timed (on either side):
the batches are built before the clock starts (Fashion-MNIST from --data-path when readable and the inputs are 28x28x1,
random tensors of the same shape otherwise; the JSON says which) and cycled through.
"""
import argparse
import gzip
import json
import os
import sys
import time


def emit(obj, code=0):
    print(json.dumps(obj), flush=True)
    sys.exit(code)


try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as exc:  # the bench prints this as its reference column
    emit({"error": f"torch is not importable by {sys.executable}: {exc}"}, 2)


def scaled_front_end(image_size):
    """BioVision's ScaledFrontEnd rule: kernel min(25, odd <= size/2 + 1), stride the largest power of two keeping >= 32 positions."""
    kernel = min(25, image_size // 2 + 1)
    if kernel % 2 == 0:
        kernel -= 1
    stride = 1
    while image_size // (stride * 2) >= 32:
        stride *= 2
    return kernel, stride


class VOneBlock(nn.Module):
    def __init__(self, channels_in, simple, complex_, ksize, stride, k_exc=25.0, scale=0.35, level=0.07):
        super().__init__()
        self.simple, self.complex, self.stride, self.k_exc, self.scale, self.level = simple, complex_, stride, k_exc, scale, level
        self.register_buffer("weight", torch.randn(simple + 2 * complex_, channels_in, ksize, ksize) * 0.1)
        self.pad = ksize // 2

    def forward(self, x):
        q = F.conv2d(x, self.weight, stride=self.stride, padding=self.pad)
        s, c = self.simple, self.complex
        simple = F.relu(q[:, :s])
        complex_ = torch.sqrt(q[:, s:s + c] ** 2 + q[:, s + c:] ** 2) / 2 ** 0.5
        r = torch.cat([simple, complex_], 1) * self.k_exc
        rate = r * self.scale + self.level
        noisy = rate + torch.randn_like(rate) * torch.sqrt(F.relu(rate) + 1e-4)
        return F.relu((noisy - self.level) / self.scale)


class SmallCnn(nn.Module):
    def __init__(self, channels_in, classes, width):
        super().__init__()
        w2 = 2 * width
        self.features = nn.Sequential(
            nn.Conv2d(channels_in, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
            nn.Conv2d(width, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, w2, 3, padding=1, bias=False), nn.BatchNorm2d(w2), nn.ReLU(),
            nn.Conv2d(w2, w2, 3, padding=1, bias=False), nn.BatchNorm2d(w2), nn.ReLU(), nn.MaxPool2d(2))
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.classifier = nn.Linear(w2 * 4, classes)

    def forward(self, x):
        return self.classifier(self.pool(self.features(x)).flatten(1))


def read_idx(folder, stem, header):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            return torch.frombuffer(bytearray(data[header:]), dtype=torch.uint8)
    raise FileNotFoundError(os.path.join(folder, stem))


def make_batches(a, count):
    """`count` batches built before timing: Fashion-MNIST (shuffled with the seed) or random tensors of the same shape."""
    g = torch.Generator().manual_seed(a.seed)
    if not a.random_data and a.image_size == 28 and a.channels == 1:
        try:
            images = read_idx(a.data_path, "train-images-idx3-ubyte", 16).view(-1, 1, 28, 28)
            labels = read_idx(a.data_path, "train-labels-idx1-ubyte", 8).long()
            order = torch.randperm(images.shape[0], generator=g)
            batches = []
            for b in range(count):
                idx = order[b * a.batch_size:(b + 1) * a.batch_size]
                batches.append((images[idx].float().div_(255), labels[idx]))
            return batches, f"fashion-mnist {a.data_path}"
        except (OSError, RuntimeError) as exc:
            print(f"Fashion-MNIST not readable ({exc}); using random tensors", file=sys.stderr)
    shape = (a.batch_size, a.channels, a.image_size, a.image_size)
    return [(torch.rand(shape, generator=g), torch.randint(0, 10, (a.batch_size,), generator=g)) for _ in range(count)], "random"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=["smallcnn", "vone-smallcnn"], default="smallcnn")
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--steps", type=int, default=30, help="timed steps")
    p.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 keeps PyTorch's default")
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--v1-kernel", type=int, default=0, help="V1 kernel; 0: BioVision's ScaledFrontEnd rule (15 at 28 px)")
    p.add_argument("--v1-stride", type=int, default=0, help="V1 stride; 0: ScaledFrontEnd rule (1 at 28 px)")
    p.add_argument("--v1-channels", type=int, default=0, help="simple = complex V1 cells; 0: the width (as ModelFactory for SmallCnn)")
    p.add_argument("--data-path", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--random-data", action="store_true", help="random tensors instead of Fashion-MNIST")
    p.add_argument("--no-mkldnn", action="store_true", help="torch.backends.mkldnn.enabled = False (ATen convolutions, BioVision's default on AVX2/AVX-512)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.no_mkldnn:
        torch.backends.mkldnn.enabled = False
    torch.manual_seed(a.seed)

    arch = {"model": a.model, "width": a.width, "input": [a.channels, a.image_size, a.image_size], "classes": a.classes}
    if a.model == "smallcnn":
        model = SmallCnn(a.channels, a.classes, a.width)
    else:
        kernel, stride = scaled_front_end(a.image_size)
        kernel, stride = a.v1_kernel or kernel, a.v1_stride or stride
        cells = a.v1_channels or a.width
        model = nn.Sequential(VOneBlock(a.channels, cells, cells, kernel, stride), nn.Conv2d(2 * cells, a.width, 1, bias=False),
                              SmallCnn(a.width, a.classes, a.width))
        arch.update({"v1_simple": cells, "v1_complex": cells, "v1_kernel": kernel, "v1_stride": stride, "bottleneck": a.width})
    model.train()
    params = [q for q in model.parameters() if q.requires_grad]
    arch["trainable_parameters"] = sum(q.numel() for q in params)
    optimizer = torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=5e-4)

    batches, data = make_batches(a, max(1, min(a.warmup + a.steps, 64)))
    start = None
    loss = None
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            start = time.perf_counter()
        x, y = batches[step % len(batches)]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    final_loss = float(loss.item())
    elapsed = time.perf_counter() - start
    emit({
        "script": "train_step.py",
        "images_per_second": a.steps * a.batch_size / elapsed,
        "seconds": elapsed,
        "steps": a.steps, "warmup": a.warmup, "batch_size": a.batch_size,
        "final_loss": final_loss,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "mkldnn_available": torch.backends.mkldnn.is_available(),
        "mkldnn_enabled": bool(torch.backends.mkldnn.enabled),
        "data": data,
        "data_loading_timed": False,
        "arch": arch,
    })


if __name__ == "__main__":
    main()
