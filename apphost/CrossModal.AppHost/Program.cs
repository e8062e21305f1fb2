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
        .WithEnvironment("Kestrel__Endpoints__Grpc__Protocols", "Http2");
    var check = $"{name}-grpc-health";
    builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
        check, _ => new GrpcHealthCheck(() => endpoint.IsAllocated ? new Uri(endpoint.Url) : null), failureStatus: null, tags: null));
    return service.WithHealthCheck(check);
}

var encoder = Service<Projects.CrossModal_EncoderService>("encoder", 5101);
var generator = Service<Projects.CrossModal_GeneratorService>("generator", 5102);
var evaluator = Service<Projects.CrossModal_EvaluatorService>("evaluator", 5103);

// The web app goes here (fixed port 5000), with references to the services it calls, started once they are healthy:
//
//   builder.AddProject<Projects.CrossModal_Web>("web")
//       .WithHttpEndpoint(port: 5000, name: "http")
//       .WithReference(encoder).WithReference(generator).WithReference(evaluator)
//       .WaitFor(encoder).WaitFor(generator).WaitFor(evaluator);
//
// Its AddCrossModalClients(configuration) (clients/CrossModal.Clients) then finds the services by the
// services:<name>:grpc:0 keys WithReference injects.
_ = (encoder, generator, evaluator);

builder.Build().Run();
