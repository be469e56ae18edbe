namespace MqApi.Api;

/// <summary>Every REST error body, as RabbitMQ's management API writes it.</summary>
public sealed record ErrorResponse(string Error, string Reason);
