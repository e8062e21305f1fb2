namespace CrossModal.Clients;

/// <summary>Call policy of the typed clients (section <c>CrossModal:Clients</c>).</summary>
public sealed class CrossModalClientOptions
{
    public const string Section = "CrossModal:Clients";

    /// <summary>Deadline of each unary call that has none of its own (generation and Griffin–Lim take seconds on a CPU).</summary>
    public double UnaryDeadlineSeconds { get; set; } = 60;

    /// <summary>Attempts of a call answered UNAVAILABLE (service starting or restarting), first try included (2..5, gRPC's cap).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Back-off before the first retry; it doubles on each retry up to <see cref="MaxBackoffSeconds"/> (with gRPC's jitter).</summary>
    public double InitialBackoffSeconds { get; set; } = 0.5;
    public double MaxBackoffSeconds { get; set; } = 8;

    /// <summary>
    /// Policy for <c>dns:///</c> addresses: <c>round_robin</c> (default: calls spread over every resolved server) or
    /// <c>pick_first</c> (one server, the next on failure). http:// addresses name one server and ignore it.
    /// </summary>
    public string LoadBalancingPolicy { get; set; } = LoadBalancing.RoundRobin;

    /// <summary>How often a <c>dns:///</c> address is resolved again, so new pods get calls (1..3600 s).</summary>
    public double DnsRefreshSeconds { get; set; } = 30;

    public TimeSpan UnaryDeadline => TimeSpan.FromSeconds(UnaryDeadlineSeconds);
    public TimeSpan DnsRefreshInterval => TimeSpan.FromSeconds(DnsRefreshSeconds);

    public void Validate()
    {
        if (UnaryDeadlineSeconds is <= 0 or > 3600) throw new ArgumentOutOfRangeException(nameof(UnaryDeadlineSeconds), UnaryDeadlineSeconds, $"{Section}:UnaryDeadlineSeconds must be in (0, 3600].");
        if (MaxAttempts is < 2 or > 5) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, $"{Section}:MaxAttempts must be 2..5.");
        if (InitialBackoffSeconds <= 0 || MaxBackoffSeconds < InitialBackoffSeconds)
            throw new ArgumentOutOfRangeException(nameof(InitialBackoffSeconds), InitialBackoffSeconds, $"{Section}: backoffs must be > 0 with Max >= Initial.");
        if (LoadBalancingPolicy is not (LoadBalancing.RoundRobin or LoadBalancing.PickFirst))
            throw new ArgumentOutOfRangeException(nameof(LoadBalancingPolicy), LoadBalancingPolicy, $"{Section}:LoadBalancingPolicy must be {LoadBalancing.RoundRobin} or {LoadBalancing.PickFirst}.");
        if (DnsRefreshSeconds is < 1 or > 3600) throw new ArgumentOutOfRangeException(nameof(DnsRefreshSeconds), DnsRefreshSeconds, $"{Section}:DnsRefreshSeconds must be 1..3600.");
    }
}
