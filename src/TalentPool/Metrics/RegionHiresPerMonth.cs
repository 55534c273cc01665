using System.Globalization;
using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>
/// A region's hires in one month: recorded (by their hire date's month), by classification, and cancelled (by the
/// cancellation's month); and its placed talents who left the region (by their employment's end month), for the net
/// talent inflow. Counts only: no talent, partner or municipality is named, so every member may read it.
/// </summary>
public sealed record RegionHiresPerMonth(
    string Id, Guid RegionId, string Month, int Recorded, int External, int Internal, int Local, int Cancelled, int LeftRegion)
{
    public static string IdFor(Guid regionId, DateOnly day) => $"{regionId}/{MonthOf(day)}";

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static RegionHiresPerMonth Empty(Guid regionId, DateOnly day) => new(IdFor(regionId, day), regionId, MonthOf(day), 0, 0, 0, 0, 0, 0);

    public RegionHiresPerMonth With(HireRecorded recorded) => this with
    {
        Recorded = Recorded + 1,
        External = External + (recorded.Classification == HireClassification.External ? 1 : 0),
        Internal = Internal + (recorded.Classification == HireClassification.Internal ? 1 : 0),
        Local = Local + (recorded.Classification == HireClassification.Local ? 1 : 0),
    };

    public RegionHiresPerMonth With(HireCancelled _) => this with { Cancelled = Cancelled + 1 };

    public RegionHiresPerMonth WithLeftRegion() => this with { LeftRegion = LeftRegion + 1 };
}

/// <summary>
/// Async, run by the daemon: it groups events of many hire streams into one document per region and month, so inline it
/// would make concurrent hires of a region contend for the same row inside their commits; a metric may lag its writes
/// by a moment (its answer says how far it reflects, and a reader may wait for its own writes: ReadModelFreshness).
/// The region's monthly metrics (net talent inflow) extend this one rather than add a projection beside it: they group
/// the same hire streams by the same key (region and month), so one document per month serves both reads, each read
/// loads one document per month asked for, and the daemon runs one shard instead of two.
/// </summary>
public sealed class RegionHiresPerMonthProjection : MultiStreamProjection<RegionHiresPerMonth, string>
{
    public const string ProjectionName = "RegionHiresPerMonth";

    public RegionHiresPerMonthProjection()
    {
        Name = ProjectionName;
        Identity<HireRecorded>(e => RegionHiresPerMonth.IdFor(e.RegionId, e.HiredOn));
        Identity<HireCancelled>(e => RegionHiresPerMonth.IdFor(e.RegionId, e.CancelledOn));
        Identity<EmploymentEnded>(e => RegionHiresPerMonth.IdFor(e.RegionId, e.EndedOn));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
    }

    public override RegionHiresPerMonth? Evolve(RegionHiresPerMonth? snapshot, string id, IEvent e) => e.Data switch
    {
        HireRecorded recorded => (snapshot ?? RegionHiresPerMonth.Empty(recorded.RegionId, recorded.HiredOn)).With(recorded),
        HireCancelled cancelled => (snapshot ?? RegionHiresPerMonth.Empty(cancelled.RegionId, cancelled.CancelledOn)).With(cancelled),
        // An employment that ended inside the region changes no count here (nor creates a month).
        EmploymentEnded { LeftRegion: true } ended => (snapshot ?? RegionHiresPerMonth.Empty(ended.RegionId, ended.EndedOn)).WithLeftRegion(),
        _ => snapshot,
    };
}
