using MqApi.Broker.Exchanges;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Broker;

public sealed partial class VirtualHost
{
    // Start-up only: rebuilds what the store held, without writing it back.

    internal void RestoreExchange(ExchangeRecord record) => Write(() =>
    {
        if (ExchangeTypes.IsKnown(record.Type) && !_exchanges.ContainsKey(record.Name))
        {
            _exchanges[record.Name] = ExchangeTypes.Create(Name, record.Name, record.Type,
                new ExchangeSettings(true, record.AutoDelete, record.Internal, record.Arguments));
        }
        return 0;
    });

    internal MessageQueue RestoreQueue(QueueRecord record) => Write(() =>
    {
        var queue = new MessageQueue(Name, record.Name, new QueueSettings(true, false, record.AutoDelete, record.Arguments), null, _services, WaitForPublishesInFlight);
        _queues[record.Name] = queue;
        return queue;
    });

    internal void RestoreBinding(BindingRecord record) => Write(() =>
    {
        var destination = new BindingDestination(record.Destination, record.DestinationIsQueue);
        var binding = new Binding(record.Source, destination, record.RoutingKey, record.Arguments);
        var destinationExists = destination.IsQueue ? _queues.ContainsKey(destination.Name) : _exchanges.ContainsKey(destination.Name);
        if (_exchanges.TryGetValue(record.Source, out var source) && record.Source.Length > 0 && destinationExists && _bindings.Add(binding))
        {
            source.AddBinding(binding);
        }
        return 0;
    });
}
