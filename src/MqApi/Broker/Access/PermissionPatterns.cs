using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace MqApi.Broker.Access;

/// <summary>
/// Matches resource names against permission patterns as RabbitMQ does (unanchored; "" allows
/// nothing). Patterns come from users, so a hostile one must not hang a request: they run on .NET's
/// non-backtracking engine, which is linear in the input, and any pattern that engine cannot take
/// (backreferences, lookarounds) runs with a short timeout, after which access is refused.
/// </summary>
public static class PermissionPatterns
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(50);
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="pattern"/> is a usable regular expression, else why not.</summary>
    public static string? Validate(string pattern)
    {
        try
        {
            Compile(pattern);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }

    public static bool Allows(string pattern, string resource)
    {
        if (pattern.Length == 0) return false;
        try
        {
            return Compiled.GetOrAdd(pattern, Compile).IsMatch(resource);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
        }
    }
}
