#!/usr/bin/env python3
"""PyTorch peer of the S2I GAN-CLS training step (CrossModal's core/Training/GanTrainer.cs, S2I-C).

Same architecture as core/Models/S2IGenerator.cs and S2IDiscriminator.cs (GanConfig widths), same DCGAN init,
same losses (BCE with logits; D: real + (wrong + fake) / 2, G: fake -> 1), Adam(2e-4, 0.5, 0.999), same batch,
same thread count; wrong images drawn from other classes; both loss values read back each step (as the C#
trainer does to check they are finite). Prints one JSON line: the seconds of each timed step.
"""
import argparse
import json
import time

import torch
from torch import nn
import torch.nn.functional as F


class ConditionProjection(nn.Module):
    def __init__(self, embedding, condition):
        super().__init__()
        self.fc = nn.Linear(embedding, condition)

    def forward(self, e):
        return F.leaky_relu(self.fc(e), 0.2)


class Generator(nn.Module):
    def __init__(self, f, noise=100, embedding=128, condition=64):
        super().__init__()
        self.condition = ConditionProjection(embedding, condition)
        self.net = nn.Sequential(
            nn.ConvTranspose2d(noise + condition, f * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(f * 8), nn.ReLU(),
            nn.ConvTranspose2d(f * 8, f * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 4), nn.ReLU(),
            nn.ConvTranspose2d(f * 4, f * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 2), nn.ReLU(),
            nn.ConvTranspose2d(f * 2, f, 4, 2, 1, bias=False), nn.BatchNorm2d(f), nn.ReLU(),
            nn.ConvTranspose2d(f, 3, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, e, z):
        h = torch.cat([z, self.condition(e)], 1)[:, :, None, None]
        return self.net(h)


class Discriminator(nn.Module):
    def __init__(self, f, embedding=128, condition=64):
        super().__init__()
        self.condition = ConditionProjection(embedding, condition)
        self.features = nn.Sequential(
            nn.Conv2d(3, f, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(f, f * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 2), nn.LeakyReLU(0.2),
            nn.Conv2d(f * 2, f * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 4), nn.LeakyReLU(0.2),
            nn.Conv2d(f * 4, f * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(f * 8), nn.LeakyReLU(0.2))
        self.judge = nn.Sequential(
            nn.Conv2d(f * 8 + condition, f * 8, 1, 1, bias=False), nn.BatchNorm2d(f * 8), nn.LeakyReLU(0.2),
            nn.Conv2d(f * 8, 1, 4, 1, 0))

    def forward(self, image, e):
        h = self.features(image)
        c = self.condition(e)[:, :, None, None].expand(-1, -1, 4, 4)
        return self.judge(torch.cat([h, c], 1)).flatten()


def dcgan_init(module):
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1, 0.02)
            nn.init.zeros_(m.bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--skip", type=int, default=2, help="warm-up steps not reported")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--filters", type=int, default=32)
    ap.add_argument("--matmul", type=int, default=0, help="also time an n x n float32 matmul (best of 3) through this torch")
    ap.add_argument("--mkldnn", type=int, choices=[0, 1], default=1,
                    help="oneDNN for convolutions: the harness passes its own choice, so both sides use the same kernels")
    a = ap.parse_args()
    torch.backends.mkldnn.enabled = bool(a.mkldnn)
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    g, d = Generator(a.filters), Discriminator(a.filters)
    dcgan_init(g)
    dcgan_init(d)
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    n, classes = a.batch * a.steps, 13
    conditions = torch.randn(n, 128)
    images = torch.rand(n, 3, 64, 64) * 2 - 1
    labels = torch.arange(n) % classes
    order = torch.randperm(n)
    times = []
    for step in range(a.steps):
        start = time.perf_counter()
        idx = order[step * a.batch:(step + 1) * a.batch]
        # A wrong image of another class for each pair (uniform over the other classes' samples, as WrongPairSampler).
        wrong = (idx + torch.randint(1, classes, (a.batch,))) % n
        wrong = torch.where(labels[wrong] == labels[idx], (wrong + 1) % n, wrong)
        c, real = conditions[idx], images[idx]
        fake = g(c, torch.randn(a.batch, 100))
        opt_d.zero_grad()
        sr, sf, sw = d(real, c), d(fake.detach(), c), d(images[wrong], c)
        loss_d = (F.binary_cross_entropy_with_logits(sr, torch.ones_like(sr))
                  + (F.binary_cross_entropy_with_logits(sw, torch.zeros_like(sw))
                     + F.binary_cross_entropy_with_logits(sf, torch.zeros_like(sf))) * 0.5)
        loss_d.item()
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        sg = d(fake, c)
        loss_g = F.binary_cross_entropy_with_logits(sg, torch.ones_like(sg))
        loss_g.item()
        loss_g.backward()
        opt_g.step()
        if step >= a.skip:
            times.append(time.perf_counter() - start)
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "step_seconds": times,
              "blas": blas_info()}
    if a.matmul:
        x, y = torch.randn(a.matmul, a.matmul), torch.randn(a.matmul, a.matmul)
        best = min(timed(lambda: torch.mm(x, y)) for _ in range(3))
        result["matmul_gflops"] = 2 * a.matmul ** 3 / best / 1e9
    print(json.dumps(result))


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def blas_info():
    config = torch.__config__.show()
    i = config.find("BLAS_INFO=")
    return config[i:].split(",")[0] if i >= 0 else "unknown"


if __name__ == "__main__":
    main()
