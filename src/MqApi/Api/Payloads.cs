using System.Text;
using MqApi.Broker;

namespace MqApi.Api;

/// <summary>Message bodies over JSON: plain UTF-8 text or base64.</summary>
public static class Payloads
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static byte[] Decode(string? payload, string? encoding)
    {
        payload ??= "";
        switch (encoding ?? "string")
        {
            case "string":
                return Encoding.UTF8.GetBytes(payload);
            case "base64":
                try
                {
                    return Convert.FromBase64String(payload);
                }
                catch (FormatException)
                {
                    throw BrokerException.BadArgument("payload is not valid base64 (payload_encoding is 'base64')");
                }
            default:
                throw BrokerException.BadArgument($"payload_encoding must be 'string' or 'base64'; got '{encoding}'");
        }
    }

    /// <summary>Encodes a body for a get: as a string when asked for <c>auto</c> and it is valid UTF-8, else base64.</summary>
    public static (string Payload, string Encoding) Encode(ReadOnlyMemory<byte> body, string? encoding, int? truncate)
    {
        var bytes = truncate is { } limit && limit < body.Length ? body[..limit] : body;
        switch (encoding ?? "auto")
        {
            case "auto":
                try
                {
                    return (StrictUtf8.GetString(bytes.Span), "string");
                }
                catch (DecoderFallbackException)
                {
                    return (Convert.ToBase64String(bytes.Span), "base64");
                }
            case "base64":
                return (Convert.ToBase64String(bytes.Span), "base64");
            default:
                throw BrokerException.BadArgument($"encoding must be 'auto' or 'base64'; got '{encoding}'");
        }
    }
}
