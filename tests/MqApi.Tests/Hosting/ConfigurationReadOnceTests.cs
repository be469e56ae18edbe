using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Hosting;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hosting;

/// <summary>The server reads its configuration files once and watches no folder for them (issue #6).</summary>
public sealed class ConfigurationReadOnceTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    [Fact]
    public void RunningServerWatchesNoConfigurationFile()
    {
        var configuration = (IConfigurationRoot)fixture.Factory.Services.GetRequiredService<IConfiguration>();

        var fileSources = configuration.Providers.OfType<FileConfigurationProvider>().Select(provider => provider.Source).ToList();

        Assert.Contains(fileSources, source => source.Path == "appsettings.json");
        Assert.All(fileSources, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }

    [Theory]
    [InlineData(new string[0], "false")]
    [InlineData(new[] { "--hostBuilder:reloadConfigOnChange=true" }, "true")]
    public void OperatorsOwnReloadArgumentWins(string[] args, string expected)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(ConfigurationReadOnce.Arguments(args)).Build();

        Assert.Equal(expected, configuration[ConfigurationReadOnce.ReloadSetting]);
    }
}
