using System.Text;
using MqApi.Broker;

namespace MqApi.Hubs;

/// <summary>Message bodies on the hub: UTF-8 text, or base64 for anything else.</summary>
public static class HubPayloads
{
    public const string Text = "string";
    public const string Base64 = "base64";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Decode(string? payload, string? encoding)
    {
        payload ??= "";
        switch (encoding ?? Text)
        {
            case Text:
                return Encoding.UTF8.GetBytes(payload);
            case Base64:
                try
                {
                    return Convert.FromBase64String(payload);
                }
                catch (FormatException)
                {
                    throw BrokerException.BadArgument("payload is not valid base64 (payloadEncoding is 'base64')");
                }
            default:
                throw BrokerException.BadArgument($"payloadEncoding must be '{Text}' or '{Base64}'; got '{encoding}'");
        }
    }

    /// <summary>The body as text when it is valid UTF-8, else as base64; with the encoding that says which.</summary>
    public static (string Payload, string Encoding) Encode(ReadOnlyMemory<byte> body)
    {
        try
        {
            return (StrictUtf8.GetString(body.Span), Text);
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(body.Span), Base64);
        }
    }
}
