using Marten;
using JasperFx.MultiTenancy;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Talents;

namespace TalentPool.Regions.Tenancy;

/// <summary>What <c>migrate-pre-tenancy</c> did: the region moved into its tenant, and what it moved and left.</summary>
public sealed record PreTenancyMigrationResult(
    Guid? RegionId, bool Moved, long Streams, long Events, long Documents, long InstallationStreamsKept, long InstallationDocumentsKept);

/// <summary>
/// A database written before regions became tenants holds every event, stream and document in Marten's default tenant
/// (Marten put the existing rows there when it added the <c>tenant_id</c> columns), where no region's request reads. Such an
/// installation served one region (talents then belonged to no region), so this moves everything of the default tenant
/// into that region's tenant, but for what belongs to the installation (<see cref="RegionTenancy.InstallationTenant"/>): the
/// counties' and municipality-number claims' streams and events (<see cref="RegionsConfiguration.InstallationEventTypes"/>)
/// and the counties' documents (<see cref="RegionTenancy.InstallationDocumentTypes"/>).
/// <para>
/// Rows change their <c>tenant_id</c> only, in one transaction with the event tables locked: events keep their sequence,
/// version, timestamp and metadata, and documents their content and version. Every read model, inline or async, was made
/// from exactly the events it now sits beside (a region's projections only ever read its own tenant), so it moves as it is;
/// the async daemon's progress is per projection, not per tenant, and the sequences do not change, so it neither skips nor
/// applies anything again. The shared base's facet counts are kept per tenant by PostgreSQL and are counted again from the
/// moved documents. Run with the service stopped, as a rebuild.
/// </para>
/// A second run finds no region in the default tenant and changes nothing.
/// </summary>
public static class PreTenancyMigration
{
    private const string Default = RegionTenancy.InstallationTenant;

    public static async Task<PreTenancyMigrationResult> RunAsync(
        IDocumentStore store, NpgsqlDataSource dataSource, Guid? regionAsked, Action<string> say, CancellationToken cancellation = default)
    {
        var schema = store.Options.DatabaseSchemaName;
        var regionTables = RegionDocumentTables(store);
        var installationTables = store.Options.AllKnownDocumentTypes()
            .Where(t => RegionTenancy.InstallationDocumentTypes.Contains(t.DocumentType)).Select(t => t.TableName.QualifiedName).Distinct().ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // No writer (a service left running, a second run) between what is read here and what is moved.
        await ExecuteAsync(connection, $"lock table {schema}.mt_streams, {schema}.mt_events in exclusive mode", cancellation);

        var regions = await RegionsInDefaultTenantAsync(connection, schema, cancellation);
        if (regions.Count == 0) return await NothingToMoveAsync(connection, schema, regionAsked, say, cancellation);
        if (regions.Count > 1)
        {
            throw new PreTenancyMigrationRefused(
                $"The default tenant holds {regions.Count} regions ({string.Join(", ", regions)}). Before regions were tenants talents " +
                "belonged to no region, so they cannot be shared out between regions: nothing was moved.");
        }
        var region = regions[0];
        if (regionAsked is { } asked && asked != region)
        {
            throw new PreTenancyMigrationRefused($"The default tenant holds region {region}, not {asked}: nothing was moved.");
        }
        var tenant = RegionTenancy.TenantOf(region);
        say($"Moving region {region}'s streams, events and documents from Marten's default tenant into its tenant '{tenant}'");

        await ExecuteAsync(connection, $"""
            create temporary table installation_streams on commit drop as
                select s.id from {schema}.mt_streams as s
                where s.tenant_id = '{Default}' and exists (
                    select 1 from {schema}.mt_events as e
                    where e.tenant_id = '{Default}' and e.stream_id = s.id and e.type = any(@installation_types));
            create temporary table moving_streams on commit drop as
                select s.id from {schema}.mt_streams as s
                where s.tenant_id = '{Default}' and s.id not in (select id from installation_streams);
            """, cancellation, ("installation_types", RegionsConfiguration.InstallationEventTypes.ToArray()));

        // Events reference their stream by (tenant, id): the stream is copied into the region's tenant, its events follow,
        // then the default tenant's copy goes.
        var streams = await ExecuteAsync(connection, $"""
            insert into {schema}.mt_streams (tenant_id, id, type, version, timestamp, created, compacted_version, is_archived)
            select @tenant, s.id, s.type, s.version, s.timestamp, s.created, s.compacted_version, s.is_archived
            from {schema}.mt_streams as s where s.tenant_id = '{Default}' and s.id in (select id from moving_streams)
            """, cancellation, ("tenant", tenant));
        var events = await ExecuteAsync(connection,
            $"update {schema}.mt_events set tenant_id = @tenant where tenant_id = '{Default}' and stream_id in (select id from moving_streams)",
            cancellation, ("tenant", tenant));
        await ExecuteAsync(connection,
            $"delete from {schema}.mt_streams where tenant_id = '{Default}' and id in (select id from moving_streams)", cancellation);
        say($"  {streams:N0} streams, {events:N0} events");

        long documents = 0;
        var sharedBase = store.Options.AllKnownDocumentTypes().Single(t => t.DocumentType == typeof(SharedTalent)).TableName.QualifiedName;
        foreach (var table in regionTables)
        {
            // The shared base's counting triggers would count every moved talent out and in again, row by row: off while it
            // moves (for this transaction only), and the counts made again from the documents below.
            if (table == sharedBase) await ExecuteAsync(connection, $"alter table {table} disable trigger user", cancellation);
            var moved = await ExecuteAsync(connection, $"update {table} set tenant_id = @tenant where tenant_id = '{Default}'", cancellation, ("tenant", tenant));
            if (table == sharedBase) await ExecuteAsync(connection, $"alter table {table} enable trigger user", cancellation);
            if (moved > 0) say($"  {table}: {moved:N0} documents");
            documents += moved;
        }
        await ExecuteAsync(connection, SharedTalentFacetCounts.RecountSql(schema, sharedBase), cancellation);
        // The probe rows (kept by a trigger, off above) carry the tenant too: made again from the moved documents.
        await ExecuteAsync(connection, SharedTalentProbes.RefillSql(schema, sharedBase), cancellation);

        var installationStreams = await CountAsync(connection, $"select count(*) from installation_streams", cancellation);
        long installationDocuments = 0;
        foreach (var table in installationTables)
        {
            installationDocuments += await CountAsync(connection, $"select count(*) from {table} where tenant_id = '{Default}'", cancellation);
        }
        await transaction.CommitAsync(cancellation);
        say($"Moved region {region} into its tenant: {streams:N0} streams, {events:N0} events, {documents:N0} documents; " +
            $"left in the installation's tenant: {installationStreams:N0} streams (counties, municipality-number claims), {installationDocuments:N0} county documents");
        return new PreTenancyMigrationResult(region, true, streams, events, documents, installationStreams, installationDocuments);
    }

