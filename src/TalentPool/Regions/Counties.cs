using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Hosting;

namespace TalentPool.Regions;

/// <summary>Reading the installation's counties from a region's session (counties live in the installation's tenant).</summary>
public static class Counties
{
    public static Task<IReadOnlyList<County>> InstallationCounty(this IBatchedQuery batch, Guid countyId) =>
        batch.Query<County>().Where(c => c.TenantIsOneOf(RegionTenancy.InstallationTenant) && c.Id == countyId).ToList();

    /// <summary>
    /// The county as the installation has it: read in the batch when the session's database is the installation's, else (a region
    /// in a database of its own) from the shared database, so a change to the county is seen by every region at once.
    /// </summary>
    public static async Task<County?> InstallationCountyAsync(
        IQuerySession session, Task<IReadOnlyList<County>> batched, Guid countyId, CancellationToken cancellation)
    {
        if (await InstallationDatabases.IsInstallationsAsync(session)) return (await batched).SingleOrDefault();
        await using var installation = InstallationDatabases.InstallationSession(session);
        return await installation.LoadAsync<County>(countyId, cancellation);
    }

    /// <summary>The ids of every region of the country, in every database (the one in the session's read in its batch).</summary>
    public static async Task<IReadOnlyList<Guid>> RegionsOfCountryAsync(IQuerySession session, Task<IReadOnlyList<Guid>> batched, string country) =>
        [.. await batched, .. await InstallationDatabases.InOtherDatabasesAsync(session,
            elsewhere => elsewhere.Query<Region>().Where(r => r.AnyTenant() && r.Country == country).Select(r => r.Id).ToListAsync())];
}
