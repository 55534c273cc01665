using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Regions;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// The service's store with regions in databases of their own (Hosting/RegionDatabases.cs), configured as the host configures
/// it for <c>Regions:Databases:&lt;id&gt;</c>; and a region registered straight into its own database before any service runs (the
/// API names a new region's id itself, so a region registered through it could not be configured beforehand).
/// </summary>
public static class RegionDatabaseStores
{
    /// <summary>The environment variable that names <paramref name="regionId"/>'s own database (<c>Regions:Databases:&lt;id&gt;</c>).</summary>
    public static string EnvironmentVariableOf(Guid regionId) => $"Regions__Databases__{regionId}";

    /// <summary>
    /// Registers a county (in the shared database) and a NOK region of it claiming <paramref name="numbers"/> in its own database,
    /// as <c>POST /api/v1/counties</c> and <c>POST /api/v1/regions</c> would, and applies the schema to both databases. The county
    /// holds <paramref name="countyNumbers"/> (by default the region's numbers alone); its id is returned.
    /// </summary>
    public static async Task<Guid> RegisterRegionAsync(string shared, string own, Guid regionId, IReadOnlyList<string> numbers, IReadOnlyList<string>? countyNumbers = null)
    {
        await using var sharedSource = NpgsqlDataSource.Create(shared);
        await using var ownSource = NpgsqlDataSource.Create(own);
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(sharedSource);
            options.ConfigureTalentPoolStore(sharedSource, [ownSource]);
            options.Tenancy = new RegionDatabases(options, sharedSource, new Dictionary<Guid, NpgsqlDataSource> { [regionId] = ownSource });
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var countyId = Guid.CreateVersion7();
        var county = new CountyRegistered(countyId, "Innlandet", "NO", countyNumbers ?? numbers);
        var registration = RegionDecisions.Register(regionId, new RegisterRegion("Hamarregionen", countyId, "NO", "NOK", numbers), County.Create(county), []);
        // The installation's county and number claims in the shared database, the region's stream in its own: one session each.
        await using (var installation = store.LightweightSession(RegionTenancy.InstallationTenant))
        {
            installation.Events.StartStream<County>(countyId, county);
            foreach (var claim in registration.Claims) installation.Events.StartStream<MunicipalityNumberClaim>(claim.ClaimId, claim);
            await installation.SaveChangesAsync();
        }
        await using var region = store.LightweightSession(RegionTenancy.TenantOf(regionId));
        region.Events.StartStream<Region>(regionId, registration.Registered, registration.Prices);
        await region.SaveChangesAsync();
        return countyId;
    }
}
