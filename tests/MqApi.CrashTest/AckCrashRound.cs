using System.Collections.Concurrent;
using System.Diagnostics;

namespace MqApi.CrashTest;

/// <summary>
/// Round 2: fill a durable queue with confirmed persistent messages, drain it with concurrent
/// ack_requeue_false gets, SIGKILL mid-drain, restart, drain the rest. What the consumers received
/// before the kill plus what is left after it must be every message, but for the gets the kill cut off.
/// </summary>
/// <remarks>
/// A get with ack_requeue_false is at-most-once, as basic.get with no-ack is in RabbitMQ: the server
/// commits the get's delete, then answers. So a get the kill cut off may have taken its messages for
/// good without its consumer ever seeing them; and a message a consumer did receive can never come back.
/// Every get here takes <see cref="GetCount"/> messages (the queue holds far more) and deletes them in
/// one transaction, so what is missing must be whole gets, at most as many as the kill cut off.
/// </remarks>
internal static class AckCrashRound
{
    private const string Queue = "crash.ack";
    private const int MessageCount = 20_000;
    private const int Publishers = 8;
    private const int Consumers = 4;
    private const int GetCount = 50;
    private static readonly TimeSpan AfterKillTimeout = TimeSpan.FromSeconds(15);

    public static async Task<RoundReport> RunAsync(CrashTestServer server, CancellationToken cancellationToken)
    {
        var report = new RoundReport("Round 2: SIGKILL while consuming (get, ack_requeue_false)");
        await server.Client.DeclareDurableQueueAsync(Queue, cancellationToken);
        var filling = Stopwatch.StartNew();
        var published = await FillAsync(server.Client, cancellationToken);
        var filled = filling.Elapsed;
        var queued = await server.Client.CountMessagesAsync(Queue, cancellationToken);

        // The consumer whose get crosses the threshold kills the server itself, at once, so that the
        // other consumers' gets are still open when the kill lands.
        var drain = new DrainBeforeKill(Random.Shared.Next(MessageCount / 4, MessageCount * 3 / 5), server.Kill);
        var client = server.Client;
        var consumers = Enumerable.Range(0, Consumers)
            .Select(_ => Task.Run(() => ConsumeUntilKilledAsync(client, drain, cancellationToken), cancellationToken))
            .ToArray();
        var consuming = Task.WhenAll(consumers);
        // A consumer ends before the threshold only when it failed (a wrong answer): surface that.
        if (await Task.WhenAny(drain.ThresholdReached, consuming).WaitAsync(cancellationToken) == consuming) await consuming;
        var (pid, exitCode) = await server.KillAsync(cancellationToken);
        await consuming.WaitAsync(AfterKillTimeout, cancellationToken);

        var restart = await server.RestartAsync(cancellationToken);
        var recovered = await server.Client.CountMessagesAsync(Queue, cancellationToken);
        var drained = await server.Client.DrainAsync(Queue, cancellationToken);

        var before = drain.Received.ToList();
        var beforeIds = before.Select(m => m.Payload).ToHashSet();
        var afterIds = drained.Select(m => m.Payload).ToHashSet();
        var missing = published.Where(id => !beforeIds.Contains(id) && !afterIds.Contains(id)).ToList();
        var missingGets = missing.Count / GetCount;
        var missingIsCutOffGets = missing.Count % GetCount == 0 && missingGets <= drain.CutOffGets;
        var twice = afterIds.Where(beforeIds.Contains).ToList();
        var unknown = beforeIds.Concat(afterIds).Where(id => !published.Contains(id)).ToList();
        var repeatedBefore = before.Count - beforeIds.Count;
        var repeatedAfter = drained.Count - afterIds.Count;
        var mislabelled = before.Concat(drained).Count(m => m.MessageId != m.Payload);

        report.Fact("published and confirmed", $"{published.Count} ({Publishers} publishers, {filled.TotalSeconds:0.0} s)");
        report.Fact("queued before draining", queued);
        report.Fact("consumers", $"{Consumers} (get count {GetCount})");
        report.Fact("killed after receiving", $"{drain.ReceivedCount} (pid {pid}, exit code {exitCode})");
        report.Fact("gets in flight at the kill", $"{drain.InFlightAtKill} ({drain.CutOffGets} cut off, {drain.InFlightAtKill - drain.CutOffGets} answered)");
        report.Fact("restarted, ready after", $"{restart.TotalSeconds:0.0} s");
        report.Fact("queued after restart", recovered);
        report.Fact("drained after restart", drained.Count);
        report.Fact("taken by gets the kill cut off", missingIsCutOffGets
            ? $"{missing.Count} ({missingGets} of {drain.CutOffGets} cut-off gets had committed)"
            : $"{missing.Count} (not {GetCount} per cut-off get)");
        report.Fact("lost", missingIsCutOffGets ? 0 : missing.Count);
        report.Fact("received before AND after the kill", $"{twice.Count} (in-flight bound {drain.InFlightAtKill * GetCount}; 0 expected)");

        report.Check(queued == MessageCount, $"the queue held {queued} messages after {MessageCount} confirmed publishes");
        report.Check(drain.ReceivedCount > 0 && drained.Count > 0, "the kill did not land mid-drain");
        report.Check(recovered == drained.Count, $"the queue counted {recovered} messages after the restart but {drained.Count} were drained");
        report.Check(missingIsCutOffGets, $"{missing.Count} messages were lost: more than, or not whole, gets the kill cut off ({drain.CutOffGets}); e.g. {RoundReport.Sample(missing)}");
        // The answer to a get comes after its delete is committed, so nothing received can come back;
        // even a weaker store could bring back no more than the gets in flight at the kill held.
        report.Check(twice.Count == 0, $"{twice.Count} messages came back after a consumer had received them (gets in flight at the kill: {drain.InFlightAtKill}), e.g. {RoundReport.Sample(twice)}");
        report.Check(repeatedBefore == 0, $"{repeatedBefore} messages were received twice before the kill");
        report.Check(repeatedAfter == 0, $"{repeatedAfter} messages were drained twice after the restart");
        report.Check(unknown.Count == 0, $"{unknown.Count} messages were never published, e.g. {RoundReport.Sample(unknown)}");
        report.Check(mislabelled == 0, $"{mislabelled} messages have a message_id other than their payload");
        return report;
    }

