using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>How many stored messages one read takes while recovery walks past a queue's first page.</summary>
    private const int RecoveryReadSize = 10_000;

    /// <summary>
    /// Rebuilds durable topology, users and persistent messages from the store. Runs once, before
    /// any front end serves. A message that had been handed out before comes back redelivered.
    /// Creates the default vhost <c>/</c> on a fresh store. A paging queue gets only its first
    /// <see cref="BrokerOptions.QueueMemoryWindow"/> messages back in memory; the rest are counted and
    /// stay in the store until the queue reaches them.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var window = _options.QueueMemoryWindow > 0 ? _options.QueueMemoryWindow : int.MaxValue;
        var state = await _store.LoadAsync(window, cancellationToken);
        foreach (var record in state.Vhosts) _vhosts[record.Name] = new VirtualHost(record, _services);
        if (state.Vhosts.Count == 0) await DeclareVhostAsync(DefaultVhost, "Default virtual host", [], "classic");

        foreach (var record in state.Exchanges) FindVhost(record.Vhost)?.RestoreExchange(record);
        var queues = new Dictionary<(string, string), MessageQueue>();
        foreach (var record in state.Queues)
        {
            if (FindVhost(record.Vhost) is { } vhost) queues[(record.Vhost, record.Name)] = vhost.RestoreQueue(record);
        }
        foreach (var record in state.Bindings) FindVhost(record.Vhost)?.RestoreBinding(record);

        var firstPages = new Dictionary<(string, string), (int Count, long Bytes, long LastId)>();
        foreach (var stored in state.Messages)
        {
            if (!queues.TryGetValue((stored.Vhost, stored.Queue), out var queue)) continue;
            queue.Restore(MessageQueue.ToQueuedMessage(stored));
            var page = firstPages.GetValueOrDefault((stored.Vhost, stored.Queue));
            firstPages[(stored.Vhost, stored.Queue)] = (page.Count + 1, page.Bytes + stored.Body.Length, stored.Id);
        }
        foreach (var backlog in state.Backlogs)
        {
            if (!queues.TryGetValue((backlog.Vhost, backlog.Queue), out var queue)) continue;
            await RestoreBehindFirstPageAsync(queue, backlog, firstPages.GetValueOrDefault((backlog.Vhost, backlog.Queue)), cancellationToken);
        }
        Sequence.StartAfter(state.LastMessageId);
        Users.Restore(state.Users, state.Permissions);
        IsRecovered = true;
    }

    /// <summary>True once durable state is back in memory: the broker is ready to serve.</summary>
    public bool IsRecovered { get; private set; }

    /// <summary>
    /// The stored messages behind a queue's first page: a paging queue only counts them (and, with a
    /// deduplication window, remembers their ids); any other queue reads them all back.
    /// </summary>
    private async Task RestoreBehindFirstPageAsync(
        MessageQueue queue, QueueBacklog backlog, (int Count, long Bytes, long LastId) firstPage, CancellationToken cancellationToken)
    {
        if (backlog.Count <= firstPage.Count) return;
        if (queue.IsPaging) queue.RestorePaged(backlog.Count - firstPage.Count, backlog.Bytes - firstPage.Bytes, firstPage.LastId, backlog.LastId);
        if (queue.IsPaging && queue.Settings.DeduplicationWindow is null) return;

        var afterId = firstPage.LastId;
        while (true)
        {
            var rows = await _store.ReadMessagesAsync(backlog.Vhost, backlog.Queue, afterId, backlog.LastId, RecoveryReadSize, cancellationToken);
            if (rows.Count == 0) return;
            foreach (var stored in rows)
            {
                if (queue.IsPaging) queue.RememberRestoredMessageId(MessagePropertiesJson.Deserialize(stored.PropertiesJson).MessageId);
                else queue.Restore(MessageQueue.ToQueuedMessage(stored));
            }
            afterId = rows[^1].Id;
        }
    }
}
