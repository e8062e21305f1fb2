namespace CrossModal.Core.Tests.Storage;

/// <summary>
/// Tests that set a process-wide test hook (<c>ModelStore.BeforeCommit</c>): run alone, after the parallel tests, or
/// every model another test saves meanwhile hits the hook (a recipe test once failed with its "simulated crash").
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideHookCollection
{
    public const string Name = "process-wide hooks";
}
