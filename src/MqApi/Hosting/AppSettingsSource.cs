using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace MqApi.Hosting;

/// <summary>
/// The one appsettings.json lives at the repository root and is copied next to the app. `dotnet run`
/// uses the project folder as content root, where the file is not, so it is also read from the app's
/// own folder — at the place of the default appsettings.json source, so that environment variables and
/// the command line still override it.
/// </summary>
public static class AppSettingsSource
{
    public static void AddAppSettingsFromAppFolder(this ConfigurationManager configuration)
    {
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        // Before the content root's copy: where both exist (a published app), they are the same file.
        sources.Insert(index < 0 ? 0 : index, source);
    }
}
