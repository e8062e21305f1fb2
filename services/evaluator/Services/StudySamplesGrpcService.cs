using CrossModal.EvaluatorService.Samples;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.EvaluatorService.Services;

/// <summary>
/// The StudySamplesService RPC: a study's held-out pairs for the web app, which mounts no dataset. Bad input
/// (unknown instrument, count out of range) leaves as INVALID_ARGUMENT through the service defaults' interceptor; a
/// dataset that cannot serve the request is FAILED_PRECONDITION, mapped here because only this service has that state.
/// </summary>
public sealed class StudySamplesGrpcService(StudySamplePicker picker) : StudySamplesService.StudySamplesServiceBase
{
    public override async Task<PickSamplesResponse> PickSamples(PickSamplesRequest request, ServerCallContext context)
    {
        PickedSamples picked;
        try { picked = await picker.PickAsync(request.Instrument, request.Count, request.Seed, context.CancellationToken); }
        catch (StudyDatasetUnavailableException e) { throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)); }

        var response = new PickSamplesResponse { Dataset = picked.Dataset, Available = picked.Available };
        response.Samples.AddRange(picked.Samples.Select(s => new StudyPair
        {
            Name = s.Name, Instrument = s.Instrument, Wav = ByteString.CopyFrom(s.Wav), GroundTruthPng = ByteString.CopyFrom(s.GroundTruthPng),
        }));
        return response;
    }
}
