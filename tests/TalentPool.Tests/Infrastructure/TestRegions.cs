using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Hosting;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// Regions are tenants: every request to a region's data names its region (a token's <c>region_id</c>, the route's
/// <c>{regionId}</c> or the <c>Region-Id</c> header; Hosting/RegionTenancy.cs). Tests arrange most scenarios in one
/// region, so a test host remembers the region it registered last and names it (the header) on every request that names
/// none itself: an installation admin's or an anonymous request without the header. A test acting in an earlier region
/// names it (a route, the header, or a token of that region); tests of the tenancy itself send the header or an empty one.
/// Tokens of members and talents are minted in the region their stream lives in.
/// </summary>
public sealed class TestRegions(string connectionString, IReadOnlyList<string>? regionDatabases = null) : IStartupFilter
{
    private Guid? _latest;

    /// <summary>The region registered last on this host, if any.</summary>
    public Guid? Latest => _latest;

    /// <summary>Names the region of requests that name none, first thing in the host's pipeline (a test host's service).</summary>
    /// <param name="regionDatabases">The databases of regions kept in their own (Hosting/RegionDatabases.cs), where their streams are.</param>
    public static TestRegions AddTo(IServiceCollection services, string connectionString, IReadOnlyList<string>? regionDatabases = null)
    {
        var regions = new TestRegions(connectionString, regionDatabases);
        services.AddSingleton<IStartupFilter>(regions);
        return regions;
    }

    Action<IApplicationBuilder> IStartupFilter.Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, following) =>
        {
            await NameRegionAsync(http);
            await following(http);
            RememberRegistered(http);
        });
        next(app);
    };

    /// <summary>The region a test acts in from now on (a helper naming a region, a partner joining it, names it so).</summary>
    public void Use(Guid regionId)
    {
        // Only a region that exists (its stream lives in its own tenant): a made-up id in a sample body moves nothing.
        if (RegionOfStream(regionId) == regionId) _latest = regionId;
    }

    /// <summary>A body naming its region (a partner or municipality joining) is sent to that region, which the test now acts in.</summary>
    public void SendToRegionOf(Alba.Scenario scenario, object body)
    {
        if (body.GetType().GetProperty("RegionId")?.GetValue(body) is not Guid region) return;
        scenario.WithRequestHeader(RegionTenancy.HeaderName, region.ToString());
        Use(region);
    }

    /// <summary>A session of the latest region (the installation's before any region): what the test arranged.</summary>
    public IQuerySession QuerySession(IDocumentStore store, Guid? regionId = null) => store.QuerySession(TenantOf(regionId));

    public IDocumentSession LightweightSession(IDocumentStore store, Guid? regionId = null) => store.LightweightSession(TenantOf(regionId));

    private string TenantOf(Guid? regionId) => regionId is { } region ? RegionTenancy.TenantOf(region) : LatestTenant;

    private string LatestTenant => _latest is { } region ? RegionTenancy.TenantOf(region) : RegionTenancy.InstallationTenant;

    /// <summary>A token of the role; a member's or talent's in its region, a recruiter's in the latest region.</summary>
    public string TokenFor(TokenIssuer tokens, string role, Guid? id, Guid? regionId) => tokens.Issue(role, regionId ?? RegionFor(role, id), id);

    private Guid? RegionFor(string role, Guid? id) => role switch
    {
        Roles.Admin => null,
        Roles.Recruiter => _latest ?? throw new InvalidOperationException("A recruiter works in a region: register one first, or name it."),
        // An id that names no stream (someone else, made up) gets a region all the same.
        _ => (id is { } streamId ? RegionOfStream(streamId) : null) ?? _latest ?? Guid.NewGuid(),
    };

    /// <summary>The region (tenant) a stream was started in.</summary>
    public Guid? RegionOfStream(Guid streamId)
    {
        foreach (var database in new[] { connectionString }.Concat(regionDatabases ?? []))
        {
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            using var command = new NpgsqlCommand($"select tenant_id from {DatabaseConfiguration.SchemaName}.mt_streams where id = $1 limit 1", connection);
            command.Parameters.AddWithValue(streamId);
            // Counties and claims live in the installation's tenant, which is no region.
            if (Guid.TryParse(command.ExecuteScalar() as string, out var region)) return region;
        }
        return null;
    }

    private async Task NameRegionAsync(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey(RegionTenancy.HeaderName)) return;
        if (TokenNamesRegion(http.Request.Headers.Authorization.ToString())) return;
        var named = RegionOfPath(http.Request.Path) ?? await RegionOfBodyAsync(http.Request);
        // A body naming a region (a member joining) moves the test there, as Use does.
        if (named is null && _latest is null) return;
        if (named is { } fromBody && RegionOfPath(http.Request.Path) is null) Use(fromBody);
        http.Request.Headers[RegionTenancy.HeaderName] = (named ?? _latest)!.Value.ToString();
    }

    /// <summary>The <c>regionId</c> a JSON body names at its top level, if any (the body is read again by the endpoint).</summary>
    private static async Task<Guid?> RegionOfBodyAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("application/json") != true) return null;
        request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("regionId", out var region)
                && region.ValueKind == JsonValueKind.String && region.TryGetGuid(out var id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    /// <summary>The region of the first resource the path names by id (<c>/api/v1/partners/{id}</c>), if any.</summary>
    private Guid? RegionOfPath(PathString path) =>
        (path.Value ?? "").Split('/').Select(segment => Guid.TryParse(segment, out var id) ? RegionOfStream(id) : null)
            .FirstOrDefault(region => region is not null);

    private void RememberRegistered(HttpContext http)
    {
        if (http is { Request.Method: "POST", Response.StatusCode: 201 } && http.Request.Path == "/api/v1/regions"
            && Guid.TryParse(http.Response.Headers.Location.ToString().Split('/')[^1], out var region))
            _latest = region;
    }

    private static bool TokenNamesRegion(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3) return false;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.TryGetProperty(TalentPoolClaims.RegionId, out _);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
