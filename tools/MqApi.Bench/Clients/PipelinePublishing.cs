using System.Diagnostics;

namespace MqApi.Bench.Clients;

/// <summary>
/// Publishes through an <see cref="IConfirmingPublisher"/> until disposed, in one of two ways:
/// closed loop, with <c>outstanding</c> publishes always waiting for their confirm (a new one starts
/// when one is confirmed); or paced, starting publishes at a fixed rate whatever the confirms do (at
/// most <c>outstanding</c> unconfirmed; beyond that the pacer waits). Each payload carries its start.
/// </summary>
internal sealed class PipelinePublishing : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping;
    private readonly Task _publishing;

    public PipelinePublishing(IConfirmingPublisher publisher, string queue, bool persistent, int outstanding, int? pacedPerSecond,
        int payloadBytes, Measurement measurement, CancellationToken cancellationToken)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stopping.Token;
        _publishing = pacedPerSecond is { } rate
            ? Task.Run(() => PacedAsync(publisher, queue, persistent, outstanding, rate, payloadBytes, measurement, token), CancellationToken.None)
            : Task.WhenAll(Enumerable.Range(0, outstanding).Select(_ =>
                Task.Run(() => ClosedLoopAsync(publisher, queue, persistent, payloadBytes, measurement, token), CancellationToken.None)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _publishing.WaitAsync(TimeSpan.FromSeconds(60));
        _stopping.Dispose();
    }

    private static async Task ClosedLoopAsync(IConfirmingPublisher publisher, string queue, bool persistent, int payloadBytes, Measurement measurement, CancellationToken token)
    {
        for (var sent = 0; sent < RestPublishers.MaxRequestsPerPublisher && !token.IsCancellationRequested; sent++)
        {
            if (!await PublishOneAsync(publisher, queue, persistent, payloadBytes, measurement, token)) return;
        }
    }

    private static async Task PacedAsync(IConfirmingPublisher publisher, string queue, bool persistent, int outstanding, int perSecond,
        int payloadBytes, Measurement measurement, CancellationToken token)
    {
        using var window = new SemaphoreSlim(outstanding);
        var inFlight = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (long i = 0; i < RestPublishers.MaxRequestsPerPublisher && !token.IsCancellationRequested; i++)
            {
                // The i-th publish is due i/rate seconds after the start; sleep until then (timer
                // resolution is about 1 ms, so a late pacer catches up by sending the ones due at once).
                var due = TimeSpan.FromSeconds(i / (double)perSecond) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due, token);
                await window.WaitAsync(token);
                inFlight.Add(PublishAndReleaseAsync(publisher, queue, persistent, payloadBytes, measurement, window, token));
                if (inFlight.Count >= 4096) inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
        await Task.WhenAll(inFlight);
    }

    private static async Task PublishAndReleaseAsync(IConfirmingPublisher publisher, string queue, bool persistent, int payloadBytes,
        Measurement measurement, SemaphoreSlim window, CancellationToken token)
    {
        try
        {
            await PublishOneAsync(publisher, queue, persistent, payloadBytes, measurement, token);
        }
        finally
        {
            window.Release();
        }
    }

    /// <summary>One publish; false when stopping.</summary>
    private static async Task<bool> PublishOneAsync(IConfirmingPublisher publisher, string queue, bool persistent, int payloadBytes, Measurement measurement, CancellationToken token)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            if (await publisher.PublishAsync(queue, BenchPayload.Create(start, payloadBytes), persistent, token))
                measurement.CountConfirmed(1, start, Stopwatch.GetTimestamp());
            else
                measurement.CountError();
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            measurement.CountError();
            if (measurement.Errors <= 3) Console.Error.WriteLine($"A publish failed: {exception.GetType().Name}: {exception.Message}");
            return true;
        }
        catch (Exception)
        {
            // Failed because the connection is closing at the end of the run.
            return false;
        }
    }
}
