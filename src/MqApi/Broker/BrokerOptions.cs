namespace MqApi.Broker;

/// <summary>The <c>Broker</c> configuration section.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    /// <summary>User created on first start (with full permissions on "/"), and its password.</summary>
    public string DefaultUser { get; set; } = "guest";
    public string DefaultPassword { get; set; } = "guest";

    /// <summary>
    /// Browser origins (e.g. https://app.example.com) allowed to call the REST API and the hub from
    /// another site. Empty by default: only pages MqApi serves itself (same origin) can.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How many hub connections one user may hold at once; 0 means no limit.</summary>
    public int MaxConnectionsPerUser { get; set; }

    /// <summary>Failed logins allowed from one client address per minute before it must wait.</summary>
    public int FailedLoginsPerMinute { get; set; } = 10;

    /// <summary>Users who may connect from loopback addresses only (RabbitMQ's loopback_users).</summary>
    public string[] LoopbackUsers { get; set; } = ["guest"];

    /// <summary>Largest message body accepted, in bytes (RabbitMQ's max_message_size defaults to 128 MiB).</summary>
    public int MaxMessageBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Largest REST request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>
    /// A delivery left unacknowledged longer than this goes back to its queue and its consumer is
    /// cancelled (RabbitMQ's consumer_timeout, 30 minutes by default).
    /// </summary>
    public TimeSpan ConsumerTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often message_stats rates are sampled; each rate is the change over the last interval, per
    /// second (RabbitMQ's collect_statistics_interval, 5 s by default).
    /// </summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a bearer token from POST /api/tokens is valid, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;
}
