using System.Text.Json;

namespace MqApi.Storage;

/// <summary>Tags (of vhosts and users) as they are stored: a JSON array of strings.</summary>
internal static class TagList
{
    public static string ToJson(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    public static IReadOnlyList<string> Parse(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
