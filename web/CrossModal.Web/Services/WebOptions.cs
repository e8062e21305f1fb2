namespace CrossModal.Web.Services;

/// <summary>Settings of the web app itself (section <c>CrossModal:Web</c>); the services' addresses are the clients' keys.</summary>
public sealed class WebOptions
{
    public const string Section = "CrossModal:Web";

    /// <summary>Memory the generated media (images, WAVs, zips) may hold until they expire.</summary>
    public int MediaCacheMegabytes { get; set; } = 256;

    /// <summary>How long a generated file stays downloadable after its last use.</summary>
    public int MediaLifetimeMinutes { get; set; } = 30;

    /// <summary>Deadline of one health probe (the home page). A service hashes its whole model store on its first probe, which takes seconds on a busy CPU.</summary>
    public double HealthTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Live sessions (microphone or camera streams) this web app bridges at once; past it a new one is told live mode is
    /// full. Each holds a receive buffer (up to <see cref="Live.LiveFormats.MaxFrameBytes"/>), so this also bounds the memory
    /// idle sockets can hold. The generator has its own bound (CrossModal:Live:MaxSessions).
    /// </summary>
    public int LiveSessions { get; set; } = 8;

    public void Validate()
    {
        if (LiveSessions is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(LiveSessions), LiveSessions, $"{Section}:LiveSessions must be 1..1000.");
        if (MediaCacheMegabytes is < 16 or > 65536) throw new ArgumentOutOfRangeException(nameof(MediaCacheMegabytes), MediaCacheMegabytes, $"{Section}:MediaCacheMegabytes must be 16..65536.");
        if (MediaLifetimeMinutes is < 1 or > 1440) throw new ArgumentOutOfRangeException(nameof(MediaLifetimeMinutes), MediaLifetimeMinutes, $"{Section}:MediaLifetimeMinutes must be 1..1440.");
        if (HealthTimeoutSeconds is <= 0 or > 60) throw new ArgumentOutOfRangeException(nameof(HealthTimeoutSeconds), HealthTimeoutSeconds, $"{Section}:HealthTimeoutSeconds must be in (0, 60].");
    }
}
