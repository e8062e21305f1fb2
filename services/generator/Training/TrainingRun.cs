using CrossModal.Protos.V1;

namespace CrossModal.GeneratorService.Training;

/// <summary>
/// One training job's record: every event in order (so a late watcher gets the history first, then follows live),
/// its state, and the token that cancels it. Events are appended by the training thread and read by any number
/// of watchers.
/// </summary>
public sealed class TrainingRun(string id, string description)
{
    public const string Queued = "queued", Running = "running", Completed = "completed", Failed = "failed", Cancelled = "cancelled";

    readonly object gate = new();
    readonly List<TrainingEvent> events = [];
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;
    public string Description { get; } = description;
    public CancellationTokenSource Cancellation { get; } = new();
    public string State { get; private set; } = Queued;
    public bool IsFinished => State is Completed or Failed or Cancelled;

    public void Append(TrainingEvent e)
    {
        lock (gate)
        {
            if (IsFinished) return;
            e.RunId = Id;
            if (string.IsNullOrEmpty(e.State)) e.State = Running;
            State = e.State;
            events.Add(e);
            var old = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            old.TrySetResult();
        }
    }

    /// <summary>Every event from the first, then live ones, until the run's final event.</summary>
    public async IAsyncEnumerable<TrainingEvent> Watch([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        var next = 0;
        while (true)
        {
            TrainingEvent[] fresh;
            bool finished;
            Task signal;
            lock (gate)
            {
                fresh = events.Skip(next).ToArray();
                finished = IsFinished;
                signal = changed.Task;
            }
            foreach (var e in fresh) yield return e;
            next += fresh.Length;
            if (finished) yield break;
            await signal.WaitAsync(cancel);
        }
    }
}
