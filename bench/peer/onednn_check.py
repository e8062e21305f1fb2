"""The oneDNN reproduction's PyTorch peer (issue 16): the same checked convolution / transposed-convolution calls as
bench/CrossModal.Bench/Correctness/KernelCheck.cs, on Debian's python3-torch and its own oneDNN. Each op runs with
oneDNN (torch.backends.mkldnn) on and off on the same inputs; a result is mismatched when it is not finite or differs
by more than 1e-3 of the reference's largest magnitude. Prints one JSON object.
usage: onednn_check.py [--iterations N] [--threads T] [--batch B] [--layers s2i|probe] [--filters F]"""
import argparse, json, os
import torch
import torch.nn.functional as F

TOLERANCE = 1e-3
RESULTS = ["forward", "grad input", "grad weight"]


def s2i_layers(f):
    return [("G1 deconv 1->4", True, 164, f * 8, 4, 1, 0, 1), ("G2 deconv 4->8", True, f * 8, f * 4, 4, 2, 1, 4),
            ("G3 deconv 8->16", True, f * 4, f * 2, 4, 2, 1, 8), ("G4 deconv 16->32", True, f * 2, f, 4, 2, 1, 16),
            ("G5 deconv 32->64", True, f, 3, 4, 2, 1, 32), ("D1 conv 64->32", False, 3, f, 4, 2, 1, 64),
            ("D2 conv 32->16", False, f, f * 2, 4, 2, 1, 32), ("D3 conv 16->8", False, f * 2, f * 4, 4, 2, 1, 16),
            ("D4 conv 8->4", False, f * 4, f * 8, 4, 2, 1, 8), ("D5 conv 1x1", False, f * 8 + 64, f * 8, 1, 1, 0, 4),
            ("D6 conv 4->1", False, f * 8, 1, 4, 1, 0, 4)]


def probe_layers(f):
    return [("G1 as shipped (ic 164)", True, 164, f * 8, 4, 1, 0, 1), ("G1 ic 160 (x16)", True, 160, f * 8, 4, 1, 0, 1),
            ("G1 ic 176 (x16)", True, 176, f * 8, 4, 1, 0, 1), ("G1 oc 250", True, 164, 250, 4, 1, 0, 1),
            ("G1 input 2x2 (-> 5x5)", True, 164, f * 8, 4, 1, 0, 2), ("G1 kernel 3 (-> 3x3)", True, 164, f * 8, 3, 1, 0, 1),
            ("G1 kernel 2 (-> 2x2)", True, 164, f * 8, 2, 1, 0, 1), ("D6 as shipped (oc 1)", False, f * 8, 1, 4, 1, 0, 4),
            ("D6 oc 16", False, f * 8, 16, 4, 1, 0, 4), ("D6 input 5x5 (-> 2x2)", False, f * 8, 1, 4, 1, 0, 5)]


def forward_backward(layer, inputs, one_dnn):
    _, transposed, _, _, _, stride, padding, _ = layer
    x = inputs[0].detach().requires_grad_(True)
    w = inputs[1].detach().requires_grad_(True)
    with torch.backends.mkldnn.flags(enabled=one_dnn):
        y = F.conv_transpose2d(x, w, stride=stride, padding=padding) if transposed else F.conv2d(x, w, stride=stride, padding=padding)
        y.backward(inputs[2])
    return [y.detach(), x.grad, w.grad]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iterations", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--filters", type=int, default=32)
    p.add_argument("--layers", default="s2i")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    layers = probe_layers(a.filters) if a.layers == "probe" else s2i_layers(a.filters)
    calls = wrong = non_finite = 0
    worst = 0.0
    by_result = {}
    for _ in range(a.iterations):
        for layer in layers:
            name, transposed, cin, cout, k, stride, padding, size = layer
            out = (size - 1) * stride - 2 * padding + k if transposed else (size + 2 * padding - k) // stride + 1
            x = torch.randn(a.batch, cin, size, size)
            w = torch.randn(*((cin, cout) if transposed else (cout, cin)), k, k) * 0.05
            inputs = [x, w, torch.randn(a.batch, cout, out, out)]
            reference = forward_backward(layer, inputs, False)
            candidate = forward_backward(layer, inputs, True)
            for r, (ref, cand) in enumerate(zip(reference, candidate)):
                calls += 1
                finite = bool(torch.isfinite(cand).all())
                relative = float((cand - ref).abs().max() / (ref.abs().max() + 1e-12)) if finite else float("inf")
                worst = max(worst, relative)
                if finite and relative <= TOLERANCE:
                    continue
                wrong += 1
                non_finite += 0 if finite else 1
                key = f"{name} {RESULTS[r]}"
                by_result[key] = by_result.get(key, 0) + 1
    print(json.dumps({"calls": calls, "wrong": wrong, "nonFinite": non_finite, "worstRelative": -1 if worst == float("inf") else worst,
                      "isa": os.environ.get("DNNL_MAX_CPU_ISA", "default"), "threads": a.threads, "torch": torch.__version__,
                      "byResult": by_result}))


if __name__ == "__main__":
    main()
