namespace MqApi.Broker.Queues;

/// <summary>What a queue did with a published message.</summary>
public enum EnqueueResult
{
    Accepted,
    /// <summary>Its message_id was seen within the queue's x-deduplication-window: stored once already.</summary>
    Duplicate,
    /// <summary>A length limit with x-overflow reject-publish(-dlx) refused it.</summary>
    Rejected,
    /// <summary>The queue was deleted meanwhile.</summary>
    QueueDeleted,
}
