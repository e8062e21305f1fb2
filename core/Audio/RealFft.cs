using System.Runtime.Intrinsics;

namespace CrossModal.Core.Audio;

/// <summary>
/// FFT of a real sequence of power-of-two length n, in double precision. The real input is packed into a
/// complex sequence of length n/2 (even samples real, odd samples imaginary), transformed by an iterative
/// radix-2 FFT and split into the n/2 + 1 non-redundant bins, so a real transform costs half a complex one.
/// Tables (bit reversal, twiddles) are built once per size; an instance is immutable and thread-safe,
/// callers pass their own scratch buffers.
/// </summary>
public sealed class RealFft
{
    public int Size { get; }
    public int Bins => Size / 2 + 1;

    readonly int _half;
    readonly int[] _bitReverse;
    readonly double[] _stageCos, _stageSin; // twiddles of the half-size complex FFT, per butterfly stage
    readonly double[] _splitCos, _splitSin; // twiddles of the real split: e^{-2πik/n}, k = 0..half

    public RealFft(int size)
    {
        if (size < 4 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two ≥ 4.");
        Size = size;
        _half = size / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)_half);
        _bitReverse = new int[_half];
        for (int i = 0; i < _half; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        (_stageCos, _stageSin) = StageTwiddles(_half);
        _splitCos = new double[_half + 1];
        _splitSin = new double[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            double a = -2 * Math.PI * k / size;
            _splitCos[k] = Math.Cos(a);
            _splitSin[k] = Math.Sin(a);
        }
    }

    /// <summary>
    /// Forward transform X[k] = Σ x[j] e^{−2πijk/n}, k = 0..n/2. <paramref name="re"/> and <paramref name="im"/>
    /// receive n/2 + 1 values. <paramref name="scratch"/> must hold n doubles.
    /// </summary>
    public unsafe void Forward(ReadOnlySpan<double> x, Span<double> re, Span<double> im, Span<double> scratch)
    {
        if (x.Length != Size || re.Length < Bins || im.Length < Bins || scratch.Length < Size)
            throw new ArgumentException("RealFft.Forward: buffer sizes do not match the transform size.");
        var zr = scratch[.._half];
        var zi = scratch.Slice(_half, _half);
        fixed (double* xp = x, zrp = zr, zip = zi)
        fixed (int* br = _bitReverse)
        {
            for (int j = 0; j < _half; j++)
            {
                int r = br[j];
                zrp[r] = xp[2 * j];
                zip[r] = xp[2 * j + 1];
            }
        }
        Butterflies(zr, zi);

        // Split: E[k] = (Z[k] + conj Z[h−k]) / 2 is the DFT of the even samples, O[k] = (Z[k] − conj Z[h−k]) / 2i
        // of the odd ones; X[k] = E[k] + e^{−2πik/n} O[k].
        fixed (double* zrp = zr, zip = zi, rep = re, imp = im, sc = _splitCos, ss = _splitSin)
        {
            for (int k = 0; k <= _half; k++)
            {
                int a = k == _half ? 0 : k, b = k == 0 ? 0 : _half - k;
                double ar = zrp[a], ai = zip[a], brr = zrp[b], bi = -zip[b];
                double er = 0.5 * (ar + brr), ei = 0.5 * (ai + bi);
                double dr = ar - brr, di = ai - bi;          // Z[k] − conj Z[h−k]
                double or = 0.5 * di, oi = -0.5 * dr;          // divided by 2i
                double c = sc[k], s = ss[k];
                rep[k] = er + (or * c - oi * s);
                imp[k] = ei + (or * s + oi * c);
            }
        }
    }

    /// <summary>
    /// Inverse transform x[j] = (1/n) Σ_k X[k] e^{+2πijk/n} of a Hermitian spectrum given by its n/2 + 1 bins
    /// (the imaginary parts of bins 0 and n/2 are ignored, as for any real signal). <paramref name="scratch"/> must hold n doubles.
    /// </summary>
    public void Inverse(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> x, Span<double> scratch)
    {
        if (x.Length != Size || re.Length < Bins || im.Length < Bins || scratch.Length < Size)
            throw new ArgumentException("RealFft.Inverse: buffer sizes do not match the transform size.");
        var zr = scratch[.._half];
        var zi = scratch.Slice(_half, _half);
        for (int k = 0; k < _half; k++)
        {
            // E[k] = (X[k] + conj X[h−k]) / 2, O[k] = (X[k] − conj X[h−k]) / (2 W^k), W = e^{−2πi/n};
            // Z[k] = E[k] + i O[k] is the half-size DFT of x[2m] + i x[2m+1]. Conjugated here so that the forward
            // butterflies compute the inverse.
            double ar = re[k], ai = k == 0 ? 0 : im[k];
            double br = re[_half - k], bi = _half - k == _half ? 0 : -im[_half - k];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            double dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
            double c = _splitCos[k], s = -_splitSin[k];     // 1 / W^k = e^{+2πik/n}
            double or = dr * c - di * s, oi = dr * s + di * c;
            double zkr = er - oi, zki = ei + or;            // E + i O
            int r = _bitReverse[k];
            zr[r] = zkr;
            zi[r] = -zki;
        }
        Butterflies(zr, zi);
        double scale = 1.0 / _half;
        for (int m = 0; m < _half; m++)
        {
            x[2 * m] = zr[m] * scale;
            x[2 * m + 1] = -zi[m] * scale;
        }
    }

