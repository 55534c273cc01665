namespace TalentPool.Hosting;

/// <summary>
/// Which rows of <c>mt_event_progression</c> are projection progress. Marten also keeps its high-water bookkeeping there
/// (<c>HighWaterAllocationFence</c>, <c>HighWaterStuckGap</c>): observations of one database's sequence, left behind at an old
/// mark once a gap closes. They are never "behind", never copied to another database and never moved forward by us.
/// </summary>
public static class ProjectionProgressRows
{
    /// <summary>Marten's bookkeeping rows (Marten 9's <c>HighWaterAllocationFence</c> and <c>HighWaterStuckGap</c>).</summary>
    public static readonly IReadOnlyList<string> Bookkeeping = ["HighWaterAllocationFence", "HighWaterStuckGap"];

    /// <summary>A SQL condition on <c>name</c> that keeps progress rows only.</summary>
    public static string ProgressOnly { get; } = $"name <> all(array[{string.Join(", ", Bookkeeping.Select(name => $"'{name}'"))}])";
}
