using System.Diagnostics;
using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains one S2I variant: a GAN from the sound encoder's (or, for S2I-A, the autoencoder's) embedding to
/// a 64x64 image, judged after each epoch by the image classifier on a per-class subset of training and validation
/// sounds (<see cref="GeneratorJudge"/>). S2I-N trains without mismatched pairs; an auxiliary class loss and batch-norm
/// recalibration are set per variant by the recipe, the stronger generator's switches (<see cref="S2ISwitches"/>) per
/// step or per ablation arm.
/// How the variants meet the projection discriminator: S2I-N keeps its definition, no wrong-pair term (the projection
/// D still conditions through ⟨P e, φ(x)⟩ on real and generated pairs, so S2I-N against S2I-C then measures what the
/// wrong pair adds on top of projection); the auxiliary class head reads φ(x), unnormalised, and is switched per variant
/// exactly as with GAN-CLS's D (docs/MODELS.md).
/// </summary>
internal static class S2ITraining
{
    /// <param name="arm">The ablation arm this step trains (model s2i-&lt;variant&gt;-&lt;arm&gt;), null outside an ablation.</param>
    public static void Train(RecipeRun run, S2IStep step, string variant, string? arm, UnitLmsEmbedder encoder, string encoderId, ImageClassifier judge,
        LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        var id = StoredModels.S2IId(variant, arm);
        if (run.Existing(id, step, encoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        // Seeded by the variant, not the arm: the arms of an ablation start G from the same weights wherever their networks
        // agree (the EMA's copy is drawn last), and a variant without arms as before. D too, except between arms that differ
        // in the class loss: S2IDiscriminator's head is constructed (and draws its default init) before D's DCGAN
        // initialisation, so its convolutions start from other draws. Kept so, since the shipped models were trained
        // that way; I2SDiscriminator draws its head after the initialisation.
        Seeding.SeedTorch(run.Seed, StoredModels.S2IId(variant));
        var config = new GanConfig();
        var switches = step.Effective;
        var architecture = switches.Architecture;
        var classWeight = step.ClassLossOf(variant);
        var (g, d) = (run.OnDevice(architecture.NewGenerator(config)), run.OnDevice(architecture.NewDiscriminator(config, classWeight > 0 ? Instruments.All.Count : 0)));
        // The average's own generator, made after G and D so that their initial weights do not depend on the EMA switch.
        using var average = switches.EmaDecay > 0 ? run.OnDevice(architecture.NewGenerator(config)) : null;
        var shipped = average ?? g;
        using var subset = train.Data.Subset(run.Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForSoundToImage(subset, encoder);
        using var judged = JudgedConditions.Of(run, data, valid.Data.Sounds, valid.Data.Labels, encoder, step.EvaluatePerClass);
        var rule = S2IVariant.TrainsOnWrongPairs(variant) ? WrongPairRule.OtherInstrument : WrongPairRule.None;
        var options = switches.ApplyTo(JudgedGanTraining.Options(run, step, step.Beta1, step.PreviewEpochs, id, rule)
            with { AuxiliaryClassWeight = classWeight, BatchNormRecalibrationBatches = step.BatchNormRecalibration });
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.ImageAccuracy(shipped, judged.Train, judged.TrainLabels, judge, run.Seed),
             GeneratorJudge.ImageAccuracy(shipped, judged.Valid, judged.ValidLabels, judge, run.Seed)), step.KeepBestEpoch, average);
        var metrics = StepMetrics.Of(epochs, null);
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.S2I, variant, null, config, encoderId, shipped, d, run.Provenance(id, step, metrics), architecture, arm);
        run.Record(id, ModelKinds.S2I, clock, shipped, epochs, metrics);
    }
}
