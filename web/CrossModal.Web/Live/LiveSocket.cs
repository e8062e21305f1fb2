using System.Net.WebSockets;
using System.Text.Json;

namespace CrossModal.Web.Live;

/// <summary>Whole messages in and JSON messages out over a live page's WebSocket.</summary>
public static class LiveSocket
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The next whole binary message into <paramref name="buffer"/> (its length), or null when the page closed the socket.
    /// A message longer than the buffer or a text message is refused before more of it is read.
    /// </summary>
    public static async Task<int?> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancel)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
                throw new LiveInputException($"a message was longer than {buffer.Length} bytes.");
            var part = await socket.ReceiveAsync(buffer.AsMemory(length), cancel);
            if (part.MessageType == WebSocketMessageType.Close) return null;
            if (part.MessageType != WebSocketMessageType.Binary) throw new LiveInputException("live messages are binary windows or frames, not text.");
            length += part.Count;
            if (part.EndOfMessage) return length;
        }
    }

    public static Task SendJsonAsync(WebSocket socket, object message, CancellationToken cancel) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Json), WebSocketMessageType.Text, true, cancel);

    /// <summary>Closes the socket from the server's side (a no-op when the page has gone already).</summary>
    public static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
    }
}
