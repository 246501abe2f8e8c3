#!/usr/bin/env python3
"""Forward time of the reference VOneBlock (dicarlolab/vonenet): the reference run of `biovision bench v1`.

The reference code is NOT part of this repository. Get any checkout of https://github.com/dicarlolab/vonenet, e.g.
    git clone https://github.com/dicarlolab/vonenet /tmp/vonenet
(or, from a bare mirror: mkdir /tmp/vonenet && git --git-dir=<mirror> archive HEAD | tar -x -C /tmp/vonenet), then
    /usr/bin/python3 tests/benchmarks/vone_block_forward.py --vonenet /tmp/vonenet --batches 1,8,32 --iterations 5 --threads 2
`biovision bench v1 --vonenet /tmp/vonenet` (or BIOVISION_VONENET=/tmp/vonenet) runs it with its own settings and prints
both medians and their ratio. The folder is put first on sys.path and the block is built by the reference's own
constructor, vonenet.vonenet.VOneNet(model_arch=None, ...) (vonenet/modules.py VOneBlock, vonenet/params.py
generate_gabor_param), with its defaults: 256 simple + 256 complex channels, ksize 25, stride 4, 224 px over 8 degrees,
k_exc 25, neuronal noise (scale 0.35, level 0.07) for "noise on" and noise_mode=None for "noise off".

Each configuration: a random batch [N, 3, size, size], one untimed forward, then --iterations timed forwards under
torch.no_grad() in eval mode; the median is reported. One JSON line goes to stdout; the reference's own prints go to
stderr. vonenet/params.py imports scipy only for scipy.stats.norm.cdf; where scipy is missing a stand-in computing the
same function with math.erf is installed (the JSON says so; it changes no timing). vonenet/__init__.py imports requests
only to download weights; a stand-in is installed where it is missing. Not a test dependency.
"""
import argparse
import contextlib
import json
import math
import os
import statistics
import sys
import time
import types


def emit(obj, code=0):
    print(json.dumps(obj), flush=True)
    sys.exit(code)


try:
    import torch
except ImportError as exc:
    emit({"error": f"torch is not importable by {sys.executable}: {exc}"}, 2)


def install_stand_ins():
    """Stand-ins for modules the reference imports but the timed code does not need; returns their names."""
    shims = []
    try:
        import scipy.stats  # noqa: F401
    except ImportError:
        import numpy as np
        scipy = types.ModuleType("scipy")
        stats = types.ModuleType("scipy.stats")
        erf = np.vectorize(math.erf)

        class Norm:
            @staticmethod
            def cdf(x):
                return 0.5 * (1.0 + erf(np.asarray(x, dtype=float) / math.sqrt(2.0)))

        stats.norm = Norm()
        scipy.stats = stats
        sys.modules["scipy"], sys.modules["scipy.stats"] = scipy, stats
        shims.append("scipy.stats.norm.cdf")
    try:
        import requests  # noqa: F401
    except ImportError:
        sys.modules["requests"] = types.ModuleType("requests")
        shims.append("requests")
    return shims


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--vonenet", required=True, help="a checkout of github.com/dicarlolab/vonenet (the folder holding vonenet/)")
    p.add_argument("--batches", default="1,8,32")
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--noise", default="on,off", help="on (neuronal noise, the reference default), off (noise_mode None), or both")
    p.add_argument("--no-mkldnn", action="store_true", help="torch.backends.mkldnn.enabled = False")
    a = p.parse_args()
    root = os.path.abspath(a.vonenet)
    if not os.path.isfile(os.path.join(root, "vonenet", "modules.py")):
        emit({"error": f"'{root}' is not a checkout of dicarlolab/vonenet (no vonenet/modules.py)"}, 2)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.no_mkldnn:
        torch.backends.mkldnn.enabled = False
    shims = install_stand_ins()
    sys.path.insert(0, root)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            import vonenet.modules  # noqa: F401  (the VOneBlock)
            import vonenet.params  # noqa: F401  (generate_gabor_param)
            from vonenet.vonenet import VOneNet
    except Exception as exc:  # noqa: BLE001  (reported as the bench's reference column)
        emit({"error": f"cannot import vonenet from '{root}': {type(exc).__name__}: {exc}"}, 2)

    batches = [int(b) for b in a.batches.split(",") if b.strip()]
    results = []
    info = {}
    for noise in [n.strip() for n in a.noise.split(",") if n.strip()]:
        with contextlib.redirect_stdout(sys.stderr):
            torch.manual_seed(0)
            block = VOneNet(model_arch=None, image_size=a.image_size, noise_mode="neuronal" if noise == "on" else None)
        block.eval()
        info = {"simple_channels": block.simple_channels, "complex_channels": block.complex_channels,
                "ksize": block.simple_conv_q0.kernel_size[0], "stride": block.stride, "image_size": a.image_size,
                "noise_scale": block.noise_scale, "noise_level": block.noise_level}
        for b in batches:
            x = torch.rand(b, 3, a.image_size, a.image_size)
            with torch.no_grad():
                block(x)
                times = []
                for _ in range(max(1, a.iterations)):
                    t0 = time.perf_counter()
                    block(x)
                    times.append(time.perf_counter() - t0)
            results.append({"batch": b, "noise": noise, "noise_mode": block.noise_mode, "median_s": statistics.median(times), "times_s": times})
    emit({
        "script": "vone_block_forward.py",
        "vonenet": root,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "mkldnn_available": torch.backends.mkldnn.is_available(),
        "mkldnn_enabled": bool(torch.backends.mkldnn.enabled),
        "iterations": max(1, a.iterations),
        "stand_ins": shims,
        "block": info,
        "results": results,
    })


if __name__ == "__main__":
    main()
