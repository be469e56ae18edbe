using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace MqApi.Hubs;

/// <summary>
/// A hub protocol made on first use. SignalR builds every registered protocol when the server starts, to
/// index them by name; the MessagePack one then sets up its resolvers (System.Linq.Expressions,
/// Reflection.Emit), about 2 MiB that stayed resident in a server no MessagePack client ever used. The name
/// and transfer format are known up front, so only the first handshake that asks for the protocol builds it.
/// </summary>
public sealed class LazyHubProtocol(string name, TransferFormat transferFormat, Func<IHubProtocol> create) : IHubProtocol
{
    private readonly Lazy<IHubProtocol> _inner = new(() =>
    {
        var protocol = create();
        if (protocol.Name != name || protocol.TransferFormat != transferFormat)
        {
            throw new InvalidOperationException($"the protocol made for '{name}' ({transferFormat}) is '{protocol.Name}' ({protocol.TransferFormat})");
        }
        return protocol;
    });

    public string Name => name;
    public TransferFormat TransferFormat => transferFormat;
    public int Version => _inner.Value.Version;

    public bool IsVersionSupported(int version) => _inner.Value.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.Value.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.Value.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _inner.Value.TryParseMessage(ref input, binder, out message);
}
