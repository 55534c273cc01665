using System.Globalization;
using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>
/// One hire of a cohort as dated facts, with no talent named: when it started, whether the talent's profile named a "+1"
/// (null: a hire recorded before hires said so), when it was cancelled (then it is no placement), when its employment ended
/// with the talent leaving the region (an employment that ended inside the region leaves the talent in the region), and
/// when the "+1" found work in the region.
/// </summary>
public sealed record CohortPlacement(
    Guid HireId,
    DateOnly StartsOn,
    bool? HasAccompanyingPartner,
    DateOnly? CancelledOn,
    DateOnly? LeftRegionOn,
    DateOnly? AccompanyingPartnerEmployedOn);

/// <summary>
/// A region's hires that start in one month (the retention cohort of that start month), as facts that retention at 3, 6
/// and 12 months and the +1 employment rate are computed from at read time (time passes with no event). Bounded by the
/// region's hires of one month; no talent, partner or municipality is named, so every member of the region may read it.
/// </summary>
public sealed record RegionRetentionCohort(string Id, Guid RegionId, string StartMonth, IReadOnlyList<CohortPlacement> Placements)
{
    public static string IdFor(Guid regionId, DateOnly startsOn) => $"{regionId}/{MonthOf(startsOn)}";

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static RegionRetentionCohort Empty(Guid regionId, DateOnly startsOn) => new(IdFor(regionId, startsOn), regionId, MonthOf(startsOn), []);

    public RegionRetentionCohort With(HireRecorded recorded) => this with
    {
        Placements = [.. Placements, new CohortPlacement(recorded.HireId, recorded.StartsOn, recorded.TalentHasAccompanyingPartner, null, null, null)],
    };

    public RegionRetentionCohort Changing(Guid hireId, Func<CohortPlacement, CohortPlacement> change) =>
        this with { Placements = [.. Placements.Select(placement => placement.HireId == hireId ? change(placement) : placement)] };
}

/// <summary>
/// Async, run by the daemon: many hire streams feed one document per region and start month, so inline, concurrent hires
/// of a region would contend for one row inside their commits. A metric may lag its writes by a moment: the answer says
/// how far it reflects, and a reader may wait for its own writes (ReadModelFreshness). The hire events after the first
/// carry the hire's start date (v3), so each finds its cohort without a lookup.
/// </summary>
public sealed class RegionRetentionCohortProjection : MultiStreamProjection<RegionRetentionCohort, string>
{
    public const string ProjectionName = "RegionRetentionCohort";

    public RegionRetentionCohortProjection()
    {
        Name = ProjectionName;
        Identity<HireRecorded>(e => RegionRetentionCohort.IdFor(e.RegionId, e.StartsOn));
        Identity<HireCancelled>(e => RegionRetentionCohort.IdFor(e.RegionId, e.StartsOn));
        Identity<EmploymentEnded>(e => RegionRetentionCohort.IdFor(e.RegionId, e.StartsOn));
        Identity<AccompanyingPartnerEmployed>(e => RegionRetentionCohort.IdFor(e.RegionId, e.StartsOn));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
    }

    public override RegionRetentionCohort? Evolve(RegionRetentionCohort? snapshot, string id, IEvent e) => e.Data switch
    {
        HireRecorded recorded => (snapshot ?? RegionRetentionCohort.Empty(recorded.RegionId, recorded.StartsOn)).With(recorded),
        HireCancelled cancelled => snapshot?.Changing(cancelled.HireId, p => p with { CancelledOn = cancelled.CancelledOn }),
        // An employment that ended inside the region keeps the talent in the region: nothing changes.
        EmploymentEnded { LeftRegion: true } ended => snapshot?.Changing(ended.HireId, p => p with { LeftRegionOn = ended.EndedOn }),
        AccompanyingPartnerEmployed employed =>
            snapshot?.Changing(employed.HireId, p => p with { AccompanyingPartnerEmployedOn = employed.EmployedOn }),
        _ => snapshot,
    };
}
