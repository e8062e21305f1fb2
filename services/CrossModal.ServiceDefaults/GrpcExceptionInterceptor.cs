using System.Diagnostics;
using CrossModal.Core;
using CrossModal.Core.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// Turns the exceptions the product throws into gRPC statuses, for every kind of call:
/// bad input → InvalidArgument with its one-line message; a model the store does not have → NotFound; one that is
/// there but corrupt or of the wrong kind → FailedPrecondition; cancellation → Cancelled or DeadlineExceeded;
/// anything else → Internal with a trace id, logged with its stack trace on the server and never sent to the client.
/// </summary>
public sealed class GrpcExceptionInterceptor(ILogger<GrpcExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Map(e, context); }
    }

    RpcException Map(Exception e, ServerCallContext context)
    {
        var status = StatusOf(e, context);
        if (status.StatusCode == StatusCode.Internal)
            logger.LogError(e, "{Method} failed", context.Method);
        else
            logger.LogInformation("{Method} answered {Status}: {Detail}", context.Method, status.StatusCode, status.Detail);
        return new RpcException(status);
    }

    public static Status StatusOf(Exception e, ServerCallContext context) => e switch
    {
        // Core's ModelSet reports a model that is present but unusable as bad input wrapping the store's exception.
        InvalidInputException { InnerException: ModelStoreException } => new Status(StatusCode.FailedPrecondition, e.Message),
        InvalidInputException => new Status(StatusCode.InvalidArgument, e.Message),
        ModelNotFoundException => new Status(StatusCode.NotFound, e.Message),
        // The store reports a missing model folder as "does not exist"; everything else it reports is a model
        // that is present but unusable.
        ModelStoreException when e.Message.Contains("does not exist", StringComparison.Ordinal) => new Status(StatusCode.NotFound, e.Message),
        ModelStoreException => new Status(StatusCode.FailedPrecondition, e.Message),
        OperationCanceledException when context.Deadline < DateTime.UtcNow => new Status(StatusCode.DeadlineExceeded, "the call's deadline passed"),
        OperationCanceledException => new Status(StatusCode.Cancelled, "the call was cancelled"),
        _ => new Status(StatusCode.Internal,
            $"internal error in {context.Method}; the server log has the details (trace {Activity.Current?.TraceId.ToString() ?? "none"})."),
    };
}
