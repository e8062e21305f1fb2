using Grpc.Core;

namespace CrossModal.Web.Services;

/// <summary>Runs one call to a service and turns gRPC's failure into a <see cref="ServiceCallException"/> naming the service.</summary>
public static class ServiceCall
{
    public static async Task<T> RunAsync<T>(string service, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw new ServiceCallException(ServiceFailure.From(service, e), e);
        }
    }
}
