using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>
/// Service nodes run as real processes on one database of a test's own, with a signing key of their own (the test mints
/// its admin and recruiter tokens with it) and Wolverine's and Marten's agent logs on.
/// </summary>
public sealed class ServiceNodes(string connectionString)
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string ConnectionString => connectionString;

    private TokenIssuer Issuer => new(new SymmetricSecurityKey(Convert.FromBase64String(_signingKey)), TimeProvider.System);

    /// <summary>The installation's administrator: registers the county and the region.</summary>
    public string InstallationAdmin() => Issuer.Issue(Roles.Admin, null);

    /// <summary>The region's admin and a recruiter of the region.</summary>
    public (string Admin, string Recruiter) Tokens(Guid regionId) =>
        (Issuer.Issue(Roles.Admin, regionId), Issuer.Issue(Roles.Recruiter, regionId, name: "crash-recruiter"));

    /// <summary>Every request of the client names the region (anonymous registrations need it; tokens of the region agree).</summary>
    public static void NameRegion(HttpClient client, Guid regionId) => client.DefaultRequestHeaders.Add(RegionTenancy.HeaderName, regionId.ToString());

    /// <summary>Starts a node on a free loopback port, with any further settings; returns once it is ready.</summary>
    public async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(AsyncProjections.AgentLogging)
        {
            ["ConnectionStrings__TalentPool"] = connectionString,
            ["Auth__SigningKey"] = _signingKey,
            ["RateLimits__RegistrationsPerMinute"] = "1000000",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) environment[name] = value;
        return await ServiceProcess.StartAsync(environment);
    }

    public static HttpClient ClientOf(ServiceProcess node) => new() { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
}
