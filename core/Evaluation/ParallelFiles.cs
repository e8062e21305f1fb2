using System.Runtime.ExceptionServices;

namespace CrossModal.Core.Evaluation;

/// <summary>Parallel.For (over files, chunks or copies) that surfaces the first failure itself (e.g. an InvalidInputException naming a file), not an AggregateException.</summary>
internal static class ParallelFiles
{
    /// <param name="parallelism">At most this many at once; -1: the scheduler's choice.</param>
    public static void For(int count, Action<int> body, CancellationToken cancel, int parallelism = -1)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = parallelism }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.InnerExceptions.FirstOrDefault(x => x is InvalidInputException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }
}
