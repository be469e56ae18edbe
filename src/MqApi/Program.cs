using MqApi.Api;
using MqApi.Hosting;
using MqApi.Hubs;
using MqApi.Security;
using MqApi.Storage;

if (args is [ReadinessProbe.Argument, ..]) return await ReadinessProbe.RunAsync(args);

var builder = WebApplication.CreateBuilder(ConfigurationReadOnce.Arguments(args));
builder.Configuration.AddAppSettingsFromAppFolder();
builder.UseInlineIoScheduling();

builder.Services.AddBrokerStorage(builder.Configuration);
builder.Services.AddBroker(builder.Configuration);
builder.Services.AddBrokerSecurity(builder.Configuration);
builder.Services.WithoutDataProtectionKeyRingAtStart();
builder.Services.AddRestApi();
builder.Services.AddMqHub();
builder.Services.AddLiveOverview();
builder.Services.AddBrokerMetrics();

var app = builder.Build();
// Recovery runs on the thread pool while the pipeline and the endpoints are set up, each a few hundred
// milliseconds on a cold start; the server listens only once both are done.
var brokerStarted = Task.Run(app.StartBrokerAsync);

app.UseRestApiErrors();
app.UseRestApiDocsOnDemand();
app.UseConsolePage();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();

app.MapRestApi();
app.MapMqHub();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();

await brokerStarted;
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
