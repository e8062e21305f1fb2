using Grpc.Core;

namespace CrossModal.Studies.Creation;

/// <summary>
/// A service a study's generation called refused or could not be reached. It names the service, because a study needs
/// two (the evaluator's study samples and the generator) and the researcher must know which one to start or fix; the
/// message becomes the failed study's error.
/// </summary>
public sealed class StudySourceException(string service, RpcException error) : Exception(Describe(service, error), error)
{
    static string Describe(string service, RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => $"the {service} service is not reachable; start it and generate the study again.",
        _ => $"the {service} service refused: {e.Status.Detail} ({e.StatusCode}).",
    };
}
