using System.Diagnostics;

namespace MqApi.ServerHarness;

/// <summary>Publishes src/MqApi (Release) into a folder with <c>dotnet publish</c>, the way it would be deployed.</summary>
internal static class AppPublisher
{
    private const string ServerProject = "src/MqApi/MqApi.csproj";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Publishes into <paramref name="outputFolder"/>; returns that folder (MqApi.dll is in it).</summary>
    public static async Task<string> PublishAsync(string outputFolder, CancellationToken cancellationToken)
    {
        var project = RepositoryFiles.Find(ServerProject)
            ?? throw new InvalidOperationException($"Cannot find {ServerProject} above {AppContext.BaseDirectory} or the working folder; pass --app <published folder>.");
        var start = new ProcessStartInfo(ServerProcesses.DotnetHost())
        {
            ArgumentList = { "publish", project, "-c", "Release", "-o", outputFolder, "--nologo", "-v", "quiet" },
        };
        var (exitCode, output, errors) = await ChildProcess.RunAsync(start, PublishTimeout, cancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException($"dotnet publish {ServerProject} failed (exit {exitCode}):{Environment.NewLine}{output}{errors}");
        return outputFolder;
    }
}
