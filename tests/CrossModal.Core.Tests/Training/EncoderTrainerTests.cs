using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

[Collection(SerialTrainingCollection.Name)]
public class EncoderTrainerTests
{
    [Fact]
    public void SoundClassifierLearnsASeparableToyProblemAndResumes()
    {
        using var tmp = new TempDir();
        var gen = new Generator(3);
        // Class k: an LMS whose energy sits in band k — trivially separable.
        var x = randn([12, 1, 128, 44], generator: gen) * 0.1;
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
        for (var i = 0; i < 12; i++) x[i, 0, TensorIndex.Slice(labels[i] * 40, labels[i] * 40 + 40)] += 3;
        manual_seed(1); // the initial weights come from torch's global generator
        using var model = new SoundClassifier(TinyConfigs.Sound() with { Classes = 3, DropoutHidden = 0, DropoutEmbedding = 0 });
        var options = new ClassifierTrainingOptions { Epochs = 8, BatchSize = 4, LearningRate = 1e-2, Seed = 1, CheckpointDirectory = tmp.Path };
        var reports = new List<TrainingProgress>();
        var result = new ClassifierTrainer<SoundClassifier>(model, options)
        {
            Evaluator = (m, _) => labels.Zip(ClassifierInference.Predict(m, x)).Count(p => p.First == p.Second) / 12.0,
        }.Train(x, labels, new SyncProgress(reports.Add));
        Assert.Equal(8, result.EpochsCompleted);
        Assert.Equal(1.0, reports.Last(r => r.EpochCompleted).Accuracy);
        Assert.Equal(2, Directory.GetDirectories(tmp.Path).Length);
        // Already complete: a second call resumes after epoch 8 and trains nothing.
        var again = new ClassifierTrainer<SoundClassifier>(model, options).Train(x, labels);
        Assert.Equal(8, again.ResumedAfterEpoch);
        Assert.Throws<InvalidInputException>(() => new ClassifierTrainer<SoundClassifier>(model, options).Train(x, [0, 1]));
    }

    [Fact]
    public void CosineDecayRunsFromTheFullRateDownAndAResumedRunMatchesAnUninterruptedOne()
    {
        var decayed = new ClassifierTrainingOptions { Epochs = 4, LearningRate = 1e-2, CosineDecay = true };
        Assert.Equal(1e-2, decayed.LearningRateAt(1), 12);
        Assert.Equal(1e-2 * (1 + Math.Cos(Math.PI * 3 / 4)) / 2, decayed.LearningRateAt(4), 12);
        Assert.True(decayed.LearningRateAt(2) < decayed.LearningRateAt(1) && decayed.LearningRateAt(4) < decayed.LearningRateAt(3));
        Assert.Equal(1e-2, (decayed with { CosineDecay = false }).LearningRateAt(4));

        var gen = new Generator(5);
        var x = randn([8, 1, 128, 44], generator: gen);
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        float[] Train(string? checkpoints, params int[] epochsPerCall)
        {
            manual_seed(2);
            using var model = new SoundClassifier(TinyConfigs.Sound() with { Classes = 3, DropoutHidden = 0, DropoutEmbedding = 0 });
            foreach (var epochs in epochsPerCall)
            {
                // The stop-and-resume run: its first call has the same schedule (Epochs = 4) but is cancelled after epoch 2.
                using var cancel = new CancellationTokenSource();
                var options = decayed with { BatchSize = 4, CheckpointDirectory = checkpoints };
                var trainer = new ClassifierTrainer<SoundClassifier>(model, options)
                {
                    Evaluator = (_, epoch) => { if (epoch == epochs) cancel.Cancel(); return 0; },
                };
                try { trainer.Train(x, labels, cancel: cancel.Token); } catch (OperationCanceledException) { }
            }
            return model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
        }
        using var tmp = new TempDir();
        Assert.Equal(Train(null, 4), Train(tmp.Path, 2, 4));
    }

    [Fact]
    public void AutoencoderTrainsStacksInOrderAndOnlyTheCurrentStackChanges()
    {
        using var model = new StackedAutoencoder(TinyConfigs.Autoencoder);
        using var x = rand(4, 1, 128, 44) * 2 - 1;
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.clone());
        var phases = new List<string>();
        var losses = new AutoencoderTrainer(model, new AutoencoderTrainingOptions { EpochsPerStack = 1, BatchSize = 4 })
            .Train(x, new SyncProgress(p =>
            {
                if (!p.EpochCompleted) return;
                phases.Add(p.Phase);
            }));
        Assert.Equal(["stack 1", "stack 2", "stack 3", "stack 4"], phases);
        Assert.Equal(4, losses.Length);
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0));
        // Every stack's parameters were trained (changed from init), including the projection to 128.
        foreach (var (name, p) in model.named_parameters())
            Assert.False(p.Equals(before[name]), $"{name} was not trained");
        foreach (var t in before.Values) t.Dispose();
    }
}
