using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Bench.Audio;

/// <summary>
/// LMS extraction (128 x 44 log-mel of a 0.5 s chunk) in chunks/s: core's <see cref="MelSpectrogram"/> one chunk at a
/// time on one thread, against the same definition in NumPy (bench/peer/lms_numpy.py, one chunk at a time, vectorised
/// over frames), interleaved round by round on the same chunks. The peer's output is also compared value by value
/// with ours (it is the same definition, so it must agree).
/// </summary>
public static class LmsComparison
{
    public static int Run(BenchArgs args)
    {
        int count = args.Int("--chunks", args.Quick ? 40 : 400), rounds = args.Int("--rounds", args.Quick ? 1 : 3);
        var peer = args.String("--peer") ?? "bench/peer/lms_numpy.py";
        var chunks = TestChunks.Make(count);
        var dir = Directory.CreateTempSubdirectory("cm-bench-lms-");
        try
        {
            var input = Path.Combine(dir.FullName, "chunks.npy");
            var peerOut = Path.Combine(dir.FullName, "peer-lms.npy");
            using (var f = File.Create(input)) NpyFile.Write(f, chunks.SelectMany(c => c).ToArray(), [count, AudioFrontEnd.ChunkSamples]);
            var size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames;
            var ours = new float[count * size];
            Scalar(chunks, ours); // warm-up (JIT, tables)

            var oursRates = new List<double>();
            var peerRates = new List<double>();
            string numpy = "?";
            for (var r = 1; r <= rounds; r++)
            {
                var clock = Stopwatch.StartNew();
                Scalar(chunks, ours);
                oursRates.Add(count / clock.Elapsed.TotalSeconds);
                var result = r == 1 ? PeerProcess.Run(peer, input, "--out", peerOut) : PeerProcess.Run(peer, input);
                peerRates.Add(count / result.GetProperty("seconds").GetDouble());
                numpy = result.GetProperty("numpy").GetString() ?? "?";
                Log.Info($"LMS round {r}: ours {oursRates[^1]:F0} chunks/s, numpy {peerRates[^1]:F0} chunks/s");
            }
            var theirs = NpyFile.ReadFile(peerOut).Data;
            double maxDiff = 0;
            for (var i = 0; i < ours.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(ours[i] - theirs[i]));

            double o = Stats.Median(oursRates), p = Stats.Median(peerRates);
            var md = new Markdown().Heading("LMS extraction (0.5 s chunk → 128 x 44 log-mel)");
            md.Line($"{count} chunks (harmonic test tones), {rounds} interleaved round(s), one thread each, median over rounds. " +
                    $"Largest difference between our LMS and NumPy's over all {ours.Length:N0} values: {maxDiff:G3} dB.").Line();
            md.Table(["", "chunks/s", "ms per chunk", "ratio"],
            [
                ["CrossModal `MelSpectrogram` (C#, float64 FFT, sparse mel bank)", Markdown.F(o), Markdown.F(1000 / o, 3), "1.00x"],
                [$"NumPy {numpy} peer (`numpy.fft.rfft` over the frames, dense mel matmul)", Markdown.F(p), Markdown.F(1000 / p, 3), Markdown.Ratio(p / o)],
                ["**CrossModal / NumPy**", "", "", $"**{Markdown.Ratio(o / p)}**"],
            ]);
            md.Emit(args);
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    static void Scalar(float[][] chunks, float[] output)
    {
        var size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames;
        for (var i = 0; i < chunks.Length; i++) MelSpectrogram.Compute(chunks[i], output.AsSpan(i * size, size), log: true);
    }
}
