#!/usr/bin/python3
"""Independent reference for the LMS tests, numpy only (no librosa on the build machine).

Writes, next to this script:
  tones.wav        0.5 s, 44.1 kHz, 16-bit mono: three sines, a linear chirp and a click train (deterministic formula)
  violin.wav       0.5 s, 44.1 kHz, 16-bit mono: FluidR3_GM violin (program 40) rendered by fluidsynth, mixed to mono
  tones.lms.npy, violin.lms.npy   float32 [128, 44]: the LMS of those files as librosa >= 0.10 defines
      power_to_db(melspectrogram(y, sr=44100, n_fft=2048, hop_length=512, n_mels=128), ref=1.0, amin=1e-10, top_db=None)
written out below from librosa's source (stft center=True pad_mode='constant', periodic Hann, |X|^2,
filters.mel(htk=False, norm='slaney')). Run: /usr/bin/python3 make_reference.py
"""
import os, struct, subprocess, tempfile, wave
import numpy as np

SR, N_FFT, HOP, N_MELS = 44100, 2048, 512, 128
HERE = os.path.dirname(os.path.abspath(__file__))


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters():
    weights = np.zeros((N_MELS, 1 + N_FFT // 2), dtype=np.float32)
    fftfreqs = np.fft.rfftfreq(n=N_FFT, d=1.0 / SR)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2.0), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:N_MELS + 2] - mel_f[:N_MELS])
    weights *= enorm[:, np.newaxis]
    return weights


def lms(y):
    y = np.pad(y.astype(np.float64), N_FFT // 2, mode="constant")
    n_frames = 1 + (len(y) - N_FFT) // HOP
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # scipy get_window('hann', fftbins=True)
    frames = np.stack([y[t * HOP: t * HOP + N_FFT] * window for t in range(n_frames)], axis=1)
    power = np.abs(np.fft.rfft(frames, axis=0)) ** 2
    mel = mel_filters().astype(np.float64) @ power
    return (10.0 * np.log10(np.maximum(1e-10, mel))).astype(np.float32)


def write_wav16(path, y):
    pcm = np.clip(np.round(y * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(SR); w.writeframes(pcm.tobytes())


def read_wav16_mono(path):
    with wave.open(path, "rb") as w:
        ch, width, sr, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
        assert width == 2 and sr == SR
        data = np.frombuffer(w.readframes(n), dtype="<i2").astype(np.float64) / 32768.0
    return data.reshape(-1, ch).mean(axis=1)


def save_npy(path, a):
    np.save(path, np.ascontiguousarray(a, dtype="<f4"))


def violin_midi():
    def vlq(v):
        out = [v & 0x7F]
        v >>= 7
        while v:
            out.insert(0, (v & 0x7F) | 0x80); v >>= 7
        return bytes(out)
    ev = bytes([0x00, 0xC0, 40])  # program 40 = violin
    for note in (67, 69, 71, 74):  # G4 A4 B4 D5, a quarter note (0.5 s at 120 bpm) each
        ev += vlq(0) + bytes([0x90, note, 100]) + vlq(480) + bytes([0x80, note, 64])
    ev += vlq(0) + bytes([0xFF, 0x2F, 0x00])
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(ev)) + ev


def main():
    t = np.arange(SR // 2) / SR
    y = (0.30 * np.sin(2 * np.pi * 440.0 * t) + 0.10 * np.sin(2 * np.pi * 1234.5 * t + 0.3)
         + 0.05 * np.sin(2 * np.pi * 9000.0 * t) + 0.10 * np.sin(2 * np.pi * (200.0 * t + 8000.0 * t * t)))
    y[::2205] += 0.2  # clicks every 50 ms: broadband energy
    write_wav16(os.path.join(HERE, "tones.wav"), y)

    with tempfile.TemporaryDirectory() as d:
        mid, out = os.path.join(d, "violin.mid"), os.path.join(d, "violin.wav")
        open(mid, "wb").write(violin_midi())
        subprocess.run(["fluidsynth", "-ni", "-q", "-F", out, "-r", str(SR), "/usr/share/sounds/sf2/FluidR3_GM.sf2", mid],
                       check=True, capture_output=True)
        v = read_wav16_mono(out)[SR // 4: SR // 4 + SR // 2]  # 0.25 s .. 0.75 s: a held note and a note change
    write_wav16(os.path.join(HERE, "violin.wav"), v)

    for name in ("tones", "violin"):
        y = read_wav16_mono(os.path.join(HERE, name + ".wav"))  # exactly the samples the C# reader sees
        ref = lms(y)
        assert ref.shape == (128, 44), ref.shape
        save_npy(os.path.join(HERE, name + ".lms.npy"), ref)
        print(name, ref.shape, "max %.2f dB, min %.2f dB" % (ref.max(), ref.min()),
              "LMS[10, 20] = %.6f, LMS[60, 0] = %.6f, LMS[100, 43] = %.6f" % (ref[10, 20], ref[60, 0], ref[100, 43]))


if __name__ == "__main__":
    main()
