using JasperFx.Core;
using Marten;
using Marten.Linq.QueryHandlers;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;
using Npgsql;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace TalentPool.Hosting.Idempotency;

/// <summary>
/// Where a <c>[DeduplicatedWithResponse(ClaimInTransaction = true)]</c> endpoint claims its idempotency key: in the claims
/// table of the database its Marten session writes to. Wolverine's own implementation of this seam
/// (<see cref="IMartenDeduplicatedResponses"/>, registered with <c>TryAdd</c> so an application may replace it) claims in its
/// main message store only — the shared database — and refuses a session of any other ("See GH-5160"). A region on a
/// database of its own (<see cref="RegionDatabases"/>) has Wolverine's envelope store there, with the same claims table
/// (<c>wolverine_deduplicated_responses</c>, created by that store's schema, expired by its durability agent), so its claims
/// are read and written there, in the write's transaction; every other session is Wolverine's, unchanged.
/// </summary>
internal sealed class RegionDatabaseClaims(IMartenDeduplicatedResponses wolverines, IWolverineRuntime runtime, RegionDataSources regions)
    : IMartenDeduplicatedResponses
{
    // Once per region, waited for: the seam is synchronous where the generated code builds its batch. Wolverine builds each
    // database's store at start (the tenancy's databases are all known then); were one not built yet, the first lookup waits for it.
    private readonly LightweightCache<string, string> _tables = new(tenant => ClaimsStoreOf(runtime, tenant).GetAwaiter().GetResult().DeduplicatedResponsesFullName);

    public async Task<DeduplicatedResponseClaim?> FindClaimAsync(IDocumentSession session, string? deduplicationId, Type? ancillaryStoreMarker, CancellationToken cancellation)
    {
        if (!IsInOwnDatabase(session, ancillaryStoreMarker)) return await wolverines.FindClaimAsync(session, deduplicationId, ancillaryStoreMarker, cancellation);
        var batch = session.CreateBatchQuery();
        var claim = batch.AddItem(ClaimQuery(session, deduplicationId, ancillaryStoreMarker));
        await batch.Execute(cancellation);
        return await claim;
    }

    public IQueryHandler<DeduplicatedResponseClaim?> ClaimQuery(IDocumentSession session, string? deduplicationId, Type? ancillaryStoreMarker) =>
        IsInOwnDatabase(session, ancillaryStoreMarker)
            ? new FindRegionClaim(_tables[session.TenantId], deduplicationId)
            : wolverines.ClaimQuery(session, deduplicationId, ancillaryStoreMarker);

    public void QueueClaim(IDocumentSession session, PendingDeduplicatedResponseClaim? claim, Type? ancillaryStoreMarker)
    {
        if (!IsInOwnDatabase(session, ancillaryStoreMarker)) wolverines.QueueClaim(session, claim, ancillaryStoreMarker);
        else if (claim is not null) session.QueueOperation(new WriteRegionClaim(_tables[session.TenantId], claim));
    }

    /// <summary>The claims of a region kept in its own database, for a request whose commit failed (<see cref="RegionDatabaseClaimRaces"/>).</summary>
    internal async Task<DeduplicatedResponseClaim?> FindCommittedAsync(string tenantId, string storageId) =>
        await ((IReplayableDeduplicationStore)await ClaimsStoreOf(runtime, tenantId)).FindAsync(storageId);

    internal bool IsOwnDatabaseTenant(string? tenantId) =>
        Guid.TryParse(tenantId, out var region) && regions.ByRegion.ContainsKey(region);

    private bool IsInOwnDatabase(IDocumentSession session, Type? ancillaryStoreMarker) =>
        ancillaryStoreMarker is null && IsOwnDatabaseTenant(session.TenantId);

    // The region's database's envelope store, which Wolverine keeps for every database of the Marten tenancy.
    private static async Task<MessageDatabase<NpgsqlConnection>> ClaimsStoreOf(IWolverineRuntime runtime, string tenantId)
    {
        var tenanted = runtime.Storage as MultiTenantedMessageStore
            ?? throw new InvalidOperationException("A region on a database of its own needs Wolverine's store per database.");
        return await tenanted.Source.FindAsync(tenantId) as MessageDatabase<NpgsqlConnection> is { } store && ((IReplayableDeduplicationStore)store).Enabled
            ? store
            : throw new InvalidOperationException($"No PostgreSQL message store with idempotency claims for region {tenantId}.");
    }

    /// <summary>Replaces Wolverine's registration with this one, which passes every session but a region database's on to it.</summary>
    public static void Register(IServiceCollection services)
    {
        var wolverines = services.Last(s => s.ServiceType == typeof(IMartenDeduplicatedResponses));
        services.Remove(wolverines);
        services.AddSingleton<RegionDatabaseClaims>(provider => new RegionDatabaseClaims(
            (IMartenDeduplicatedResponses)ActivatorUtilities.CreateInstance(provider, wolverines.ImplementationType!),
            provider.GetRequiredService<IWolverineRuntime>(), provider.GetRequiredService<RegionDataSources>()));
        services.AddSingleton<IMartenDeduplicatedResponses>(provider => provider.GetRequiredService<RegionDatabaseClaims>());
    }
}
