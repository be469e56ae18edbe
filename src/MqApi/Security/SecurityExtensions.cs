using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MqApi.Security;

public static class SecurityExtensions
{
    /// <summary>Basic authentication against MqApi's users; every endpoint needs a signed-in user unless it says otherwise.</summary>
    public static IServiceCollection AddBrokerSecurity(this IServiceCollection services)
    {
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<CredentialCheck>();
        services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(BasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
