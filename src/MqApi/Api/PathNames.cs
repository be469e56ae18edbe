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
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i].ToString()));
                continue;
            }
            if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
                throw BrokerException.BadArgument($"bad percent-encoding in {what} '{raw}'");
            bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
            i += 2;
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw BrokerException.BadArgument($"{what} '{raw}' is not valid UTF-8 once decoded");
        }
    }

    private static string? RawSegment(HttpContext context, string parameter)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/' || context.GetEndpoint() is not RouteEndpoint endpoint) return null;
        var query = target.IndexOf('?');
        var rawSegments = (query < 0 ? target : target[..query]).Split('/');
        var patternSegments = endpoint.RoutePattern.PathSegments;
        // The raw path has a leading empty segment (before the first '/'), and the same segment count
        // as the pattern when it matched: '%2F' never splits a segment.
        if (rawSegments.Length - 1 != patternSegments.Count) return null;
        for (var index = 0; index < patternSegments.Count; index++)
        {
            if (patternSegments[index].Parts is [RoutePatternParameterPart part] && part.Name == parameter)
                return rawSegments[index + 1];
        }
        return null;
    }
}
