using System.Text.Json;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// GAN-CLS training for every variant (S2I-C/N/A, pose-oriented S2I, I2S): the variant is the pair of networks,
/// the condition source in <see cref="GanTrainingData"/>, and the <see cref="WrongPairRule"/>. Each step:
/// D on the true pair (Sr), on G's sample (Sf) and on a real sample with a wrong condition (Sw), one D update,
/// then one G update. Each step runs in its own dispose scope; the run is synchronous (no await inside).
/// The options' switches (hinge loss, mode seeking, DiffAugment, a weight average of G, several D updates per G
/// update, the auxiliary class and pose losses, a pose teacher) change what a step computes; all off, a step is the one above, bit for bit.
/// </summary>
public sealed class GanTrainer(ConditionalGenerator generator, ConditionalDiscriminator discriminator, GanTrainingOptions options)
{
    /// <summary>Reported at the end of each epoch when given: e.g. classifier accuracy on generated samples.</summary>
    public Func<ConditionalGenerator, int, double>? Evaluator { get; init; }

    /// <summary>
    /// A second generator of the trained one's architecture that receives the weight average when
    /// <see cref="GanTrainingOptions.EmaDecay"/> is on (TorchSharp cannot clone a module); its initial weights do not
    /// matter. At the end of training it holds the average, batch-norm statistics re-estimated; the trained generator
    /// holds the last iterate.
    /// </summary>
    public ConditionalGenerator? AverageGenerator { get; init; }

    /// <summary>
    /// A frozen pose reader G's samples are held to when <see cref="GanTrainingOptions.PoseTeacherWeight"/> is on
    /// (<see cref="Training.PoseTeacher"/>): G's loss adds the squared error between its reading of each sample and the
    /// pose of the sample's condition. Never updated here.
    /// </summary>
    public IPoseReader? PoseTeacher { get; init; }

    /// <summary>The generator the run publishes: the weight average when on, else the trained generator.</summary>
    public ConditionalGenerator Published => options.EmaDecay > 0 ? AverageGenerator! : generator;

