using BenchmarkDotNet.Attributes;
using MqApi.Broker.Exchanges;
using MqApi.Broker.Messages;
using MqApi.Broker.Routing;

namespace MqApi.Benchmarks;

/// <summary>
/// Cost of one <see cref="Exchange.Route"/> call per exchange type as the number of bindings on the
/// exchange grows. The destination set is reused and cleared, so the numbers are routing, not the
/// allocation of a result set. Direct and topic should stay nearly flat in the binding count.
/// Fanout and headers grow linearly by nature: fanout delivers to every binding, and headers
/// bindings have no key to index on, so RabbitMQ also scans them one by one.
/// </summary>
[MemoryDiagnoser]
public class ExchangeRoutingBenchmarks
{
    private static readonly ExchangeSettings Settings = new(false, false, false, FieldTable.Empty);

    // Each topic key meets the same few bindings whatever the binding count (see TopicPattern):
    // 2, 3, 2 and 0 matches. The last one is a key nobody bound, which is common in practice.
    private static readonly string[] TopicKeys =
    [
        "region1.service1.created",
        "region1.service1.event1",
        "audit.service1.eu.west.event1",
        "billing.invoice.paid",
    ];

    private readonly HashSet<BindingDestination> _destinations = [];
    private readonly DirectExchange _direct = new("/", "bench.direct", Settings);
    private readonly FanoutExchange _fanout = new("/", "bench.fanout", Settings);
    private readonly TopicExchange _topic = new("/", "bench.topic", Settings);
    private readonly HeadersExchange _headers = new("/", "bench.headers", Settings);
    private string _directKey = "";
    private IReadOnlyDictionary<string, object?> _messageHeaders = FieldTable.Empty;

    [Params(10, 1_000, 100_000)]
    public int Bindings { get; set; }

    [GlobalSetup(Target = nameof(Direct))]
    public void SetUpDirect()
    {
        for (var i = 0; i < Bindings; i++) _direct.AddBinding(QueueBinding("bench.direct", i, $"orders.{i}"));
        _directKey = $"orders.{Bindings / 2}";
        ExpectRouted(Direct(), 1);
    }

    [GlobalSetup(Target = nameof(Fanout))]
    public void SetUpFanout()
    {
        for (var i = 0; i < Bindings; i++) _fanout.AddBinding(QueueBinding("bench.fanout", i, ""));
        ExpectRouted(Fanout(), Bindings);
    }

    [GlobalSetup(Target = nameof(Topic))]
    public void SetUpTopic()
    {
        for (var i = 0; i < Bindings; i++) _topic.AddBinding(QueueBinding("bench.topic", i, TopicPattern(i)));
        ExpectRouted(Topic(), 2 + 3 + 2 + 0);
    }

    [GlobalSetup(Target = nameof(Headers))]
    public void SetUpHeaders()
    {
        for (var i = 0; i < Bindings; i++)
        {
            _headers.AddBinding(new Binding("bench.headers", BindingDestination.Queue($"q{i}"), "", HeadersArguments(i)));
        }
        // Matches binding 2 (all: region and kind) and bindings 3 and 5 (any: tenant, priority).
        _messageHeaders = new Dictionary<string, object?>
        {
            ["region"] = "eu2",
            ["kind"] = "order2",
            ["tenant"] = "t3",
            ["priority"] = 5L,
        };
        ExpectRouted(Headers(), 3);
    }

    [Benchmark]
    public int Direct()
    {
        _destinations.Clear();
        _direct.Route(_directKey, null, _destinations);
        return _destinations.Count;
    }

    [Benchmark]
    public int Fanout()
    {
        _destinations.Clear();
        _fanout.Route("", null, _destinations);
        return _destinations.Count;
    }

    /// <summary>Routes each of <see cref="TopicKeys"/> once; reported per Route call.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public int Topic()
    {
        var routed = 0;
        foreach (var key in TopicKeys)
        {
            _destinations.Clear();
            _topic.Route(key, null, _destinations);
            routed += _destinations.Count;
        }
        return routed;
    }

    [Benchmark]
    public int Headers()
    {
        _destinations.Clear();
        _headers.Route("", _messageHeaders, _destinations);
        return _destinations.Count;
    }

    // A setup that routed to more or fewer destinations than intended would measure something else.
    private static void ExpectRouted(int actual, int expected)
    {
        if (actual != expected) throw new InvalidOperationException($"Setup routes to {actual} destinations, expected {expected}.");
    }

    private static Binding QueueBinding(string exchange, int i, string routingKey) =>
        new(exchange, BindingDestination.Queue($"q{i}"), routingKey, FieldTable.Empty);

    /// <summary>
    /// Five pattern shapes in turn, numbered by <c>j = i / 5</c> so that every pattern is distinct
    /// and a routing key numbered 1 meets only the bindings with j = 1, present from 10 bindings up.
    /// The '#' patterns make every match walk the '#' branch at each word of the key.
    /// </summary>
    private static string TopicPattern(int i)
    {
        var j = i / 5;
        return (i % 5) switch
        {
            0 => $"region{j % 50}.service{j}.*",
            1 => $"region{j % 50}.*.event{j}",
            2 => $"#.event{j}",
            3 => $"*.service{j}.created",
            _ => $"audit.service{j}.#",
        };
    }

    /// <summary>Even bindings use x-match all on two headers, odd ones x-match any on two others.</summary>
    private static Dictionary<string, object?> HeadersArguments(int i) => i % 2 == 0
        ? new() { ["x-match"] = "all", ["region"] = $"eu{i % 50}", ["kind"] = $"order{i}" }
        : new() { ["x-match"] = "any", ["tenant"] = $"t{i}", ["priority"] = (long)i };
}
