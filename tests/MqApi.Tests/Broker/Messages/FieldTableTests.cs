using MqApi.Broker.Messages;

namespace MqApi.Tests.Broker.Messages;

public sealed class FieldTableTests
{
    [Fact]
    public void ParsedIntegralNumbersAreLongsAndOthersDoubles()
    {
        var table = FieldTable.Parse("""{"x-max-length":1000,"x-ratio":0.5,"nested":{"x-ttl":60000}}""");

        Assert.IsType<long>(table["x-max-length"]);
        Assert.Equal(1000L, table["x-max-length"]);
        Assert.Equal(0.5, table["x-ratio"]);
        Assert.IsType<long>(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(table["nested"])["x-ttl"]);
    }

    [Fact]
    public void CanonicalJsonRoundTripsThroughParse()
    {
        var table = new Dictionary<string, object?> { ["b"] = 1L, ["a"] = "text", ["c"] = true, ["d"] = null };

        var json = FieldTable.ToCanonicalJson(table);

        Assert.Equal("""{"a":"text","b":1,"c":true,"d":null}""", json);
        Assert.True(FieldTable.AreEquivalent(table, FieldTable.Parse(json)));
    }
}
