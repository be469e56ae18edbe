using System.Collections.Concurrent;

namespace MqApi.CrashTest;

/// <summary>
/// Round 1: concurrent publishers of persistent messages into a durable queue, SIGKILL at a random
/// moment, restart, drain. Every message whose publish was confirmed (200 {"routed":true}) must be
/// back, exactly once; a message whose publish was cut off by the kill may or may not be.
/// </summary>
internal static class PublishCrashRound
{
    private const string Queue = "crash.publish";
    private const int Publishers = 16;
    private static readonly TimeSpan AfterKillTimeout = TimeSpan.FromSeconds(15);

    public static async Task<RoundReport> RunAsync(CrashTestServer server, CancellationToken cancellationToken)
    {
        var report = new RoundReport("Round 1: SIGKILL while publishing");
        await server.Client.DeclareDurableQueueAsync(Queue, cancellationToken);

        var attempted = new ConcurrentDictionary<string, byte>();
        var confirmed = new ConcurrentDictionary<string, byte>();
        var killing = new KillSignal();
        var client = server.Client;
        var publishers = Enumerable.Range(0, Publishers)
            .Select(p => Task.Run(() => PublishUntilKilledAsync(client, p, attempted, confirmed, killing, cancellationToken), cancellationToken))
            .ToArray();

        var runFor = TimeSpan.FromMilliseconds(Random.Shared.Next(1500, 3001));
        await Task.Delay(runFor, cancellationToken);
        killing.Raise();
        var (pid, exitCode) = await server.KillAsync(cancellationToken);
        // A publisher fails before the kill only on a wrong answer; that surfaces here.
        await Task.WhenAll(publishers).WaitAsync(AfterKillTimeout, cancellationToken);

        var restart = await server.RestartAsync(cancellationToken);
        var queued = await server.Client.CountMessagesAsync(Queue, cancellationToken);
        var drained = await server.Client.DrainAsync(Queue, cancellationToken);

        var recovered = drained.GroupBy(m => m.Payload).ToDictionary(g => g.Key, g => g.Count());
        var lost = confirmed.Keys.Where(id => !recovered.ContainsKey(id)).ToList();
        var duplicated = recovered.Where(r => r.Value > 1).Select(r => r.Key).ToList();
        var unknown = recovered.Keys.Where(id => !attempted.ContainsKey(id)).ToList();
        var mislabelled = drained.Count(m => m.MessageId != m.Payload);
        var unconfirmedRecovered = recovered.Keys.Count(id => attempted.ContainsKey(id) && !confirmed.ContainsKey(id));

        report.Fact("publishers", Publishers);
        report.Fact("killed after", $"{runFor.TotalSeconds:0.00} s (pid {pid}, exit code {exitCode})");
        report.Fact("publishes sent", attempted.Count);
        report.Fact("confirmed", confirmed.Count);
        report.Fact("cut off by the kill (unconfirmed)", attempted.Count - confirmed.Count);
        report.Fact("restarted, ready after", $"{restart.TotalSeconds:0.0} s");
        report.Fact("queued after restart", queued);
        report.Fact("drained after restart", drained.Count);
        report.Fact("lost (confirmed, not recovered)", lost.Count);
        report.Fact("duplicates", duplicated.Count);
        report.Fact("unconfirmed but recovered", unconfirmedRecovered);

        report.Check(confirmed.Count > 0, "no publish was confirmed before the kill");
        report.Check(queued == drained.Count, $"the queue counted {queued} messages after the restart but {drained.Count} were drained");
        report.Check(lost.Count == 0, $"{lost.Count} confirmed messages were lost, e.g. {RoundReport.Sample(lost)}");
        report.Check(duplicated.Count == 0, $"{duplicated.Count} messages came back more than once, e.g. {RoundReport.Sample(duplicated)}");
        report.Check(unknown.Count == 0, $"{unknown.Count} recovered messages were never published, e.g. {RoundReport.Sample(unknown)}");
        report.Check(mislabelled == 0, $"{mislabelled} recovered messages have a message_id other than their payload");
        // Each publisher has at most one publish open at a time, so the kill can cut off at most one each.
        report.Check(attempted.Count - confirmed.Count <= Publishers, $"{attempted.Count - confirmed.Count} publishes unconfirmed, more than one per publisher");
        return report;
    }

    private static async Task PublishUntilKilledAsync(
        BrokerClient client, int publisher, ConcurrentDictionary<string, byte> attempted,
        ConcurrentDictionary<string, byte> confirmed, KillSignal killing, CancellationToken cancellationToken)
    {
        for (var sequence = 0; ; sequence++)
        {
            var id = $"p{publisher}-{sequence}";
            attempted[id] = 0;
            try
            {
                await client.PublishPersistentAsync(Queue, id, cancellationToken);
            }
            catch (Exception e) when (killing.IsRaised && KillSignal.IsCutOff(e))
            {
                return;
            }
            confirmed[id] = 0;
        }
    }
}
