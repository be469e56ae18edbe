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
        var project = Path.Combine(FindRepositoryRoot(), ServerProject);
        var start = new ProcessStartInfo(ServerProcesses.DotnetHost())
        {
            ArgumentList = { "publish", project, "-c", "Release", "-o", outputFolder, "--nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(PublishTimeout, cancellationToken);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish {ServerProject} failed (exit {process.ExitCode}):{Environment.NewLine}{await output}{await errors}");
        return outputFolder;
    }

    /// <summary>The folder holding src/MqApi, looked for above this program's folder, then above the working folder.</summary>
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, ServerProject))) return folder.FullName;
            }
        }
        throw new InvalidOperationException($"Cannot find {ServerProject} above {AppContext.BaseDirectory} or the working folder; pass --app <published folder>.");
    }
}
