using CrossModal.Clients;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>The real spectrogram closest to a generated one, and how far it is (RMS difference in dB).</summary>
public sealed record NearestSpectrogram(string Instrument, Spectrogram Lms, double RmsDb);

/// <summary>
/// Finds the nearest real LMS among the bundled examples (one real 0.5 s recording per instrument): their LMS are made
/// once by the encoder service (EncodeAudio, exactly the front end the models saw) and kept; a generated 128 x 34 LMS is
/// brought to 44 frames and compared by RMS difference in dB. Why the examples and not a dataset's validation split: the
/// web app must work without a dataset (the services' data root is optional, and a split holds thousands of chunks); 13
/// references, one per instrument, answer the question the page asks — which instrument does the generated sound look
/// like — and each can be played.
/// </summary>
public sealed class NearestRealSpectrogram(EncoderService.EncoderServiceClient encoder, ExampleCatalog examples)
{
    readonly SemaphoreSlim gate = new(1, 1);
    IReadOnlyList<(string Instrument, Spectrogram Lms)>? references;

    public async Task<NearestSpectrogram> FindAsync(Spectrogram generated, CancellationToken cancellationToken = default)
    {
        var all = await ReferencesAsync(cancellationToken);
        var probe = SpectrogramMath.ResizeFrames(generated, all[0].Lms.Frames);
        return all.Select(r => new NearestSpectrogram(r.Instrument, r.Lms, SpectrogramMath.RmsDistance(probe, r.Lms)))
            .MinBy(n => n.RmsDb)!;
    }

    async Task<IReadOnlyList<(string Instrument, Spectrogram Lms)>> ReferencesAsync(CancellationToken cancellationToken)
    {
        if (references is { } ready) return ready;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (references is { } done) return done;
            var list = new List<(string Instrument, Spectrogram Lms)>();
            foreach (var instrument in ExampleCatalog.Instruments)
            {
                var wav = await examples.WavAsync(instrument);
                var request = new EncodeAudioRequest { Wav = Google.Protobuf.ByteString.CopyFrom(wav.Bytes) };
                var response = await ServiceCall.RunAsync(ServiceAddresses.Encoder,
                    async () => await encoder.EncodeAudioAsync(request, cancellationToken: cancellationToken));
                SpectrogramMath.CheckShape(response.Lms);
                list.Add((instrument, response.Lms));
            }
            // Kept only once complete: a failure part-way leaves nothing cached, so Retry starts over.
            references = list;
            return list;
        }
        finally
        {
            gate.Release();
        }
    }
}
