namespace MqApi.Broker.Access;

/// <summary>RabbitMQ's three permissions, each a regular expression over resource names in one vhost.</summary>
public enum AccessKind
{
    /// <summary>Declare and delete exchanges and queues.</summary>
    Configure,
    /// <summary>Publish to an exchange; bind into a queue or destination exchange.</summary>
    Write,
    /// <summary>Consume, get and purge a queue; bind from a source exchange.</summary>
    Read,
}
