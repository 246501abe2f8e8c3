"""The PyTorch counterpart of tests/scripts/onednn_repro.cs (seeds/training.md, "oneDNN reproduction"):
ONEDNN_VERBOSE=1 /usr/bin/python3 tests/scripts/onednn_repro.py. PyTorch 1.13 (oneDNN 2.6.3) picks the same padded
blocked kernels and agrees with float64 to float32 rounding at every width. Not a test dependency."""
import torch
torch.set_num_threads(1)
torch.manual_seed(3)
for w in (4,8,16,20,32):
    W=torch.rand(w,w,3,3)-0.5; x=torch.rand(16,w,12,12); up=torch.rand(16,w,12,12)
    def run(dt):
        i=x.to(dt).requires_grad_(True)
        o=torch.nn.functional.conv2d(i,W.to(dt),padding=1)
        g,=torch.autograd.grad((o*up.to(dt)).sum(),[i])
        return o.detach().double(),g.double()
    y32,g32=run(torch.float32); y64,g64=run(torch.float64)
    rel=lambda a,b: ((a-b).abs().max()/b.abs().max()).item()
    print(f"w{w}: forward {rel(y32,y64):.1e} input grad {rel(g32,g64):.1e}")
