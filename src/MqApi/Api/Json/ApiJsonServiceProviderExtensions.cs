using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MqApi.Api.Json;

public static class ApiJsonServiceProviderExtensions
{
    /// <summary>The serializer options the REST API answers with.</summary>
    public static JsonSerializerOptions GetApiJsonOptions(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
}