    /// <summary>Every conjoined document table but the installation's (counties): what a region's tenant holds.</summary>
    public static IReadOnlyList<string> RegionDocumentTables(IDocumentStore store) =>
        [.. store.Options.AllKnownDocumentTypes()
            .Where(t => t.TenancyStyle == TenancyStyle.Conjoined && !RegionTenancy.InstallationDocumentTypes.Contains(t.DocumentType))
            .Select(t => t.TableName.QualifiedName).Distinct().Order()];

    private static async Task<List<Guid>> RegionsInDefaultTenantAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select distinct stream_id from {schema}.mt_events where tenant_id = '{Default}' and type = @type order by 1", connection);
        command.Parameters.AddWithValue("type", RegionsConfiguration.RegionRegisteredEventType);
        var regions = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) regions.Add(reader.GetGuid(0));
        return regions;
    }

    private static async Task<PreTenancyMigrationResult> NothingToMoveAsync(
        NpgsqlConnection connection, string schema, Guid? regionAsked, Action<string> say, CancellationToken cancellation)
    {
        if (regionAsked is { } asked)
        {
            var inItsTenant = await CountAsync(connection,
                $"select count(*) from {schema}.mt_streams where tenant_id = '{RegionTenancy.TenantOf(asked)}' and id = '{asked}'", cancellation);
            if (inItsTenant == 0) throw new PreTenancyMigrationRefused($"No region {asked}, neither in the default tenant nor in its own.");
            say($"Nothing to migrate: region {asked} is in its own tenant and the default tenant holds no region.");
        }
        else
        {
            say("Nothing to migrate: the default tenant holds no region (migrated already, or written after regions became tenants).");
        }
        return new PreTenancyMigrationResult(regionAsked, false, 0, 0, 0, 0, 0);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation));
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellation);
    }
}

/// <summary>A migration that cannot be done as asked: said on stderr, nothing moved.</summary>
public sealed class PreTenancyMigrationRefused(string message) : Exception(message);
