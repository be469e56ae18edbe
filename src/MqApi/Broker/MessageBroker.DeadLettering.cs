using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    private readonly DeadLetterPump _deadLetters;

    /// <summary>
    /// Republishes dead letters to their queue's dead-letter exchange, one at a time in the order queues
    /// gave them up, with RabbitMQ's x-death header. The original's stored row is deleted only after the
    /// copies are committed. A dead-letter exchange that does not exist drops the message, as in RabbitMQ.
    /// </summary>
    private sealed class DeadLetterPump : IDeadLetterSink
    {
        private readonly MessageBroker _broker;
        private readonly Channel<(MessageQueue Queue, QueuedMessage Message, string Reason)> _pending =
            Channel.CreateUnbounded<(MessageQueue, QueuedMessage, string)>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _loop;

        public DeadLetterPump(MessageBroker broker)
        {
            _broker = broker;
            _loop = Task.Run(RunAsync);
        }

        public void Add(MessageQueue queue, QueuedMessage message, string reason) => _pending.Writer.TryWrite((queue, message, reason));

        public async Task StopAsync()
        {
            _pending.Writer.TryComplete();
            await _loop;
        }

        private async Task RunAsync()
        {
            await foreach (var (queue, message, reason) in _pending.Reader.ReadAllAsync())
            {
                try
                {
                    await RepublishAsync(queue, message, reason);
                    await queue.Forget([message]);
                }
                catch (Exception exception)
                {
                    // A failed commit leaves the original row in place: it comes back after a restart
                    // rather than being lost.
                    LogDeadLetterFailed(_broker._logger, exception, queue.Name, queue.Vhost);
                }
            }
        }

        private async Task RepublishAsync(MessageQueue queue, QueuedMessage queued, string reason)
        {
            if (queue.Settings.DeadLetterExchange is not { } exchange || _broker.FindVhost(queue.Vhost) is not { } vhost) return;
            var original = queued.Message;
            if (DeadLetterHeaders.IsCycle(original.Properties.Headers, queue.Name, reason)) return;
            var properties = original.Properties with
            {
                Expiration = null,
                Headers = DeadLetterHeaders.WithDeath(original, queue.Name, reason, _broker._services.Time.GetUtcNow()),
            };
            var routingKey = queue.Settings.DeadLetterRoutingKey ?? original.RoutingKey;
            try
            {
                var outcome = vhost.Publish(exchange, routingKey, properties, original.Body, _broker.Sequence, deadLettering: true);
                await outcome.Stored;
                if (!outcome.Routed) _broker.Totals.Add(Statistics.MessageStat.DropUnroutable);
            }
            catch (BrokerException exception) when (exception.Kind == BrokerErrorKind.NotFound)
            {
                // No such dead-letter exchange (any more): the message is dropped, as RabbitMQ does.
                _broker.Totals.Add(Statistics.MessageStat.DropUnroutable);
            }
        }
    }

    [LoggerMessage(10, LogLevel.Error, "Dead-lettering from queue {Queue} in vhost {Vhost} failed", EventName = "DeadLetterFailed")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception exception, string queue, string vhost);
}
