using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Storage;
using Npgsql;
using Spectre.Console;
using TalentPool.Hosting;
using TalentPool.Hosting.CommandLine;

namespace TalentPool.Seeding;

public sealed class SeedInput : NetCoreInput
{
    [Description("The seed: the same seed (with the same sizes and --until) gives the same events")]
    public int SeedFlag { get; set; } = 42;

    [Description("How many talents register (default 10,000)")]
    public int TalentsFlag { get; set; } = 10_000;

    [Description("How many member companies (partners) join; by default one per 400 talents, 5 to 500. The county's twelve municipalities are members too")]
    public int? MembersFlag { get; set; }

    [Description("How many years the history spans, up to --until (default 2)")]
    public int YearsFlag { get; set; } = 2;

    [Description("How busy the region is: N times the vacancies (with candidates and hires) and direct hires (default 1)")]
    public int ActivityFlag { get; set; } = 1;

    [Description("The history's last day, yyyy-MM-dd (default today, UTC)")]
    public string? UntilFlag { get; set; }

    [Description("Then run the async projections until they have caught up (the seeding builds them already: nothing left to do)")]
    public bool CatchUpFlag { get; set; }
}

/// <summary>
/// <c>seed --seed 42 --talents 100000 --members 300 --years 2</c> appends a generated region history (<see cref="DemoHistory"/>)
/// to the configured database and prints one JSON line with what it appended on stdout; progress (a bar on a terminal, plain
/// lines otherwise) and logs go to stderr, a failure exits non-zero. For demos and benchmarks: seed an empty database with the
/// service stopped (README "Demo data").
/// </summary>
[Description("Append a generated, deterministic region history (demo data, benchmarks)", Name = Name)]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public const string Name = "seed";

    public SeedCommand()
    {
        Usage("Seed a region's history");
    }

    public override async Task<bool> Execute(SeedInput input)
    {
        DemoDataPlan plan;
        try
        {
            var until = input.UntilFlag is null ? DateOnly.FromDateTime(DateTime.UtcNow)
                : DateOnly.ParseExact(input.UntilFlag, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            plan = new DemoDataPlan(input.SeedFlag, input.TalentsFlag, input.YearsFlag, until, input.MembersFlag, input.ActivityFlag);
            plan.Check();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            OperatorConsole.Say(e.Message);
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // A region configured in a database of its own (Regions:Databases:<id>, Hosting/RegionDatabases.cs) is seeded there.
        var regionId = new DemoHistory(plan).RegionId;
        var database = await store.Storage.FindOrCreateDatabase(RegionTenancy.TenantOf(regionId));
        if (host.Services.GetRequiredService<RegionDataSources>().ByRegion.ContainsKey(regionId))
        {
            OperatorConsole.Say($"Region {regionId} is configured in a database of its own: its history goes there, its county and " +
                "municipality-number claims to the shared database.");
        }
        var (summary, phases) = OperatorConsole.ShowsProgressBars
            ? await SeedWithProgressBarAsync((DocumentStore)store, database, plan)
            : await BulkDemoDataSeeder.SeedAsync((DocumentStore)store, plan, OperatorConsole.Say);
        OperatorConsole.Say($"Where the time went: {phases}");
        if (input.CatchUpFlag)
        {
            // Every database: the shared one's daemon has the installation's streams to project when the region is elsewhere.
            foreach (var each in await store.Storage.AllDatabases())
            {
                OperatorConsole.Say($"Running the async projections of database {each.Id.Identity} until they have caught up …");
                using var daemon = await ((DocumentStore)store).BuildProjectionDaemonAsync(each.Id);
                await daemon.CatchUpAsync(TimeSpan.FromHours(2), CancellationToken.None);
            }
        }

        var result = JsonSerializer.SerializeToNode(summary, OperatorConsole.ResultJson)!.AsObject();
        result.Insert(3, "members", plan.Partners);
        OperatorConsole.WriteResult(result.ToJsonString());
        return true;
    }

    /// <summary>
    /// A bar of the events appended against the plan's events. The seeder appends many streams a transaction; the bar reads
    /// the event sequence (one row, never the events table) every half second, so it moves with every commit.
    /// </summary>
    private static async Task<(DemoDataSummary Summary, DemoDataPhases Phases)> SeedWithProgressBarAsync(DocumentStore store, IMartenDatabase database, DemoDataPlan plan)
    {
        OperatorConsole.Say("Counting the plan's events …");
        var planned = new DemoHistory(plan).Streams().Sum(stream => (long)stream.Events.Count);
        var before = await AppendedEventsAsync(database);
        return await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Seeding {planned:N0} events", maxValue: planned);
                var seeding = BulkDemoDataSeeder.SeedAsync(store, plan, message => task.Description = $"Seeding: {Markup.Escape(message)}");
                while (await Task.WhenAny(seeding, Task.Delay(TimeSpan.FromMilliseconds(500))) != seeding)
                {
                    task.Value = await AppendedEventsAsync(database) - before;
                }
                task.Value = planned;
                return await seeding;
            });
    }

    private static async Task<long> AppendedEventsAsync(IMartenDatabase database)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select case when is_called then last_value else 0 end from {DatabaseConfiguration.SchemaName}.mt_events_sequence", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
