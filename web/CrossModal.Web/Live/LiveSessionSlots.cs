using CrossModal.Web.Services;

namespace CrossModal.Web.Live;

/// <summary>The live sessions this web app bridges at once (<see cref="WebOptions.LiveSessions"/>).</summary>
public sealed class LiveSessionSlots(WebOptions options)
{
    int open;

    public int Max => options.LiveSessions;
    public int Open => Volatile.Read(ref open);

    /// <summary>A place until disposed, or null when every place is taken.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref open) <= options.LiveSessions) return new Slot(this);
        Interlocked.Decrement(ref open);
        return null;
    }

    sealed class Slot(LiveSessionSlots slots) : IDisposable
    {
        int disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref slots.open);
        }
    }
}
