using CrossModal.Clients;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;

namespace CrossModal.Web.Services;

public enum ServiceState { Serving, NotServing, Unreachable }

/// <summary>The state of one service as its grpc.health.v1 Check answered.</summary>
public sealed record ServiceStatus(string Service, ServiceState State, string Detail)
{
    public string Name => ServiceFailure.DisplayName(Service);
}

/// <summary>Asks the services how they are (the home page's list).</summary>
public interface IServiceHealth
{
    Task<ServiceStatus> CheckAsync(string service, CancellationToken cancellationToken = default);
}

/// <summary>grpc.health.v1 Check through the named health clients of <c>AddCrossModalClients</c>, with a short deadline.</summary>
public sealed class GrpcServiceHealth(GrpcClientFactory clients, WebOptions options) : IServiceHealth
{
    public async Task<ServiceStatus> CheckAsync(string service, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateClient<Health.HealthClient>(CrossModalClientsExtensions.HealthClientName(service));
        try
        {
            // The deadline also bounds the clients' UNAVAILABLE retries: a probe answers in seconds, not after every back-off.
            var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(options.HealthTimeoutSeconds), cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? new ServiceStatus(service, ServiceState.Serving, "serving")
                : new ServiceStatus(service, ServiceState.NotServing, $"reports {reply.Status} (its model store failed verification, or it is starting)");
        }
        catch (RpcException e)
        {
            return new ServiceStatus(service, ServiceState.Unreachable, e.StatusCode == StatusCode.DeadlineExceeded
                ? $"no answer within {options.HealthTimeoutSeconds:0.#} s"
                : $"not reachable ({e.StatusCode})");
        }
    }
}
