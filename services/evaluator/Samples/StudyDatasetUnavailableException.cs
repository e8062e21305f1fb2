namespace CrossModal.EvaluatorService.Samples;

/// <summary>
/// The studies' dataset cannot give what a valid request asks for: it is missing, unreadable, or holds too few
/// validation pairs of the instrument. A state of the deployment, not of the request, so the gRPC service answers
/// FAILED_PRECONDITION with this message (which says what to fix), where bad input is INVALID_ARGUMENT.
/// </summary>
public sealed class StudyDatasetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
