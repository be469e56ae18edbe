using System.Diagnostics;

namespace MqApi.Bench;

/// <summary>
/// N closed-loop REST publishers: each sends a publish (or a publish-batch), waits for its confirm and
/// sends the next, until stopped or until it has sent <see cref="MaxRequestsPerPublisher"/> requests.
/// Every body is made just before it is sent, with that moment in each payload.
/// </summary>
internal sealed class RestPublishers : IAsyncDisposable
{
    /// <summary>A bound on any loop: far more than a publisher sends in the longest allowed run.</summary>
    public const int MaxRequestsPerPublisher = 10_000_000;

    private readonly CancellationTokenSource _stopping;
    private readonly Task[] _publishers;

    /// <param name="batchSize">0 for single publishes; else messages per publish-batch request.</param>
    /// <param name="persistent">delivery_mode 2 when true, 1 when false (single publishes only; a batch is persistent).</param>
    public RestPublishers(BrokerRestClient rest, string queue, int publishers, int batchSize, int payloadBytes, Measurement measurement, CancellationToken cancellationToken, bool persistent = true)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stopping.Token;
        _publishers = [.. Enumerable.Range(0, publishers).Select(_ => Task.Run(() => PublishLoopAsync(rest, queue, batchSize, payloadBytes, persistent, measurement, token), CancellationToken.None))];
    }

    /// <summary>Stops every publisher (a request in flight is cancelled) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_publishers).WaitAsync(TimeSpan.FromSeconds(60));
        _stopping.Dispose();
    }

    private static async Task PublishLoopAsync(BrokerRestClient rest, string queue, int batchSize, int payloadBytes, bool persistent, Measurement measurement, CancellationToken token)
    {
        for (var sent = 0; sent < MaxRequestsPerPublisher && !token.IsCancellationRequested; sent++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var confirmed = batchSize == 0
                    ? await rest.PublishAsync(BenchPayload.PublishRequest(queue, start, payloadBytes, persistent), token)
                    : await rest.PublishBatchAsync(BenchPayload.PublishBatchRequest(queue, batchSize, start, payloadBytes), batchSize, token);
                if (confirmed) measurement.CountConfirmed(Math.Max(batchSize, 1), start, Stopwatch.GetTimestamp());
                else measurement.CountError();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // A failed or timed-out request: counted, and the loop goes on.
                measurement.CountError();
                if (measurement.Errors <= 3) Console.Error.WriteLine($"A publish failed: {exception.Message}");
            }
        }
    }
}
