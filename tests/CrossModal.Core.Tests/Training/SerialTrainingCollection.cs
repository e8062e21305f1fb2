namespace CrossModal.Core.Tests.Training;

/// <summary>
/// Training tests whose assertions depend on a short optimisation run converging (a toy problem learnt to 100 %):
/// run alone, after the parallel tests, so no other test changes torch's process-wide state (its global generator,
/// thread pool) in the middle of a run. Once, in a CI run of the whole suite in parallel, such a run ended at chance.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTrainingCollection
{
    public const string Name = "serial training";
}
