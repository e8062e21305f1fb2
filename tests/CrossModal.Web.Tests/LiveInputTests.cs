using System.Buffers.Binary;
using CrossModal.Web.Live;
using CrossModal.Web.Services;

namespace CrossModal.Web.Tests;

/// <summary>What the Live page's sockets accept (one window or one frame, with its header) and how many sessions at once.</summary>
public class LiveInputTests
{
    static byte[] Message(uint sequence, int seed, int payloadBytes)
    {
        var bytes = new byte[LiveFormats.HeaderBytes + payloadBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), seed);
        for (var i = LiveFormats.HeaderBytes; i < bytes.Length; i++) bytes[i] = (byte)i;
        return bytes;
    }

    [Fact]
    public void ASoundWindowIsItsHeaderAndExactlyHalfASecondOfPcm()
    {
        var bytes = Message(4_000_000_000, -7, LiveFormats.SoundWindowBytes);
        var m = LiveFormats.SoundWindow(bytes);
        Assert.Equal((4_000_000_000u, -7, 44_100), (m.Sequence, m.Seed, m.Payload.Length));
        Assert.Equal(bytes.AsSpan(LiveFormats.HeaderBytes).ToArray(), m.Payload.ToArray());

        foreach (var wrong in new[] { 0, 1, LiveFormats.SoundWindowBytes - 2, LiveFormats.SoundWindowBytes + 2 })
        {
            var e = Assert.Throws<LiveInputException>(() => LiveFormats.SoundWindow(Message(1, 1, wrong)));
            Assert.Equal($"a sound window must be 8 header bytes and 22050 samples of 16-bit PCM (44108 bytes), got {8 + wrong} bytes.", e.Message);
        }
        Assert.Throws<LiveInputException>(() => LiveFormats.SoundWindow(new byte[3]));
    }

    [Fact]
    public void ACameraFrameIsItsHeaderAndOneByteToOneMebibyte()
    {
        Assert.Equal(1, LiveFormats.CameraFrame(Message(1, 2, 1)).Payload.Length);
        Assert.Equal(LiveFormats.MaxFrameBytes, LiveFormats.CameraFrame(Message(1, 2, LiveFormats.MaxFrameBytes)).Payload.Length);
        Assert.Throws<LiveInputException>(() => LiveFormats.CameraFrame(Message(1, 2, 0)));
        Assert.Throws<LiveInputException>(() => LiveFormats.CameraFrame(Message(1, 2, LiveFormats.MaxFrameBytes + 1)));
    }

    [Fact]
    public void SessionsBeyondTheLimitAreRefusedUntilOneEnds()
    {
        var slots = new LiveSessionSlots(new WebOptions { LiveSessions = 2 });
        using var first = slots.TryEnter();
        var second = slots.TryEnter();
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(slots.TryEnter());
        Assert.Equal(2, slots.Open);
        second!.Dispose();
        second.Dispose();   // a second dispose gives nothing back twice
        Assert.Equal(1, slots.Open);
        using var third = slots.TryEnter();
        Assert.NotNull(third);
        Assert.Null(slots.TryEnter());
    }
}
