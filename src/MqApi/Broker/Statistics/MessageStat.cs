namespace MqApi.Broker.Statistics;

/// <summary>
/// One kind of message event the broker counts. The names follow RabbitMQ's <c>message_stats</c>;
/// <see cref="Nack"/> and <see cref="DeadLetter"/> have no RabbitMQ field and feed the metrics only.
/// </summary>
public enum MessageStat
{
    /// <summary>Global: a client published a message. Queue: a copy was enqueued.</summary>
    Publish,
    /// <summary>Exchange: a message was published to it (dead-letter republishes included).</summary>
    PublishIn,
    /// <summary>Exchange: a copy of a message published to it reached a queue (one per queue).</summary>
    PublishOut,
    /// <summary>A publish was answered after its message was stored (every MqApi publish is confirmed).</summary>
    Confirm,
    /// <summary>A client publish that reached no queue; the client is told (<c>routed:false</c>).</summary>
    ReturnUnroutable,
    /// <summary>A dead-letter republish that reached no queue: no client to tell, so it is dropped.</summary>
    DropUnroutable,
    /// <summary>Pushed to a consumer that acks.</summary>
    Deliver,
    /// <summary>Pushed to an autoAck consumer.</summary>
    DeliverNoAck,
    /// <summary>Taken by a get that must be settled (a lease, or a get that requeues or rejects).</summary>
    Get,
    /// <summary>Taken by a get that settles at once (ackmode ack_requeue_false).</summary>
    GetNoAck,
    /// <summary>Delivered or got again after an earlier delivery.</summary>
    Redeliver,
    /// <summary>Acked by a client (hub ack, lease ack).</summary>
    Ack,
    /// <summary>Nacked or rejected by a client, requeued or not (hub nack/reject, lease nack, get with a requeue or reject ackmode).</summary>
    Nack,
    /// <summary>Left a queue for its dead-letter exchange (expired, over a limit, rejected, delivery limit).</summary>
    DeadLetter,
}
