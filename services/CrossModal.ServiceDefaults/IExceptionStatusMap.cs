using Grpc.Core;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// The gRPC status of an exception type a service's own libraries throw (bad input, a missing model). ServiceDefaults
/// knows no such type, so each service registers its maps (<c>services.AddSingleton&lt;IExceptionStatusMap, ...&gt;()</c>)
/// and <see cref="GrpcExceptionInterceptor"/> asks them, in registration order, before its own fallbacks.
/// </summary>
public interface IExceptionStatusMap
{
    /// <summary>The status for <paramref name="e"/>, or null when this map does not know the exception.</summary>
    Status? StatusOf(Exception e);
}
