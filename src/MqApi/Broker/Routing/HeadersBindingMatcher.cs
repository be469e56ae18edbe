using MqApi.Broker.Messages;

namespace MqApi.Broker.Routing;

/// <summary>
/// The headers exchange's match rule: <c>x-match</c> = <c>all</c> (default) or <c>any</c> compares
/// binding arguments not starting with <c>x-</c>; <c>all-with-x</c> and <c>any-with-x</c> compare them
/// all. A binding argument whose value is null (AMQP void) matches on the header's presence alone.
/// </summary>
public static class HeadersBindingMatcher
{
    public const string MatchArgument = "x-match";

    public static readonly string[] MatchModes = ["all", "any", "all-with-x", "any-with-x"];

    /// <summary>Checks an <c>x-match</c> value at bind time; null when absent or valid, else the error.</summary>
    public static string? Validate(IReadOnlyDictionary<string, object?> bindingArguments)
    {
        if (!bindingArguments.TryGetValue(MatchArgument, out var mode)) return null;
        return mode is string text && MatchModes.Contains(text)
            ? null
            : $"x-match must be one of {string.Join(", ", MatchModes)}; got '{mode}'";
    }

    public static bool Matches(IReadOnlyDictionary<string, object?> bindingArguments, IReadOnlyDictionary<string, object?>? headers)
    {
        var mode = bindingArguments.TryGetValue(MatchArgument, out var value) && value is string text ? text : "all";
        var matchAll = mode is "all" or "all-with-x";
        var includeX = mode is "all-with-x" or "any-with-x";
        foreach (var (key, expected) in bindingArguments)
        {
            if (key == MatchArgument || (!includeX && key.StartsWith("x-", StringComparison.Ordinal))) continue;
            var present = headers is not null && headers.TryGetValue(key, out var actual) && (expected is null || ValuesEqual(expected, actual));
            if (matchAll && !present) return false;
            if (!matchAll && present) return true;
        }
        // Every compared argument matched for 'all' (true even over none); none did for 'any'.
        return matchAll;
    }

    private static bool ValuesEqual(object expected, object? actual)
    {
        if (FieldTable.TryGetInteger(expected, out var left) && expected is not string &&
            FieldTable.TryGetInteger(actual, out var right) && actual is not string)
        {
            return left == right;
        }
        return expected switch
        {
            double d => actual is double a && a.Equals(d),
            string s => actual is string a && string.Equals(s, a, StringComparison.Ordinal),
            bool b => actual is bool a && a == b,
            _ => FieldTable.ToCanonicalJson(new Dictionary<string, object?> { ["v"] = expected }) ==
                 FieldTable.ToCanonicalJson(new Dictionary<string, object?> { ["v"] = actual }),
        };
    }
}
