using CrossModal.Studies.Hosting;
using System.Security.Claims;
using CrossModal.Protos.V1;
using CrossModal.Web.Services;
using Grpc.Core;

namespace CrossModal.Web.Tests;

/// <summary>The page services' logic without a renderer: checks, spectrogram arithmetic, the mel axis, training folding.</summary>
public sealed class ServiceLogicTests
{
    [Fact]
    public void WAV_and_image_signatures_are_checked()
    {
        UploadRules.CheckWav("a.wav", TestData.ExampleWav());
        UploadRules.CheckImage("a.jpg", TestData.ExampleJpeg());
        UploadRules.CheckImage("a.png", TestData.Png(1));
        Assert.Contains("not a WAV file", Assert.Throws<InvalidUploadException>(() => UploadRules.CheckWav("a.wav", TestData.ExampleJpeg())).Message);
        Assert.Contains("not a JPEG or PNG", Assert.Throws<InvalidUploadException>(() => UploadRules.CheckImage("a.jpg", TestData.ExampleWav())).Message);
        Assert.Contains("is empty", Assert.Throws<InvalidUploadException>(() => UploadRules.CheckWav("a.wav", [])).Message);
        Assert.Contains("not a WAV file", Assert.Throws<InvalidUploadException>(() => UploadRules.CheckWav("a.wav", "RIFF"u8.ToArray())).Message);
        UploadRules.CheckSize("big.wav", UploadRules.MaxBytes);
        Assert.Contains("21 MB; the limit is 20 MB", Assert.Throws<InvalidUploadException>(() => UploadRules.CheckSize("big.wav", 21L * 1024 * 1024)).Message);
    }

    [Fact]
    public void Resizing_frames_keeps_a_ramp_a_ramp_and_the_ends_in_place()
    {
        var ramp = TestData.Lms(2, 34, (b, f) => b * 100 + f);
        var resized = SpectrogramMath.ResizeFrames(ramp, 44);
        Assert.Equal((2, 44, 88), (resized.Bins, resized.Frames, resized.Values.Count));
        for (int f = 1; f < 44; f++) Assert.True(resized.Values[f] >= resized.Values[f - 1]);
        Assert.Equal(0, resized.Values[0], 3);
        Assert.Equal(33, resized.Values[43], 3);
        Assert.Equal(100, resized.Values[44], 3);
        Assert.Same(ramp, SpectrogramMath.ResizeFrames(ramp, 34));
    }

    [Fact]
    public void RMS_distance_is_the_level_difference_for_flat_spectrograms_and_shapes_must_agree()
    {
        var a = TestData.Lms(128, 44, (_, _) => -30);
        var b = TestData.Lms(128, 44, (_, _) => -42);
        Assert.Equal(12, SpectrogramMath.RmsDistance(a, b), 6);
        Assert.Throws<ArgumentException>(() => SpectrogramMath.RmsDistance(a, TestData.Lms(128, 34, (_, _) => 0)));
        Assert.Throws<ArgumentException>(() => SpectrogramMath.CheckShape(new Spectrogram { Bins = 128, Frames = 44, Values = { 1f } }));
    }

    [Fact]
    public void The_mel_axis_follows_Slaneys_scale()
    {
        // Slaney: 200/3 Hz per mel below 1 kHz (so 1 kHz = 15 mel), then 27 mels per factor 6.4.
        Assert.Equal(15, MelAxis.HzToMel(1000), 9);
        Assert.Equal(15 + 27, MelAxis.HzToMel(6400), 9);
        Assert.Equal(7.5, MelAxis.HzToMel(500), 9);
        foreach (var hz in new[] { 0.0, 300, 999, 1000, 4321, 22050 }) Assert.Equal(hz, MelAxis.MelToHz(MelAxis.HzToMel(hz)), 6);
        // Band centres rise, the lowest near 0 Hz and the highest just under Nyquist; a tick sits where its band is.
        var centres = Enumerable.Range(0, 128).Select(b => MelAxis.BandCentreHz(b, 128)).ToList();
        Assert.True(centres.Zip(centres.Skip(1)).All(p => p.Second > p.First));
        Assert.InRange(centres[0], 1, 40);
        Assert.InRange(centres[127], 20000, 22050);
        Assert.Equal(37, MelAxis.BandPosition(MelAxis.BandCentreHz(37, 128), 128), 9);
        Assert.Equal([500.0, 1000, 2000, 4000, 8000, 16000], MelAxis.FrequencyTicks(128));
    }

