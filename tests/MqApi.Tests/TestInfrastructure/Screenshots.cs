using Microsoft.Playwright;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// Screenshots from browser tests: always into the test output (so a picture is looked at), and into the
/// repository's docs/ when <see cref="UpdateVariable"/> is 1, which is how the README's pictures are made.
/// </summary>
public static class Screenshots
{
    /// <summary>Set to 1 to refresh the pictures under docs/ from this run.</summary>
    public const string UpdateVariable = "MQAPI_UPDATE_SCREENSHOTS";

    public static async Task SaveAsync(IPage page, string fileName)
    {
        var outputPath = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        await page.ScreenshotAsync(new() { Path = outputPath, FullPage = true });
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.Copy(outputPath, Path.Combine(RepositoryRoot(), "docs", fileName), overwrite: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MqApi.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("MqApi.sln was not found above the test output folder.");
    }
}
