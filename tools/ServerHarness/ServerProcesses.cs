using System.Net;
using System.Net.Sockets;

namespace MqApi.ServerHarness;

/// <summary>What every program that runs the published server as its own process needs.</summary>
internal static class ServerProcesses
{
    /// <summary>The dotnet that runs this program when it is known (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>A loopback port free right now (another process may still take it first: callers retry).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>The server process ended before it was ready.</summary>
internal sealed class ServerExitedException(int exitCode, string output)
    : Exception($"The server exited with code {exitCode} before it was ready:{Environment.NewLine}{output}")
{
    public string Output { get; } = output;
}
