using System.Diagnostics;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Spectre.Console;

namespace TalentPool.Hosting.CommandLine;

public sealed class RebuildInput : NetCoreInput
{
    [Description("Rebuild only this projection (as `projections list` names it); by default every projection"), FlagAlias("projection", 'p')]
    public string? ProjectionFlag { get; set; }

    [Description("How long one projection's rebuild may take, in minutes (default 60)")]
    public int TimeoutFlag { get; set; } = 60;
}

/// <summary>
/// <c>rebuild [-p Name]</c>: Marten's own rebuild (<see cref="IProjectionDaemon.RebuildProjectionAsync(string, TimeSpan, CancellationToken)"/>,
/// as <c>projections rebuild</c> calls it), one projection after another, with each projection's progress, rate and ETA on
/// stderr (<see cref="RebuildProgress"/>: a bar on a terminal, a line every few seconds otherwise) and one JSON line on stdout
/// at the end. A thin caller: whatever makes Marten's rebuild faster makes this one faster. Run it with the service stopped,
/// as <c>projections rebuild</c>: a running daemon would be projecting the same documents.
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
        var names = input.ProjectionFlag is null ? all : all.Where(n => n.Equals(input.ProjectionFlag, StringComparison.OrdinalIgnoreCase)).ToList();
        if (names.Count == 0)
        {
            OperatorConsole.Say($"No projection '{input.ProjectionFlag}'. Projections: {string.Join(", ", all)}.");
            return false;
        }

        var clock = Stopwatch.StartNew();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var progress = new RebuildProgress(daemon.Tracker.HighWaterMark);
        using var subscription = daemon.Tracker.Subscribe(progress);
        OperatorConsole.Say($"Rebuilding {names.Count} projection(s) from {progress.HighWaterMark:N0} events");

        try
        {
            if (OperatorConsole.ShowsProgressBars) await RebuildWithBarsAsync(daemon, progress, names, TimeSpan.FromMinutes(input.TimeoutFlag));
            else await RebuildWithLinesAsync(daemon, progress, names, TimeSpan.FromMinutes(input.TimeoutFlag));
        }
        catch (Exception e)
        {
            OperatorConsole.Say($"The rebuild failed: {e.Message}");
            OperatorConsole.Say(e.ToString());
            return false;
        }
        finally
        {
            await daemon.StopAllAsync();
        }

        OperatorConsole.WriteResultJson(new RebuildResult(names.Count, progress.HighWaterMark, Math.Round(clock.Elapsed.TotalSeconds, 1), names));
        return true;
    }

    private static async Task RebuildWithLinesAsync(IProjectionDaemon daemon, RebuildProgress progress, IReadOnlyList<string> names, TimeSpan timeout)
    {
        foreach (var name in names)
        {
            progress.Start(name);
            var rebuild = daemon.RebuildProjectionAsync(name, timeout, CancellationToken.None);
            while (await Task.WhenAny(rebuild, Task.Delay(PlainLineEvery)) != rebuild) OperatorConsole.Say(progress.StateOf(name).ToString());
            await rebuild;
            OperatorConsole.Say(progress.StateOf(name).Finished());
        }
    }

    private static Task RebuildWithBarsAsync(IProjectionDaemon daemon, RebuildProgress progress, IReadOnlyList<string> names, TimeSpan timeout) =>
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = names.ToDictionary(name => name, name => context.AddTask(name, autoStart: false, maxValue: Math.Max(1, progress.HighWaterMark)));
                foreach (var name in names)
                {
                    var bar = bars[name];
                    bar.StartTask();
                    progress.Start(name);
                    var rebuild = daemon.RebuildProjectionAsync(name, timeout, CancellationToken.None);
                    while (await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromMilliseconds(250))) != rebuild)
                    {
                        var state = progress.StateOf(name);
                        bar.Value = state.Done;
                        bar.Description = Markup.Escape(state.ToString());
                    }
                    await rebuild;
                    bar.Value = bar.MaxValue;
                    bar.Description = Markup.Escape(progress.StateOf(name).Finished());
                    bar.StopTask();
                }
            });
}

/// <summary>What <c>rebuild</c> prints: how many projections, from how many events (the high-water mark), in how long.</summary>
public sealed record RebuildResult(int Projections, long Events, double Seconds, IReadOnlyList<string> Rebuilt);
