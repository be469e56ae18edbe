using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using MessagePack;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace MqApi.Hubs;

/// <summary>
/// A hub protocol (JSON or MessagePack) that says which argument of an invocation could not be read.
/// SignalR answers a binding failure with a bare "Failed to invoke 'X' due to an error on the server."
/// unless the failure is a <see cref="HubException"/>; this wrapper makes it one, naming the method, the
/// argument and the reason. Finding the argument costs one re-parse per argument, on failures only.
/// </summary>
public sealed class ArgumentErrorReportingHubProtocol(IHubProtocol inner, Type hubType) : IHubProtocol
{
    private readonly Dictionary<string, string[]> _parameterNames = hubType
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(method => !method.IsSpecialName)
        .GroupBy(method => method.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(group => group.Key, group => group.First().GetParameters().Select(p => p.Name ?? "?").ToArray(), StringComparer.OrdinalIgnoreCase);

    public string Name => inner.Name;
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failure)
        {
            var frame = before.Slice(0, before.Length - input.Length);
            var explained = new HubException(Explain(frame, binder, failure), failure.BindingFailure.SourceException);
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(explained));
        }
        return true;
    }

    private string Explain(ReadOnlySequence<byte> frame, IInvocationBinder binder, InvocationBindingFailureMessage failure)
    {
        var target = failure.Target;
        IReadOnlyList<Type> types;
        try
        {
            types = binder.GetParameterTypes(target);
        }
        catch (Exception)
        {
            return $"unknown hub method '{target}'";
        }
        var names = _parameterNames.GetValueOrDefault(target) ?? [.. types.Select((_, i) => $"argument {i + 1}")];
        var signature = $"{target}({string.Join(", ", names)})";
        // Every value reads as object, so a failure with all of them loose is about the count, not a type.
        if (Rebind(frame, binder, target, [.. types.Select(_ => typeof(object))]) is { } shape)
            return $"{signature}: {Reason(shape)}";
        for (var i = 0; i < types.Count; i++)
        {
            var probe = types.Select((type, j) => j <= i ? type : typeof(object)).ToArray();
            if (Rebind(frame, binder, target, probe) is { } error)
            {
                var name = i < names.Length ? names[i] : (i + 1).ToString(CultureInfo.InvariantCulture);
                return $"{signature}: argument '{name}' must be {Shape(types[i])}: {Reason(error)}";
            }
        }
        return $"{signature}: {Reason(failure.BindingFailure.SourceException)}";
    }

    /// <summary>Parses the frame again as if the method took <paramref name="types"/>; the binding error, if any.</summary>
    private Exception? Rebind(ReadOnlySequence<byte> frame, IInvocationBinder binder, string target, Type[] types)
    {
        var copy = frame;
        inner.TryParseMessage(ref copy, new FixedParameterTypesBinder(binder, target, types), out var message);
        return (message as InvocationBindingFailureMessage)?.BindingFailure.SourceException;
    }

    /// <summary>
    /// Why binding failed: System.Text.Json's own exception, which names the path (<c>$.prefetch</c>),
    /// without its line and byte positions; else the innermost message (MessagePack's names no field).
    /// </summary>
    private static string Reason(Exception exception)
    {
        Exception? json = null;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is JsonException) json = current;
            exception = current;
        }
        return (json ?? exception).Message.Split(" | LineNumber:")[0];
    }

    /// <summary>What an argument must look like, in the wire's words: a contract lists its keys.</summary>
    private static string Shape(Type type)
    {
        var keyed = type.GetProperties()
            .Select(p => (Key: p.GetCustomAttribute<KeyAttribute>()?.StringKey, p.PropertyType))
            .Where(p => p.Key is not null)
            .ToList();
        return keyed.Count == 0
            ? Kind(type)
            : $"a map {{{string.Join(", ", keyed.Select(p => $"{p.Key}: {Kind(p.PropertyType)}"))}}}";
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "a boolean";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double)) return "a number";
        return "a map";
    }

    private sealed class FixedParameterTypesBinder(IInvocationBinder binder, string target, Type[] types) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            string.Equals(methodName, target, StringComparison.OrdinalIgnoreCase) ? types : binder.GetParameterTypes(methodName);

        public Type GetReturnType(string invocationId) => binder.GetReturnType(invocationId);

        public Type GetStreamItemType(string streamId) => binder.GetStreamItemType(streamId);

        public string? GetTarget(ReadOnlySpan<byte> utf8Bytes) => binder.GetTarget(utf8Bytes);
    }
}
