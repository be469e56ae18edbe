using System.Collections.Concurrent;
using System.Diagnostics;

namespace MqApi.CrashTest;

/// <summary>
/// Round 2: fill a durable queue with confirmed persistent messages, drain it with concurrent leased
/// gets, each followed by an ack of its delivery tags, SIGKILL mid-drain, restart, drain the rest.
/// Leasing is at-least-once: nothing may be lost, and only what was not acked at the kill may come
/// back twice (then marked redelivered).
/// </summary>
/// <remarks>
/// A leased get deletes nothing; the ack does, and the server answers it only after the delete is
/// committed. So a message is gone for good only once a consumer asked for its ack: an ack that
/// answered 200 must hold after the crash, an ack the kill cut off may or may not have committed
/// (all of its tags or none, as one ack is one transaction), and a message whose ack was never
/// sent must come back.
/// </remarks>
internal static class AckCrashRound
{
    private const string Queue = "crash.ack";
    private const int MessageCount = 20_000;
    private const int Publishers = 8;
    private const int Consumers = 4;
    private const int LeaseCount = 50;
    // Far longer than the drain before the kill takes, so no lease runs out and redelivers on its own.
    private const int LeaseMs = 30_000;
    private static readonly TimeSpan AfterKillTimeout = TimeSpan.FromSeconds(15);

