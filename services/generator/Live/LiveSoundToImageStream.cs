using CrossModal.Core.Audio;
using CrossModal.Core.Generation;
using CrossModal.GeneratorService.Generation;
using CrossModal.ModelServing;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.GeneratorService.Live;

/// <summary>
/// One live Sound → Image session: each 0.5 s window taken (newest first, <see cref="NewestWins{T}"/>) is answered
/// with one image from the session's generator — or, at or below the paper's −45 dBFS silence filter, with "silent"
/// and no image — and with what the sound classifier hears in it. The image goes through the same batcher as one-shot
/// requests, so the live sessions' windows share forward passes with each other and with everything else.
/// </summary>
public sealed class LiveSoundToImageStream(ServiceModels models, TorchWorkers workers, SoundToImageBatcher batcher, LiveSessions sessions)
{
    /// <summary>The floor of the level reported for silence (−∞ dBFS does not travel well as JSON).</summary>
    public const double LevelFloorDbfs = -120;

    public async Task Run(IAsyncStreamReader<LiveSoundWindow> requests, IServerStreamWriter<LiveImage> answers, CancellationToken cancel)
    {
        using var session = sessions.Enter(LiveSessions.Kind.Sound);
        await using var windows = NewestWins<LiveSoundWindow>.Read(requests, cancel);
        LoadedGenerator? generator = null;
        await foreach (var arrived in windows.Items(cancel))
        {
            var window = arrived.Item;
            // The session's generator is the one its first window names; later windows cannot switch it mid-stream.
            generator ??= ServedGeneration.SoundToImageGenerator(models, window.ModelId);
            var answer = await Answer(generator, window, cancel);
            answer.Dropped = (ulong)windows.Dropped;
            answer.ServiceMs = arrived.ElapsedMilliseconds;
            await answers.WriteAsync(answer, cancel);
        }
    }

    async Task<LiveImage> Answer(LoadedGenerator g, LiveSoundWindow window, CancellationToken cancel)
    {
        var samples = Wire.LiveWindow(window.Pcm);
        var level = Loudness.RmsDbfs(samples);
        var answer = new LiveImage { Sequence = window.Sequence, ModelId = g.Id, LevelDbfs = Math.Max(level, LevelFloorDbfs) };
        if (!(level > Loudness.SilenceThresholdDbfs))   // the paper's filter, as Loudness.IsAudible, on the level already measured
        {
            answer.Silent = true;
            return answer;
        }
        using var arrival = batcher.Arrive();    // a batch being gathered waits for this window's image too
        var lms = ChunkAudio.Lms(samples);
        var (embedding, heard) = await workers.Run(() => SoundToImagePipeline.ConditionAndHeard(g, models.Set.SoundClassifier, lms), cancel);
        var png = (await batcher.Generate(g, embedding, 1, window.Seed, cancel, arrival))[0];
        answer.Png = ByteString.CopyFrom(png);
        answer.Heard = Wire.Prediction(heard);
        return answer;
    }
}
