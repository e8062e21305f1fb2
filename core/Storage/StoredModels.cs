using System.Text.Json.Nodes;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Storage;

/// <summary>
/// The product's conventions on top of the model store: the id each model of a trained set gets, the weights
/// stems and config sections of each kind, and typed loading. Every part of the product (CLI, services) loads
/// through here, so a model saved by the trainer is always read back with the same networks and scaling.
/// </summary>
public static partial class StoredModels
{
    public const string SoundEncoderId = "sound-encoder";
    public const string ImageEncoderId = "image-encoder";
    public const string AutoencoderId = "autoencoder";
    public const string I2SId = "i2s";
    public const string PoseRegressorId = "pose-regressor";
    /// <summary>A pose teacher of the pose regressor's kind (a recipe's <c>teacherArchitecture: "regressor"</c>), shared by the run's pose models.</summary>
    public const string PoseTeacherId = "pose-teacher";
    /// <summary>An S2I variant's model id; an ablation arm's model of it has the arm's name appended (<see cref="S2IModelIds"/>).</summary>
    public static string S2IId(string variant, string? arm = null) => S2IModelIds.Of(variant, arm);

    /// <summary>Whether <paramref name="arm"/> can name an ablation arm: 1-40 characters of a-z, 0-9 and '-' (it becomes part of a model id).</summary>
    public static bool IsArmName(string arm) => System.Text.RegularExpressions.Regex.IsMatch(arm, "^[a-z0-9][a-z0-9-]{0,39}$");
    public static string PoseId(string instrument) => $"pose-{instrument}";

    public const string NetworkConfig = "network";
    public const string ConditionEncoder = "condition_encoder";
    public const string Normalisation = "lms_normalisation";
    /// <summary>S2I models: which generator and discriminator (<see cref="S2IArchitecture"/>); absent means the paper's.</summary>
    public const string Architecture = "architecture";
    /// <summary>
    /// Pose models: features computed from the sound and appended to the encoder's embedding (<see cref="PitchOnsetEmbedder.Name"/>);
    /// absent means the embedding alone, as every model stored before the field.
    /// </summary>
    public const string ConditionFeatures = "condition_features";
    internal const string Model = "model";
    const string GeneratorStem = "generator", DiscriminatorStem = "discriminator";

    /// <summary>A stored model's identity and provenance, besides its weights.</summary>
    public sealed record Provenance(string DatasetId, string Recipe, int Epoch, IReadOnlyDictionary<string, double> Metrics);

    public static ModelManifest SaveSoundEncoder(string root, SoundClassifier model, Provenance p) =>
        Save(root, SoundEncoderId, ModelKinds.SoundEncoder, null, null, p, Config(model.Config), new() { [Model] = model });

    public static ModelManifest SaveImageEncoder(string root, ImageClassifier model, Provenance p) =>
        Save(root, ImageEncoderId, ModelKinds.ImageEncoder, null, null, p, Config(model.Config), new() { [Model] = model });

    public static ModelManifest SaveAutoencoder(string root, StackedAutoencoder model, Provenance p) =>
        Save(root, AutoencoderId, ModelKinds.Autoencoder, null, null, p, Config(model.Config), new() { [Model] = model });

    /// <summary>
    /// Saves a GAN (S2I variant, pose model or I2S) with the id of the encoder that made its conditions; an S2I model
    /// also records its <paramref name="architecture"/> (null: the paper's networks, recorded as such), and an S2I model
    /// of an ablation arm is stored as <c>s2i-&lt;variant&gt;-&lt;arm&gt;</c>. A pose model may name
    /// <paramref name="conditionFeatures"/> appended to the encoder's embedding (<see cref="PitchOnsetEmbedder.Name"/>).
    /// </summary>
    public static ModelManifest SaveGan(string root, string kind, string? variant, string? instrument, GanConfig config,
        string conditionEncoderId, ConditionalGenerator generator, ConditionalDiscriminator discriminator, Provenance p,
        S2IArchitecture? architecture = null, string? arm = null, string? conditionFeatures = null)
    {
        if ((architecture ?? (object?)arm) is not null && kind != ModelKinds.S2I)
            throw new ArgumentException("only S2I models choose their architecture or belong to an ablation arm", nameof(architecture));
        if (conditionFeatures is not null && (kind != ModelKinds.Pose || conditionFeatures != PitchOnsetEmbedder.Name))
            throw new ArgumentException($"only pose models add condition features, and only '{PitchOnsetEmbedder.Name}'", nameof(conditionFeatures));
        var id = kind switch
        {
            ModelKinds.S2I => S2IId(variant!, arm),
            ModelKinds.Pose => PoseId(instrument!),
            ModelKinds.I2S => I2SId,
            _ => throw new ArgumentException($"{kind} is not a GAN kind", nameof(kind)),
        };
        var cfg = Config(config);
        cfg[ConditionEncoder] = conditionEncoderId;
        if (kind == ModelKinds.S2I) cfg[Architecture] = ModelManifest.ToConfigNode(architecture ?? S2IArchitecture.Paper);
        if (conditionFeatures is not null) cfg[ConditionFeatures] = conditionFeatures;
        return Save(root, id, kind, variant, instrument, p, cfg, new() { [GeneratorStem] = generator, [DiscriminatorStem] = discriminator });
    }

