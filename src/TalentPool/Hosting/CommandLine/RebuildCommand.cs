using System.Diagnostics;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Spectre.Console;
using TalentPool.Hosting.Rebuilding;

namespace TalentPool.Hosting.CommandLine;

public sealed class RebuildInput : NetCoreInput
{
    [Description("Rebuild only this projection, or these (comma-separated, as `projections list` names them); by default every projection"), FlagAlias("projection", 'p')]
    public string? ProjectionFlag { get; set; }

    [Description("How long one projection's rebuild may take, in minutes (default 60)")]
    public int TimeoutFlag { get; set; } = 60;
}

/// <summary>
/// <c>rebuild [-p Name]</c>: every inline one-document-per-stream projection asked for in one pass over the events
/// (<see cref="StreamReadModelsRebuild"/>), then every projection across streams in another
/// (<see cref="CrossStreamReadModelsRebuild"/>; beside the first when the plan says so), then any other projection with Marten's own rebuild
/// (<see cref="IProjectionDaemon.RebuildProjectionAsync(string, TimeSpan, CancellationToken)"/>, as <c>projections rebuild</c>
/// calls it), one after another (<see cref="RebuildPlan"/>), with each step's progress, rate and ETA on stderr
/// (<see cref="RebuildProgress"/>: a bar on a terminal, a line every few seconds otherwise) and one JSON line on stdout at the
/// end. Run it with the service stopped, as <c>projections rebuild</c>: a running daemon would be projecting the same documents.
/// </summary>
[Description("Rebuild the projections (all, or -p Name) with progress and an ETA on stderr", Name = Name)]
public sealed class RebuildCommand : JasperFxAsyncCommand<RebuildInput>
{
    public const string Name = "rebuild";

    private static readonly TimeSpan PlainLineEvery = TimeSpan.FromSeconds(5);

    public RebuildCommand()
    {
        Usage("Rebuild every projection, or the one named by -p");
    }

    public override async Task<bool> Execute(RebuildInput input)
    {
        using var host = input.BuildHost();
        var store = (DocumentStore)host.Services.GetRequiredService<IDocumentStore>();
        // Inline and async projections keep documents to rebuild; a live one keeps nothing.
        var all = store.Options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p.Name).Distinct().ToList();
        var asked = input.ProjectionFlag?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var names = asked is null ? all : all.Where(n => asked.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (asked is not null && names.Count < asked.Length) names = [];
        if (names.Count == 0)
        {
            OperatorConsole.Say($"No projection '{input.ProjectionFlag}'. Projections: {string.Join(", ", all)}.");
            return false;
        }

        var clock = Stopwatch.StartNew();
        var regionDatabases = host.Services.GetRequiredService<RegionDataSources>();
        long events = 0;
        if (regionDatabases.ByRegion.Count == 0)
        {
            if (await RebuildAsync(store, names, input, "") is not { } rebuilt) return false;
            events = rebuilt;
        }
        else
        {
            // Regions in databases of their own (Hosting/RegionDatabases.cs): each database has its own events, documents and
            // progress, so each is rebuilt as a store of that database alone (the one pass and the daemon read one database).
            var shared = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
            var databases = regionDatabases.WithShared(shared).ToList();
            foreach (var (name, dataSource) in databases)
            {
                await using var alone = DocumentStore.For(options =>
                {
                    options.Connection(dataSource);
                    options.ConfigureTalentPoolStore(dataSource, [.. databases.Select(d => d.DataSource).Where(d => d != dataSource)]);
                });
                var label = name == "shared" ? " of the shared database" : $" of region {name}'s database";
                if (await RebuildAsync(alone, names, input, label) is not { } rebuilt) return false;
                events += rebuilt;
            }
        }

        OperatorConsole.WriteResultJson(new RebuildResult(names.Count, events, Math.Round(clock.Elapsed.TotalSeconds, 1), names));
        return true;
    }

    /// <summary>One database's projections; the events rebuilt from (its high-water mark), or null when it failed.</summary>
    private static async Task<long?> RebuildAsync(DocumentStore store, IReadOnlyList<string> names, RebuildInput input, string label)
    {
        // A page of the pass across streams reads a projection's event types in sequence order: on a long history with few
        // of them (the hire counts: 50,000 of 10 million events) one query reads most of the events table, far beyond
        // Marten's 30 s. Its commands may take as long as a projection's rebuild may.
        store.Options.CommandTimeout = (int)TimeSpan.FromMinutes(input.TimeoutFlag).TotalSeconds;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var progress = new RebuildProgress(daemon.Tracker.HighWaterMark);
        using var subscription = daemon.Tracker.Subscribe(progress);
        OperatorConsole.Say($"Rebuilding {names.Count} projection(s){label} from {progress.HighWaterMark:N0} events");

        try
        {
            var steps = RebuildPlan.For(store, daemon, names);
            if (OperatorConsole.ShowsProgressBars) await RebuildWithBarsAsync(steps, progress, TimeSpan.FromMinutes(input.TimeoutFlag));
            else await RebuildWithLinesAsync(steps, progress, TimeSpan.FromMinutes(input.TimeoutFlag));
        }
        catch (Exception e)
        {
            OperatorConsole.Say($"The rebuild failed: {e.Message}");
            OperatorConsole.Say(e.ToString());
            return null;
        }
        finally
        {
            await daemon.StopAllAsync();
        }
        return progress.HighWaterMark;
    }

    // The plan may run its two passes side by side (RebuildPlan.RunAsync): each reports under its own label.
    private static Task RebuildWithLinesAsync(IReadOnlyList<RebuildStep> steps, RebuildProgress progress, TimeSpan timeout) =>
        RebuildPlan.RunAsync(steps, async step =>
        {
            progress.Start(step.Label);
            var rebuild = step.Run(done => progress.Report(step.Label, done), timeout, CancellationToken.None);
            while (await Task.WhenAny(rebuild, Task.Delay(PlainLineEvery)) != rebuild) OperatorConsole.Say(progress.StateOf(step.Label).ToString());
            await rebuild;
            foreach (var line in Finished(step, progress)) OperatorConsole.Say(line);
        });

    private static Task RebuildWithBarsAsync(IReadOnlyList<RebuildStep> steps, RebuildProgress progress, TimeSpan timeout) =>
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = steps.ToDictionary(step => step.Label, step => context.AddTask(step.Label, autoStart: false, maxValue: Math.Max(1, progress.HighWaterMark)));
                await RebuildPlan.RunAsync(steps, async step =>
                {
                    var bar = bars[step.Label];
                    bar.StartTask();
                    progress.Start(step.Label);
                    var rebuild = step.Run(done => progress.Report(step.Label, done), timeout, CancellationToken.None);
                    while (await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromMilliseconds(250))) != rebuild)
                    {
                        var state = progress.StateOf(step.Label);
                        bar.Value = state.Done;
                        bar.Description = Markup.Escape(state.ToString());
                    }
                    await rebuild;
                    bar.Value = bar.MaxValue;
                    bar.Description = Markup.Escape(string.Join(Environment.NewLine, Finished(step, progress)));
                    bar.StopTask();
                });
            });

    /// <summary>A line per projection: the one pass rebuilt several at once, each in the pass's time.</summary>
    private static IEnumerable<string> Finished(RebuildStep step, RebuildProgress progress) =>
        step.Projections.Select(projection => (progress.StateOf(step.Label) with { Projection = projection }).Finished());
}

/// <summary>What <c>rebuild</c> prints: how many projections, from how many events (the high-water mark), in how long.</summary>
public sealed record RebuildResult(int Projections, long Events, double Seconds, IReadOnlyList<string> Rebuilt);
