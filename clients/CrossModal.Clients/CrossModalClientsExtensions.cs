using CrossModal.Protos.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Clients;

/// <summary>
/// <c>services.AddCrossModalClients(configuration)</c>: typed clients of the three services through
/// Grpc.Net.ClientFactory (<see cref="EncoderService.EncoderServiceClient"/>, <see cref="GeneratorService.GeneratorServiceClient"/>,
/// <see cref="EvaluatorService.EvaluatorServiceClient"/>, <see cref="StudySamplesService.StudySamplesServiceClient"/> (served by the
/// evaluator, which mounts the datasets), and a named <see cref="Health.HealthClient"/> per service), all
/// with the services' 32 MB message limits, UNAVAILABLE retried with exponential back-off by gRPC's own retry policy,
/// and a default deadline on unary calls.
/// </summary>
public static class CrossModalClientsExtensions
{
    /// <summary>The services' own limit (ServiceDefaults): 20 MB uploads plus framing.</summary>
    public const int MaxMessageBytes = 32 * 1024 * 1024;

    /// <summary>The longest wait before reconnecting to a service that refused a connection.</summary>
    public static readonly TimeSpan MaxReconnectBackoff = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddCrossModalClients(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CrossModalClientOptions.Section).Get<CrossModalClientOptions>() ?? new CrossModalClientOptions();
        options.Validate();
        services.AddSingleton(options);
        LoadBalancing.AddDnsResolver(services, options);
        Add<EncoderService.EncoderServiceClient>(services, configuration, options, ServiceAddresses.Encoder);
        Add<GeneratorService.GeneratorServiceClient>(services, configuration, options, ServiceAddresses.Generator);
        Add<EvaluatorService.EvaluatorServiceClient>(services, configuration, options, ServiceAddresses.Evaluator);
        Add<StudySamplesService.StudySamplesServiceClient>(services, configuration, options, ServiceAddresses.Evaluator);
        foreach (var service in ServiceAddresses.Fallbacks.Keys)
            Add<Health.HealthClient>(services, configuration, options, service, HealthClientName(service));
        return services;
    }

    /// <summary>The name of a service's health client (resolve it with <c>GrpcClientFactory.CreateClient&lt;Health.HealthClient&gt;(name)</c>).</summary>
    public static string HealthClientName(string service) => $"{service}-health";

    /// <summary>gRPC's retry policy: UNAVAILABLE only (the call never reached a working server, so a retry cannot repeat its effect).</summary>
    public static ServiceConfig RetryConfig(CrossModalClientOptions options) => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = options.MaxAttempts,
                    InitialBackoff = TimeSpan.FromSeconds(options.InitialBackoffSeconds),
                    MaxBackoff = TimeSpan.FromSeconds(options.MaxBackoffSeconds),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };

    static void Add<TClient>(IServiceCollection services, IConfiguration configuration, CrossModalClientOptions options, string service, string? name = null)
        where TClient : class
    {
        // The address is read when a client is first made, so configuration set after registration (a test's port) counts.
        Action<Grpc.Net.ClientFactory.GrpcClientFactoryOptions> address = o => o.Address = ServiceAddresses.Of(configuration, service);
        var builder = name is null ? services.AddGrpcClient<TClient>(address) : services.AddGrpcClient<TClient>(name, address);
        builder
            .ConfigureChannel(c =>
            {
                c.MaxReceiveMessageSize = MaxMessageBytes;
                c.MaxSendMessageSize = MaxMessageBytes;
                // A call is retried only while its request is buffered: keep a whole upload so large ones retry too.
                c.MaxRetryBufferPerCallSize = MaxMessageBytes;
                c.ServiceConfig = RetryConfig(options);
                // A service that restarts is reached again within a second or two: gRPC's default reconnect back-off
                // grows to 120 s, so a user's Retry right after the service came back could still be refused.
                c.InitialReconnectBackoff = TimeSpan.FromSeconds(0.25);
                c.MaxReconnectBackoff = MaxReconnectBackoff;
                // dns:/// addresses: plaintext and round-robin over every resolved server (LoadBalancing).
                LoadBalancing.Configure(c, ServiceAddresses.Of(configuration, service), options);
            })
            .AddInterceptor(() => new UnaryDeadlineInterceptor(options.UnaryDeadline));
    }
}
