namespace CrossModal.ModelServing;

/// <summary>The <c>CrossModal</c> configuration section every service reads (appsettings.json, environment
/// <c>CrossModal__Models</c>, command line <c>--CrossModal:Models=...</c>).</summary>
public sealed class CrossModalOptions
{
    public const string Section = "CrossModal";

    /// <summary>Model store folder; relative paths are resolved against the repository root (or the content root).</summary>
    public string Models { get; set; } = "models/starter";

    /// <summary>Root under which every dataset a request names must lie (evaluation, training).</summary>
    public string Data { get; set; } = "data";

    /// <summary>auto | cpu | cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Torch CPU threads; 0 = one per logical CPU.</summary>
    public int Threads { get; set; }
}
