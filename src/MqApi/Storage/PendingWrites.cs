using MqApi.Broker.Persistence;

namespace MqApi.Storage;

/// <summary>Writes waiting for the writer task, and the task their submitter awaits.</summary>
internal sealed record PendingWrites(IReadOnlyList<StoreWrite> Writes, TaskCompletionSource Committed);
