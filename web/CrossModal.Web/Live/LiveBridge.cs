using System.Net.WebSockets;
using CrossModal.Web.Services;
using Grpc.Core;

namespace CrossModal.Web.Live;

/// <summary>
/// One live session: the page's WebSocket on one side, the generator's bidirectional stream on the other. Windows or
/// frames go to the generator as they arrive (it keeps only the newest waiting one), answers come back as JSON as they
/// are made. The session ends cleanly from either side: the page closing its socket ends the generator stream; the
/// generator ending (or refusing) ends the socket with a last <c>{"type":"error"}</c> message saying why; a page that
/// just disappears cancels the stream.
/// </summary>
public sealed class LiveBridge<TRequest, TAnswer>(
    string service, int maxMessageBytes, Func<ReadOnlyMemory<byte>, TRequest> toRequest, Func<TAnswer, object> toMessage)
    where TRequest : class where TAnswer : class
{
    public async Task RunAsync(WebSocket socket, Func<CancellationToken, AsyncDuplexStreamingCall<TRequest, TAnswer>> open, CancellationToken aborted)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var call = open(session.Token);
        var forward = ForwardAsync(socket, call.RequestStream, session);
        string? error = null;
        try
        {
            while (await call.ResponseStream.MoveNext(session.Token))
                await LiveSocket.SendJsonAsync(socket, toMessage(call.ResponseStream.Current), session.Token);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            var failure = ServiceFailure.From(service, e);
            error = $"{failure.Title}: {failure.Detail}";
            await session.CancelAsync();   // the page's side may be waiting for its next window: stop reading it
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException or WebSocketException) { }

        try { await forward; }
        catch (LiveInputException e) { error = $"The page sent something that is not live input: {e.Message}"; }
        if (aborted.IsCancellationRequested) return;
        if (error is not null)
        {
            // The socket may already be closed by the page; then nobody is left to tell.
            try { await LiveSocket.SendJsonAsync(socket, new { type = "error", message = error }, CancellationToken.None); }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException) { }
        }
        await LiveSocket.CloseAsync(socket, error is null ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.PolicyViolation,
            error is null ? "the live session ended" : "the live session failed");
    }

    /// <summary>The page's messages to the generator until the page ends its side; bad input cancels the session.</summary>
    async Task ForwardAsync(WebSocket socket, IClientStreamWriter<TRequest> requests, CancellationTokenSource session)
    {
        var buffer = new byte[maxMessageBytes];
        try
        {
            while (await LiveSocket.ReceiveAsync(socket, buffer, session.Token) is { } length)
                await requests.WriteAsync(toRequest(buffer.AsMemory(0, length)), session.Token);
            await requests.CompleteAsync();
        }
        catch (LiveInputException)
        {
            session.Cancel();
            throw;
        }
        // The page vanished without closing, or the generator ended the stream first (its answer loop says why).
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            session.Cancel();
        }
    }
}
