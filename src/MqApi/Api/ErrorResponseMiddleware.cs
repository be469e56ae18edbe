using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Api;

/// <summary>
/// Turns expected failures into RabbitMQ-style JSON errors: broker errors by kind, and malformed
/// requests (bad JSON, wrong types, oversized bodies) as 4xx, never a 500. Unexpected exceptions
/// pass through to be logged as the bugs they are.
/// </summary>
public sealed partial class ErrorResponseMiddleware(RequestDelegate next, IOptions<JsonOptions> jsonOptions, ILogger<ErrorResponseMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BrokerException exception) when (!context.Response.HasStarted)
        {
            var (status, body) = ErrorResponses.For(exception);
            await WriteAsync(context, status, body);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            var reason = exception.InnerException is JsonException json ? JsonReason(json) : exception.Message;
            LogBadRequest(logger, context.Request.Path, reason);
            await WriteAsync(context, exception.StatusCode, new ErrorResponse("bad_request", reason));
        }
    }

    public async Task WriteAsync(HttpContext context, int status, ErrorResponse body)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, jsonOptions.Value.SerializerOptions);
    }

    private static string JsonReason(JsonException exception) =>
        exception.Path is { Length: > 1 } path ? $"invalid JSON at {path}: {FirstLine(exception.Message)}" : $"invalid JSON: {FirstLine(exception.Message)}";

    private static string FirstLine(string message) => message.Split('\n')[0].Split(" Path:")[0];

    [LoggerMessage(1, LogLevel.Debug, "Bad request to {Path}: {Reason}", EventName = "BadRequest")]
    private static partial void LogBadRequest(ILogger logger, PathString path, string reason);
}
