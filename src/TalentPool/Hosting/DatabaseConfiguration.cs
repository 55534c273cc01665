using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using TalentPool.Audit;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hosting.Idempotency;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Sync;
using TalentPool.Talents;
using TalentPool.Vacancies;
using TalentPool.SavedSearches;
using TalentPool.Webhooks;
using Weasel.Core;
using Wolverine.Marten;

namespace TalentPool.Hosting;

public static class DatabaseConfiguration
{
    public const string ConnectionStringName = "TalentPool";
    public const string SchemaName = "talentpool";

    public static void AddTalentPoolDatabase(this WebApplicationBuilder builder)
    {
        // Resolved on first use; mapping the endpoints already needs the store, so every command that builds the host
        // (help and codegen too) starts the local cluster. `token` builds no host (Auth/TokenCommand.cs).
        builder.Services.AddSingleton(services => NpgsqlDataSource.Create(WithAutoPrepare(ResolveConnectionString(
            builder.Configuration, builder.Environment, services.GetRequiredService<ILoggerFactory>().CreateLogger("TalentPool.Database")))));

        builder.Services.AddSingleton<ReadModelProgress>();
        builder.Services.AddSingleton<KnownRegions>();
        // Run by Marten at start, after the schema is applied.
        builder.Services.InitializeMartenWith<RetiredTables>();
        builder.Services.AddHostedService<SharedTalentFacetFolding>();
        // Regions in databases of their own (Hosting/RegionDatabases.cs): none by default, and then nothing below changes.
        var regionDatabases = RegionDatabases.Configured(builder.Configuration);
        builder.Services.AddSingleton(new RegionDataSources(regionDatabases.ToDictionary(region => region.Key, region => NpgsqlDataSource.Create(WithAutoPrepare(region.Value)))));
        builder.Services.AddMarten(services =>
            {
                var options = new StoreOptions();
                var dataSource = services.GetRequiredService<NpgsqlDataSource>();
                options.Connection(dataSource);
                var ownDataSources = services.GetRequiredService<RegionDataSources>().ByRegion;
                options.ConfigureTalentPoolStore(dataSource, [.. ownDataSources.Values]);
                if (ownDataSources.Count > 0) options.Tenancy = new RegionDatabases(options, dataSource, ownDataSources);
                options.Listeners.Add(new AuditTrail(services.GetRequiredService<IHttpContextAccessor>()));
                return options;
            })
            .UseLightweightSessions()
            // Every table, function and trigger before the first request: the shared base's facet counts are kept by a
            // trigger that must exist before its table's first write (Talents/SharedTalentFacetCounts.cs).
            .ApplyAllDatabaseChangesOnStartup()
            // Wolverine owns the async daemon: it runs each async projection on exactly one node of the cluster, moves it
            // when a node goes, and spreads projections over nodes (Durability.Mode Balanced, Wolverine's default; the
            // tests run Solo). Never add Marten's own AddAsyncDaemon as well: two coordinators of one daemon, which
            // Wolverine refuses at start-up.
            .IntegrateWithWolverine(wolverine =>
            {
                wolverine.UseWolverineManagedEventSubscriptionDistribution = true;
                // With several databases Wolverine keeps envelopes in each (a tenant's outbox commits with its events) and
                // its nodes, agents and scheduled work in a main one: the shared database.
                if (regionDatabases.Count > 0) wolverine.MainDatabaseConnectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
            });
        // Idempotency keys of a region on a database of its own are claimed in that database (Hosting/Idempotency).
        if (regionDatabases.Count > 0) RegionDatabaseClaims.Register(builder.Services);
    }

    /// <summary>
    /// Everything about the store but its connection: shared by the host and the store-level tests. The data source is
    /// the store's own, read by the upcasters that give old events their stream's keys (Common/StreamKeys.cs), with the
    /// databases of regions kept in their own (Hosting/RegionDatabases.cs), where those regions' streams are.
    /// </summary>
    public static void ConfigureTalentPoolStore(this StoreOptions options, NpgsqlDataSource dataSource, IReadOnlyList<NpgsqlDataSource>? regionDataSources = null)
    {
        options.DatabaseSchemaName = SchemaName;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Regions are tenants (Hosting/RegionTenancy.cs): every event and every document carries its region's tenant id,
        // and a session reads and writes one region's only. What belongs to the installation (counties, the municipality
        // numbers regions claim) is declared single-tenanted where it is configured, and its events live in the default tenant.
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        // Who caused each event and which request it belongs to (the audit trail reads these).
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.AddTalents();
        options.AddRegions();
        options.AddPartners();
        options.AddMunicipalities();
        options.AddHires();
        options.AddBilling();
        options.AddVacancies();
        options.AddCandidates();
        options.AddMetrics();
        options.AddWebhooks();
        options.AddSavedSearches();
        options.AddSync();
        options.PollForNewEventsOften();

        IReadOnlyList<NpgsqlDataSource> databases = [dataSource, .. regionDataSources ?? []];
        var streamKeys = new StreamKeysLookup(databases, SchemaName);
        options.UpcastPartnerEventsV1(streamKeys);
        options.UpcastMunicipalityEventsV1(streamKeys);
        options.UpcastStoredHireEvents(new HireKeysLookup(databases, SchemaName));
        options.UpcastVacancyEventsV1(streamKeys);
        options.UpcastCandidateEventsV1(streamKeys);
    }

    /// <summary>
    /// <c>ConnectionStrings:TalentPool</c> when configured; otherwise a local PostgreSQL cluster kept in
    /// the repository's git-ignored <c>.data/postgres</c>, started (and installed) on demand and reused.
    /// </summary>
    private static string ResolveConnectionString(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var dataDirectory = configuration["LocalPostgres:DataDirectory"]
            ?? Path.Combine(FindRepositoryRoot(environment.ContentRootPath), ".data", "postgres");
        var port = configuration.GetValue("LocalPostgres:Port", 54329);
        var cluster = LocalPostgresCluster.Start(dataDirectory, port, message => logger.LogInformation("{Message}", message));
        var connectionString = cluster.EnsureDatabaseAsync("talentpool").GetAwaiter().GetResult();
        logger.LogDebug("Using the local PostgreSQL in {DataDirectory} on 127.0.0.1:{Port}", cluster.DataDirectory, cluster.Port);
        return connectionString;
    }

    /// <summary>The statements a connection sends most often kept prepared.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string says otherwise (<c>Max Auto Prepare</c>): a statement whose
    /// text a connection has sent five times is prepared on it, so PostgreSQL keeps its plan and does not plan it again on every
    /// request. The searches' statements carry every value of the request as a parameter for that (README "Shared-talent search
    /// at scale", session 9: each was planned per request, 0.2–1.5 ms each).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0 || connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder.ConnectionString;
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TalentPool.sln"))) return directory.FullName;
        }
        return start;
    }
}
