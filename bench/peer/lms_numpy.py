#!/usr/bin/env python3
"""NumPy peer of CrossModal's LMS extraction (core/Audio/MelSpectrogram.cs), the same definition:
librosa-style centred STFT (n_fft 2048, hop 512, zero padding), periodic Hann window, |X|^2, Slaney mel filter
bank (128 bands, 0..sr/2, Slaney area normalisation, weights in float32), 10*log10(max(1e-10, S)).

Reads chunks [N, 22050] float32 from an .npy file, times chunk-by-chunk extraction (each chunk vectorised over its
frames, as a NumPy user would write it), prints one JSON line; optionally writes the LMS of every chunk to compare.
"""
import argparse
import json
import time

import numpy as np

SR, N_FFT, HOP, N_MELS = 44100, 2048, 512, 128


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters():
    fft_freqs = np.arange(N_FFT // 2 + 1) * SR / N_FFT
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2.0), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    weights = np.zeros((N_MELS, fft_freqs.size), dtype=np.float32)
    for m in range(N_MELS):
        lower = -ramps[m] / fdiff[m]
        upper = ramps[m + 2] / fdiff[m + 1]
        weights[m] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:N_MELS + 2] - mel_f[:N_MELS])
    weights *= enorm[:, None]
    return weights


WINDOW = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
MEL = mel_filters().astype(np.float64)


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
