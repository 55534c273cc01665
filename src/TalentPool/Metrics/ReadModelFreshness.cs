using System.Diagnostics;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using TalentPool.Hosting;

namespace TalentPool.Metrics;

/// <summary>What became of a reader's request to wait until the writes before it are reflected.</summary>
public enum WaitOutcome { Reached, TimedOut }

/// <summary>
/// How current an async read model's answer is: it reflects every event up to <c>Sequence</c> (recorded at
/// <c>SequenceRecordedAt</c>), of <c>LatestSequence</c> stored when answered. <c>Wait</c> is there when the reader asked
/// to wait for the writes before its request: <c>Reached</c>, or <c>TimedOut</c> after the longest wait (the answer is
/// then the one at hand, stale by the difference).
/// </summary>
public sealed record ReadModelFreshness(long Sequence, DateTimeOffset? SequenceRecordedAt, long LatestSequence, bool IsCurrent, WaitOutcome? Wait);

/// <summary>
/// Reads an async projection's progress from the event progression table, so it holds whichever node runs the
/// projection (Wolverine may run it on another one), and waits for it by looking again every few milliseconds. The table is
/// the one of the reader's database: a region in a database of its own (Hosting/RegionDatabases.cs) has its own events,
/// sequence and progress there.
/// </summary>
public sealed class ReadModelProgress(NpgsqlDataSource sharedDataSource)
{
    /// <summary>How long a reader may wait for its writes; short, as the request holds a connection's worth of work.</summary>
    public TimeSpan LongestWait { get; init; } = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LookAgainAfter = TimeSpan.FromMilliseconds(50);

    private const string Schema = DatabaseConfiguration.SchemaName;

    // The progression row of a projection's only shard is named "<projection>:All". Its sequence is the last event the
    // projection has processed (events of other types included), or a number a rolled-back write used and the daemon
    // skipped: its time is that of the newest event at or below it. The newest stored event bounds a reader's own writes.
    private const string Sql = $"""
        select coalesce(p.last_seq_id, 0),
               (select e.timestamp from {Schema}.mt_events e where e.seq_id <= p.last_seq_id order by e.seq_id desc limit 1),
               (select coalesce(max(seq_id), 0) from {Schema}.mt_events)
        from (select 1) as one
        left join {Schema}.mt_event_progression p on p.name = $1
        """;

    /// <summary>
    /// The projection's freshness; with <paramref name="waitForWrites"/>, first waits (at most <see cref="LongestWait"/>)
    /// until it reflects every event stored when the request came, the reader's own committed writes among them.
    /// </summary>
    public async Task<ReadModelFreshness> ReadAsync(IQuerySession session, string projectionName, bool waitForWrites, CancellationToken cancellation)
    {
        var dataSource = session.Database is PostgresqlDatabase database ? database.DataSource : sharedDataSource;
        var shard = $"{projectionName}:All";
        var state = await ReadStateAsync(dataSource, shard, cancellation);
        if (!waitForWrites) return state with { Wait = null };

        var target = state.LatestSequence;
        var waited = Stopwatch.StartNew();
        while (state.Sequence < target && waited.Elapsed < LongestWait)
        {
            await Task.Delay(LookAgainAfter, cancellation);
            state = await ReadStateAsync(dataSource, shard, cancellation);
        }
        return state with { Wait = state.Sequence >= target ? WaitOutcome.Reached : WaitOutcome.TimedOut };
    }

    private static async Task<ReadModelFreshness> ReadStateAsync(NpgsqlDataSource dataSource, string shard, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue(shard);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var sequence = reader.GetInt64(0);
        var recordedAt = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
        var latest = reader.GetInt64(2);
        return new ReadModelFreshness(sequence, recordedAt, latest, sequence >= latest, null);
    }
}