    [Fact]
    public void Spectrogram_images_are_drawn_low_frequencies_at_the_bottom_in_viridis()
    {
        var lms = TestData.Lms(4, 3, (b, _) => b == 0 ? 0 : -80);
        using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(SpectrogramImage.Png(lms, -80, 0));
        Assert.Equal((3, 4), (image.Width, image.Height));
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(253, 231, 37), image[1, 3]); // loudest band, bottom row: yellow
        Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(68, 1, 84), image[1, 0]);    // quietest, top row: dark purple
        Assert.Throws<ArgumentException>(() => SpectrogramImage.Png(lms, 0, 0));
    }

    [Fact]
    public void Training_events_fold_into_per_epoch_points_with_step_events_moving_the_current_one()
    {
        var p = new TrainingProgress("r");
        p.Apply(new TrainingEvent { State = "running", Message = "started", Accuracy = double.NaN });
        p.Apply(new TrainingEvent { ModelId = "sound-encoder", Message = "loaded", Accuracy = double.NaN });
        p.Apply(new TrainingEvent { ModelId = "s2i-c", Epoch = 1, Epochs = 2, Step = 2, StepsPerEpoch = 4, Accuracy = double.NaN, Losses = { ["d"] = 2, ["g"] = 1 } });
        Assert.Equal([1], p.EpochNumbers);
        Assert.Equal(0.25, p.Fraction, 9);
        p.Apply(new TrainingEvent { ModelId = "s2i-c", Epoch = 1, Epochs = 2, Step = 4, StepsPerEpoch = 4, Accuracy = 0.3, Losses = { ["d"] = 1.5, ["g"] = 1.2 } });
        p.Apply(new TrainingEvent { ModelId = "s2i-c", Epoch = 2, Epochs = 2, Step = 4, StepsPerEpoch = 4, Accuracy = double.NaN, Losses = { ["d"] = 1.1, ["g"] = double.NaN } });
        Assert.Equal([1, 2], p.EpochNumbers);
        Assert.Equal(["d", "g"], p.LossNames);
        Assert.Equal([1.5, 1.1], p.LossSeries("d"));
        Assert.Equal([1.2, null], p.LossSeries("g"));
        Assert.Equal([0.3, null], p.AccuracySeries());
        Assert.Equal("s2i-c", p.ModelId);
        Assert.False(p.IsFinished);
        p.Apply(new TrainingEvent { State = "completed", Message = "done", Accuracy = double.NaN });
        Assert.True(p.IsFinished);
        Assert.Equal(["started", "sound-encoder: loaded", "done"], p.Log);
    }

    [Fact]
    public void Failures_are_worded_by_status_and_only_transient_ones_offer_Retry()
    {
        var refused = ServiceFailure.From("generator", new RpcException(new Status(StatusCode.InvalidArgument, "count must be 1..64, got 65.")));
        Assert.True(refused.IsInputProblem);
        Assert.False(refused.IsRetryable);
        Assert.Equal("count must be 1..64, got 65.", refused.Detail);
        var down = ServiceFailure.From("evaluator", new RpcException(new Status(StatusCode.Unavailable, "refused")));
        Assert.Equal("The evaluator service is not reachable", down.Title);
        Assert.True(down.IsRetryable);
        Assert.False(ServiceFailure.From("generator", new RpcException(new Status(StatusCode.NotFound, "no model 'i2s'"))).IsRetryable);
        Assert.True(ServiceFailure.From("generator", new RpcException(new Status(StatusCode.DeadlineExceeded, ""))).IsRetryable);
    }

    [Fact]
    public void The_media_store_gives_unguessable_ids_and_forgets_nothing_it_was_given()
    {
        using var store = new MediaStore(new WebOptions());
        var a = store.Put([1, 2, 3], "image/png", "a.png");
        var b = store.Put([4], "audio/wav", "b.wav");
        Assert.NotEqual(a, b);
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.True(store.TryGet(a, out var item));
        Assert.Equal([1, 2, 3], item.Bytes);
        Assert.Equal(("image/png", "a.png"), (item.ContentType, item.FileName));
        Assert.False(store.TryGet("0123456789abcdef0123456789abcdef", out _));
    }

    [Fact]
    public void Web_options_out_of_range_are_refused_naming_the_key()
    {
        Assert.Contains("CrossModal:Web:MediaCacheMegabytes", Assert.Throws<ArgumentOutOfRangeException>(() => new WebOptions { MediaCacheMegabytes = 1 }.Validate()).Message);
        Assert.Contains("HealthTimeoutSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => new WebOptions { HealthTimeoutSeconds = 0 }.Validate()).Message);
    }
}

