using Marten;

namespace TalentPool.Hosting;

/// <summary>
/// Reads that belong to the installation when regions live in databases of their own (Hosting/RegionDatabases.cs). What the
/// installation owns — counties and the municipality numbers regions claim — is written in its tenant, which is always the
/// shared database's: read from there, never from a copy. Facts of every region (the regions of a country, the
/// municipalities of a county) are asked of every database. With one database both are the session's own, and nothing
/// more is read.
/// </summary>
public static class InstallationDatabases
{
    /// <summary>Whether the session reads the database the installation's tenant lives in (the shared one).</summary>
    public static async Task<bool> IsInstallationsAsync(IQuerySession session) =>
        (await session.DocumentStore.Storage.FindOrCreateDatabase(RegionTenancy.InstallationTenant)).Id == session.Database.Id;

    /// <summary>A session of the installation's tenant, in the shared database.</summary>
    public static IQuerySession InstallationSession(IQuerySession session) => session.DocumentStore.QuerySession(RegionTenancy.InstallationTenant);

    /// <summary>What <paramref name="query"/> finds in every database other than the session's (none when there is one database).</summary>
    public static async Task<List<T>> InOtherDatabasesAsync<T>(IQuerySession session, Func<IQuerySession, Task<IReadOnlyList<T>>> query)
    {
        var found = new List<T>();
        var all = await session.DocumentStore.Storage.AllDatabases();
        if (all.Count < 2) return found;
        foreach (var database in all.Where(d => d.Id != session.Database.Id))
        {
            await using var elsewhere = session.DocumentStore.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));
            found.AddRange(await query(elsewhere));
        }
        return found;
    }
}
