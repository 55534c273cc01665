using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPool.Benchmarks;

/// <summary>
/// The machine's floor for a read, measured in the same process, harness and clients as the service's reads: a GET that
/// the service's own bearer-token handler authenticates and that answers a few bytes of JSON, before the service's
/// pipeline (no routing, no Wolverine, no database). What a request costs whatever it asks: Kestrel, HTTP on loopback, the
/// token's signature check, the load generator's own client.
/// </summary>
public static class FloorEndpoint
{
    public const string Path = "/bench/floor";

    /// <summary>Adds the floor's path in front of the service's pipeline.</summary>
    public static void AddTo(IWebHostBuilder host) =>
        host.ConfigureServices(services => services.AddSingleton<IStartupFilter, Filter>());

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (!context.Request.Path.Equals(Path, StringComparison.Ordinal))
                {
                    await following(context);
                    return;
                }
                // The service's default scheme (its bearer tokens), as UseAuthentication runs it.
                var result = await context.AuthenticateAsync();
                if (!result.Succeeded)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"floor":true}""");
            });
            next(app);
        };
    }
}