public sealed class UploadReadingTests
{
    /// <summary>A browser file whose announced size is the visitor's to choose, whatever it sends.</summary>
    sealed class AnnouncedFile(long announced, byte[] content) : Microsoft.AspNetCore.Components.Forms.IBrowserFile
    {
        public string Name => "claimed.wav";
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public long Size => announced;
        public string ContentType => "audio/wav";
        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) => new MemoryStream(content);
    }

    [Fact]
    public async Task Reading_an_upload_allocates_for_what_arrives_not_for_the_size_the_browser_announces()
    {
        var wav = TestData.ExampleWav()[..4096];
        var file = new AnnouncedFile(UploadRules.MaxBytes, wav);
        await UploadRules.ReadAsync(file, (_, _) => { }); // warm-up: JIT and first-call allocations
        // Reading from a MemoryStream completes synchronously, so the whole read happens on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = await UploadRules.ReadAsync(file, (_, _) => { });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(wav, read.Bytes);
        Assert.True(allocated < 1024 * 1024, $"reading 4 kB announced as 20 MB allocated {allocated:N0} bytes");
    }
}

public sealed class TrainingGatewayTests
{
    readonly AdminSessions _sessions = new();

    static ClaimsPrincipal Admin(string session) => AdminAuth.Principal(session);

    [Fact]
    public async Task A_watch_stopped_by_its_watcher_ends_as_cancelled_and_a_broken_stream_as_a_service_failure()
    {
        var stream = new ChannelStreamReader<TrainingEvent>();
        var generator = new FakeGenerator { OnWatchTraining = _ => stream, OnStartTraining = _ => new StartTrainingResponse { RunId = "r" } };
        var gateway = new TrainingGateway(generator, new TrainingRunRegistry(), _sessions);
        var admin = Admin(_sessions.Begin());
        await gateway.StartAsync(admin, new StartTrainingRequest());
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        stream.Fail(Calls.Status(StatusCode.Cancelled, "call cancelled"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { await foreach (var _ in gateway.WatchAsync(admin, "r", stop.Token)) { } });

        var broken = new ChannelStreamReader<TrainingEvent>();
        broken.Write(new TrainingEvent { State = "running" });
        broken.Fail(Calls.Status(StatusCode.Unavailable, "gone"));
        generator.OnWatchTraining = _ => broken;
        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<ServiceCallException>(async () => { await foreach (var ev in gateway.WatchAsync(admin, "r")) seen.Add(ev.State); });
        Assert.Equal(["running"], seen);
        Assert.Equal(("generator", StatusCode.Unavailable), (e.Failure.Service, e.Failure.Code));
    }

    [Fact]
    public async Task Only_a_signed_in_admin_may_train_and_only_the_sign_in_that_started_a_run_may_watch_or_cancel_it()
    {
        int starts = 0;
        var generator = new FakeGenerator
        {
            OnStartTraining = _ => { starts++; return new StartTrainingResponse { RunId = "run1" }; },
            OnWatchTraining = _ => new ChannelStreamReader<TrainingEvent>(),
            OnCancelTraining = _ => new CancelTrainingResponse { Cancelled = true },
        };
        var gateway = new TrainingGateway(generator, new TrainingRunRegistry(), _sessions);
        var owner = Admin(_sessions.Begin());
        var otherAdmin = Admin(_sessions.Begin());
        var signedOut = Admin(_sessions.Begin());
        _sessions.End(AdminSessions.IdOf(signedOut));
        var visitor = new ClaimsPrincipal(new ClaimsIdentity());
        var rater = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "rater"), new Claim(AdminSessions.ClaimType, "guess")], "other"));
        var forged = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, AdminAuth.Role), new Claim(AdminSessions.ClaimType, "0000")], "forged"));

        foreach (var caller in new[] { visitor, rater, signedOut, forged })
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => gateway.StartAsync(caller, new StartTrainingRequest()));
        Assert.Equal(0, starts);

        Assert.Equal("run1", await gateway.StartAsync(owner, new StartTrainingRequest()));
        Assert.Equal("run1", gateway.LatestRun(owner));
        foreach (var caller in new[] { otherAdmin, visitor, signedOut })
        {
            Assert.Null(gateway.LatestRun(caller));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => gateway.CancelAsync(caller, "run1"));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(async () => { await foreach (var _ in gateway.WatchAsync(caller, "run1")) { } });
        }
        Assert.Empty(generator.CancelRequests);
        Assert.True(await gateway.CancelAsync(owner, "run1"));
        Assert.Equal("run1", Assert.Single(generator.CancelRequests).RunId);
    }
}
