using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Services.Tests;

[Collection(ServicesCollection.Name)]
public class EvaluatorServiceTests(ServicesFixture f)
{
    Protos.V1.EvaluatorService.EvaluatorServiceClient Client => new(f.EvaluatorChannel);

    [Fact]
    public async Task ClassifiesImagesAndRefusesACorruptOneByIndex()
    {
        var r = await Client.ClassifyImagesAsync(new ClassifyImagesRequest { Images = { Samples.Png(1), Samples.Png(2) } });
        Assert.Equal(2, r.Predictions.Count);
        Assert.All(r.Predictions, p => Assert.Equal(13, p.Scores.Count));
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.ClassifyImagesAsync(new ClassifyImagesRequest
            { Images = { Samples.Png(1), ByteString.CopyFromUtf8("GIF89a nope") } }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("image 1:", e.Status.Detail);
    }

    [Fact]
    public async Task ClassifiesChunkAndI2SShapedSpectrogramsOnly()
    {
        Spectrogram Lms(int frames) => new() { Bins = 128, Frames = frames, Values = { Enumerable.Range(0, 128 * frames).Select(i => (float)(i % 50 - 60)) } };
        var r = await Client.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest { Spectrograms = { Lms(44), Lms(34) } });
        Assert.Equal(2, r.Predictions.Count);
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest { Spectrograms = { Lms(40) } }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("spectrogram 0", e.Status.Detail);
        e = await Assert.ThrowsAsync<RpcException>(() => Client.ClassifySpectrogramsAsync(new ClassifySpectrogramsRequest()).ResponseAsync);
        Assert.Contains("1..256", e.Status.Detail);
    }

    [Theory]
    [InlineData("s2i-c", "image-encoder")]
    [InlineData("i2s", "sound-encoder")]
    [InlineData("sound-encoder", "sound-encoder")]
    public async Task EvaluateModelStreamsProgressThenTheResult(string model, string judge)
    {
        using var call = Client.EvaluateModel(new EvaluateModelRequest { ModelId = model, Dataset = ServicesFixture.Dataset, Split = "train", Seed = 1 });
        var events = new List<EvaluationEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
        var result = events[^1].Result;
        Assert.NotNull(result);
        Assert.All(events.SkipLast(1), e => Assert.Null(e.Result));
        Assert.True(events.Count >= 2);
        Assert.Equal((model, judge), (result.ModelId, result.JudgeId));
        Assert.True(result.N > 0);
        Assert.Equal(13, result.Confusion.Count);
        Assert.Equal(result.N, result.Confusion.Sum(row => row.Counts.Sum()));
        Assert.Equal(new[] { "cello", "flute" }, result.PerInstrumentAccuracy.Keys.Order().ToArray());
        Assert.InRange(result.Accuracy, 0, 1);
        Assert.InRange(result.ClassEntropy, 0, Math.Log(13) + 1e-9);
        Assert.Equal(model != "sound-encoder", double.IsFinite(result.FrechetDistance));
    }

    [Fact]
    public async Task EvaluateModelRefusesDatasetsOutsideTheDataRootAndUnknownModels()
    {
        async Task<RpcException> Fails(EvaluateModelRequest r) => await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Client.EvaluateModel(r);
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) { }
        });
        foreach (var outside in new[] { "../", "../../tmp", "/etc", f.Models })
        {
            var e = await Fails(new EvaluateModelRequest { ModelId = "s2i-c", Dataset = outside });
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains("outside the service's data root", e.Status.Detail);
        }
        var missing = await Fails(new EvaluateModelRequest { ModelId = "s2i-c", Dataset = "absent" });
        Assert.Contains("does not exist", missing.Status.Detail);
        var unknown = await Fails(new EvaluateModelRequest { ModelId = "s2i-z", Dataset = ServicesFixture.Dataset });
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
