using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Hosting.Rebuilding;

/// <summary>
/// One step of a rebuild: the one pass over whole streams that rebuilds every projection it covers
/// (<see cref="StreamReadModelsRebuild"/>), or one projection rebuilt by Marten's daemon.
/// </summary>
/// <param name="Label">What progress is reported under: the projection's name, or <see cref="RebuildPlan.OnePass"/>.</param>
/// <param name="Projections">The projections the step rebuilds.</param>
/// <param name="Run">Runs the step; its argument is told the events applied so far when the step reports them itself. Answers
/// where the step's time went, when it knows.</param>
/// <param name="Beside">Runs at the same time as the plan's other steps so marked (<see cref="RebuildPlan.RunAsync"/>).</param>
public sealed record RebuildStep(
    string Label, IReadOnlyList<string> Projections, Func<Action<long>, TimeSpan, CancellationToken, Task<string?>> Run, bool Beside = false);

/// <summary>
/// How the operator's <c>rebuild</c> (and the rebuild benchmark) rebuilds projections: in one pass over the events, every
/// inline one-document-per-stream projection asked for; then (or at the same time, when asked) in one more pass over the events
/// in sequence order, every projection gathering documents across streams or reading beyond its stream
/// (<see cref="CrossStreamReadModelsRebuild"/>); then any other with Marten's daemon, as <c>projections rebuild</c> does.
/// </summary>
/// <remarks>
/// The two passes side by side: neither reads what the other writes, and their work is mostly on different sides — the one
/// pass ends with PostgreSQL alone building indexes, the probe rows and the facet counts (half its time), the pass across
/// streams is mostly .NET applying projections — so on two cores each fills the core the other leaves idle.
/// </remarks>
public static class RebuildPlan
{
    public const string OnePass = "stream read models";
    public const string AcrossStreams = "read models across streams";

    /// <param name="streamsPerPage">The one pass's page (smaller in tests: several pages).</param>
    /// <param name="eventsPerPage">The pass across streams' page.</param>
    /// <param name="sideBySide">
    /// The two passes at the same time (see the remarks). Not yet the default: on a machine whose cores other work already
    /// fills (load 30–50 on two cores), it measured slower than one pass after the other (README "Session 9"); a quiet
    /// machine, where the one pass's end leaves a core idle, decides.
    /// </param>
    public static IReadOnlyList<RebuildStep> For(
        DocumentStore store, IProjectionDaemon daemon, IReadOnlyList<string> names,
        int streamsPerPage = StreamReadModelsRebuild.StreamsPerPage, int eventsPerPage = CrossStreamReadModelsRebuild.EventsPerPage,
        bool sideBySide = false)
    {
        var sources = store.Options.Projections.All.Where(p => names.Contains(p.Name)).DistinctBy(p => p.Name).ToList();
        var onePass = sources.Where(StreamReadModelsRebuild.Covers).ToList();
        var steps = new List<RebuildStep>();
        if (onePass.Count > 0)
        {
            steps.Add(new RebuildStep(OnePass, [.. onePass.Select(p => p.Name)],
                async (progress, _, cancellation) => (await StreamReadModelsRebuild.RunAsync(store, onePass, progress, cancellation, streamsPerPage)).ToString(),
                Beside: sideBySide));
        }
        var acrossStreams = sources.Where(p => !onePass.Contains(p) && CrossStreamReadModelsRebuild.Covers(p)).ToList();
        if (acrossStreams.Count > 0)
        {
            steps.Add(new RebuildStep(AcrossStreams, [.. acrossStreams.Select(p => p.Name)],
                async (progress, _, cancellation) => (await CrossStreamReadModelsRebuild.RunAsync(store, acrossStreams, progress, cancellation, eventsPerPage)).ToString(),
                Beside: sideBySide));
        }
        foreach (var name in names.Where(name => onePass.All(p => p.Name != name) && acrossStreams.All(p => p.Name != name)))
        {
            steps.Add(ByDaemon(daemon, name));
        }
        return steps;
    }

    /// <summary>Runs the steps marked <see cref="RebuildStep.Beside"/> together, then each other one after another.</summary>
    /// <remarks>A step that fails fails the whole, after the steps beside it have ended (none is left running).</remarks>
    public static async Task RunAsync(IReadOnlyList<RebuildStep> steps, Func<RebuildStep, Task> run)
    {
        await Task.WhenAll(steps.Where(step => step.Beside).Select(step => Task.Run(() => run(step))));
        foreach (var step in steps.Where(step => !step.Beside)) await run(step);
    }

    public static RebuildStep ByDaemon(IProjectionDaemon daemon, string name) => new(name, [name], async (_, timeout, cancellation) =>
    {
        await daemon.RebuildProjectionAsync(name, timeout, cancellation);
        return null;
    });
}
