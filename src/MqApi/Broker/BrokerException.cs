namespace MqApi.Broker;

/// <summary>The kinds of expected failure the broker reports; front ends map each to their own status.</summary>
public enum BrokerErrorKind
{
    /// <summary>A vhost, exchange, queue, binding or user that does not exist (AMQP 404 NOT_FOUND).</summary>
    NotFound,
    /// <summary>A redeclare with other flags, a delete that is not allowed now (AMQP 406 PRECONDITION_FAILED).</summary>
    PreconditionFailed,
    /// <summary>Malformed or out-of-range input (AMQP 502/503 SYNTAX_ERROR / COMMAND_INVALID).</summary>
    BadArgument,
    /// <summary>An operation the caller may not perform (AMQP 403 ACCESS_REFUSED).</summary>
    AccessRefused,
    /// <summary>An exclusive queue or consumer held by someone else (AMQP 405 RESOURCE_LOCKED).</summary>
    ResourceLocked,
    /// <summary>A queue limit refused a message (x-overflow reject-publish).</summary>
    Rejected,
    /// <summary>The user's permissions do not allow the operation (AMQP 403 ACCESS_REFUSED; REST 403 not_authorised).</summary>
    NotAuthorised,
}

/// <summary>
/// An expected failure of a broker operation. Thrown before any state changes, so a caller that
/// gets one knows nothing happened. Bugs are other exceptions.
/// </summary>
public sealed class BrokerException(BrokerErrorKind kind, string message) : Exception(message)
{
    public BrokerErrorKind Kind { get; } = kind;

    public static BrokerException NotFound(string message) => new(BrokerErrorKind.NotFound, message);
    public static BrokerException PreconditionFailed(string message) => new(BrokerErrorKind.PreconditionFailed, message);
    public static BrokerException BadArgument(string message) => new(BrokerErrorKind.BadArgument, message);
    public static BrokerException AccessRefused(string message) => new(BrokerErrorKind.AccessRefused, message);
    public static BrokerException ResourceLocked(string message) => new(BrokerErrorKind.ResourceLocked, message);
    public static BrokerException NotAuthorised(string message) => new(BrokerErrorKind.NotAuthorised, message);

    public static BrokerException NoVhost(string vhost) => NotFound($"no vhost '{vhost}'");
    public static BrokerException NoExchange(string vhost, string name) => NotFound($"no exchange '{name}' in vhost '{vhost}'");
    public static BrokerException NoQueue(string vhost, string name) => NotFound($"no queue '{name}' in vhost '{vhost}'");
}
