using MqApi.Bench.Scenarios;

namespace MqApi.Bench.Comparison;

/// <summary>
/// The workloads of the comparison with RabbitMQ (scripts/compare-rabbitmq.sh), for either target:
/// each figure names the case that measures it on that target. The REST cases are the same code for
/// both (RabbitMQ's management HTTP API); the consumer and end-to-end cases use each broker's own
/// client protocol. Figures one broker has no equivalent for are measured on that broker only.
/// </summary>
internal static class ComparisonSuite
{
    // Targets: issue #6's ratios where it sets one (REST persistent publish at 16 and 64 connections
    // ≥ 20x; a consumer acking every message ≥ 5x Web-STOMP's; end to end ≥ 1x AMQP; paced p99 ≤ 1x;
    // start ≤ 0.2x; idle memory ≤ 0.5x). Every other figure asks for parity (≥ 1x, or ≤ 1x for times).
    public static readonly ComparisonFigure StartToReady = new("start-to-ready", "Start to ready", "s", false, 0.2, "0.00");
    public static readonly ComparisonFigure IdleRss = new("idle-rss", "Idle resident memory", "MiB", false, 0.5, "N0");

    public static IReadOnlyList<ComparisonFigure> Figures { get; } =
    [
        new("rest-publish-persistent-1", "REST publish, persistent, 1 connection", "msg/s", true, 1.0, "N0"),
        new("rest-publish-persistent-16", "REST publish, persistent, 16 connections", "msg/s", true, 20.0, "N0"),
        new("rest-publish-persistent-16-p99", "REST publish, persistent, 16 connections, confirm p99", "ms", false, 1.0, "0.0"),
        new("rest-publish-persistent-64", "REST publish, persistent, 64 connections", "msg/s", true, 20.0, "N0"),
        new("rest-publish-transient-1", "REST publish, transient, 1 connection", "msg/s", true, 1.0, "N0"),
        new("rest-publish-transient-16", "REST publish, transient, 16 connections", "msg/s", true, 1.0, "N0"),
        new("rest-publish-transient-64", "REST publish, transient, 64 connections", "msg/s", true, 1.0, "N0"),
        new("rest-publish-batch", "REST publish-batch, persistent, 100 per request, 4 connections", "msg/s", true, 1.0, "N0"),
        new("rest-get-drain", "REST get drain, count 100, ack_requeue_false", "msg/s", true, 1.0, "N0"),
        new("rest-lease-drain", "REST get drain, count 100, lease + ack", "msg/s", true, 1.0, "N0"),
        new("node-consumer-acks", "Node consumer, ack every message, prefetch 200", "msg/s", true, 5.0, "N0"),
        new("node-consumer-acks-send", "Node consumer, ack every message with send (no answer awaited), prefetch 200", "msg/s", true, 1.0, "N0"),
        new("node-consumer-auto", "Node consumer, auto ack, prefetch 200", "msg/s", true, 1.0, "N0"),
        new("e2e-persistent", "End to end, persistent, confirms, manual acks (.NET)", "msg/s", true, 1.0, "N0"),
        new("publish-only-persistent", "Publish only, persistent, confirms (.NET)", "msg/s", true, 1.0, "N0"),
        new("e2e-transient-autoack", "End to end, transient, autoAck consumer (.NET)", "msg/s", true, 1.0, "N0"),
        new("paced-1000-p50", "Paced 1,000 msg/s, publish → delivery p50", "ms", false, 1.0, "0.00"),
        new("paced-1000-p99", "Paced 1,000 msg/s, publish → delivery p99", "ms", false, 1.0, "0.00"),
        StartToReady,
        IdleRss,
    ];

    /// <summary>The cases to run on <paramref name="target"/>, each with the figures (by key) it gives.</summary>
    public static IReadOnlyList<(IBenchCase Case, IReadOnlyList<(string Key, Func<RunMetrics, double?> Value)> Figures)> Cases(BenchTarget target)
    {
        var mqapi = target == BenchTarget.MqApi;
        var transport = mqapi ? PipelineTransport.Hub : PipelineTransport.Amqp;
        var cases = new List<(IBenchCase, IReadOnlyList<(string, Func<RunMetrics, double?>)>)>();
        void Add(IBenchCase benchCase, params (string, Func<RunMetrics, double?>)[] figures) => cases.Add((benchCase, figures));

        foreach (var persistent in new[] { true, false })
        {
            foreach (var connections in new[] { 1, 16, 64 })
            {
                var key = $"rest-publish-{(persistent ? "persistent" : "transient")}-{connections}";
                if (persistent && connections == 16)
                    Add(new PersistentPublishCase(connections, 0, persistent), (key, r => r.ConfirmedPerSecond), (key + "-p99", r => r.ConfirmLatencyMs?.P99));
                else
                    Add(new PersistentPublishCase(connections, 0, persistent), (key, r => r.ConfirmedPerSecond));
            }
        }
        if (mqapi) Add(new PersistentPublishCase(4, 100), ("rest-publish-batch", r => r.ConfirmedPerSecond));
        Add(new RestDrainCase("ack_requeue_false"), ("rest-get-drain", r => r.ConsumedPerSecond));
        if (mqapi) Add(new RestDrainCase("lease"), ("rest-lease-drain", r => r.ConsumedPerSecond));
        Add(mqapi ? new NodeConsumerCase(NodeConsumerKind.SignalR, "invoke") : new NodeConsumerCase(NodeConsumerKind.Stomp, "client-individual"),
            ("node-consumer-acks", r => r.ConsumedPerSecond));
        // SignalR's send: the client does not wait for the ack's answer. MqApi only (STOMP acks have no answer anyway).
        if (mqapi) Add(new NodeConsumerCase(NodeConsumerKind.SignalR, "send"), ("node-consumer-acks-send", r => r.ConsumedPerSecond));
        Add(mqapi ? new NodeConsumerCase(NodeConsumerKind.SignalR, "auto") : new NodeConsumerCase(NodeConsumerKind.Stomp, "auto"),
            ("node-consumer-auto", r => r.ConsumedPerSecond));
        Add(new PipelineCase(transport, Persistent: true, Consume: true), ("e2e-persistent", r => r.ConsumedPerSecond));
        Add(new PipelineCase(transport, Persistent: true, Consume: false), ("publish-only-persistent", r => r.ConfirmedPerSecond));
        Add(new PipelineCase(transport, Persistent: false, Consume: true, AutoAck: true), ("e2e-transient-autoack", r => r.ConsumedPerSecond));
        Add(new PipelineCase(transport, Persistent: true, Consume: true, PacedPerSecond: 1000),
            ("paced-1000-p50", r => r.DeliveryLatencyMs?.P50), ("paced-1000-p99", r => r.DeliveryLatencyMs?.P99));
        // RabbitMQ's start and memory are measured by the script, around its own start of RabbitMQ.
        if (mqapi) Add(new StartupCase(), (StartToReady.Key, r => r.ReadySeconds), (IdleRss.Key, r => r.IdleRssMiB));
        return cases;
    }
}
