#!/usr/bin/env python3
"""NumPy peer of CrossModal's LMS extraction (core/Audio/MelSpectrogram.cs), the same definition:
librosa-style centred STFT (n_fft 2048, hop 512, zero padding), periodic Hann window, |X|^2, Slaney mel filter
bank (128 bands, 0..sr/2, Slaney area normalisation, weights in float32), 10*log10(max(1e-10, S)).

Reads chunks [N, 22050] float32 from an .npy file, times chunk-by-chunk extraction (each chunk vectorised over its
frames, as a NumPy user would write it), prints one JSON line; optionally writes the LMS of every chunk to compare.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

SR, N_FFT, HOP, N_MELS = 44100, 2048, 512, 128


# The mel scale and filter bank as the LMS tests' independent reference defines them (one definition, not a copy):
# tests/CrossModal.Core.Tests/Audio/Fixtures/make_reference.py, written out from librosa's source.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "CrossModal.Core.Tests", "Audio", "Fixtures"))
from make_reference import mel_filters  # noqa: E402


MEL = mel_filters().astype(np.float64)
WINDOW = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)


def lms(chunk):
    padded = np.pad(chunk.astype(np.float64), N_FFT // 2)
    frames = 1 + len(chunk) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    spectrum = np.fft.rfft(padded[idx] * WINDOW, axis=1)
    power = spectrum.real ** 2 + spectrum.imag ** 2
    return (10.0 * np.log10(np.maximum(1e-10, MEL @ power.T))).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chunks")
    ap.add_argument("--out", help="write the LMS [N, 128, frames] here (.npy)")
    a = ap.parse_args()
    chunks = np.load(a.chunks)
    lms(chunks[0])  # warm-up
    start = time.perf_counter()
    result = [lms(c) for c in chunks]
    seconds = time.perf_counter() - start
    if a.out:
        np.save(a.out, np.stack(result))
    print(json.dumps({"numpy": np.__version__, "chunks": len(chunks), "seconds": seconds}))


if __name__ == "__main__":
    main()
