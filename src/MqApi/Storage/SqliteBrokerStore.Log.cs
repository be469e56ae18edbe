namespace MqApi.Storage;

public sealed partial class SqliteBrokerStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Committing a batch of {ItemCount} submissions ({WriteCount} writes) failed; all of them are faulted.", EventName = "BatchCommitFailed")]
        public static partial void BatchCommitFailed(ILogger logger, int itemCount, int writeCount, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Dropped {MessageCount} stored messages whose queue no longer exists.", EventName = "OrphanedMessagesDropped")]
        public static partial void OrphanedMessagesDropped(ILogger logger, int messageCount);

        [LoggerMessage(3, LogLevel.Information, "Loaded {VhostCount} vhosts, {ExchangeCount} exchanges, {QueueCount} queues, {BindingCount} bindings, {UserCount} users and {MessageCount} stored messages ({LoadedCount} read into memory).", EventName = "StateLoaded")]
        public static partial void StateLoaded(ILogger logger, int vhostCount, int exchangeCount, int queueCount, int bindingCount, int userCount, long messageCount, int loadedCount);
    }
}
