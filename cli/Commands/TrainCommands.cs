using System.CommandLine;
using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Domain;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal train ...`: one model (encoder, autoencoder, s2i, pose, i2s), a whole recipe, or the second judges
/// (<see cref="TrainJudgesCommand"/>, apart from any recipe). A single-model
/// command is a one-step recipe over the same runner, so it resumes, records history and reuses stored encoders
/// exactly as a recipe does.
/// </summary>
public static class TrainCommands
{
    public static Command Build()
    {
        var train = new Command("train", "Train encoders and GANs into a model store folder (resumable; progress on stderr).");
        train.Subcommands.Add(RecipeCommand());
        train.Subcommands.Add(Single("encoder", "Train the sound (LMS) or image classifier whose 128-d layer is the embedding.",
            (o, pr) => pr.GetValue(o.Modality) == "image"
                ? o.Base(pr) with { ImageEncoder = new ImageEncoderStep { Epochs = pr.GetValue(o.Epochs) ?? 8, BatchSize = pr.GetValue(o.Batch), MaxPerClass = pr.GetValue(o.PerClass) } }
                : o.Base(pr) with { SoundEncoder = new SoundEncoderStep { Epochs = pr.GetValue(o.Epochs) ?? 10, BatchSize = pr.GetValue(o.Batch), MaxPerClass = pr.GetValue(o.PerClass) } },
            withModality: true));
        train.Subcommands.Add(Single("autoencoder", "Train the stacked conv-deconv autoencoder sound encoder (S2I-A), stack by stack.",
            (o, pr) => o.Base(pr) with { Autoencoder = new AutoencoderStep { Epochs = pr.GetValue(o.Epochs) ?? 2, BatchSize = pr.GetValue(o.Batch), MaxPerClass = pr.GetValue(o.PerClass) } }));
        train.Subcommands.Add(Single("s2i", "Train a sound-to-image GAN-CLS (variant c, n or a); needs the encoders in --models.",
            (o, pr) => o.Base(pr) with { S2I = new S2IStep { Variants = [pr.GetValue(o.Variant)!], Epochs = pr.GetValue(o.Epochs) ?? 8, BatchSize = pr.GetValue(o.Batch), MaxPerClass = pr.GetValue(o.PerClass) } },
            withVariant: true));
        train.Subcommands.Add(Single("pose", "Train a pose-oriented S2I model for one instrument; needs the encoders in --models.",
            (o, pr) => o.Base(pr) with { Pose = new PoseStep { Instruments = [pr.GetValue(o.Instrument)!], Epochs = pr.GetValue(o.Epochs) ?? 30, BatchSize = pr.GetValue(o.Batch) } },
            withInstrument: true));
        train.Subcommands.Add(Single("i2s", "Train the image-to-sound GAN-CLS (128x34 LMS); needs the encoders in --models.",
            (o, pr) => o.Base(pr) with { I2S = new I2SStep { Epochs = pr.GetValue(o.Epochs) ?? 6, BatchSize = pr.GetValue(o.Batch), MaxPerClass = pr.GetValue(o.PerClass) } }));
        train.Subcommands.Add(TrainJudgesCommand.Build());
        return train;
    }

    static Command RecipeCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "Recipe JSON (e.g. models/recipes/starter.json)." };
        var data = new Option<string?>("--data") { Description = "Dataset folder; overrides the recipe's." };
        var output = new Option<string?>("--models") { Description = "Model store folder to write; overrides the recipe's." };
        var force = new Option<bool>("--force") { Description = "Retrain models the store already has from this recipe." };
        // A second training seed of the same recipe (issue 17: the default model is reported as mean ± sd over seeds);
        // the seed is part of every step's id, so a store never mistakes one seed's model for another's.
        var seed = new Option<long?>("--seed") { Description = "Seed of every random choice; overrides the recipe's." };
        var cmd = new Command("recipe", "Train every model a recipe lists, in dependency order, into its model store folder.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(data); cmd.Options.Add(output); cmd.Options.Add(force); cmd.Options.Add(seed);
        cmd.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var recipe = TrainingRecipe.Load(pr.GetValue(file)!.FullName);
            if (pr.GetValue(seed) is { } chosen) recipe = recipe with { Seed = chosen };
            return Task.FromResult(TrainingConsole.Run(recipe, pr.GetValue(data) ?? recipe.Dataset, pr.GetValue(output) ?? recipe.Output, pr.GetValue(force), ct));
        }));
        return cmd;
    }

    sealed class CommonOptions
    {
        public readonly Option<string> Data = new("--data") { Description = "Dataset folder (Sub-URMP layout).", Required = true };
        public readonly Option<string> Models = new("--models") { Description = "Model store folder to write (and to read encoders from).", Required = true };
        public readonly Option<int?> Epochs = new("--epochs") { Description = "Epochs (default depends on the model)." };
        public readonly Option<int> Batch = new("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
        public readonly Option<int> PerClass = new("--per-class") { Description = "At most this many training pairs per instrument (0: all).", DefaultValueFactory = _ => 0 };
        public readonly Option<long> Seed = new("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 1 };
        public readonly Option<int> Threads = new("--threads") { Description = "Torch threads (results are bit-reproducible at a fixed count).", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        public readonly Option<bool> Force = new("--force") { Description = "Retrain even if the store already has this model." };
        public readonly Option<string> Modality = new("--modality") { Description = "sound or image.", DefaultValueFactory = _ => "sound" };
        public readonly Option<string> Variant = new("--variant") { Description = "S2I variant: c, n or a.", DefaultValueFactory = _ => "c" };
        public readonly Option<string> Instrument = new("--instrument") { Description = "Instrument of the pose model.", Required = true };

        public TrainingRecipe Base(ParseResult pr) => new()
        {
            Name = "cli", Dataset = pr.GetValue(Data)!, Output = pr.GetValue(Models)!, Seed = pr.GetValue(Seed), Threads = pr.GetValue(Threads),
        };
    }

    static Command Single(string name, string description, Func<CommonOptions, ParseResult, TrainingRecipe> recipe,
        bool withModality = false, bool withVariant = false, bool withInstrument = false)
    {
        var o = new CommonOptions();
        var cmd = new Command(name, description);
        foreach (var opt in new Option[] { o.Data, o.Models, o.Epochs, o.Batch, o.PerClass, o.Seed, o.Threads, o.Force }) cmd.Options.Add(opt);
        if (withModality) { o.Modality.AcceptOnlyFromAmong("sound", "image"); cmd.Options.Add(o.Modality); }
        if (withVariant) { o.Variant.AcceptOnlyFromAmong([.. S2IVariant.All]); cmd.Options.Add(o.Variant); }
        if (withInstrument) cmd.Options.Add(o.Instrument);
        cmd.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var r = recipe(o, pr);
            r.Validate();
            return Task.FromResult(TrainingConsole.Run(r, r.Dataset, r.Output, pr.GetValue(o.Force), ct));
        }));
        return cmd;
    }
}
