using CrossModal.GeneratorService.Generation;
using CrossModal.ModelServing;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.GeneratorService.Live;

/// <summary>
/// One live Image → Sound session: each camera frame taken (newest first, <see cref="NewestWins{T}"/>) is answered
/// with its 0.5 s sound (WAV) and the spectrogram picture, as the one-shot ImageToSound makes them.
/// </summary>
public sealed class LiveImageToSoundStream(ServiceModels models, TorchWorkers workers, LiveSessions sessions)
{
    public async Task Run(IAsyncStreamReader<LiveFrame> requests, IServerStreamWriter<LiveSound> answers, CancellationToken cancel)
    {
        using var session = sessions.Enter(LiveSessions.Kind.Image);
        await using var frames = NewestWins<LiveFrame>.Read(requests, cancel);
        var generator = ServedGeneration.ImageToSoundGenerator(models, null);
        await foreach (var arrived in frames.Items(cancel))
        {
            var frame = arrived.Item;
            var sound = await ServedGeneration.Sound(models, workers, Wire.Upload(frame.Image, "the camera frame"), frame.Seed, cancel);
            await answers.WriteAsync(new LiveSound
            {
                Sequence = frame.Sequence,
                ModelId = generator.Id,
                Wav = ByteString.CopyFrom(sound.Wav),
                SpectrogramPng = ByteString.CopyFrom(sound.SpectrogramPng),
                Dropped = (ulong)frames.Dropped,
                ServiceMs = arrived.ElapsedMilliseconds,
            }, cancel);
        }
    }
}
