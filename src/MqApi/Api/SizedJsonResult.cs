using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using MqApi.Api.Json;

namespace MqApi.Api;

/// <summary>
/// A 200 with a JSON body sent with its Content-Length. <c>TypedResults.Ok</c> streams its JSON and flushes,
/// so Kestrel answers chunked: the body and the closing chunk go out as two writes, two system calls and
/// two packets per answer. On the publish path, where the answer is a few bytes, that is a measurable share
/// of a request's cost; serialising first lets the headers and the body leave in one write.
/// </summary>
public sealed class SizedJsonResult<T> : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public SizedJsonResult(T value) => Value = value;

    public T Value { get; }

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, httpContext.RequestServices.GetApiJsonOptions());
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Tells the OpenAPI document what a 200 carries, as <c>Ok&lt;T&gt;</c> does.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
