using Marten;

namespace TalentPool.Hosting;

/// <summary>
/// How the projection daemon pages and writes, for every projection (inline ones too: the daemon rebuilds them). Measured
/// with <c>--scenario rebuild</c> of tests/TalentPool.Benchmarks (README, Benchmarks).
/// </summary>
public static class ProjectionTuning
{
    /// <summary>
    /// Events fetched per page. Marten's 500 made a rebuild of the 100,000 talent streams 250 pages, each paying a round trip
    /// for its events, one for the documents it loads and one commit with the progression; pages of 5,000 pay them a tenth
    /// as often. Live, a page holds only what arrived since the last one, so the daemon's lag does not grow with it.
    /// </summary>
    public const int EventsPerPage = 5_000;

    /// <summary>
    /// A rebuild keeps each document in memory until this many are waiting, then writes each of them once (Marten's
    /// deferred rebuild writes), instead of writing every document again on every page that touches its stream and
    /// loading it back for the next one. About 100,000 small documents at most: the talents' read models at 100k talents.
    /// </summary>
    public const int DocumentsHeldDuringRebuild = 100_000;

    public static void TuneProjectionDaemon(this StoreOptions options)
    {
        // The first write of a document in a rebuild (the table was emptied) is a plain insert: PostgreSQL's binary COPY
        // instead of one upsert call per document. Marten falls back to upserts for any batch that is not inserts only.
        options.Projections.RebuildWithBulkCopy = true;
        foreach (var projection in options.Projections.All)
        {
            projection.Options.BatchSize = EventsPerPage;
            projection.Options.MaximumHopperSize = 2 * EventsPerPage;
            projection.Options.RebuildFlushThreshold = DocumentsHeldDuringRebuild;
        }
    }
}
