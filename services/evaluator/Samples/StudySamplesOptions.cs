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

    /// <summary>
    /// The file beside a dataset folder that says it is being made: <c>scripts/run.sh</c> writes it while it synthesises
    /// the default dataset in the background on a first start (the web app answers meanwhile) and removes it when done.
    /// </summary>
    public static string BuildingMarker(string dataset) => dataset + ".building";

    public static StudySamplesOptions From(IConfiguration configuration) =>
        new() { Dataset = configuration[Key] is { Length: > 0 } name ? name.Trim() : DefaultDataset };
}
