namespace MqApi.Bench.Scenarios;

/// <summary>
/// Starts a fresh server process (empty database of its own), records the time from process start
/// until GET /health/ready answered, lets it sit idle for the measured duration, then reads its
/// resident memory (VmRSS). MqApi only: scripts/compare-rabbitmq.sh measures RabbitMQ the same way.
/// </summary>
internal sealed record StartupCase : IBenchCase
{
    public IReadOnlyList<string> Labels => ["start to ready, idle RSS"];

    public override string ToString() => "server start and idle memory";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var appFolder = context.AppFolder ?? throw new InvalidOperationException("the startup case needs the published server");
        var database = Path.Combine(context.Workspace, $"startup-run{run}-{Guid.NewGuid():N}.db");
        await using var server = await ServerProcess.StartAsync(appFolder, database, cancellationToken);
        await Task.Delay(context.Options.Duration, cancellationToken);
        return new RunMetrics
        {
            ReadySeconds = server.ReadyAfter.TotalSeconds,
            IdleRssMiB = server.ResidentMiB(),
            LoadAverage = MachineInfo.LoadAverage(),
        };
    }
}
