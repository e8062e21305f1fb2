using CrossModal.AppHost;
using Microsoft.Extensions.DependencyInjection;

// The CrossModal system: three gRPC services (plaintext HTTP/2 on their development ports), each waited on through
// its gRPC health check, with service discovery (services__<name>__grpc__0) for whoever references them and the
// Aspire dashboard for traces, metrics and logs (the services export OTLP when Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT).
// Ctrl-C / SIGTERM stops the AppHost and, through Aspire's orchestrator, every child.
var builder = DistributedApplication.CreateBuilder(args);

IResourceBuilder<ProjectResource> Service<TProject>(string name, int port) where TProject : IProjectMetadata, new()
{
    // No launch profile: clients reach the service on its development port, through Aspire's (TCP) proxy, which
    // forwards to a port Aspire picks; that port is handed to Kestrel as the service's one "Grpc" endpoint, replacing
    // its appsettings address. Plaintext HTTP/2 only (clients use prior knowledge; no TLS in development).
    var service = builder.AddProject<TProject>(name, launchProfileName: null)
        .WithEndpoint(port: port, scheme: "http", name: "grpc")
        .WithEndpoint("grpc", e => e.Transport = "http2");
    var endpoint = service.GetEndpoint("grpc");
    service
        .WithEnvironment(context => context.EnvironmentVariables["Kestrel__Endpoints__Grpc__Url"] =
            ReferenceExpression.Create($"http://localhost:{endpoint.Property(EndpointProperty.TargetPort)}"))
        .WithEnvironment("Kestrel__Endpoints__Grpc__Protocols", "Http2")
        // Two malloc arenas: with glibc's default (8 per core) the generator's RSS climbed further under many concurrent
        // requests (docs/PERFORMANCE.md). glibc reads it at process start, so it is set here, not in code.
        .WithEnvironment("MALLOC_ARENA_MAX", "2")
        // Huge pages for malloc's mmaps: glibc maps each allocation of 32 MiB or more afresh, and faulting it in 4 KiB at
        // a time made the generator's batch of 64 cost 4.7x its batch of 32 (docs/PERFORMANCE.md). Also read at start.
        .WithEnvironment("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
    var check = $"{name}-grpc-health";
    builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
        check, _ => new GrpcHealthCheck(() => endpoint.IsAllocated ? new Uri(endpoint.Url) : null), failureStatus: null, tags: null));
    return service.WithHealthCheck(check);
}

var encoder = Service<Projects.CrossModal_EncoderService>("encoder", 5101);
var generator = Service<Projects.CrossModal_GeneratorService>("generator", 5102);
var evaluator = Service<Projects.CrossModal_EvaluatorService>("evaluator", 5103);

// The web app on its fixed port 5000 (through Aspire's proxy, like the services), started once every service is
// healthy; WithReference injects services__<name>__grpc__0, the keys its AddCrossModalClients reads. Its database
// lives in the repository's data/ folder (the web app's working folder is its project), or under CrossModal:WebData
// when given (the AppHost test keeps its database out of the repository that way). The studies' samples come from the
// evaluator, whose data root is the repository's data/ and whose studies dataset is data/synthetic by default.
var webData = builder.Configuration["CrossModal:WebData"] is { Length: > 0 } configured
    ? Path.GetFullPath(configured)
    : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "data"));
var web = builder.AddProject<Projects.CrossModal_Web>("web", launchProfileName: null)
    .WithHttpEndpoint(port: 5000, name: "http");
var webEndpoint = web.GetEndpoint("http");
web.WithEnvironment(context => context.EnvironmentVariables["Kestrel__Endpoints__Http__Url"] =
        ReferenceExpression.Create($"http://localhost:{webEndpoint.Property(EndpointProperty.TargetPort)}"))
    .WithEnvironment("CrossModal__Database__SqlitePath", Path.Combine(webData, "crossmodal.db"))
    .WithEnvironment(context =>
    {
        // The studies' admin password, when the AppHost is given one (scripts/run.sh always gives one).
        if (builder.Configuration["CrossModal:Web:AdminPassword"] is { Length: > 0 } password)
            context.EnvironmentVariables["CrossModal__Web__AdminPassword"] = password;
    })
    .WithReference(encoder.GetEndpoint("grpc")).WithReference(generator.GetEndpoint("grpc")).WithReference(evaluator.GetEndpoint("grpc"))
    .WaitFor(encoder).WaitFor(generator).WaitFor(evaluator)
    .WithHttpHealthCheck("/healthz");

builder.Build().Run();