    public static async Task<RoundReport> RunAsync(CrashTestServer server, CancellationToken cancellationToken)
    {
        var report = new RoundReport("Round 2: SIGKILL while consuming (leased get, then ack)");
        await server.Client.DeclareDurableQueueAsync(Queue, cancellationToken);
        var filling = Stopwatch.StartNew();
        var published = await FillAsync(server.Client, cancellationToken);
        var filled = filling.Elapsed;
        var queued = await server.Client.CountMessagesAsync(Queue, cancellationToken);

        // The consumer whose lease crosses the threshold kills the server itself, at once and before
        // acking that lease, so that the other consumers' leases and acks are still open when it lands.
        var drain = new LeasedDrain(Random.Shared.Next(MessageCount / 4, MessageCount * 3 / 5), server.Kill);
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

        var received = drain.Received.ToList();
        var receivedIds = received.Select(m => m.Payload).ToHashSet();
        var acked = drain.Acked.ToHashSet();
        var cutOffAcks = drain.CutOffAcks.ToList();
        var ackCutOff = cutOffAcks.SelectMany(ack => ack).ToHashSet();
        var neverAcked = receivedIds.Where(id => !acked.Contains(id) && !ackCutOff.Contains(id)).ToHashSet();
        var afterIds = drained.Select(m => m.Payload).ToHashSet();

        // Gone without a trace: no answered ack, no ack in flight at the kill, and not in the queue after it.
        var lost = published.Where(id => !acked.Contains(id) && !ackCutOff.Contains(id) && !afterIds.Contains(id)).ToList();
        var ackedAgain = acked.Where(afterIds.Contains).ToList();
        var twice = drained.Where(m => receivedIds.Contains(m.Payload)).ToList();
        var notMarkedRedelivered = twice.Where(m => !m.Redelivered || m.DeliveryCount < 1).Select(m => $"{m.Payload} (redelivered {m.Redelivered}, x-delivery-count {m.DeliveryCount})").ToList();
        var committedCutOffAcks = cutOffAcks.Count(ack => !ack.Any(afterIds.Contains));
        var partialCutOffAcks = cutOffAcks.Where(ack => ack.Any(afterIds.Contains) && !ack.All(afterIds.Contains)).ToList();
        var unknown = receivedIds.Concat(afterIds).Where(id => !published.Contains(id)).ToList();
        var repeatedBefore = received.Count - receivedIds.Count;
        var repeatedAfter = drained.Count - afterIds.Count;
        var redeliveredBefore = received.Count(m => m.Redelivered || m.DeliveryCount != 0);
        var mislabelled = received.Concat(drained).Count(m => m.MessageId != m.Payload);

        report.Fact("published and confirmed", $"{published.Count} ({Publishers} publishers, {filled.TotalSeconds:0.0} s)");
        report.Fact("queued before draining", queued);
        report.Fact("consumers", $"{Consumers} (lease count {LeaseCount}, lease {LeaseMs / 1000} s, then ack)");
        report.Fact("killed after receiving", $"{received.Count} (pid {pid}, exit code {exitCode})");
        report.Fact("acked (ack answered 200)", acked.Count);
        report.Fact("received, ack not yet sent", neverAcked.Count);
        report.Fact("received, ack cut off by the kill", $"{ackCutOff.Count} ({cutOffAcks.Count} acks, {committedCutOffAcks} had committed)");
        report.Fact("leased gets cut off by the kill", drain.CutOffLeases);
        report.Fact("restarted, ready after", $"{restart.TotalSeconds:0.0} s");
        report.Fact("queued after restart", recovered);
        report.Fact("drained after restart", drained.Count);
        report.Fact("lost", lost.Count);
        report.Fact("acked, yet drained again", ackedAgain.Count);
        report.Fact("came back twice", $"{twice.Count} (unacked at the kill: {neverAcked.Count + ackCutOff.Count}; {twice.Count - notMarkedRedelivered.Count} marked redelivered)");

        report.Check(queued == MessageCount, $"the queue held {queued} messages after {MessageCount} confirmed publishes");
        report.Check(acked.Count > 0 && drained.Count > 0, "the kill did not land mid-drain");
        report.Check(recovered == drained.Count, $"the queue counted {recovered} messages after the restart but {drained.Count} were drained");
        report.Check(lost.Count == 0, $"{lost.Count} messages were lost (neither acked, nor in an ack the kill cut off, nor there after the restart), e.g. {RoundReport.Sample(lost)}");
        // The server answers an ack once its delete is committed: an acked message is gone for good.
        report.Check(ackedAgain.Count == 0, $"{ackedAgain.Count} messages whose ack had answered 200 came back after the restart, e.g. {RoundReport.Sample(ackedAgain)}");
        report.Check(notMarkedRedelivered.Count == 0, $"{notMarkedRedelivered.Count} messages received before the kill came back not marked redelivered, e.g. {RoundReport.Sample(notMarkedRedelivered)}");
        // One ack deletes its messages in one transaction: a cut-off ack took all of its messages or none.
        report.Check(partialCutOffAcks.Count == 0, $"{partialCutOffAcks.Count} acks cut off by the kill committed in part, e.g. {RoundReport.Sample(partialCutOffAcks.SelectMany(ack => ack))}");
        report.Check(repeatedBefore == 0, $"{repeatedBefore} messages were leased twice before the kill");
        report.Check(redeliveredBefore == 0, $"{redeliveredBefore} messages were marked redelivered on their first lease");
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

    private static async Task ConsumeUntilKilledAsync(BrokerClient client, LeasedDrain drain, CancellationToken cancellationToken)
    {
        // No new lease or ack once the kill is decided: what is open then is what the kill cuts off.
        while (!drain.Killing.IsRaised)
        {
            List<ReceivedMessage> batch;
            try
            {
                batch = await client.LeaseAsync(Queue, LeaseCount, LeaseMs, cancellationToken);
            }
            catch (Exception e) when (drain.Killing.IsRaised && KillSignal.IsCutOff(e))
            {
                drain.LeaseCutOff();
                return;
            }
            if (drain.Leased(batch) || drain.Killing.IsRaised) return;

            var payloads = batch.Select(m => m.Payload).ToList();
            try
            {
                await client.AckAsync(Queue, [.. batch.Select(m => m.DeliveryTag ?? 0)], cancellationToken);
            }
            catch (Exception e) when (drain.Killing.IsRaised && KillSignal.IsCutOff(e))
            {
                drain.AckCutOff(payloads);
                return;
            }
            drain.AckAnswered(payloads);
        }
    }

    /// <summary>What the consumers received and acked before the kill; kills once <paramref name="killAfter"/> were received.</summary>
    private sealed class LeasedDrain(int killAfter, Action kill)
    {
        private readonly TaskCompletionSource _threshold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _receivedCount, _cutOffLeases;

        public KillSignal Killing { get; } = new();
        public ConcurrentQueue<ReceivedMessage> Received { get; } = new();
        /// <summary>Payloads whose ack answered 200.</summary>
        public ConcurrentQueue<string> Acked { get; } = new();
        /// <summary>The payloads of each ack that was sent and never answered.</summary>
        public ConcurrentQueue<List<string>> CutOffAcks { get; } = new();
        public Task ThresholdReached => _threshold.Task;
        public int CutOffLeases => Volatile.Read(ref _cutOffLeases);

        /// <summary>Records a leased batch as received; true when it crossed the threshold and so killed the server.</summary>
        public bool Leased(List<ReceivedMessage> batch)
        {
            foreach (var message in batch) Received.Enqueue(message);
            var received = Interlocked.Add(ref _receivedCount, batch.Count);
            var crossed = received - batch.Count < killAfter && received >= killAfter;
            if (crossed)
            {
                Killing.Raise();
                kill();
            }
            if (received >= killAfter || batch.Count == 0) _threshold.TrySetResult();
            return crossed || batch.Count == 0;
        }

        public void AckAnswered(List<string> payloads)
        {
            foreach (var payload in payloads) Acked.Enqueue(payload);
        }

        public void AckCutOff(List<string> payloads) => CutOffAcks.Enqueue(payloads);

        public void LeaseCutOff() => Interlocked.Increment(ref _cutOffLeases);
    }
}
