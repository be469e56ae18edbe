namespace MqApi.Hosting;

/// <summary>
/// Authentication registers ASP.NET Core Data Protection, and with it a hosted service that loads the key
/// ring when the host starts: it reads (on a first start, creates and writes) the XML key files, which maps
/// System.Private.Xml and more, about 5 MiB of resident memory for the life of the process. MqApi protects
/// nothing with it (no cookies, no antiforgery; its tokens are its own), so that service is removed: were a
/// protector ever asked for, the key ring would still load then, on first use.
/// </summary>
public static class DataProtectionStartup
{
    /// <summary>The hosted service's type, internal to ASP.NET Core, hence matched by name.</summary>
    internal const string KeyRingLoaderTypeName = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>Call after the services that add Data Protection (AddAuthentication).</summary>
    public static IServiceCollection WithoutDataProtectionKeyRingAtStart(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
                && descriptor.ImplementationType?.FullName == KeyRingLoaderTypeName)
            {
                services.RemoveAt(i);
            }
        }
        return services;
    }
}
