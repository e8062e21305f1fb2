using CrossModal.Core;
using CrossModal.Core.Storage;
using CrossModal.ServiceDefaults;
using Grpc.Core;

namespace CrossModal.ModelServing;

/// <summary>
/// Core's exceptions as gRPC statuses (registered for <see cref="GrpcExceptionInterceptor"/>, which knows no core):
/// bad input → InvalidArgument with its one-line message; a model the store does not have → NotFound; one that is
/// there but corrupt or of the wrong kind → FailedPrecondition.
/// </summary>
public sealed class CoreExceptionStatus : IExceptionStatusMap
{
    public Status? StatusOf(Exception e) => e switch
    {
        // Core's ModelSet reports a model that is present but unusable as bad input wrapping the store's exception.
        InvalidInputException { InnerException: ModelStoreException } => new Status(StatusCode.FailedPrecondition, e.Message),
        InvalidInputException => new Status(StatusCode.InvalidArgument, e.Message),
        ModelNotFoundException => new Status(StatusCode.NotFound, e.Message),
        // The store reports a missing model folder as "does not exist"; everything else it reports is a model
        // that is present but unusable.
        ModelStoreException when e.Message.Contains("does not exist", StringComparison.Ordinal) => new Status(StatusCode.NotFound, e.Message),
        ModelStoreException => new Status(StatusCode.FailedPrecondition, e.Message),
        _ => null,
    };
}
