using JasperFx.Descriptors;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Npgsql;
using Weasel.Core.Migrations;

namespace TalentPool.Hosting;

/// <summary>
/// The data sources of the regions configured in databases of their own (none by default), one each for the whole service:
/// the store's, the readiness check's and the projection lag gauges'.
/// </summary>
public sealed record RegionDataSources(IReadOnlyDictionary<Guid, NpgsqlDataSource> ByRegion)
{
    /// <summary>The shared database first ("shared"), then each region's database (named by its region's id).</summary>
    public IEnumerable<(string Name, NpgsqlDataSource DataSource)> WithShared(NpgsqlDataSource shared) =>
        [("shared", shared), .. ByRegion.OrderBy(pair => pair.Key).Select(pair => (pair.Key.ToString(), pair.Value))];
}

/// <summary>
/// Regions in databases of their own, by configuration (<c>Regions:Databases:&lt;regionId&gt; = connection string</c>): a Marten
/// tenancy where the regions named there live in their database, and every other tenant — the installation's, and every
/// region, including the ones registered while the service runs — in the shared database. Marten's static multi-database
/// tenancy (<c>MultiTenantedDatabases</c>) knows only the tenants configured at start and refuses any other
/// (<c>UnknownTenantIdException</c>), so it cannot hold regions created at run time; this one maps a tenant to its
/// database and otherwise behaves like it (<see cref="DatabaseCardinality.StaticMultiple"/>: every database is known at start).
/// Each database holds its regions conjoined, as the shared one does. Used only when a region is configured; otherwise the
/// store keeps Marten's default single-database tenancy.
/// </summary>
public sealed class RegionDatabases : ITenancy, IAsyncDisposable
{
    public const string ConfigurationSection = "Regions:Databases";

    private readonly StoreOptions _options;
    private readonly NpgsqlDataSource _shared;
    private readonly IReadOnlyDictionary<string, NpgsqlDataSource> _ownDataSources;
    private readonly Lazy<(MartenDatabase Shared, Dictionary<string, MartenDatabase> Own)> _databases;

    public RegionDatabases(StoreOptions options, NpgsqlDataSource shared, IReadOnlyDictionary<Guid, NpgsqlDataSource> regionDatabases)
    {
        _options = options;
        _shared = shared;
        _ownDataSources = regionDatabases.ToDictionary(pair => RegionTenancy.TenantOf(pair.Key), pair => pair.Value);
        // Marten's database objects read the finished store options: made at first use, as Marten makes its own.
        _databases = new Lazy<(MartenDatabase, Dictionary<string, MartenDatabase>)>(() => (
            new MartenDatabase(_options, _shared, _options.StoreName),
            _ownDataSources.ToDictionary(pair => pair.Key, pair => new MartenDatabase(_options, pair.Value, $"region-{pair.Key}"))));
    }

    /// <summary>The regions configured in databases of their own, with their connection strings.</summary>
    public static IReadOnlyDictionary<Guid, string> Configured(IConfiguration configuration) =>
        configuration.GetSection(ConfigurationSection).GetChildren()
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
            .ToDictionary(
                entry => Guid.TryParse(entry.Key, out var region) ? region
                    : throw new InvalidOperationException($"{ConfigurationSection}:{entry.Key}: '{entry.Key}' is not a region id."),
                entry => entry.Value!);

    private MartenDatabase Shared => _databases.Value.Shared;
    private Dictionary<string, MartenDatabase> Own => _databases.Value.Own;
    private IEnumerable<MartenDatabase> All => [Shared, .. Own.Values];

    public DatabaseCardinality Cardinality => DatabaseCardinality.StaticMultiple;

    public Tenant Default => new(RegionTenancy.InstallationTenant, Shared);

    public IDocumentCleaner Cleaner => new CompositeDocumentCleaner(this, _options);

    public Tenant GetTenant(string tenantId) => new(tenantId, DatabaseOf(tenantId));

    public ValueTask<Tenant> GetTenantAsync(string tenantId) => new(GetTenant(tenantId));

    private MartenDatabase DatabaseOf(string tenantId) => Own.TryGetValue(tenantId, out var own) ? own : Shared;

    public ValueTask<IMartenDatabase> FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) =>
        new(All.FirstOrDefault(d => d.Identifier == tenantIdOrDatabaseIdentifier) ?? DatabaseOf(tenantIdOrDatabaseIdentifier));

    public ValueTask<IMartenDatabase?> TryFindDatabase(string tenantIdOrDatabaseIdentifier) =>
        new(All.FirstOrDefault(d => d.Identifier == tenantIdOrDatabaseIdentifier) ?? DatabaseOf(tenantIdOrDatabaseIdentifier));

    public ValueTask<IMartenDatabase> FindDatabase(DatabaseId id) =>
        new(All.FirstOrDefault(d => d.Id == id) ?? throw new ArgumentOutOfRangeException(nameof(id), $"No database {id.Identity}."));

    public bool IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId) => ReferenceEquals(DatabaseOf(tenantId), database);

    public ValueTask<IReadOnlyList<IDatabase>> BuildDatabases() => new([.. All]);

    public ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token)
    {
        var shared = Shared.Describe();
        shared.TenantIds.Add(RegionTenancy.InstallationTenant);
        var databases = new List<DatabaseDescriptor> { shared };
        foreach (var (tenant, database) in Own)
        {
            var described = database.Describe();
            described.TenantIds.Add(tenant);
            databases.Add(described);
        }
        return new(new DatabaseUsage { Cardinality = DatabaseCardinality.StaticMultiple, MainDatabase = shared, Databases = databases });
    }

    public void Dispose()
    {
        if (!_databases.IsValueCreated) return;
        foreach (var database in All) database.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_databases.IsValueCreated) return;
        foreach (var database in All) await database.DisposeAsync();
    }
}
