using CrossModal.Domain;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>What the visitor chose and got on the Sound → Image page, kept for the circuit (a failure loses nothing).</summary>
public sealed class SoundToImageState
{
    public UploadedFile? Input { get; set; }
    public string? InputUrl { get; set; }
    public string ModelId { get; set; } = S2IModelIds.ProductDefault;
    public int Count { get; set; } = 8;
    public long Seed { get; set; } = 1;
    public SoundToImageResult? Result { get; set; }
}

/// <summary>The Image → Sound page's choices and results, kept for the circuit.</summary>
public sealed class ImageToSoundState
{
    public UploadedFile? Input { get; set; }
    public string? InputUrl { get; set; }
    public long Seed { get; set; } = 1;
    public ImageToSoundResult? Result { get; set; }
    public NearestSpectrogram? Nearest { get; set; }
    public Prediction? Heard { get; set; }
}

/// <summary>The Training page's form, kept for the circuit.</summary>
public sealed class TrainingFormState
{
    public string Kind { get; set; } = "s2i";
    public string Variant { get; set; } = S2IVariant.Classifier;
    public string Instrument { get; set; } = "cello";
    public string Dataset { get; set; } = "synthetic";
    public int Epochs { get; set; } = 2;
    public int BatchSize { get; set; } = 64;
    public long Seed { get; set; } = 1;
    public int MaxPerClass { get; set; } = 32;

    public StartTrainingRequest ToRequest() => new()
    {
        Kind = Kind,
        Variant = Kind == "s2i" ? Variant : "",
        Instrument = Kind == "pose" ? Instrument : "",
        Dataset = Dataset.Trim(),
        Epochs = Epochs,
        BatchSize = BatchSize,
        Seed = Seed,
        MaxPerClass = MaxPerClass,
    };
}
