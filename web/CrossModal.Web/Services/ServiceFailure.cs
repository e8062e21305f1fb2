using CrossModal.Clients;
using Grpc.Core;

namespace CrossModal.Web.Services;

/// <summary>
/// What went wrong with a call to one of the services, worded for the page: a refusal of the input (the service's own
/// one-line message, e.g. "not a WAV file: no RIFF/WAVE header."), or the service being out of reach (which one, and
/// what to do about it).
/// </summary>
public sealed record ServiceFailure(string Service, StatusCode Code, string Detail)
{
    /// <summary>The input (or an option) was refused: fixing it, not retrying, helps.</summary>
    public bool IsInputProblem => Code is StatusCode.InvalidArgument or StatusCode.OutOfRange;

    /// <summary>Trying again later can succeed (the service was down, busy or slow).</summary>
    public bool IsRetryable => !IsInputProblem && Code is not (StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.PermissionDenied);

    public string ServiceName => DisplayName(Service);

    /// <summary>One sentence for the alert's title.</summary>
    public string Title => Code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => $"The {ServiceName} refused the input",
        StatusCode.Unavailable => $"The {ServiceName} is not reachable",
        StatusCode.DeadlineExceeded => $"The {ServiceName} did not answer in time",
        StatusCode.ResourceExhausted => $"The {ServiceName} is busy",
        StatusCode.NotFound => $"The {ServiceName} does not have what was asked for",
        StatusCode.FailedPrecondition => $"The {ServiceName} cannot do this with its current models",
        StatusCode.Cancelled => "The request was cancelled",
        _ => $"The {ServiceName} failed",
    };

    /// <summary>What the visitor (or the operator) can do.</summary>
    public string Advice => Code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => "Choose another file or change the options, then try again.",
        StatusCode.Unavailable => $"Start it (scripts/run.sh starts every service) or ask the operator; your input is kept, so press Retry once it is up.",
        StatusCode.DeadlineExceeded => "It may be overloaded; press Retry in a moment.",
        StatusCode.ResourceExhausted => "Wait for the current work to finish, then press Retry.",
        StatusCode.NotFound or StatusCode.FailedPrecondition => "Check the model store (the Models page lists what the services have).",
        _ => "Press Retry; if it keeps failing, the service's log has the details.",
    };

    public static string DisplayName(string service) => service switch
    {
        ServiceAddresses.Encoder => "encoder service",
        ServiceAddresses.Generator => "generator service",
        ServiceAddresses.Evaluator => "evaluator service",
        _ => $"{service} service",
    };

    public static ServiceFailure From(string service, RpcException e)
    {
        // A refusal carries the service's own one-line message (shown as it is); a transport failure carries gRPC's.
        var detail = e.StatusCode == StatusCode.Unavailable ? $"gRPC: {e.Status.Detail}" : e.Status.Detail;
        return new ServiceFailure(service, e.StatusCode, detail);
    }
}

/// <summary>A call to a service failed; <see cref="Failure"/> says how, for the page.</summary>
public sealed class ServiceCallException(ServiceFailure failure, Exception? inner = null)
    : Exception($"{failure.Title}: {failure.Detail}", inner)
{
    public ServiceFailure Failure { get; } = failure;
}
