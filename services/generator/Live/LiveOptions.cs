using CrossModal.Core;

namespace CrossModal.GeneratorService.Live;

/// <summary>Live mode's limits (section <c>CrossModal:Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "CrossModal:Live";

    /// <summary>
    /// Live streams open at once, sound and image together. Each asks for up to four images (or two sounds) a second
    /// for as long as it stays open; past this, a new stream is refused with a clear message instead of slowing every
    /// open one (docs/PERFORMANCE.md, "Live mode": 8 sessions still get 2 images a second each on 2 cores).
    /// </summary>
    public int MaxSessions { get; set; } = 8;

    public void Validate()
    {
        if (MaxSessions is < 1 or > 1000) throw new InvalidInputException($"{Section}:MaxSessions must be 1..1000, got {MaxSessions}.");
    }
}
