namespace CrossModal.Core.Training;

/// <summary>
/// An IProgress that runs its handler on the reporting thread, in order (<see cref="Progress{T}"/> would post each report
/// to the thread pool and could reorder them).
/// </summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