    public static (SoundClassifier Model, ModelManifest Manifest) LoadSoundEncoder(string root, string id = SoundEncoderId)
    {
        var manifest = Manifest(root, id, ModelKinds.SoundEncoder);
        var model = new SoundClassifier(manifest.ConfigAs<SoundClassifierConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.SoundEncoder, model), manifest);
    }

    public static (ImageClassifier Model, ModelManifest Manifest) LoadImageEncoder(string root, string id = ImageEncoderId)
    {
        var manifest = Manifest(root, id, ModelKinds.ImageEncoder);
        var model = new ImageClassifier(manifest.ConfigAs<ImageClassifierConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.ImageEncoder, model), manifest);
    }

    public static (StackedAutoencoder Model, ModelManifest Manifest) LoadAutoencoder(string root, string id = AutoencoderId)
    {
        var manifest = Manifest(root, id, ModelKinds.Autoencoder);
        var model = new StackedAutoencoder(manifest.ConfigAs<AutoencoderConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.Autoencoder, model), manifest);
    }

    /// <summary>Loads a GAN's generator (the discriminator is only needed to resume training).</summary>
    public static (ConditionalGenerator Generator, ModelManifest Manifest) LoadGenerator(string root, string id)
    {
        var manifest = ModelStore.Verify(Path.Combine(root, id));
        var config = manifest.ConfigAs<GanConfig>(NetworkConfig);
        ConditionalGenerator generator = manifest.Kind switch
        {
            ModelKinds.S2I => ArchitectureOf(manifest).NewGenerator(config),
            ModelKinds.Pose => new S2IGenerator(config),
            ModelKinds.I2S => new I2SGenerator(config),
            _ => throw new ModelStoreException($"model '{id}' is a {manifest.Kind} model, not a generator"),
        };
        ModelStore.Load(root, id, manifest.Kind, new Dictionary<string, nn.Module> { [GeneratorStem] = generator });
        generator.eval();
        return (generator, manifest);
    }

    /// <summary>An S2I model's networks as its manifest records them; the paper's when it records none (models stored before the field).</summary>
    public static S2IArchitecture ArchitectureOf(ModelManifest s2i)
    {
        if (s2i.Config[Architecture] is null) return S2IArchitecture.Paper;
        var architecture = s2i.ConfigAs<S2IArchitecture>(Architecture);
        try { architecture.Validate(); }
        catch (InvalidInputException e) { throw new ModelStoreException($"model '{s2i.Id}': {e.Message}", e); }
        return architecture;
    }

    /// <summary>The id of the encoder whose embeddings a GAN was trained on.</summary>
    public static string ConditionEncoderOf(ModelManifest gan) =>
        gan.Config[ConditionEncoder]?.GetValue<string>()
        ?? throw new ModelStoreException($"model '{gan.Id}' does not name the encoder of its conditions");

    /// <summary>The features a GAN's condition appends to its encoder's embedding: null for none, else <see cref="PitchOnsetEmbedder.Name"/>.</summary>
    public static string? ConditionFeaturesOf(ModelManifest gan)
    {
        var name = gan.Config[ConditionFeatures]?.GetValue<string>();
        return name is null || name == PitchOnsetEmbedder.Name ? name
            : throw new ModelStoreException($"model '{gan.Id}' names condition features '{name}' this version does not know (only '{PitchOnsetEmbedder.Name}')");
    }

    internal static ModelManifest Manifest(string root, string id, string kind)
    {
        var m = ModelStore.Verify(Path.Combine(root, id));
        if (m.Kind != kind) throw new ModelStoreException($"model '{id}' is a {m.Kind} model, expected {kind}");
        return m;
    }

    /// <summary>Loads a single-network model's weights and puts it in eval mode (inference is all it is loaded for).</summary>
    internal static T LoadInto<T>(string root, string id, string kind, T model) where T : nn.Module
    {
        ModelStore.Load(root, id, kind, new Dictionary<string, nn.Module> { [Model] = model });
        model.eval();
        return model;
    }

    internal static JsonObject Config<T>(T networkConfig) => new()
    {
        [NetworkConfig] = ModelManifest.ToConfigNode(networkConfig),
        [Normalisation] = ModelManifest.ToConfigNode(SoundInput.Normalisation),
    };

    internal static ModelManifest Save(string root, string id, string kind, string? variant, string? instrument, Provenance p,
        JsonObject config, Dictionary<string, nn.Module> modules) =>
        ModelStore.Save(root, new ModelManifest
        {
            Id = id, Kind = kind, Variant = variant, Instrument = instrument,
            DatasetId = p.DatasetId, Recipe = p.Recipe, Epoch = p.Epoch,
            Metrics = new Dictionary<string, double>(p.Metrics), Config = config,
        }, modules);
}
