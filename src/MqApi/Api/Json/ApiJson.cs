using System.Text.Json;
using System.Text.Json.Serialization;

namespace MqApi.Api.Json;

/// <summary>The REST API's JSON rules: RabbitMQ's snake_case names, lenient scalars, unknown fields ignored.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new LenientBooleanConverter());
        options.Converters.Add(new LenientStringConverter());
    }
}
