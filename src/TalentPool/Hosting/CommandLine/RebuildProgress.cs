using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events.Projections;

namespace TalentPool.Hosting.CommandLine;

/// <summary>
/// How far each projection's rebuild has got, from the shard states the daemon reports in this process (its
/// <c>Tracker</c>): the sequence it has processed, of the event sequence's high-water mark when the rebuild started — or, for
/// the one pass over whole streams, the events it has applied (<see cref="Report"/>). No query is made for it. The rate is the events per second since that projection's rebuild began; the ETA the rest at that rate.
/// </summary>
public sealed class RebuildProgress(long highWaterMark) : IObserver<ShardState>
{
    private readonly ConcurrentDictionary<string, long> _sequences = new();
    private readonly ConcurrentDictionary<string, Stopwatch> _clocks = new();

    public long HighWaterMark { get; } = highWaterMark;

    public void Start(string projection)
    {
        _sequences[projection] = 0;
        _clocks[projection] = Stopwatch.StartNew();
    }

    /// <summary>A step that counts the events it applied itself (the one pass over whole streams), not through the daemon's tracker.</summary>
    public void Report(string label, long done) => _sequences[label] = done;

    public ProjectionRebuildState StateOf(string projection)
    {
        var done = Math.Min(_sequences.GetValueOrDefault(projection), HighWaterMark);
        var elapsed = _clocks.TryGetValue(projection, out var clock) ? clock.Elapsed : TimeSpan.Zero;
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((HighWaterMark - done) / rate) : null;
        return new ProjectionRebuildState(projection, done, HighWaterMark, rate, elapsed, eta);
    }

    public void OnNext(ShardState state)
    {
        // A projection's shards are named "<projection>:<shard>" ("RegionMembers:All"); the high-water agent reports too.
        var projection = state.ShardName.Split(':')[0];
        if (_sequences.ContainsKey(projection)) _sequences.AddOrUpdate(projection, state.Sequence, (_, known) => Math.Max(known, state.Sequence));
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }
}

public sealed record ProjectionRebuildState(string Projection, long Done, long Total, double EventsPerSecond, TimeSpan Elapsed, TimeSpan? Eta)
{
    public double Share => Total == 0 ? 1 : (double)Done / Total;

    public override string ToString() =>
        $"{Projection}: {Done:N0} / {Total:N0} events ({Share:P0}), {EventsPerSecond:N0} events/s, ETA {(Eta is { } eta ? Format(eta) : "…")}";

    /// <summary>Once rebuilt, the projection has read every event up to the high-water mark, whatever the daemon reported on the way.</summary>
    public string Finished() =>
        $"{Projection}: rebuilt from {Total:N0} events in {Elapsed.TotalSeconds:N1} s, {(Elapsed.TotalSeconds > 0 ? Total / Elapsed.TotalSeconds : 0):N0} events/s";

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"m\:ss");
}
