using CrossModal.Clients;
using CrossModal.Protos.V1;
using CrossModal.Studies.Hosting;
using CrossModal.Web.Services;
using Google.Protobuf;

namespace CrossModal.Web.Live;

/// <summary>
/// <c>/live/sound</c> and <c>/live/image</c>: the Live page's WebSockets (<see cref="LiveFormats"/> in,
/// one JSON message per answer out), each bridged to the generator's live stream.
/// </summary>
public static class LiveEndpoints
{
    public const string SoundPath = "/live/sound", ImagePath = "/live/image";

    static readonly LiveBridge<LiveSoundWindow, LiveImage> Sound = new(ServiceAddresses.Generator,
        LiveFormats.HeaderBytes + LiveFormats.SoundWindowBytes,
        bytes =>
        {
            var m = LiveFormats.SoundWindow(bytes);
            return new LiveSoundWindow { Sequence = m.Sequence, Seed = m.Seed, Pcm = ByteString.CopyFrom(m.Payload.Span) };
        },
        a => new
        {
            type = "image", sequence = a.Sequence, silent = a.Silent, levelDbfs = a.LevelDbfs,
            png = a.Png.IsEmpty ? null : Convert.ToBase64String(a.Png.Span),
            instrument = a.Heard?.Instrument, confidence = a.Heard?.Confidence,
            dropped = a.Dropped, serviceMs = a.ServiceMs, modelId = a.ModelId,
        });

    static readonly LiveBridge<LiveFrame, LiveSound> Image = new(ServiceAddresses.Generator,
        LiveFormats.HeaderBytes + LiveFormats.MaxFrameBytes,
        bytes =>
        {
            var m = LiveFormats.CameraFrame(bytes);
            return new LiveFrame { Sequence = m.Sequence, Seed = m.Seed, Image = ByteString.CopyFrom(m.Payload.Span) };
        },
        a => new
        {
            type = "sound", sequence = a.Sequence, wav = Convert.ToBase64String(a.Wav.Span),
            spectrogram = Convert.ToBase64String(a.SpectrogramPng.Span), dropped = a.Dropped, serviceMs = a.ServiceMs, modelId = a.ModelId,
        });

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(SoundPath, (HttpContext http, GeneratorService.GeneratorServiceClient generator, LiveSessionSlots slots) =>
            Accept(http, slots, socket => Sound.RunAsync(socket, cancel => generator.LiveSoundToImage(cancellationToken: cancel), http.RequestAborted)));
        endpoints.Map(ImagePath, (HttpContext http, GeneratorService.GeneratorServiceClient generator, LiveSessionSlots slots) =>
            Accept(http, slots, socket => Image.RunAsync(socket, cancel => generator.LiveImageToSound(cancellationToken: cancel), http.RequestAborted)));
        return endpoints;
    }

    static async Task Accept(HttpContext http, LiveSessionSlots slots, Func<System.Net.WebSockets.WebSocket, Task> run)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("a live session is a WebSocket (the Live page opens it).");
            return;
        }
        if (!RequestOrigin.IsSameOrigin(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var slot = slots.TryEnter();
        if (slot is null)
        {
            await LiveSocket.SendJsonAsync(socket, new { type = "error", message = $"Live mode is full: {slots.Max} live sessions are open; try again when one ends." }, http.RequestAborted);
            await LiveSocket.CloseAsync(socket, System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "live mode is full");
            return;
        }
        await run(socket);
    }
}
