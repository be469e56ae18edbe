using MqApi.Broker.Messages;

namespace MqApi.Tests.Broker.Messages;

/// <summary>Properties as stored: serialised with a writer each thread reuses, so one message never shows through in the next.</summary>
public sealed class MessagePropertiesJsonTests
{
    [Fact]
    public void PropertiesRoundTripThroughTheStoredJson()
    {
        var properties = new MessageProperties
        {
            ContentType = "application/json", DeliveryMode = 2, Priority = 3, MessageId = "m-1", Timestamp = 1_700_000_000,
            Headers = new Dictionary<string, object?> { ["x-trace"] = "abc", ["n"] = 7L },
        };

        var back = MessagePropertiesJson.Deserialize(MessagePropertiesJson.Serialize(properties));

        Assert.Equal("application/json", back.ContentType);
        Assert.Equal(2, back.DeliveryMode);
        Assert.Equal(3, back.Priority);
        Assert.Equal("m-1", back.MessageId);
        Assert.Equal(1_700_000_000, back.Timestamp);
        Assert.Equal("abc", back.Headers?["x-trace"]);
        Assert.Equal(7L, back.Headers?["n"]);
    }

    [Fact]
    public void AMessageSerialisedAfterALargerOneOnTheSameThreadCarriesNothingOfIt()
    {
        var large = new MessageProperties { Headers = new Dictionary<string, object?> { ["big"] = new string('x', 40_000) }, AppId = "first" };
        var small = new MessageProperties { DeliveryMode = 1 };

        var first = MessagePropertiesJson.Serialize(large);
        var second = MessagePropertiesJson.Serialize(small);
        var third = MessagePropertiesJson.Serialize(large);

        Assert.Equal("""{"delivery_mode":1}""", second);
        Assert.Equal(first, third);
        Assert.Equal(40_000, Assert.IsType<string>(MessagePropertiesJson.Deserialize(third).Headers?["big"]).Length);
    }
}
