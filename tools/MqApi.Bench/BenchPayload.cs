using System.Diagnostics;
using System.Text;

namespace MqApi.Bench;

/// <summary>
/// A message body that carries the moment its publish started: <see cref="Stopwatch.GetTimestamp"/> as
/// 19 decimal digits, then filler up to the chosen size. Publisher and consumer are this one process,
/// so the two timestamps share a clock.
/// </summary>
internal static class BenchPayload
{
    private const int TimestampDigits = 19;

    /// <summary>The payload text for a publish starting at <paramref name="startTimestamp"/>.</summary>
    public static string Create(long startTimestamp, int payloadBytes) =>
        string.Create(Math.Max(payloadBytes, TimestampDigits + 1), startTimestamp, static (chars, timestamp) =>
        {
            timestamp.TryFormat(chars[..TimestampDigits], out _, "D19", System.Globalization.CultureInfo.InvariantCulture);
            chars[TimestampDigits] = ' ';
            chars[(TimestampDigits + 1)..].Fill('x');
        });

    /// <summary>The publish-start timestamp a payload carries, or null when it carries none.</summary>
    public static long? ReadTimestamp(string? payload) =>
        payload is { Length: > TimestampDigits } &&
        long.TryParse(payload.AsSpan(0, TimestampDigits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)
            ? timestamp
            : null;

    /// <summary>The JSON body of one publish to the default exchange, routed to <paramref name="queue"/>; persistent unless told.</summary>
    public static byte[] PublishRequest(string queue, long startTimestamp, int payloadBytes, bool persistent = true)
    {
        var json = new StringBuilder(payloadBytes + 128);
        AppendMessage(json, queue, startTimestamp, payloadBytes, persistent);
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The JSON body of a publish-batch of <paramref name="count"/> persistent messages.</summary>
    public static byte[] PublishBatchRequest(string queue, int count, long startTimestamp, int payloadBytes)
    {
        var json = new StringBuilder(count * (payloadBytes + 128) + 16);
        json.Append("{\"messages\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) json.Append(',');
            AppendMessage(json, queue, startTimestamp, payloadBytes, persistent: true);
        }
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    // The queue names and payloads used here need no JSON escaping (letters, digits, '-', '.', ' ', 'x').
    private static void AppendMessage(StringBuilder json, string queue, long startTimestamp, int payloadBytes, bool persistent) =>
        json.Append(persistent ? "{\"properties\":{\"delivery_mode\":2},\"routing_key\":\"" : "{\"properties\":{\"delivery_mode\":1},\"routing_key\":\"").Append(queue)
            .Append("\",\"payload\":\"").Append(Create(startTimestamp, payloadBytes))
            .Append("\",\"payload_encoding\":\"string\"}");

    /// <summary>How many times <c>"routed":true</c> occurs in a publish answer.</summary>
    public static int CountRouted(ReadOnlySpan<byte> answer)
    {
        ReadOnlySpan<byte> routed = "\"routed\":true"u8;
        var count = 0;
        for (var at = answer.IndexOf(routed); at >= 0; at = answer.IndexOf(routed))
        {
            count++;
            answer = answer[(at + routed.Length)..];
        }
        return count;
    }
}
