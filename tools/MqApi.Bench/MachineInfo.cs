using System.Globalization;
using System.Runtime.InteropServices;

namespace MqApi.Bench;

/// <summary>What the tables need to be read against: the machine and how busy it was.</summary>
internal static class MachineInfo
{
    /// <summary>The 1-minute load average (Linux); NaN where /proc/loadavg is not there.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>VmRSS of process <paramref name="pid"/> in MiB (Linux); NaN where it cannot be read.</summary>
    public static double ResidentMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kib is null ? double.NaN : double.Parse(kib, CultureInfo.InvariantCulture) / 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    public static string Describe()
    {
        var cpu = CpuModel();
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}, load average {LoadAverage().ToString("0.0", CultureInfo.InvariantCulture)}";
    }

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
