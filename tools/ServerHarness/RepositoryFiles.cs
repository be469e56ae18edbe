namespace MqApi.ServerHarness;

/// <summary>Files of this repository, found from wherever a tool runs: above its own folder, then above the working folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The full path of <paramref name="relativePath"/> (a file of the repository), or null when no folder above has it.</summary>
    public static string? Find(string relativePath)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, relativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
