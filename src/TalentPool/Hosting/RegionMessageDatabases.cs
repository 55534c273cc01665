using JasperFx.Descriptors;
using Weasel.Core.Migrations;
using Wolverine.Persistence.Durability;
using Wolverine.RDBMS;

namespace TalentPool.Hosting;

/// <summary>
/// Wolverine's message storage (envelopes, idempotency claims) of every region database, for the schema commands
/// (<c>db-apply</c>, <c>db-assert</c>, <c>db-patch</c>): they apply each database that an <see cref="IDatabaseSource"/> builds.
/// Wolverine's own source lists the message stores of a multi-tenanted store's databases only when the tenancy is dynamic;
/// this one's is static (Hosting/RegionDatabases.cs), so it lists the main store (the shared database) alone, and a region
/// database's Wolverine tables would wait for a node's first start — which then needs DDL rights there. Registered only
/// when a region is configured in a database of its own.
/// </summary>
public sealed class RegionMessageDatabases(IEnumerable<IMessageStore> stores) : IDatabaseSource
{
    public DatabaseCardinality Cardinality => DatabaseCardinality.StaticMultiple;

    public async ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token)
    {
        var usage = new DatabaseUsage { Cardinality = Cardinality };
        usage.Databases.AddRange((await BuildDatabases()).OfType<IMessageDatabase>().Select(database => database.Describe()));
        return usage;
    }

    /// <summary>The message store of each database of the tenancy but the main one (Wolverine's own source lists that).</summary>
    public async ValueTask<IReadOnlyList<IDatabase>> BuildDatabases()
    {
        // The composite Wolverine builds for a Marten tenancy of several databases (the runtime's Storage is only its main store).
        if (stores.OfType<MultiTenantedMessageStore>().FirstOrDefault() is not { } tenanted) return [];
        // One store per Marten database, made from the tenancy's databases (Wolverine migrates them here when it builds
        // message storage on start-up, as the service does; the command's own pass then finds nothing left to apply).
        await tenanted.Source.RefreshAsync();
        return [.. tenanted.Source.AllActive().Where(store => !ReferenceEquals(store, tenanted.Main)).OfType<IDatabase>()];
    }
}
