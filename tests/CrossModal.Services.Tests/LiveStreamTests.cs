using CrossModal.Core.Audio;
using CrossModal.Domain;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Services.Tests;

/// <summary>The generator's live streams: answers per window, silence, newest-wins dropping, the session bound, bad input.</summary>
[Collection(ServicesCollection.Name)]
public class LiveStreamTests(ServicesFixture f)
{
    Protos.V1.GeneratorService.GeneratorServiceClient Client => new(f.GeneratorChannel);

    /// <summary>One live window: 0.5 s of a sine at <paramref name="amplitude"/> as 16-bit PCM.</summary>
    static ByteString Pcm(double amplitude, double frequency = 440)
    {
        var bytes = new byte[AudioFrontEnd.ChunkSamples * 2];
        for (var i = 0; i < AudioFrontEnd.ChunkSamples; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (short)Math.Round(32767 * amplitude * Math.Sin(2 * Math.PI * frequency * i / AudioFrontEnd.SampleRate)));
        return ByteString.CopyFrom(bytes);
    }

    static async Task<LiveImage> Exchange(AsyncDuplexStreamingCall<LiveSoundWindow, LiveImage> call, LiveSoundWindow window)
    {
        await call.RequestStream.WriteAsync(window);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }

    async Task<LiveStatusResponse> StatusWhen(Func<LiveStatusResponse, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = await Client.GetLiveStatusAsync(new LiveStatusRequest());
            if (done(status) || DateTime.UtcNow > deadline) return status;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task EachWindowIsAnsweredWithAnImageOrSilenceAndTheSameSeedDrawsTheSameImage()
    {
        using var call = Client.LiveSoundToImage();
        var first = await Exchange(call, new LiveSoundWindow { Sequence = 1, Pcm = Pcm(0.5), Seed = 3 });
        var silent = await Exchange(call, new LiveSoundWindow { Sequence = 2, Pcm = Pcm(0.001), Seed = 3 });
        var again = await Exchange(call, new LiveSoundWindow { Sequence = 3, Pcm = Pcm(0.5), Seed = 3 });
        var otherSeed = await Exchange(call, new LiveSoundWindow { Sequence = 4, Pcm = Pcm(0.5), Seed = 4 });

        Assert.Equal((1ul, false, "s2i-c"), (first.Sequence, first.Silent, first.ModelId));
        using (var image = Samples.Decode(first.Png)) Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.Equal(-9.03, first.LevelDbfs, 1);     // a sine at half of full scale
        Assert.Contains(first.Heard.Instrument, Instruments.All);
        Assert.InRange(first.Heard.Confidence, 1f / Instruments.All.Count, 1f);

        Assert.Equal((2ul, true), (silent.Sequence, silent.Silent));
        Assert.True(silent.Png.IsEmpty);
        Assert.Null(silent.Heard);
        Assert.Equal(-63.0, silent.LevelDbfs, 0);   // 0.001 of full scale: below the -45 dBFS filter

        Assert.Equal(first.Png, again.Png);          // seed lock: the same sound and seed draw the same picture
        Assert.NotEqual(first.Png, otherSeed.Png);
        Assert.All(new[] { first, silent, again, otherSeed }, a => Assert.Equal(0ul, a.Dropped));
        Assert.All(new[] { first, silent, again, otherSeed }, a => Assert.True(a.ServiceMs > 0));

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));   // the session ends cleanly
        Assert.Equal(0, (await StatusWhen(s => s.SoundSessions == 0)).SoundSessions);
    }

    [Fact]
    public async Task AFloodedSessionAnswersTheNewestWindowAndDropsTheStaleOnes()
    {
        // 30 windows in a burst: each answer takes at least the fixture's 50 ms batching window, so most are stale.
        using var call = Client.LiveSoundToImage();
        const int sent = 30;
        for (var i = 1; i <= sent; i++)
            await call.RequestStream.WriteAsync(new LiveSoundWindow { Sequence = (ulong)i, Pcm = Pcm(0.5), Seed = i });
        await call.RequestStream.CompleteAsync();
        var answers = new List<LiveImage>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) answers.Add(call.ResponseStream.Current);

        Assert.Equal((ulong)sent, answers[^1].Sequence);                     // the newest window is always answered
        Assert.Equal(answers.Select(a => a.Sequence).Order(), answers.Select(a => a.Sequence));
        Assert.Equal((ulong)sent, (ulong)answers.Count + answers[^1].Dropped);  // every window answered or counted as dropped
        Assert.True(answers.Count < sent / 2, $"{answers.Count} of {sent} windows answered: stale windows were queued, not dropped");
    }

    [Fact]
    public async Task LiveSessionsAreBoundedAndCountedUntilTheyEnd()
    {
        var open = new List<AsyncDuplexStreamingCall<LiveSoundWindow, LiveImage>>();
        try
        {
            var max = (await Client.GetLiveStatusAsync(new LiveStatusRequest())).MaxSessions;
            Assert.Equal(8, max);
            for (var i = 0; i < max; i++)
            {
                var call = Client.LiveSoundToImage();
                open.Add(call);
                await Exchange(call, new LiveSoundWindow { Sequence = 1, Pcm = Pcm(0.5) });
            }
            Assert.Equal(max, (await Client.GetLiveStatusAsync(new LiveStatusRequest())).SoundSessions);

            using var refused = Client.LiveImageToSound();
            // Refused when the stream opens, before any frame: writing one would race the refusal (a write to a call
            // already ended by the server fails with CANCELLED, not with the server's status).
            var e = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Equal("live mode is full: 8 live sessions are open; try again when one ends.", e.Status.Detail);

            // Half end their side, half just go away (a closed page): every place is given back either way.
            for (var i = 0; i < open.Count; i++)
                if (i % 2 == 0) await open[i].RequestStream.CompleteAsync();
                else open[i].Dispose();
            var status = await StatusWhen(s => s.SoundSessions == 0 && s.ImageSessions == 0);
            Assert.Equal((0, 0), (status.SoundSessions, status.ImageSessions));
        }
        finally
        {
            foreach (var call in open) call.Dispose();
        }
    }

    [Fact]
    public async Task AWindowOfTheWrongSizeEndsTheSessionWithInvalidArgument()
    {
        using var call = Client.LiveSoundToImage();
        await call.RequestStream.WriteAsync(new LiveSoundWindow { Sequence = 1, Pcm = ByteString.CopyFrom(new byte[1000]) });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("a live window must be 22050 samples of mono 16-bit PCM at 44100 Hz (44100 bytes), got 1000 bytes.", e.Status.Detail);
        Assert.Equal(0, (await StatusWhen(s => s.SoundSessions == 0)).SoundSessions);
        await OneShotCallsStillWorkAsync();
    }

    /// <summary>
    /// A live handler that returned with a read of its request stream still pending broke the connection's next calls
    /// ("Reading is already in progress": Kestrel reuses a finished stream's objects); the calls after a failed session must work.
    /// </summary>
    async Task OneShotCallsStillWorkAsync()
    {
        for (var i = 0; i < 20; i++)
            Assert.Single((await Client.SoundToImageAsync(new SoundToImageRequest { Wav = Samples.Wav(), Count = 1, Seed = i })).Png);
    }

    [Fact]
    public async Task EachCameraFrameIsAnsweredWithHalfASecondOfSoundAndACorruptFrameEndsTheSession()
    {
        using var call = Client.LiveImageToSound();
        await call.RequestStream.WriteAsync(new LiveFrame { Sequence = 7, Image = Samples.Png(1), Seed = 2 });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var answer = call.ResponseStream.Current;
        Assert.Equal((7ul, "i2s", 0ul), (answer.Sequence, answer.ModelId, answer.Dropped));
        var clip = WavCodec.Read(answer.Wav.ToByteArray());
        Assert.Equal((AudioFrontEnd.SampleRate, AudioFrontEnd.ChunkSamples), (clip.SampleRate, clip.Samples.Length));
        Assert.False(answer.SpectrogramPng.IsEmpty);

        await call.RequestStream.WriteAsync(new LiveFrame { Sequence = 8, Image = ByteString.CopyFromUtf8("not an image") });
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(0, (await StatusWhen(s => s.ImageSessions == 0)).ImageSessions);
        await OneShotCallsStillWorkAsync();
    }
}
