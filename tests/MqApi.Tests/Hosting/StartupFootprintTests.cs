using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MqApi.Hosting;
using MqApi.Hubs;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hosting;

/// <summary>
/// What the server leaves out of its start to keep its idle memory down (issue #6), and that what is
/// left out is still there when asked for.
/// </summary>
public sealed class StartupFootprintTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    [Fact]
    public void DataProtectionKeyRingIsNotLoadedWhenTheServerStarts()
    {
        var hostedServices = fixture.Factory.Services.GetServices<IHostedService>();

        Assert.NotNull(Type.GetType($"{DataProtectionStartup.KeyRingLoaderTypeName}, Microsoft.AspNetCore.DataProtection"));
        Assert.DoesNotContain(hostedServices, service => service.GetType().FullName == DataProtectionStartup.KeyRingLoaderTypeName);
    }

    [Fact]
    public void LazyMessagePackProtocolNamesItselfAsTheRealOneDoes()
    {
        var real = new MessagePackHubProtocol(Options.Create(new MessagePackHubProtocolOptions()));
        var made = 0;

        var lazy = new LazyHubProtocol(MqHubExtensions.MessagePackProtocolName, TransferFormat.Binary, () => { made++; return real; });

        Assert.Equal(real.Name, lazy.Name);
        Assert.Equal(real.TransferFormat, lazy.TransferFormat);
        Assert.Equal(0, made);
        Assert.Equal(real.Version, lazy.Version);
        Assert.True(lazy.IsVersionSupported(real.Version));
        Assert.Equal(1, made);
    }

    [Fact]
    public void LazyProtocolRefusesAProtocolOfAnotherName()
    {
        var lazy = new LazyHubProtocol("messagepack", TransferFormat.Binary, () => new JsonHubProtocol());

        Assert.Throws<InvalidOperationException>(() => lazy.Version);
    }

    [Fact]
    public async Task SwaggerRootStillRedirectsToTheUi()
    {
        var client = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/swagger");

        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.EndsWith("swagger/index.html", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SwaggerUiAssetsAreServed()
    {
        var response = await fixture.Factory.CreateClient().GetAsync("/swagger/swagger-ui.css");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }
}
