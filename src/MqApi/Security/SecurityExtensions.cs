using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MqApi.Security;

public static class SecurityExtensions
{
    /// <summary>The scheme every endpoint uses: bearer when a token is present, basic otherwise.</summary>
    public const string DefaultScheme = "MqApi";

    /// <summary>Basic and bearer authentication against MqApi's users; every endpoint needs a signed-in user unless it says otherwise.</summary>
    public static IServiceCollection AddBrokerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Broker:AllowedOrigins").Get<string[]>() ?? [];
        // No origin listed means no CORS headers at all: browsers then allow same-origin pages only.
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0) policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
        }));
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<CredentialCheck>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<LoopbackUsers>();
        services.AddSingleton<FailedLogins>();
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Basic or bearer", options =>
            {
                options.ForwardDefaultSelector = context =>
                    BearerAuthenticationHandler.FindToken(context.Request) is null ? BasicAuthenticationHandler.SchemeName : BearerAuthenticationHandler.SchemeName;
                // Challenges always ask for basic credentials, as RabbitMQ's API does.
                options.ForwardChallenge = BasicAuthenticationHandler.SchemeName;
                options.ForwardForbid = BasicAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        // Policies that name no scheme use the user the authentication middleware already made with the
        // default scheme; naming it again would authenticate and merge the principal once more per request.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(BasicCredentialsPolicy, policy => policy.AddAuthenticationSchemes(BasicAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ManagementPolicy, policy => policy.RequireClaim(UserPrincipal.TagClaim, ManagementTags))
            .AddPolicy(AdministratorPolicy, policy => policy.RequireClaim(UserPrincipal.TagClaim, "administrator"));
        return services;
    }

    /// <summary>Endpoints that must see the password itself (issuing a token), not a token.</summary>
    public const string BasicCredentialsPolicy = "BasicCredentials";

    /// <summary>The management API is for users with a management tag, as in RabbitMQ; the hub needs none.</summary>
    public const string ManagementPolicy = "Management";

    /// <summary>Users, permissions and vhosts are administered by administrators only.</summary>
    public const string AdministratorPolicy = "Administrator";

    /// <summary>The tags that open the management API (and the hub's live overview), as in RabbitMQ.</summary>
    internal static readonly string[] ManagementTags = ["management", "policymaker", "monitoring", "administrator"];
}
