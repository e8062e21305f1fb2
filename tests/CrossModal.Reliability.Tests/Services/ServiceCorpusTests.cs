using CrossModal.Protos.V1;
using CrossModal.Reliability.Tests.Corpus;
using CrossModal.Reliability.Tests.Probes;
using CrossModal.Services.Tests;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Services;

/// <summary>
/// The hostile corpus through every RPC of the three services (real Kestrel, HTTP/2, loopback, generated clients):
/// each input refused with INVALID_ARGUMENT (or NOT_FOUND) and a precise one-line message, well inside the call's
/// deadline; the service still SERVING after each; a good request still answered after the corpus; the model store
/// and data root byte-for-byte unchanged; managed memory back where it was.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ServiceCorpusTests(ServicesFixture f, ITestOutputHelper output)
{
    Protos.V1.EncoderService.EncoderServiceClient Encoder => new(f.EncoderChannel);
    Protos.V1.GeneratorService.GeneratorServiceClient Generator => new(f.GeneratorChannel);
    Protos.V1.EvaluatorService.EvaluatorServiceClient Evaluator => new(f.EvaluatorChannel);
    StudySamplesService.StudySamplesServiceClient StudySamples => new(f.EvaluatorChannel);

    static ByteString B(byte[] bytes) => ByteString.CopyFrom(bytes);

    /// <summary>
    /// Managed heap growth allowed over a corpus's second pass (after a full collection). Large uploads leave buffers in
    /// ArrayPool.Shared's per-thread and per-core slots (32 MB arrays for the 25-28 MB uploads), kept for reuse and
    /// trimmed by the runtime under memory pressure; the pools saturate (GeneratorProcessTests shows the service
    /// process's RSS flat over repeated rounds of 25 MB uploads). Keeping each upload would add over 250 MB per pass of the sound corpus.
    /// </summary>
    const double HeapBoundMb = 256;

    /// <summary>Resident growth allowed at any moment of a corpus: a 25 MB upload is held a few times over; a bomb decoded would need gigabytes.</summary>
    const double PeakRssBoundMb = 1536;

    [Fact]
    public async Task EveryHostileSoundIsRefusedByEveryRpcThatTakesAWav()
    {
        var log = new RefusalLog(output);
        var probe = new RpcProbe(log);
        var stored = StoreSnapshot.Take(f.Models, f.Data);
        var good = Samples.Wav();

        var corpus = HostileFiles.Sounds().Append(HostileFiles.OversizedWav())
            .Append(new HostileInput("10 min + 1 s at 48 kHz (28.8 MB)", HostileFiles.TenMinutesPlus(), ".wav", "20.0 MiB")).ToList();
        var (first, second, peak) = await MemoryProbe.TwoPasses(async () =>
        {
            foreach (var input in corpus)
            {
                var wav = B(input.Bytes);
                await probe.Refused(f.EncoderChannel, "EncodeAudio", input.Name, input.Expect,
                    d => Encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = wav }, deadline: d).ResponseAsync);
                await probe.Refused(f.EncoderChannel, "EncodeAudio (autoencoder)", input.Name, input.Expect,
                    d => Encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = wav, Encoder = "autoencoder" }, deadline: d).ResponseAsync);
                await probe.Refused(f.EncoderChannel, "EncodeAudioStream (2nd item)", input.Name, input.Expect, async d =>
                {
                    using var call = Encoder.EncodeAudioStream(deadline: d);
                    try
                    {
                        await call.RequestStream.WriteAsync(new EncodeAudioRequest { Wav = good });
                        await call.RequestStream.WriteAsync(new EncodeAudioRequest { Wav = wav });
                        await call.RequestStream.CompleteAsync();
                    }
                    catch (InvalidOperationException) { } // the server ended the call first; its status is read below
                    Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the good first item got no answer");
                    await RpcProbe.Drain(call.ResponseStream);
                });
                foreach (var variant in new[] { "c", "a" })
                    await probe.Refused(f.GeneratorChannel, $"SoundToImage (wav, s2i-{variant})", input.Name, input.Expect,
                        d => Generator.SoundToImageAsync(new SoundToImageRequest { Wav = wav, Variant = variant, Count = 1 }, deadline: d).ResponseAsync);
            }
        });
        GC.KeepAlive(corpus);
        // Silence is a valid WAV: the encoder describes it; generation refuses it (the paper's -45 dBFS filter).
        var silent = B(HostileFiles.Silence());
        await probe.Refused(f.GeneratorChannel, "SoundToImage (wav, s2i-c)", "silence", "silent",
            d => Generator.SoundToImageAsync(new SoundToImageRequest { Wav = silent, Count = 1 }, deadline: d).ResponseAsync);
        var described = await Encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = silent }, deadline: DateTime.UtcNow + RpcProbe.Deadline);
        Assert.True(described.LoudnessDbfs < -45);

        // 10 minutes at 8 kHz is 4.8 MB: within the limits, decoded whole, and only its first 0.5 s is used.
        var tenMinutes = await Encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = B(HostileFiles.TenMinutesSmall()) }, deadline: DateTime.UtcNow + RpcProbe.Deadline);
        Assert.Equal(128 * 44, tenMinutes.Lms.Values.Count);

        // Still answering good requests.
        Assert.Equal(128, (await Encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = good })).Embedding.Count);
        Assert.Single((await Generator.SoundToImageAsync(new SoundToImageRequest { Wav = good, Count = 1 })).Png);
        AssertUnchangedAndBounded(log, stored, "hostile sounds x RPCs (2 passes)", $"{corpus.Count + 1} inputs", (first, second, peak));
    }

    [Fact]
    public async Task EveryHostileImageIsRefusedByEveryRpcThatTakesAnImage()
    {
        var log = new RefusalLog(output);
        var probe = new RpcProbe(log);
        var stored = StoreSnapshot.Take(f.Models, f.Data);
        var good = Samples.Png(1);

        var corpus = HostileFiles.Images().Append(HostileFiles.OversizedImage()).ToList();
        var (first, second, peak) = await MemoryProbe.TwoPasses(async () =>
        {
            foreach (var input in corpus)
            {
                var image = B(input.Bytes);
                await probe.Refused(f.EncoderChannel, "EncodeImage", input.Name, input.Expect,
                    d => Encoder.EncodeImageAsync(new EncodeImageRequest { Image = image }, deadline: d).ResponseAsync);
                await probe.Refused(f.GeneratorChannel, "ImageToSound (image)", input.Name, input.Expect,
                    d => Generator.ImageToSoundAsync(new ImageToSoundRequest { Image = image }, deadline: d).ResponseAsync);
                await probe.Refused(f.EvaluatorChannel, "ClassifyImages (2nd image)", input.Name, ["image 1", input.Expect],
                    d => Evaluator.ClassifyImagesAsync(new ClassifyImagesRequest { Images = { good, image } }, deadline: d).ResponseAsync);
            }
        });
        GC.KeepAlive(corpus);

        Assert.Equal(128, (await Encoder.EncodeImageAsync(new EncodeImageRequest { Image = good })).Embedding.Count);
        Assert.Equal(128 * 34, (await Generator.ImageToSoundAsync(new ImageToSoundRequest { Image = good })).Lms.Values.Count);
        Assert.Single((await Evaluator.ClassifyImagesAsync(new ClassifyImagesRequest { Images = { good } })).Predictions);
        AssertUnchangedAndBounded(log, stored, "hostile images x RPCs (2 passes)", $"{corpus.Count} inputs", (first, second, peak));
    }

    [Fact]
    public async Task NanInfSpectrogramsAndBadEmbeddingsAreRefused()
    {
        var log = new RefusalLog(output);
        var probe = new RpcProbe(log);
        var stored = StoreSnapshot.Take(f.Models, f.Data);

        var spectrograms = HostileSpectrograms.Messages();
        var (first, second, peak) = await MemoryProbe.TwoPasses(async () =>
        {
            foreach (var s in spectrograms)
            {
                await probe.Refused(f.EncoderChannel, "RenderAudio", s.Name, s.Expect,
                    d => Encoder.RenderAudioAsync(new RenderAudioRequest { Lms = s.Value, Iterations = 4 }, deadline: d).ResponseAsync);
                await probe.Refused(f.EvaluatorChannel, "ClassifySpectrograms", s.Name, "spectrogram 0",
                    d => Evaluator.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest { Spectrograms = { s.Value } }, deadline: d).ResponseAsync);
            }
            await probe.Refused(f.EncoderChannel, "RenderAudio", "no spectrogram", "lms is missing",
                d => Encoder.RenderAudioAsync(new RenderAudioRequest(), deadline: d).ResponseAsync);
            await probe.Refused(f.EvaluatorChannel, "ClassifySpectrograms", "40 frames (neither 34 nor 44)", "spectrogram 0",
                d => Evaluator.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest { Spectrograms = { Lms(40) } }, deadline: d).ResponseAsync);

            var embeddings = new (string Name, Embedding Value, string Expect)[]
            {
                ("empty embedding", new Embedding(), "must have 128 values, got 0"),
                ("127 values", Embedding(127), "got 127"),
                ("129 values", Embedding(129), "got 129"),
                ("1,000,000 values", Embedding(1_000_000), "got 1000000"),
                ("NaN value", Embedding(128, (7, float.NaN)), "NaN or infinite value at index 7"),
                ("+Inf value", Embedding(128, (0, float.PositiveInfinity)), "index 0"),
                ("-Inf value", Embedding(128, (127, float.NegativeInfinity)), "index 127"),
            };
            foreach (var (name, value, expect) in embeddings)
            {
                await probe.Refused(f.GeneratorChannel, "SoundToImage (embedding)", name, expect,
                    d => Generator.SoundToImageAsync(new SoundToImageRequest { Embedding = value, Count = 1 }, deadline: d).ResponseAsync);
                await probe.Refused(f.GeneratorChannel, "ImageToSound (embedding)", name, expect,
                    d => Generator.ImageToSoundAsync(new ImageToSoundRequest { Embedding = value }, deadline: d).ResponseAsync);
            }
        });

        var render = await Encoder.RenderAudioAsync(new RenderAudioRequest { Lms = Lms(44), Iterations = 4 });
        Assert.Equal(0.5, render.Seconds, 6);
        Assert.Equal(2, (await Evaluator.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest { Spectrograms = { Lms(44), Lms(34) } })).Predictions.Count);
        Assert.Single((await Generator.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(128), Count = 1 })).Png);
        AssertUnchangedAndBounded(log, stored, "spectrograms and embeddings x RPCs (2 passes)", $"{spectrograms.Count + 2} spectrograms, 7 embeddings", (first, second, peak));
    }

    [Fact]
    public async Task OutOfRangeNumbersAndUnknownNamesAreRefusedPrecisely()
    {
        var log = new RefusalLog(output);
        var probe = new RpcProbe(log);
        var stored = StoreSnapshot.Take(f.Models, f.Data);
        var wav = Samples.Wav();
        var png = Samples.Png(2);
        const StatusCode Invalid = StatusCode.InvalidArgument, NotFound = StatusCode.NotFound;

        foreach (var count in new[] { 0, -1, 65, int.MaxValue, int.MinValue })
            await probe.Refused(f.GeneratorChannel, "SoundToImage", $"count {count}", $"count must be 1..64, got {count}",
                d => Generator.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(128), Count = count }, deadline: d).ResponseAsync);
        foreach (var count in new[] { 0, -1, 101, int.MaxValue, int.MinValue })
            await probe.Refused(f.EvaluatorChannel, "PickSamples", $"count {count}", $"count must be 1 to 100, got {count}",
                d => StudySamples.PickSamplesAsync(new PickSamplesRequest { Instrument = "cello", Count = count }, deadline: d).ResponseAsync);
        foreach (var (instrument, quoted) in new[] { ("kazoo", "'kazoo'"), ("../cello", "'../cello'"), ("cello\0", "'cello?'"), (new string('a', 10_000), "(10000 characters)") })
            await probe.Refused(f.EvaluatorChannel, "PickSamples", $"instrument of {instrument.Length} characters", [quoted, "is not an instrument"],
                d => StudySamples.PickSamplesAsync(new PickSamplesRequest { Instrument = instrument, Count = 1 }, deadline: d).ResponseAsync);
        foreach (var iterations in new[] { -1, 1001, int.MaxValue })
            await probe.Refused(f.EncoderChannel, "RenderAudio", $"iterations {iterations}", $"got {iterations}",
                d => Encoder.RenderAudioAsync(new RenderAudioRequest { Lms = Lms(44), Iterations = iterations }, deadline: d).ResponseAsync);

        var names = new (string Input, string Expect, StatusCode Code, Func<DateTime, Task> Call, string Entry)[]
        {
            ("model 'nope'", "no model 'nope'", NotFound, d => Generator.SoundToImageAsync(new() { Wav = wav, ModelId = "nope", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("model '../models'", "not a model id", Invalid, d => Generator.SoundToImageAsync(new() { Wav = wav, ModelId = "../models", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("model of 10,000 characters", "not a model id", Invalid, d => Generator.SoundToImageAsync(new() { Wav = wav, ModelId = new string('a', 10_000), Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("variant 'z'", "variant", Invalid, d => Generator.SoundToImageAsync(new() { Wav = wav, Variant = "z", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("pose for 'kazoo'", "kazoo", Invalid, d => Generator.SoundToImageAsync(new() { Wav = wav, Variant = "pose", Instrument = "kazoo", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("pose-violin (absent)", "pose-violin", NotFound, d => Generator.SoundToImageAsync(new() { Wav = wav, Variant = "pose", Instrument = "violin", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("model 'i2s' (wrong kind)", "not a sound-to-image generator", Invalid, d => Generator.SoundToImageAsync(new() { Wav = wav, ModelId = "i2s", Count = 1 }, deadline: d).ResponseAsync, "SoundToImage"),
            ("model 's2i-c' (wrong kind)", "not an image-to-sound generator", Invalid, d => Generator.ImageToSoundAsync(new() { Image = png, ModelId = "s2i-c" }, deadline: d).ResponseAsync, "ImageToSound"),
            ("model 'nope'", "no model 'nope'", NotFound, d => Generator.ImageToSoundAsync(new() { Image = png, ModelId = "nope" }, deadline: d).ResponseAsync, "ImageToSound"),
            ("no condition", "give the condition", Invalid, d => Generator.ImageToSoundAsync(new(), deadline: d).ResponseAsync, "ImageToSound"),
            ("encoder 'cqt'", "encoder must be", Invalid, d => Encoder.EncodeAudioAsync(new() { Wav = wav, Encoder = "cqt" }, deadline: d).ResponseAsync, "EncodeAudio"),
            ("model 'nope'", "nope", NotFound, d => Encoder.EncodeAudioAsync(new() { Wav = wav, ModelId = "nope" }, deadline: d).ResponseAsync, "EncodeAudio"),
            ("model 'image-encoder' for sound", "image-encoder", Invalid, d => Encoder.EncodeAudioAsync(new() { Wav = wav, ModelId = "image-encoder" }, deadline: d).ResponseAsync, "EncodeAudio"),
            ("model 'nope'", "nope", NotFound, d => Encoder.EncodeImageAsync(new() { Image = png, ModelId = "nope" }, deadline: d).ResponseAsync, "EncodeImage"),
            ("model 'sound-encoder' for images", "sound-encoder", Invalid, d => Encoder.EncodeImageAsync(new() { Image = png, ModelId = "sound-encoder" }, deadline: d).ResponseAsync, "EncodeImage"),
            ("0 images", "send 1..256", Invalid, d => Evaluator.ClassifyImagesAsync(new(), deadline: d).ResponseAsync, "ClassifyImages"),
            ("257 images", "got 257", Invalid, d => Evaluator.ClassifyImagesAsync(new() { Images = { Enumerable.Repeat(png, 257) } }, deadline: d).ResponseAsync, "ClassifyImages"),
            ("0 spectrograms", "send 1..256", Invalid, d => Evaluator.ClassifySpectrogramsAsync(new(), deadline: d).ResponseAsync, "ClassifySpectrograms"),
            ("257 spectrograms", "got 257", Invalid, d => Evaluator.ClassifySpectrogramsAsync(new() { Spectrograms = { Enumerable.Repeat(Lms(44), 257) } }, deadline: d).ResponseAsync, "ClassifySpectrograms"),
            ("kind 'vae'", "kind must be", Invalid, d => Generator.ListModelsAsync(new() { Kind = "vae" }, deadline: d).ResponseAsync, "ListModels"),
            ("run 'nope'", "no training run 'nope'", NotFound, d => Generator.CancelTrainingAsync(new() { RunId = "nope" }, deadline: d).ResponseAsync, "CancelTraining"),
            ("run ''", "no training run", NotFound, d => RpcProbe.Drain(Generator.WatchTraining(new() { RunId = "" }, deadline: d).ResponseStream), "WatchTraining"),
            ("model 'nope'", "nope", NotFound, d => Evaluate(new() { ModelId = "nope", Dataset = ServicesFixture.Dataset }, d), "EvaluateModel"),
            ("model 'autoencoder' (not evaluable)", "autoencoder", Invalid, d => Evaluate(new() { ModelId = "autoencoder", Dataset = ServicesFixture.Dataset }, d), "EvaluateModel"),
            ("split 'test'", "split must be train or validation", Invalid, d => Evaluate(new() { ModelId = "s2i-c", Dataset = ServicesFixture.Dataset, Split = "test" }, d), "EvaluateModel"),
            ("limit -1", "limit must be >= 0", Invalid, d => Evaluate(new() { ModelId = "s2i-c", Dataset = ServicesFixture.Dataset, Limit = -1 }, d), "EvaluateModel"),
            ("dataset '../..'", "outside the service's data root", Invalid, d => Evaluate(new() { ModelId = "s2i-c", Dataset = "../.." }, d), "EvaluateModel"),
            ("dataset with NUL", "NUL", Invalid, d => Evaluate(new() { ModelId = "s2i-c", Dataset = "tiny\0/../x" }, d), "EvaluateModel"),
            ("dataset 'absent'", "does not exist", Invalid, d => Evaluate(new() { ModelId = "s2i-c", Dataset = "absent" }, d), "EvaluateModel"),
            ("kind 'gpt'", "kind must be", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "gpt", Dataset = ServicesFixture.Dataset, Epochs = 1 }, deadline: d).ResponseAsync, "StartTraining"),
            ("epochs 0", "epochs must be", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = 0 }, deadline: d).ResponseAsync, "StartTraining"),
            ("epochs int.MaxValue", "epochs must be", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = int.MaxValue }, deadline: d).ResponseAsync, "StartTraining"),
            ("batch size 1", "batch_size must be", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = 1, BatchSize = 1 }, deadline: d).ResponseAsync, "StartTraining"),
            ("max_per_class -5", "max_per_class", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = 1, MaxPerClass = -5 }, deadline: d).ResponseAsync, "StartTraining"),
            ("s2i variant 'q'", "variant", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "s2i", Variant = "q", Dataset = ServicesFixture.Dataset, Epochs = 1 }, deadline: d).ResponseAsync, "StartTraining"),
            ("pose for 'kazoo'", "kazoo", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "pose", Instrument = "kazoo", Dataset = ServicesFixture.Dataset, Epochs = 1 }, deadline: d).ResponseAsync, "StartTraining"),
            ("dataset '/etc'", "outside the service's data root", Invalid, d => Generator.StartTrainingAsync(new() { Kind = "image-encoder", Dataset = "/etc", Epochs = 1 }, deadline: d).ResponseAsync, "StartTraining"),
        };
        foreach (var (input, expect, code, call, entry) in names)
        {
            var channel = entry switch
            {
                "EncodeAudio" or "EncodeImage" or "RenderAudio" => f.EncoderChannel,
                "ClassifyImages" or "ClassifySpectrograms" or "EvaluateModel" => f.EvaluatorChannel,
                _ => f.GeneratorChannel,
            };
            await probe.Refused(channel, entry, input, expect, call, code);
        }

        // Seeds are free: any 64-bit value is a valid seed, including the extremes.
        foreach (var seed in new[] { long.MinValue, -1L, long.MaxValue })
        {
            Assert.Single((await Generator.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(128), Count = 1, Seed = seed })).Png);
            Assert.Single((await StudySamples.PickSamplesAsync(new PickSamplesRequest { Instrument = "cello", Count = 1, Seed = seed })).Samples);
        }
        var changed = StoreSnapshot.Take(f.Models, f.Data).AssertUnchangedSince(stored);
        log.Report("numbers and names x RPCs", $"{changed} bytes changed");
    }

    /// <summary>After a corpus's two passes: nothing stored changed, the figures are logged, and memory stayed within its bounds.</summary>
    void AssertUnchangedAndBounded(RefusalLog log, StoreSnapshot stored, string what, string inputs, (double First, double Second, double Peak) memory)
    {
        var changed = StoreSnapshot.Take(f.Models, f.Data).AssertUnchangedSince(stored);
        log.Report(what, inputs, Memory(memory.First, memory.Second, memory.Peak), $"{stored.Files} stored files, {changed} bytes changed");
        Assert.InRange(memory.Second, double.MinValue, HeapBoundMb);
        Assert.InRange(memory.Peak, double.MinValue, PeakRssBoundMb);
    }

    static string Memory(double first, double second, double peak) =>
        $"managed heap growth {first:0.0} MB over the first pass (pools warming), {second:0.0} MB over the second; peak RSS growth {peak:0} MB";

    async Task Evaluate(EvaluateModelRequest r, DateTime deadline)
    {
        using var call = Evaluator.EvaluateModel(r, deadline: deadline);
        await RpcProbe.Drain(call.ResponseStream);
    }

    static Spectrogram Lms(int frames) =>
        new() { Bins = 128, Frames = frames, Values = { Enumerable.Range(0, 128 * frames).Select(i => (float)(i % 50 - 60)) } };

    static Embedding Embedding(int size, params (int Index, float Value)[] poison)
    {
        var values = new float[size];
        for (var i = 0; i < size; i++) values[i] = (float)Math.Sin(i);
        foreach (var (index, value) in poison) values[index] = value;
        return new Embedding { Values = { values } };
    }
}