    public TrainingResult Train(GanTrainingData data, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        CheckShapes(data);
        CheckClassHead(data);
        CheckPoseReaders(data);
        var sampler = new WrongPairSampler(options.WrongPairs, data.Labels, data.PieceIds, data.Pitches);
        using var optG = optim.Adam(generator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
        using var optD = optim.Adam(discriminator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
        var modules = new Dictionary<string, nn.Module> { ["generator"] = generator, ["discriminator"] = discriminator };
        var average = NewAverage();
        if (average is not null) modules["generator-average"] = average.Average;
        var optimizers = new Dictionary<string, OptimizerHelper> { ["generator"] = optG, ["discriminator"] = optD };
        var store = options.CheckpointDirectory is null ? null : new CheckpointStore(options.CheckpointDirectory);
        var fingerprint = Fingerprint(data);

        var startEpoch = 1;
        if (store?.Latest() is { } latest)
        {
            if (latest.Fingerprint != fingerprint)
                throw new InvalidInputException(
                    $"checkpoints in {store.Directory} belong to a different run (networks, data size or settings differ); use another folder or delete them");
            store.Load(latest, modules, optimizers);
            startEpoch = latest.Epoch + 1;
        }
        var resumedAfter = startEpoch - 1;
        // G updates made before this run's first epoch: the EMA's warm-up counts them, so a resumed run averages as an
        // uninterrupted one (every epoch has the same number of batches, hence of G updates).
        var averagedUpdates = (long)resumedAfter * UpdatesPerEpoch(EpochPlan.Batches(data.Count, options.BatchSize, options.Seed, 1).Count);
        IReadOnlyDictionary<string, double> lastLosses = new Dictionary<string, double>();
        generator.train();
        discriminator.train();
        using var kernels = FastKernels.ForTraining("gan", [generator, discriminator], () => KernelSelfCheckLoss(data));

        for (var epoch = startEpoch; epoch <= options.Epochs; epoch++)
        {
            // Own generator, not the global one: other work in the process cannot perturb this run's noise.
            using var noise = new Generator((ulong)Seeding.Derive(options.Seed, "gan-noise", epoch));
            var wrongRandom = Seeding.Stream(options.Seed, "wrong-pairs", epoch);
            // DiffAugment's own stream, so that switching it on or off leaves the noise and every other draw as they were.
            using var augmentRandom = options.DiffAugment is null ? null : new Generator((ulong)Seeding.Derive(options.Seed, "diff-augment", epoch));
            using var teacherShiftRandom = options.PoseTeacherShifts ? new Generator((ulong)Seeding.Derive(options.Seed, "pose-teacher-shifts", epoch)) : null;
            var batches = EpochPlan.Batches(data.Count, options.BatchSize, options.Seed, epoch);
            double sumD = 0, sumG = 0, lossG = double.NaN;
            var updatesG = 0;
            for (var step = 1; step <= batches.Count; step++)
            {
                cancel.ThrowIfCancellationRequested();
                var batch = batches[step - 1];
                // Drawn here, outside the guarded updates: a retried update sees the same transform.
                var augment = options.DiffAugment?.Draw(batch.Length, data.Targets.shape[2], data.Targets.shape[3], augmentRandom!);
                var teacherShift = options.PoseTeacherShifts
                    ? Training.PoseTeacher.ShiftsForG.Draw(options.ModeSeekingWeight > 0 ? 2 * batch.Length : batch.Length, data.Targets.shape[2], data.Targets.shape[3], teacherShiftRandom!)
                    : null;
                // G after every k-th D update, and after the epoch's last, so every epoch has a G loss to report.
                var updateG = step % options.DiscriminatorSteps == 0 || step == batches.Count;
                var (lossD, g) = Step(data, batch, sampler.Sample(batch, wrongRandom), noise, augment, teacherShift, updateG, optD, optG, epoch, step);
                if (g is double value)
                {
                    lossG = value;
                    sumG += value;
                    updatesG++;
                    average?.Update(WarmedUpDecay(averagedUpdates++));
                }
                sumD += lossD;
                progress?.Report(new TrainingProgress("gan", epoch, options.Epochs, step, batches.Count,
                    new Dictionary<string, double> { ["d"] = lossD, ["g"] = lossG }));
            }
            lastLosses = new Dictionary<string, double> { ["d"] = sumD / batches.Count, ["g"] = updatesG == 0 ? double.NaN : sumG / updatesG };
            if (options.BatchNormRecalibrationBatches > 0)
                BatchNormRecalibration.Run(generator, data.Conditions, options.BatchNormRecalibrationBatches, options.BatchSize,
                    Seeding.Derive(options.Seed, "batch-norm-recalibration", epoch));
            average?.RecalibrateBatchNorm(data.Conditions, options.BatchNormRecalibrationBatches, options.BatchSize,
                Seeding.Derive(options.Seed, "average-batch-norm-recalibration", epoch));
            double? accuracy;
            using (FastKernels.Reference()) accuracy = Evaluator?.Invoke(Published, epoch);   // the judge's networks were not self-checked
            var preview = options.PreviewEpochs.Contains(epoch) ? Preview(data) : null;
            generator.train();
            discriminator.train();
            if (store is not null && (epoch % options.CheckpointEvery == 0 || epoch == options.Epochs))
                store.Save(epoch, fingerprint, modules, optimizers);
            progress?.Report(new TrainingProgress("gan", epoch, options.Epochs, batches.Count, batches.Count, lastLosses,
                EpochCompleted: true, Accuracy: accuracy, Preview: preview));
        }
        generator.eval();
        discriminator.eval();
        Published.eval();
        return new TrainingResult(Math.Max(options.Epochs, resumedAfter), resumedAfter, lastLosses);
    }

    /// <summary>
    /// D's scores on G's samples and on real images for the first batch, projected on fixed random weights: a loss through
    /// every layer of both networks, forward and backward, at the training batch's shapes (<see cref="FastKernels"/>).
    /// </summary>
    private Tensor KernelSelfCheckLoss(GanTrainingData data)
    {
        var n = Math.Min(options.BatchSize, data.Count);
        using var draws = new Generator((ulong)Seeding.Derive(options.Seed, "kernel-self-check"));
        var c = data.Conditions.narrow(0, 0, n);
        var fake = generator.call(c, randn([n, generator.NoiseSize], generator: draws).to(c.device));
        var scores = cat([discriminator.call(fake, c), discriminator.call(data.Targets.narrow(0, 0, n), c)]);
        return (scores * randn(scores.shape, generator: draws).to(c.device)).sum();
    }

    private (double D, double? G) Step(GanTrainingData data, int[] batch, int[]? wrong, Generator noise, DiffAugmentTransform? augment, DiffAugmentTransform? teacherShift, bool updateG,
        OptimizerHelper optD, OptimizerHelper optG, int epoch, int step)
    {
        using var scope = NewDisposeScope();
        var device = data.Targets.device;
        var batchIndex = tensor(batch.Select(i => (long)i).ToArray(), device: device);
        var wrongIndex = wrong is null ? null : tensor(wrong.Select(i => (long)i).ToArray(), device: device);
        var labels = options.AuxiliaryClassWeight > 0 ? tensor(batch.Select(i => (long)data.Labels[i]).ToArray(), device: device) : null;
        var modeSeeking = options.ModeSeekingWeight > 0;
        // With mode seeking G makes two samples per condition, [G(c, z1); G(c, z2)], and they are scored against [c; c].
        var fakeLabels = labels is not null && modeSeeking ? cat([labels, labels]) : labels;
        var poses = options.PoseHeadWeight > 0 || options.PoseTeacherWeight > 0 ? data.Poses!.index_select(0, batchIndex) : null;
        var fakePoses = poses is not null && modeSeeking ? cat([poses, poses]) : poses;
        Tensor c = null!, real = null!, fake = null!, fakeConditions = null!;
        Tensor? wrongReal = null;
        // The noise is drawn once per step, on the CPU from the run's generator (reproducible on any device), then moved,
        // so that every gathering of the step's inputs — each attempt of D's update (GuardedUpdate: a retry after a
        // non-finite loss or gradient gathers again, G's sample included, after batch norm's statistics are put back) and
        // a replay on the reference kernels (KernelCrossCheck) — computes the same batch.
        var z1 = randn([batch.Length, generator.NoiseSize], generator: noise).to(device);
        var z2 = modeSeeking ? randn([batch.Length, generator.NoiseSize], generator: noise).to(device) : null;
        void Gather()
        {
            c = data.Conditions.index_select(0, batchIndex);
            real = data.Targets.index_select(0, batchIndex);
            wrongReal = wrongIndex is null ? null : data.Targets.index_select(0, wrongIndex);
            if (!modeSeeking)
            {
                fake = generator.call(c, z1);
                fakeConditions = c;
                return;
            }
            fakeConditions = cat([c, c]);
            fake = generator.call(fakeConditions, cat([z1, z2!]));
        }
        // One transform per step for every image D sees; G's pair of samples each get the transform of their row.
        Tensor Augment(Tensor images) => augment is null ? images
            : images.shape[0] == batch.Length ? augment.Apply(images)
            : cat([augment.Apply(images[..batch.Length]), augment.Apply(images[batch.Length..])]);
        Tensor DiscriminatorLoss(Tensor sr, Tensor sf, Tensor? sw) =>
            options.Loss == AdversarialLoss.Hinge ? HingeLosses.Discriminator(sr, sf, sw) : GanLosses.Discriminator(sr, sf, sw);
        Tensor GeneratorLoss(Tensor sf) => options.Loss == AdversarialLoss.Hinge ? HingeLosses.Generator(sf) : GanLosses.Generator(sf);
        nn.Module[] both = [generator, discriminator];

        var d = GuardedUpdate.Run("discriminator", epoch, step, optD, discriminator, both, _ =>
        {
            Gather();
            var realJudged = discriminator.Judge(Augment(real), c);
            var (sf, fakeClasses) = discriminator.Judge(Augment(fake.detach()), fakeConditions);
            var sw = wrongReal is null ? null : discriminator.call(Augment(wrongReal), c);
            var loss = DiscriminatorLoss(realJudged.Logit, sf, sw);
            // The pose head learns from real frames only: a pose has no "generated" value to teach it on G's samples.
            if (options.PoseHeadWeight > 0) loss = loss + options.PoseHeadWeight * GanLosses.AuxiliaryPose(realJudged.Pose!, poses!);
            if (labels is null) return loss;
            // The head also learns to put G's samples in the "generated" class: trained on real images alone, G learnt to
            // satisfy it with features the image classifier does not share (2026-12-05: head 99 % right on samples the judge
            // put in the right class 45 % of the time, docs/MODELS.md).
            var generatedClass = full_like(fakeLabels!, discriminator.AuxiliaryClasses);
            var classLoss = (GanLosses.AuxiliaryClass(realJudged.ClassLogits!, labels) + GanLosses.AuxiliaryClass(fakeClasses!, generatedClass)) * 0.5;
            return loss + options.AuxiliaryClassWeight * classLoss;
        });
        if (!updateG) return (d, null);

        // G's loss flows back through D, but only G is updated: with D's parameters frozen, autograd skips D's weight
        // gradients (a D backward's worth of FLOPs the next zero_grad would throw away); G's gradients are unchanged.
        double g;
        using (options.ComputeDiscardedDiscriminatorGradients ? null : FrozenParameters.Of(discriminator))
            g = GuardedUpdate.Run("generator", epoch, step, optG, generator, both, attempt =>
            {
                if (attempt > 1) Gather();
                var judged = discriminator.Judge(Augment(fake), fakeConditions);
                var loss = GeneratorLoss(judged.Logit);
                if (labels is not null) loss = loss + options.AuxiliaryClassWeight * GanLosses.AuxiliaryClass(judged.ClassLogits!, fakeLabels!);
                if (options.PoseHeadWeight > 0) loss = loss + options.PoseHeadWeight * GanLosses.AuxiliaryPose(judged.Pose!, fakePoses!);
                // The teacher reads the sample as G drew it, or shifted (PoseTeacherShifts); never cut out (no DiffAugment: it
                // was trained on whole frames, shifted).
                if (options.PoseTeacherWeight > 0)
                    loss = loss + options.PoseTeacherWeight * GanLosses.AuxiliaryPose(PoseTeacher!.ReadPose(teacherShift is null ? fake : teacherShift.Apply(fake)), fakePoses!);
                if (!modeSeeking) return loss;
                var n = batch.Length;
                return loss + options.ModeSeekingWeight * ModeSeekingLoss.Compute(fake[..n], fake[n..], z1, z2!);
            }, crossCheck: false);
            // Not cross-checked: its first attempt reuses the sample D's update drew, whose graph a replay before it would
            // spoil (putting batch norm's statistics back writes them in place). D's checked update computes G's forward
            // pass and D's kernels; the self-check at the start of the run (FastKernels) covers the backward through D.
        return (d, g);
    }

    /// <summary>The published G's samples for the first pair of each class (up to PreviewCount) with fixed noise, in eval mode.</summary>
    private SamplePreview Preview(GanTrainingData data)
    {
        var picks = Enumerable.Range(0, data.Count).GroupBy(i => data.Labels[i]).OrderBy(g => g.Key)
            .Select(g => g.First()).Take(options.PreviewCount).ToList();
        var shown = Published;
        shown.eval();
        using var scope = NewDisposeScope();
        using var noiseGenerator = new Generator((ulong)Seeding.Derive(options.Seed, "preview-noise"));
        using (inference_mode())
        {
            var c = data.Conditions.index_select(0, tensor(picks.Select(i => (long)i).ToArray(), device: data.Conditions.device));
            var z = randn([picks.Count, shown.NoiseSize], generator: noiseGenerator).to(data.Conditions.device);
            var samples = shown.call(c, z).cpu().contiguous();
            return new SamplePreview(samples.data<float>().ToArray(), samples.shape);
        }
    }

    private void CheckShapes(GanTrainingData data)
    {
        if (data.Conditions.shape[1] != generator.EmbeddingSize || data.Conditions.shape[1] != discriminator.EmbeddingSize)
            throw new InvalidInputException(
                $"conditions are {data.Conditions.shape[1]}-d but the networks expect {generator.EmbeddingSize}-d embeddings");
        if (!data.Targets.shape.Skip(1).SequenceEqual(generator.SampleShape) || !generator.SampleShape.SequenceEqual(discriminator.SampleShape))
            throw new InvalidInputException(
                $"targets are [{string.Join(",", data.Targets.shape.Skip(1))}] per sample but the networks make [{string.Join(",", generator.SampleShape)}]");
    }

    /// <summary>
    /// The decay of the average's t-th update (0-based): min(decay, (1 + t) / (10 + t)), TensorFlow's
    /// ExponentialMovingAverage with num_updates. Early on the average follows G closely, then its window grows to
    /// about the last tenth of training until the set decay caps it. Without it a decay of 0.999 would leave
    /// 0.999^780 = 46 % of the average on the random initial weights after the ablation's 780 steps.
    /// </summary>
    private double WarmedUpDecay(long t) => Math.Min(options.EmaDecay, (1.0 + t) / (10.0 + t));

    private int UpdatesPerEpoch(int batches) => batches / options.DiscriminatorSteps + (batches % options.DiscriminatorSteps == 0 ? 0 : 1);

    private GeneratorWeightAverage? NewAverage()
    {
        if (options.EmaDecay == 0) return null;
        if (AverageGenerator is null) throw new InvalidInputException("an EMA of the generator needs a second generator of its architecture (AverageGenerator)");
        return new GeneratorWeightAverage(generator, AverageGenerator);
    }

    private void CheckClassHead(GanTrainingData data)
    {
        if (options.AuxiliaryClassWeight == 0) return;
        if (discriminator.AuxiliaryClasses == 0)
            throw new InvalidInputException("an auxiliary class loss needs a discriminator with a class head");
        if (data.Labels.Any(l => l < 0 || l >= discriminator.AuxiliaryClasses))
            throw new InvalidInputException($"labels must be in 0..{discriminator.AuxiliaryClasses - 1} for the discriminator's class head");
    }

    /// <summary>D's pose head and the pose teacher, each when its weight is on: present, and reading as many parameters as each pair's pose has.</summary>
    private void CheckPoseReaders(GanTrainingData data)
    {
        if (options.PoseHeadWeight > 0)
        {
            if (discriminator.PoseParameters == 0) throw new InvalidInputException("an auxiliary pose loss needs a discriminator with a pose head");
            CheckPoses(data, "the discriminator's pose head", discriminator.PoseParameters);
        }
        if (options.PoseTeacherWeight > 0)
        {
            if (PoseTeacher is null || PoseTeacher.PoseParameters == 0) throw new InvalidInputException("a pose teacher loss needs a pose teacher with a pose head");
            CheckPoses(data, "the pose teacher", PoseTeacher.PoseParameters);
        }
    }

    private static void CheckPoses(GanTrainingData data, string reader, int parameters)
    {
        if (data.Poses is null || data.Poses.shape[1] != parameters)
            throw new InvalidInputException($"{reader} reads {parameters} parameters, but the training data has " +
                (data.Poses is null ? "no poses" : $"{data.Poses.shape[1]} per pair"));
    }

    /// <summary>
    /// Identifies the run so a checkpoint is never resumed into different networks, data or settings. The switches are
    /// added only when on, so a run with all of them off keeps the fingerprint it had before they existed.
    /// </summary>
    private string Fingerprint(GanTrainingData data) => BaseFingerprint(data) + SwitchesFingerprint();

    private string SwitchesFingerprint()
    {
        var on = new SortedDictionary<string, object>();
        if (options.Beta2 != 0.999) on["beta2"] = options.Beta2;
        if (options.Loss != AdversarialLoss.GanCls) on["loss"] = options.Loss.ToString();
        if (options.ModeSeekingWeight > 0) on["modeSeeking"] = options.ModeSeekingWeight;
        if (options.DiffAugment is { } policy) on["diffAugment"] = policy;
        if (options.EmaDecay > 0) on["ema"] = options.EmaDecay;
        if (options.DiscriminatorSteps != 1) on["dSteps"] = options.DiscriminatorSteps;
        if (options.PoseHeadWeight > 0) on["poseHead"] = options.PoseHeadWeight;
        if (options.PoseTeacherWeight > 0) on["poseTeacher"] = options.PoseTeacherWeight;
        if (options.PoseTeacherShifts) on["poseTeacherShifts"] = true;
        return on.Count == 0 ? "" : JsonSerializer.Serialize(on);
    }

    private string BaseFingerprint(GanTrainingData data) => JsonSerializer.Serialize(new
    {
        g = generator.GetType().Name,
        d = discriminator.GetType().Name,
        gShapes = generator.parameters().Select(p => p.shape).ToArray(),
        dShapes = discriminator.parameters().Select(p => p.shape).ToArray(),
        n = data.Count,
        options.BatchSize,
        options.LearningRate,
        options.Beta1,
        options.Seed,
        rule = options.WrongPairs.ToString(),
        options.AuxiliaryClassWeight,
        options.BatchNormRecalibrationBatches,
    });
}
