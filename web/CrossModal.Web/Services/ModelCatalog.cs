using CrossModal.Domain;
using CrossModal.Clients;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>The generator's model store (ListModels), for the Models page and the model pickers.</summary>
public sealed class ModelCatalog(GeneratorService.GeneratorServiceClient generator)
{
    /// <summary>Offered for Sound → Image when the generator cannot be asked: the product's default, then the paper's S2I ids.</summary>
    public static IReadOnlyList<string> DefaultSoundToImageModels { get; } = [S2IModelIds.ProductDefault, .. S2IModelIds.Paper];

    public async Task<IReadOnlyList<ModelInfo>> ListAsync(string kind = "", CancellationToken cancellationToken = default)
    {
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.ListModelsAsync(new ListModelsRequest { Kind = kind }, cancellationToken: cancellationToken));
        return response.Models.OrderBy(m => KindOrder(m.Kind)).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The models that make images from a sound: the product's default first, then S2I-C/N/A (and any ablation arms), then the pose models.</summary>
    public async Task<IReadOnlyList<ModelInfo>> SoundToImageModelsAsync(CancellationToken cancellationToken = default) =>
        (await ListAsync("", cancellationToken)).Where(m => m.Kind is "s2i" or "pose")
            .OrderBy(m => m.Id == S2IModelIds.ProductDefault ? 0 : 1).ToList();

    /// <summary>How a model is named in a picker: "S2I-C", "pose (cello)".</summary>
    public static string Describe(ModelInfo m) => m.Kind switch
    {
        "s2i" when m.Id == S2IModelIds.ProductDefault => $"Default: S2I-C + DiffAugment, EMA, mode seeking ({m.Id})",
        "s2i" => $"S2I-{m.Variant.ToUpperInvariant()} ({m.Id})",
        "pose" => $"pose model, {ExampleCatalog.Label(m.Instrument)} ({m.Id})",
        _ => m.Id,
    };

    static int KindOrder(string kind) => kind switch
    {
        "sound-encoder" => 0, "image-encoder" => 1, "autoencoder" => 2, "s2i" => 3, "pose" => 4, "i2s" => 5, _ => 6,
    };
}
