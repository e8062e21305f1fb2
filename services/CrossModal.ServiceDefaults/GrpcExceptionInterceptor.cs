using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// Turns exceptions into gRPC statuses, for every kind of call: first by the service's registered
/// <see cref="IExceptionStatusMap"/>s (its own exception types: bad input, a missing model, ...); then cancellation →
/// Cancelled or DeadlineExceeded; anything else → Internal with a trace id, logged with its stack trace on the server
/// and never sent to the client.
/// </summary>
public sealed class GrpcExceptionInterceptor(IEnumerable<IExceptionStatusMap> maps, ILogger<GrpcExceptionInterceptor> logger) : Interceptor
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

    public Status StatusOf(Exception e, ServerCallContext context)
    {
        foreach (var map in maps)
            if (map.StatusOf(e) is { } mapped) return mapped;
        return e switch
        {
            OperationCanceledException when context.Deadline < DateTime.UtcNow => new Status(StatusCode.DeadlineExceeded, "the call's deadline passed"),
            OperationCanceledException => new Status(StatusCode.Cancelled, "the call was cancelled"),
            _ => new Status(StatusCode.Internal,
                $"internal error in {context.Method}; the server log has the details (trace {Activity.Current?.TraceId.ToString() ?? "none"})."),
        };
    }
}
