using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using CrossModal.Domain;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>Options, source selection, progress and output shared by the evaluate commands.</summary>
internal static class EvaluateShared
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // per-class accuracy can be NaN
    };

    public static Option<string> Models() => new("--models")
    { Description = "Trained model set folder (one sub-folder per model, as `crossmodal train` writes it).", Required = true };
    public static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object (accuracy, n, per-instrument, confusion, ...) instead of tables." };
    public static Option<long> Seed() => new("--seed") { Description = "Seed of the generators' noise.", DefaultValueFactory = _ => 1 };
    public static Option<string?> Data() => new("--data") { Description = "Dataset folder (img/ + chunk/) to evaluate on instead of a root folder." };
    public static Option<string> Split() => new("--split") { Description = "Split of --data: validation or train.", DefaultValueFactory = _ => "validation" };
    public static Option<int> PerClass() => new("--per-class") { Description = "With --data: at most this many pairs per instrument (seeded choice); 0 = all.", DefaultValueFactory = _ => 0 };
    public static Option<int> Threads() => new("--threads") { Description = "CPU threads for torch.", DefaultValueFactory = _ => Environment.ProcessorCount };

    public static void InitialiseTorch(int threads) => TorchRuntime.Initialise(threads, "cpu");

    public static DatasetSplit ParseSplit(string split) =>
        DatasetSplits.TryParseFolder((split ?? "").Trim().ToLowerInvariant(), out var s)
            ? s : throw new InvalidInputException($"split must be train or validation, got '{split}'.");

    /// <summary>Exactly one of a root folder or a dataset folder must be given.</summary>
    public static void RequireOneSource(string? root, string rootOption, string? data)
    {
        if (root is null && data is null) throw new InvalidInputException($"give {rootOption} ROOT (ROOT/<instrument>/...) or --data DATASET.");
        if (root is not null && data is not null) throw new InvalidInputException($"give either {rootOption} or --data, not both.");
    }

    /// <summary>The quality measures compare with real samples from several pieces: they need a dataset split.</summary>
    public static void RequireDataForQuality(bool quality, string? data)
    {
        if (quality && data is null) throw new InvalidInputException("--quality needs --data DATASET (real samples with their pieces to compare with).");
    }

    /// <param name="pose">Also read pose_0..pose_3 (the synthetic dataset's ground-truth pose), for the pose evaluation.</param>
    public static LoadedSplit LoadSplit(string data, string split, int perClass, CancellationToken ct, bool pose = false, IReadOnlyCollection<string>? instruments = null)
    {
        if (perClass < 0) throw new InvalidInputException($"--per-class must be >= 0, got {perClass}.");
        var s = ParseSplit(split);
        return WithProgress($"loading {s.FolderName()} pairs", p =>
            DatasetTensors.Load(data, new DatasetLoadOptions { Split = s, MaxPerClass = perClass, PoseParameters = pose ? 4 : 0, Instruments = instruments }, p, ct));
    }

    /// <summary>The split that is not <paramref name="split"/> (train ↔ validation): other pieces of the same dataset.</summary>
    public static string OtherSplit(string split) => ParseSplit(split) == DatasetSplit.Train ? DatasetSplit.Validation.FolderName() : DatasetSplit.Train.FolderName();

    public static string SourceOf(string data, string split) => $"{Path.GetFullPath(data)} ({ParseSplit(split).FolderName()})";

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr.</summary>
    public static T WithProgress<T>(string label, Func<IProgress<(int Done, int Total)>, T> work)
    {
        T result = default!;
        CliAction.ProgressConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
            result = work(new SyncProgress(task));
            task.Value = task.MaxValue;
        });
        return result;
    }

    sealed class SyncProgress(ProgressTask task) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }

    public static ModelSet OpenModels(string models) => ModelSet.Open(models);

    public static void Print(EvaluationResult r, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(r, Json));
            return;
        }
        var c = AnsiConsole.Console;
        c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Task} on {r.Source}: accuracy {r.Accuracy:P2} over {r.N} samples"));
        if (r.Method is not null) c.WriteLine($"  ({r.Method})");
        if (r.Chunks is int chunks && r.ChunkAccuracy is double ca)
            c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per chunk: {ca:P2} over {chunks} audible 0.5 s chunks"));
        if (r.Fid is double fid) c.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Fréchet distance (judge embedding space): {fid:0.###} ({r.FidRealN} real samples)"));
        if (r.FidNote is not null) c.WriteLine($"  FID note: {r.FidNote}");
        if (r.DiversityMarginalEntropy is double me)
            c.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  diversity: marginal class entropy {me:0.###} nats (max {Math.Log(Instruments.Count):0.###}), mean per-sample entropy {r.DiversityMeanSampleEntropy:0.###}"));
        var table = new Table().AddColumn("instrument").AddColumn(new TableColumn("n").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var p in r.PerInstrument)
            table.AddRow(p.Instrument, p.N.ToString(CultureInfo.InvariantCulture), p.Accuracy.ToString("P1", CultureInfo.InvariantCulture));
        c.Write(table);
        var present = Enumerable.Range(0, Instruments.Count).Where(i => r.Confusion[i].Sum() > 0 || r.Confusion.Any(row => row[i] > 0)).ToList();
        var confusion = new Table().Title("confusion (rows: true, columns: predicted)").AddColumn("");
        foreach (var i in present) confusion.AddColumn(new TableColumn(Abbrev(Instruments.All[i])).RightAligned());
        foreach (var i in present)
            confusion.AddRow(new[] { Instruments.All[i] }.Concat(present.Select(j => r.Confusion[i][j].ToString(CultureInfo.InvariantCulture))).ToArray());
        c.Write(confusion);
    }

    static string Abbrev(string instrument) => instrument.Length <= 5 ? instrument : instrument[..5];
}
