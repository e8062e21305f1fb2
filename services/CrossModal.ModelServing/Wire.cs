using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using System.Buffers.Binary;
using Google.Protobuf;
using Proto = CrossModal.Protos.V1;
using CoreSpectrogram = CrossModal.Core.Audio.Spectrogram;

namespace CrossModal.ModelServing;

/// <summary>Conversions between core values and crossmodal.v1 messages, with the checks untrusted messages need.</summary>
public static class Wire
{
    /// <summary>A classifier's probability row as a Prediction over the URMP instruments, in class order.</summary>
    public static Proto.Prediction Prediction(IReadOnlyList<double> probabilities)
    {
        if (probabilities.Count != Instruments.All.Count)
            throw new ModelStoreException($"the classifier has {probabilities.Count} classes, the product knows {Instruments.All.Count} instruments");
        var best = 0;
        for (var i = 1; i < probabilities.Count; i++) if (probabilities[i] > probabilities[best]) best = i;
        var p = new Proto.Prediction { Instrument = Instruments.All[best], Confidence = (float)probabilities[best] };
        for (var i = 0; i < probabilities.Count; i++)
            p.Scores.Add(new Proto.ClassScore { Instrument = Instruments.All[i], Probability = (float)probabilities[i] });
        return p;
    }

    public static Proto.Spectrogram Spectrogram(ReadOnlySpan<float> values, int bins, int frames)
    {
        var s = new Proto.Spectrogram { Bins = bins, Frames = frames };
        s.Values.AddRange(values.ToArray());
        return s;
    }

    /// <summary>
    /// An untrusted spectrogram message: shape within bounds, exactly bins*frames values, every value finite.
    /// <paramref name="what"/> names it in messages ("lms", "spectrogram 3").
    /// </summary>
    public static CoreSpectrogram Spectrogram(Proto.Spectrogram? s, string what, int bins, int minFrames, int maxFrames)
    {
        if (s is null) throw new InvalidInputException($"{what} is missing.");
        if (s.Bins != bins) throw new InvalidInputException($"{what} must have {bins} mel bins, got {s.Bins}.");
        if (s.Frames < minFrames || s.Frames > maxFrames)
            throw new InvalidInputException($"{what} must have {minFrames}..{maxFrames} frames, got {s.Frames}.");
        if (s.Values.Count != (long)s.Bins * s.Frames)
            throw new InvalidInputException($"{what} has {s.Values.Count} values; {s.Bins} x {s.Frames} needs {(long)s.Bins * s.Frames}.");
        var data = s.Values.ToArray();
        for (var i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i]))
                throw new InvalidInputException($"{what} has a NaN or infinite value at bin {i / s.Frames}, frame {i % s.Frames}.");
        return new CoreSpectrogram(data, s.Bins, s.Frames);
    }

    /// <summary>An embedding message: exactly <paramref name="size"/> finite values.</summary>
    public static float[] Embedding(Proto.Embedding e, int size)
    {
        if (e.Values.Count != size) throw new InvalidInputException($"the embedding must have {size} values, got {e.Values.Count}.");
        var values = e.Values.ToArray();
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) throw new InvalidInputException($"the embedding has a NaN or infinite value at index {i}.");
        return values;
    }

    /// <summary>The bytes of one live sound window: exactly 0.5 s of mono 16-bit little-endian PCM at 44.1 kHz.</summary>
    public const int LiveWindowBytes = AudioFrontEnd.ChunkSamples * sizeof(short);

    /// <summary>A live window (<see cref="LiveWindowBytes"/> of 16-bit PCM) as the model chunk, samples in [-1, 1).</summary>
    public static float[] LiveWindow(ByteString pcm)
    {
        if (pcm.Length != LiveWindowBytes)
            throw new InvalidInputException(
                $"a live window must be {AudioFrontEnd.ChunkSamples} samples of mono 16-bit PCM at {AudioFrontEnd.SampleRate} Hz ({LiveWindowBytes} bytes), got {pcm.Length} bytes.");
        var bytes = pcm.Span;
        var samples = new float[AudioFrontEnd.ChunkSamples];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(i * sizeof(short))) / 32768f;
        return samples;
    }

    /// <summary>Uploaded bytes that must not be empty.</summary>
    public static byte[] Upload(ByteString bytes, string what)
    {
        if (bytes.IsEmpty) throw new InvalidInputException($"{what} is empty (0 bytes).");
        return bytes.ToByteArray();
    }

    public static Proto.ModelInfo ModelInfo(ModelManifest m)
    {
        var info = new Proto.ModelInfo
        {
            Id = m.Id, Kind = m.Kind, Variant = m.Variant ?? "", Instrument = m.Instrument ?? "",
            Dataset = m.DatasetId, Epoch = m.Epoch, CreatedUtc = m.Created.UtcDateTime.ToString("O"),
        };
        foreach (var (k, v) in m.Metrics) info.Metrics[k] = v;
        return info;
    }
}
