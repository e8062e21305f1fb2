namespace CrossModal.ModelServing;

/// <summary>A request named a model the store does not hold (gRPC NotFound), as opposed to one that is there but
/// cannot be used (<see cref="Core.Storage.ModelStoreException"/>, FailedPrecondition).</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
