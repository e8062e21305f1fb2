using Microsoft.Extensions.Configuration;

namespace CrossModal.Clients;

/// <summary>
/// Where each service listens. Aspire's service discovery injects <c>services__&lt;name&gt;__grpc__0</c> environment
/// variables (configuration keys <c>services:&lt;name&gt;:grpc:0</c>); the same keys can be set by hand (appsettings,
/// command line). Without them, the services' default development ports on localhost are used.
/// </summary>
public static class ServiceAddresses
{
    public const string Encoder = "encoder", Generator = "generator", Evaluator = "evaluator";

    public static IReadOnlyDictionary<string, Uri> Fallbacks { get; } = new Dictionary<string, Uri>
    {
        [Encoder] = new("http://localhost:5101"),
        [Generator] = new("http://localhost:5102"),
        [Evaluator] = new("http://localhost:5103"),
    };

    /// <summary>The configuration key Aspire sets for a service's gRPC endpoint.</summary>
    public static string Key(string service) => $"services:{service}:grpc:0";

    /// <summary>The address of <paramref name="service"/>: configured, else the fallback. A malformed address is refused naming its key.</summary>
    public static Uri Of(IConfiguration configuration, string service)
    {
        if (!Fallbacks.TryGetValue(service, out var fallback))
            throw new ArgumentException($"unknown CrossModal service '{service}' (encoder, generator or evaluator)", nameof(service));
        var configured = configuration[Key(service)];
        if (string.IsNullOrWhiteSpace(configured)) return fallback;
        return Parse(configured, Key(service));
    }

    /// <summary>An absolute http:// or https:// address (the services speak plaintext HTTP/2 unless a proxy adds TLS).</summary>
    public static Uri Parse(string address, string what)
    {
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"{what} must be an http:// or https:// address such as http://localhost:5102, got '{address}'.");
        return uri;
    }
}
