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

    /// <summary>
    /// An absolute http:// or https:// address (the services speak plaintext HTTP/2 unless a proxy adds TLS), or
    /// <c>dns:///host:port</c>: every address the name resolves to is a server, balanced round-robin
    /// (<see cref="LoadBalancing"/>; in Kubernetes the name of a headless Service, which resolves to its ready pods).
    /// </summary>
    public static Uri Parse(string address, string what)
    {
        var text = address.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            if (uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)) return uri;
            if (uri.Scheme == LoadBalancing.DnsScheme && DnsTarget(uri) is not null) return uri;
        }
        throw new FormatException($"{what} must be an http:// or https:// address such as http://localhost:5102, " +
                                  $"or dns:///host:port for round-robin over every address of a name, got '{address}'.");
    }

    /// <summary>Whether <paramref name="address"/> names a set of servers to balance over (<c>dns:///</c>).</summary>
    public static bool IsBalanced(Uri address) => address.Scheme == LoadBalancing.DnsScheme;

    /// <summary>Host and port of a <c>dns:///host:port</c> address (no authority, an explicit port), else null.</summary>
    static (string Host, int Port)? DnsTarget(Uri uri)
    {
        if (!string.IsNullOrEmpty(uri.Authority)) return null; // dns://resolver/host:port names a DNS server, which Grpc.Net.Client does not support
        var target = uri.AbsolutePath.TrimStart('/');
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), out var port) || port is < 1 or > 65535) return null;
        var host = target[..colon];
        return Uri.CheckHostName(host) == UriHostNameType.Unknown ? null : (host, port);
    }
}