    /// <summary>Publishes <see cref="MessageCount"/> persistent messages; every one must be confirmed.</summary>
    private static async Task<HashSet<string>> FillAsync(BrokerClient client, CancellationToken cancellationToken)
    {
        var perPublisher = MessageCount / Publishers;
        var publishers = Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            var ids = new List<string>(perPublisher);
            for (var sequence = 0; sequence < perPublisher; sequence++)
            {
                var id = $"a{p}-{sequence}";
                await client.PublishPersistentAsync(Queue, id, cancellationToken);
                ids.Add(id);
            }
            return ids;
        }, cancellationToken));
        return [.. (await Task.WhenAll(publishers)).SelectMany(ids => ids)];
    }

    private static async Task ConsumeUntilKilledAsync(BrokerClient client, DrainBeforeKill drain, CancellationToken cancellationToken)
    {
        // No new get once the kill is decided: the gets open then are the ones in flight at the kill.
        while (!drain.Killing.IsRaised)
        {
            List<ReceivedMessage> batch;
            try
            {
                batch = await client.GetAndAckAsync(Queue, GetCount, cancellationToken);
            }
            catch (Exception e) when (drain.Killing.IsRaised && KillSignal.IsCutOff(e))
            {
                drain.GetCutOff();
                return;
            }
            drain.GetAnswered(batch);
            if (batch.Count == 0) return;
        }
    }

    /// <summary>What the consumers received before the kill; kills once <paramref name="killAfter"/> were received.</summary>
    private sealed class DrainBeforeKill(int killAfter, Action kill)
    {
        private readonly TaskCompletionSource _threshold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _receivedCount, _inFlightAtKill, _cutOffGets;

        public KillSignal Killing { get; } = new();
        public ConcurrentQueue<ReceivedMessage> Received { get; } = new();
        public Task ThresholdReached => _threshold.Task;
        public int ReceivedCount => Volatile.Read(ref _receivedCount);
        /// <summary>Gets that ended after the kill was decided: cut off, or answered before the kill landed.</summary>
        public int InFlightAtKill => Volatile.Read(ref _inFlightAtKill);
        public int CutOffGets => Volatile.Read(ref _cutOffGets);

        public void GetAnswered(List<ReceivedMessage> batch)
        {
            if (Killing.IsRaised) Interlocked.Increment(ref _inFlightAtKill);
            foreach (var message in batch) Received.Enqueue(message);
            var received = Interlocked.Add(ref _receivedCount, batch.Count);
            if (received - batch.Count < killAfter && received >= killAfter)
            {
                Killing.Raise();
                kill();
            }
            if (received >= killAfter || batch.Count == 0) _threshold.TrySetResult();
        }

        public void GetCutOff()
        {
            Interlocked.Increment(ref _inFlightAtKill);
            Interlocked.Increment(ref _cutOffGets);
        }
    }
}
