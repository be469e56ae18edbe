using MqApi.Broker.Statistics;

namespace MqApi.Tests.Broker.Statistics;

public sealed class MessageStatsTests
{
    [Fact]
    public void RateIsTheChangeSinceThePreviousSamplePerSecond()
    {
        var stats = new MessageStats();
        stats.Sample(10_000);

        stats.Add(MessageStat.Publish, 10);
        stats.Add(MessageStat.Ack, 3);
        stats.Sample(14_000);

        Assert.Equal(10, stats[MessageStat.Publish]);
        Assert.Equal(2.5, stats.Rate(MessageStat.Publish));
        Assert.Equal(0.75, stats.Rate(MessageStat.Ack));
        Assert.Equal(0, stats.Rate(MessageStat.Deliver));
    }

    [Fact]
    public void RateFallsToZeroWhenNothingHappensBetweenSamples()
    {
        var stats = new MessageStats();
        stats.Sample(0);
        stats.Add(MessageStat.Deliver, 5);
        stats.Sample(5_000);

        stats.Sample(10_000);

        Assert.Equal(0, stats.Rate(MessageStat.Deliver));
        Assert.Equal(5, stats[MessageStat.Deliver]);
    }

    [Fact]
    public void RateIsZeroUntilTheSecondSample()
    {
        var stats = new MessageStats();
        stats.Add(MessageStat.Publish, 7);

        stats.Sample(1_000);

        Assert.Equal(0, stats.Rate(MessageStat.Publish));
    }
}
