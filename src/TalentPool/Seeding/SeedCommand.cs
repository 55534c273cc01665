using System.Globalization;
using System.Text.Json;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using Marten;
using Spectre.Console;

namespace TalentPool.Seeding;

public sealed class SeedInput : NetCoreInput
{
    [Description("The seed: the same seed (with the same sizes and --until) gives the same events")]
    public int SeedFlag { get; set; } = 42;

    [Description("How many talents register (default 10,000)")]
    public int TalentsFlag { get; set; } = 10_000;

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
/// <c>seed --seed 42 --talents 100000 --years 2</c> appends a generated region history (<see cref="DemoHistory"/>) to the
/// configured database and prints one JSON line with what it appended on stdout; progress and logs go to stderr, a failure
/// exits non-zero. For demos and benchmarks: seed an empty database with the service stopped (README "Demo data").
/// </summary>
[Description("Append a generated, deterministic region history (demo data, benchmarks)", Name = Name)]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public const string Name = "seed";

    public SeedCommand()
    {
        Usage("Seed a region's history");
    }

    public static bool IsRequested(string[] args) => args is [var command, ..] && command.Equals(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Stdout is the result's alone: the host's logs and JasperFx's output go to stderr.</summary>
    public static void KeepStdoutForTheResult()
    {
        Console.SetOut(Console.Error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    public override async Task<bool> Execute(SeedInput input)
    {
        DemoDataPlan plan;
        try
        {
            var until = input.UntilFlag is null ? DateOnly.FromDateTime(DateTime.UtcNow)
                : DateOnly.ParseExact(input.UntilFlag, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            plan = new DemoDataPlan(input.SeedFlag, input.TalentsFlag, input.YearsFlag, until, input.ActivityFlag);
            plan.Check();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (summary, phases) = await BulkDemoDataSeeder.SeedAsync((DocumentStore)store, plan, Console.Error.WriteLine);
        Console.Error.WriteLine($"Generating {phases.Generating:N1} s, copying events {phases.CopyingEvents:N1} s, " +
            $"documents per stream {phases.StreamReadModels:N1} s, documents across streams {phases.CrossStreamReadModels:N1} s");
        if (input.CatchUpFlag)
        {
            Console.Error.WriteLine("Running the async projections until they have caught up …");
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.CatchUpAsync(TimeSpan.FromHours(2), CancellationToken.None);
        }

        using var stdout = new StreamWriter(Console.OpenStandardOutput());
        stdout.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return true;
    }
}
