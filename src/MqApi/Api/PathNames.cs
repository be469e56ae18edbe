using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;
using MqApi.Broker;

namespace MqApi.Api;

/// <summary>
/// Reads a name from its path segment exactly as the client encoded it. The server decodes the path
/// except <c>%2F</c>, which would make <c>%252F</c> and <c>%2F</c> look alike; so names are taken
/// from the raw request target and percent-decoded once, strictly (bad escapes and invalid UTF-8 are
/// a 400, not a guess).
/// </summary>
public static class PathNames
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Get(HttpContext context, string parameter) => Decode(GetRaw(context, parameter), parameter);

    /// <summary>The segment as the client sent it, not decoded.</summary>
    public static string GetRaw(HttpContext context, string parameter) =>
        RawSegment(context, parameter) ?? context.Request.RouteValues[parameter] as string ?? "";

    public static string Decode(string raw, string what)
    {
        if (!raw.Contains('%')) return raw;
        // Decoded bytes are never more than 3 per char of the raw text (a char outside ASCII: at most
        // 3 UTF-8 bytes); names are short, so the stack holds them without an allocation.
        var maxBytes = raw.Length * 3;
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c != '%')
                {
                    // One char at a time, as before: a lone surrogate becomes U+FFFD's bytes.
                    if (c < 0x80) bytes[length++] = (byte)c;
                    else length += Encoding.UTF8.GetBytes(raw.AsSpan(i, 1), bytes[length..]);
                    continue;
                }
                if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
                    throw BrokerException.BadArgument($"bad percent-encoding in {what} '{raw}'");
                bytes[length++] = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                i += 2;
            }
            try
            {
                return StrictUtf8.GetString(bytes[..length]);
            }
            catch (DecoderFallbackException)
            {
                throw BrokerException.BadArgument($"{what} '{raw}' is not valid UTF-8 once decoded");
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int HexValue(char digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    private static string? RawSegment(HttpContext context, string parameter)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/' || context.GetEndpoint() is not RouteEndpoint endpoint) return null;
        var query = target.IndexOf('?');
        // Segments after the leading '/', walked without splitting: only the one asked for becomes a string.
        var path = (query < 0 ? target.AsSpan() : target.AsSpan(0, query))[1..];
        var patternSegments = endpoint.RoutePattern.PathSegments;
        // The raw path has the same segment count as the pattern when it matched: '%2F' never splits a segment.
        if (path.Count('/') + 1 != patternSegments.Count) return null;
        var start = 0;
        for (var index = 0; index < patternSegments.Count; index++)
        {
            var slash = path[start..].IndexOf('/');
            var end = slash < 0 ? path.Length : start + slash;
            if (patternSegments[index].Parts is [RoutePatternParameterPart part] && part.Name == parameter)
                return path[start..end].ToString();
            start = end + 1;
        }
        return null;
    }
}
