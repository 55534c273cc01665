using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Auth;

public static class AuthenticationConfiguration
{
    public static void AddTalentPoolAuthentication(this WebApplicationBuilder builder)
    {
        var key = SigningKey.Resolve(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton<TokenIssuer>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                // A refused token is a 401 without a reason in WWW-Authenticate: why it failed helps an attacker, not a client.
                options.IncludeErrorDetails = false;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (TokenShape.Refusal(context.Principal) is { } refusal) context.Fail(refusal);
                        return Task.CompletedTask;
                    },
                };
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RoleClaimType = "role",
                    // Identity.Name is the subject: what audit metadata and idempotency keys are scoped by.
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        builder.Services.AddAuthorization(options => options.AddAccessPolicies());
    }
}
