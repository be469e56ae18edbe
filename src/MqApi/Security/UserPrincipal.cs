using System.Security.Claims;
using MqApi.Broker.Persistence;

namespace MqApi.Security;

/// <summary>The claims an authenticated MqApi user carries: its name and its tags.</summary>
public static class UserPrincipal
{
    public const string TagClaim = "mqapi:tag";

    public static ClaimsPrincipal Create(UserRecord user, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name) };
        claims.AddRange(user.Tags.Select(tag => new Claim(TagClaim, tag)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