    /// <summary>
    /// In-place decimation-in-time radix-2 butterflies on bit-reversed input. Runs on every frame of every training
    /// sample, hence pointers (no bounds checks), a multiplication-free first stage and per-stage contiguous twiddles.
    /// </summary>
    unsafe void Butterflies(Span<double> reSpan, Span<double> imSpan)
    {
        int n = _half;
        fixed (double* re = reSpan, im = imSpan, tc = _stageCos, ts = _stageSin)
        {
            int firstLen;
            if (n >= 4)
            {
                // Stages len = 2 and len = 4 fused: their twiddles are 1 and −i, so no multiplications.
                for (int p = 0; p < n; p += 4)
                {
                    double b0r = re[p] + re[p + 1], b0i = im[p] + im[p + 1];
                    double b1r = re[p] - re[p + 1], b1i = im[p] - im[p + 1];
                    double b2r = re[p + 2] + re[p + 3], b2i = im[p + 2] + im[p + 3];
                    double b3r = re[p + 2] - re[p + 3], b3i = im[p + 2] - im[p + 3];
                    re[p] = b0r + b2r; im[p] = b0i + b2i;
                    re[p + 2] = b0r - b2r; im[p + 2] = b0i - b2i;
                    re[p + 1] = b1r + b3i; im[p + 1] = b1i - b3r;   // b1 + (−i)·b3
                    re[p + 3] = b1r - b3i; im[p + 3] = b1i + b3r;   // b1 − (−i)·b3
                }
                firstLen = 8;
            }
            else
            {
                for (int p = 0; p + 1 < n; p += 2)
                {
                    double r1 = re[p + 1], i1 = im[p + 1];
                    re[p + 1] = re[p] - r1; im[p + 1] = im[p] - i1;
                    re[p] += r1; im[p] += i1;
                }
                firstLen = 4;
            }
            int twiddleBase = firstLen == 8 ? 2 : 0; // the table starts with stage len = 4 (2 entries)
            for (int len = firstLen; len <= n; len <<= 1)
            {
                int halfLen = len >> 1;
                double* c = tc + twiddleBase, s = ts + twiddleBase;
                for (int start = 0; start < n; start += len)
                {
                    double* pr = re + start, pi = im + start, qr = pr + halfLen, qi = pi + halfLen;
                    int j = 0;
                    if (Vector256.IsHardwareAccelerated)
                    {
                        for (; j + 4 <= halfLen; j += 4)
                        {
                            var cr = Vector256.Load(c + j);
                            var si = Vector256.Load(s + j);
                            var xr = Vector256.Load(qr + j);
                            var xi = Vector256.Load(qi + j);
                            var tr = xr * cr - xi * si;
                            var ti = xr * si + xi * cr;
                            var ar = Vector256.Load(pr + j);
                            var ai = Vector256.Load(pi + j);
                            (ar - tr).Store(qr + j);
                            (ai - ti).Store(qi + j);
                            (ar + tr).Store(pr + j);
                            (ai + ti).Store(pi + j);
                        }
                    }
                    for (; j < halfLen; j++)
                    {
                        double tr = qr[j] * c[j] - qi[j] * s[j];
                        double ti = qr[j] * s[j] + qi[j] * c[j];
                        qr[j] = pr[j] - tr;
                        qi[j] = pi[j] - ti;
                        pr[j] += tr;
                        pi[j] += ti;
                    }
                }
                twiddleBase += halfLen;
            }
        }
    }

    static (double[] Cos, double[] Sin) StageTwiddles(int n)
    {
        // Stages len = 4, 8, .., n each need e^{−2πij/len}, j < len/2, stored one stage after another.
        var c = new List<double>();
        var s = new List<double>();
        for (int len = 4; len <= n; len <<= 1)
            for (int j = 0; j < len / 2; j++)
            {
                c.Add(Math.Cos(-2 * Math.PI * j / len));
                s.Add(Math.Sin(-2 * Math.PI * j / len));
            }
        if (c.Count == 0) { c.Add(1); s.Add(0); }
        return (c.ToArray(), s.ToArray());
    }
}
