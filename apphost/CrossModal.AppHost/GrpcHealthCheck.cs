using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrossModal.AppHost;

/// <summary>
/// Healthy when the service answers grpc.health.v1.Health/Check with SERVING (its model store verifies). The services
/// listen on plaintext HTTP/2 only, which Aspire's HTTP/1.1 health probe (WithHttpHealthCheck) cannot speak.
/// </summary>
public sealed class GrpcHealthCheck(Func<Uri?> address) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = address();
        if (uri is null) return HealthCheckResult.Unhealthy("the endpoint is not allocated yet");
        try
        {
            using var channel = GrpcChannel.ForAddress(uri);
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy($"{uri} SERVING")
                : HealthCheckResult.Unhealthy($"{uri} answers {reply.Status}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{uri}: {e.Message}");
        }
    }
}
