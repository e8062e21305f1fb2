using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The smallest OTLP/HTTP receiver the processes can export to (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf): it keeps
/// every span's service, trace id and name from <c>/v1/traces</c> and accepts metrics and logs unread. The
/// OpenTelemetry proto types are not a package here, so the ExportTraceServiceRequest is read field by field
/// (opentelemetry/proto/trace/v1/trace.proto: ResourceSpans 1 → Resource 1 → KeyValue 1; ScopeSpans 2 → Span 2).
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    public sealed record Span(string Service, string TraceId, string Name);

    readonly ConcurrentQueue<Span> spans = new();
    WebApplication? app;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<Span> Spans => [.. spans];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in Read(body.ToArray())) spans.Enqueue(span);
            return Empty();
        });
        app.MapPost("/v1/metrics", () => Empty());
        app.MapPost("/v1/logs", () => Empty());
        await app.StartAsync();
        Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>An empty Export*ServiceResponse: full success.</summary>
    static IResult Empty() => Results.Bytes([], "application/x-protobuf");

    /// <summary>The spans of an ExportTraceServiceRequest.</summary>
    public static IEnumerable<Span> Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = "";
            foreach (var resource in Fields(resourceSpans, 1))
                foreach (var attribute in Fields(resource, 1))
                    if (Text(Fields(attribute, 1).FirstOrDefault()) == "service.name")
                        service = Text(Fields(attribute, 2).SelectMany(v => Fields(v, 1)).FirstOrDefault());
            foreach (var scopeSpans in Fields(resourceSpans, 2))
                foreach (var span in Fields(scopeSpans, 2))
                    yield return new Span(service, Convert.ToHexStringLower(Fields(span, 1).First()), Text(Fields(span, 5).FirstOrDefault()));
        }
    }

    static string Text(byte[]? utf8) => utf8 is null ? "" : System.Text.Encoding.UTF8.GetString(utf8);

    /// <summary>The values of the length-delimited fields numbered <paramref name="field"/> of a message, in order.</summary>
    static List<byte[]> Fields(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
