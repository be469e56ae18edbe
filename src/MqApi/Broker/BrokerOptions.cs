namespace MqApi.Broker;

/// <summary>The <c>Broker</c> configuration section.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    /// <summary>User created on first start (with full permissions on "/"), and its password.</summary>
    public string DefaultUser { get; set; } = "guest";
    public string DefaultPassword { get; set; } = "guest";

    /// <summary>Largest message body accepted, in bytes (RabbitMQ's max_message_size defaults to 128 MiB).</summary>
    public int MaxMessageBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Largest REST request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>How long a bearer token from POST /api/tokens is valid, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;
}
