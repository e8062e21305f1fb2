using CrossModal.Core.Audio;
using CrossModal.Protos.V1;
using Spectrogram = CrossModal.Protos.V1.Spectrogram;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Services.Tests;

[Collection(ServicesCollection.Name)]
public class EncoderServiceTests(ServicesFixture f)
{
    Protos.V1.EncoderService.EncoderServiceClient Client => new(f.EncoderChannel);

    [Fact]
    public async Task EncodeAudioGivesEmbeddingScoresLmsAndLoudness()
    {
        // 1 s at 22,050 Hz: resampled to 44.1 kHz and cut to its first 0.5 s.
        var r = await Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = Samples.Wav(seconds: 1, rate: 22_050) });
        Assert.Equal(128, r.Embedding.Count);
        Assert.Equal(13, r.Prediction.Scores.Count);
        Assert.Equal(1.0, r.Prediction.Scores.Sum(s => s.Probability), 3);
        Assert.Equal(r.Prediction.Scores.Max(s => s.Probability), r.Prediction.Confidence);
        Assert.Equal((128, 44, 128 * 44), (r.Lms.Bins, r.Lms.Frames, r.Lms.Values.Count));
        Assert.InRange(r.LoudnessDbfs, -12, -6);   // a 0.5-amplitude sine: -9 dBFS RMS
        Assert.Equal("sound-encoder", r.ModelId);

        var ae = await Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = Samples.Wav(), Encoder = "autoencoder" });
        Assert.Equal(128, ae.Embedding.Count);
        Assert.Null(ae.Prediction);
        Assert.Equal("autoencoder", ae.ModelId);
    }

    [Fact]
    public async Task CorruptEmptyOrUnknownInputsAreInvalidArgumentsWithPreciseMessages()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = ByteString.CopyFromUtf8("RIFF....JUNKdata") }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("not a WAV file", e.Status.Detail);

        e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeAudioAsync(new EncodeAudioRequest()).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "the WAV is empty (0 bytes)."), (e.StatusCode, e.Status.Detail));

        e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = Samples.Wav(), Encoder = "cqt" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("encoder must be", e.Status.Detail);

        var png = Samples.Png(1).ToByteArray();
        e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeImageAsync(new EncodeImageRequest { Image = ByteString.CopyFrom(png[..(png.Length / 2)]) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("PNG", e.Status.Detail);

        e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeImageAsync(new EncodeImageRequest { Image = Samples.Png(1), ModelId = "no-such-model" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("no-such-model", e.Status.Detail);

        e = await Assert.ThrowsAsync<RpcException>(() => Client.EncodeImageAsync(new EncodeImageRequest { Image = Samples.Png(1), ModelId = "../models" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task AFifteenMegabyteWavIsAccepted()
    {
        // 175 s of 16-bit mono at 44.1 kHz = 15.4 MB: within WavCodec's 10-minute limit and the 32 MB message limit.
        var wav = Samples.Wav(seconds: 175);
        Assert.True(wav.Length > 15_000_000);
        var r = await Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = wav });
        Assert.Equal(128, r.Embedding.Count);
    }

    [Fact]
    public async Task TheStreamAnswersEachRequestInOrder()
    {
        var tones = new[] { 220.0, 440.0, 880.0 };
        var single = new List<EncodeAudioResponse>();
        foreach (var t in tones) single.Add(await Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = Samples.Wav(frequency: t) }));

        using var call = Client.EncodeAudioStream();
        foreach (var t in tones) await call.RequestStream.WriteAsync(new EncodeAudioRequest { Wav = Samples.Wav(frequency: t) });
        await call.RequestStream.CompleteAsync();
        var streamed = new List<EncodeAudioResponse>();
        await foreach (var r in call.ResponseStream.ReadAllAsync()) streamed.Add(r);
        Assert.Equal(single.Select(s => s.Embedding.ToArray()), streamed.Select(s => s.Embedding.ToArray()));
    }

    [Fact]
    public async Task EncodeImageGivesEmbeddingAndPrediction()
    {
        var r = await Client.EncodeImageAsync(new EncodeImageRequest { Image = Samples.Png(3) });
        Assert.Equal(128, r.Embedding.Count);
        Assert.Contains(r.Prediction.Instrument, CrossModal.Domain.Instruments.All);
        Assert.Equal("image-encoder", r.ModelId);
    }

    [Fact]
    public async Task RenderAudioTurnsAnLmsIntoAHalfSecondWavAndRefusesBadShapes()
    {
        var lms = (await Client.EncodeAudioAsync(new EncodeAudioRequest { Wav = Samples.Wav() })).Lms;
        var r = await Client.RenderAudioAsync(new RenderAudioRequest { Lms = lms, Iterations = 8, Seed = 1 });
        var clip = WavCodec.Read(r.Wav.ToByteArray());
        Assert.Equal((44_100, 22_050), (clip.SampleRate, clip.Samples.Length));
        Assert.Equal(0.5, r.Seconds, 6);
        Assert.True(Loudness.IsAudible(clip.Samples));

        async Task<RpcException> Bad(Spectrogram s, int iterations = 8) =>
            await Assert.ThrowsAsync<RpcException>(() => Client.RenderAudioAsync(new RenderAudioRequest { Lms = s, Iterations = iterations }).ResponseAsync);
        var e = await Bad(new Spectrogram { Bins = 64, Frames = 44, Values = { new float[64 * 44] } });
        Assert.Contains("128 mel bins", e.Status.Detail);
        e = await Bad(new Spectrogram { Bins = 128, Frames = 44, Values = { new float[100] } });
        Assert.Contains("has 100 values", e.Status.Detail);
        e = await Bad(new Spectrogram { Bins = 128, Frames = 2601, Values = { new float[128 * 2601] } });
        Assert.Contains("2..2600 frames", e.Status.Detail);
        var nan = new float[128 * 44];
        nan[5 * 44 + 3] = float.NaN;
        e = await Bad(new Spectrogram { Bins = 128, Frames = 44, Values = { nan } });
        Assert.Contains("bin 5, frame 3", e.Status.Detail);
        e = await Bad(lms, iterations: 5000);
        Assert.Contains("iterations", e.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }
}
