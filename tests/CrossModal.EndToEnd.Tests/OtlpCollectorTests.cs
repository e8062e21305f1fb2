using CrossModal.EndToEnd.Tests.Infrastructure;
using Google.Protobuf;

namespace CrossModal.EndToEnd.Tests;

/// <summary>The test collector reads spans as opentelemetry/proto/trace/v1 lays them out (so the trace test can fail for the right reason).</summary>
public sealed class OtlpCollectorTests
{
    [Fact]
    public void ReadsServiceTraceIdAndNameOfEverySpanAndSkipsOtherFields()
    {
        byte[] traceA = [.. Enumerable.Range(1, 16).Select(i => (byte)i)], traceB = [.. Enumerable.Repeat((byte)0xab, 16)];
        var request = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);    // ResourceSpans
            w.WriteBytes(ByteString.CopyFrom(Message(r =>
            {
                r.WriteTag(1, WireFormat.WireType.LengthDelimited);    // Resource
                r.WriteBytes(ByteString.CopyFrom(Message(res =>
                {
                    Attribute(res, "host.name", "x");
                    Attribute(res, "service.name", "crossmodal-generator");
                    res.WriteTag(2, WireFormat.WireType.Varint);    // dropped_attributes_count
                    res.WriteUInt32(0);
                })));
                r.WriteTag(2, WireFormat.WireType.LengthDelimited);    // ScopeSpans
                r.WriteBytes(ByteString.CopyFrom(Message(s =>
                {
                    Span(s, traceA, "POST /crossmodal.v1.GeneratorService/SoundToImage");
                    Span(s, traceB, "other");
                })));
            })));
        });
        var spans = OtlpCollector.Read(request).ToList();
        Assert.Equal(
            [new("crossmodal-generator", "0102030405060708090a0b0c0d0e0f10", "POST /crossmodal.v1.GeneratorService/SoundToImage"),
             new OtlpCollector.Span("crossmodal-generator", "abababababababababababababababab", "other")],
            spans);
    }

    static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    static void Attribute(CodedOutputStream w, string key, string value)
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);    // KeyValue
        w.WriteBytes(ByteString.CopyFrom(Message(kv =>
        {
            kv.WriteTag(1, WireFormat.WireType.LengthDelimited);
            kv.WriteString(key);
            kv.WriteTag(2, WireFormat.WireType.LengthDelimited);    // AnyValue { string_value = 1 }
            kv.WriteBytes(ByteString.CopyFrom(Message(v =>
            {
                v.WriteTag(1, WireFormat.WireType.LengthDelimited);
                v.WriteString(value);
            })));
        })));
    }

    static void Span(CodedOutputStream w, byte[] traceId, string name)
    {
        w.WriteTag(2, WireFormat.WireType.LengthDelimited);    // Span
        w.WriteBytes(ByteString.CopyFrom(Message(s =>
        {
            s.WriteTag(1, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFrom(traceId));
            s.WriteTag(2, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFrom(new byte[8]));
            s.WriteTag(5, WireFormat.WireType.LengthDelimited);
            s.WriteString(name);
            s.WriteTag(6, WireFormat.WireType.Varint);    // kind
            s.WriteEnum(2);
        })));
    }
}
