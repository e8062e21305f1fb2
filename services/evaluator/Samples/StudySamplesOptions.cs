using Microsoft.Extensions.Configuration;

namespace CrossModal.EvaluatorService.Samples;

/// <summary>
/// Which dataset the studies' samples come from: <c>CrossModal:Studies:Dataset</c>, a folder under the service's data
/// root (<c>CrossModal:Data</c>). The service, not the caller, names it: the web app never sees a dataset path, and a
/// study's inputs are the same for every caller.
/// </summary>
public sealed class StudySamplesOptions
{
    public const string Key = "CrossModal:Studies:Dataset";

    /// <summary>What <c>scripts/run.sh</c> synthesises under <c>data/</c> on a first start.</summary>
    public const string DefaultDataset = "synthetic";

    public string Dataset { get; init; } = DefaultDataset;

    public static StudySamplesOptions From(IConfiguration configuration) =>
        new() { Dataset = configuration[Key] is { Length: > 0 } name ? name.Trim() : DefaultDataset };
}
