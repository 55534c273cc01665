using System.Globalization;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>
/// One hire of a cohort as dated facts, with no talent named: the shape a placement takes in the cohort's counts
/// (<see cref="RegionRetentionCounts.Count(CohortPlacement)"/>): when it started, whether the talent's profile named a "+1"
/// (null: a hire recorded before hires said so), when it was cancelled (then it is no placement), when its employment ended
/// with the talent leaving the region, and when the "+1" found work in the region.
/// </summary>
public sealed record CohortPlacement(
    DateOnly StartsOn,
    bool? HasAccompanyingPartner,
    DateOnly? CancelledOn = null,
    DateOnly? LeftRegionOn = null,
    DateOnly? AccompanyingPartnerEmployedOn = null);

/// <summary>
/// A region's placements that start in one month (the retention cohort of that start month) as counts: how many (hires not
/// cancelled), how many by start date and the day the talent left the region, how many whose talent had a "+1" or whose
/// "+1" is unknown, and by the day the "+1" found work. Retention at 3, 6 and 12 months and the +1 employment rate are
/// computed from them at read time (time passes with no event). Bounded by the days of one month and of what followed, not
/// by the region's hires; no talent, partner or municipality is named, so every member of the region may read it.
/// </summary>
public sealed class RegionRetentionCounts : CountsDocument
{
    public string Id { get; set; } = "";
    public Guid RegionId { get; set; }
    public string StartMonth { get; set; } = "";
    public int Placed { get; set; }
    public DayPairCounts LeftRegion { get; set; } = new();
    public int WithAccompanyingPartner { get; set; }
    public int WithUnknownAccompanyingPartner { get; set; }

    /// <summary>Placements whose talent had a "+1", by the day the "+1" found work (net of cancellations).</summary>
    public Dictionary<DateOnly, int> AccompanyingPartnersEmployed { get; set; } = [];

    public static string IdFor(Guid regionId, DateOnly startsOn) => $"{regionId}/{MonthOf(startsOn)}";

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static RegionRetentionCounts Empty(Guid regionId, DateOnly startsOn) =>
        new() { Id = IdFor(regionId, startsOn), RegionId = regionId, StartMonth = MonthOf(startsOn) };

    /// <summary>The counts of these placements of one start month, each as <see cref="Count(CohortPlacement)"/> counts it.</summary>
    public static RegionRetentionCounts Of(Guid regionId, DateOnly startMonth, IEnumerable<CohortPlacement> placements)
    {
        var counts = Empty(regionId, startMonth);
        foreach (var placement in placements) counts.Count(placement);
        return counts;
    }

    /// <summary>One placement with all that happened to it, in the order the rules allow (a "+1" finds work before a cancellation).</summary>
    public void Count(CohortPlacement placement)
    {
        Record(placement.HasAccompanyingPartner);
        if (placement.AccompanyingPartnerEmployedOn is { } employedOn) AccompanyingPartnerEmployed(placement.HasAccompanyingPartner, employedOn);
        if (placement.LeftRegionOn is { } leftOn) Leave(placement.StartsOn, leftOn);
        if (placement.CancelledOn is not null) Cancel(placement.HasAccompanyingPartner, placement.AccompanyingPartnerEmployedOn);
    }

    public void Record(bool? hasAccompanyingPartner) => Change(hasAccompanyingPartner, 1);

    /// <param name="accompanyingPartnerEmployedOn">When the hire's "+1" found work before the cancellation, if it did.</param>
    public void Cancel(bool? hasAccompanyingPartner, DateOnly? accompanyingPartnerEmployedOn)
    {
        Change(hasAccompanyingPartner, -1);
        if (hasAccompanyingPartner == true && accompanyingPartnerEmployedOn is { } employedOn) Employed(employedOn, -1);
    }

    public void Leave(DateOnly startsOn, DateOnly leftOn) => LeftRegion.Add(startsOn, leftOn);

    // Only a talent who had a "+1" counts in the "+1" figures.
    public void AccompanyingPartnerEmployed(bool? hasAccompanyingPartner, DateOnly employedOn)
    {
        if (hasAccompanyingPartner == true) Employed(employedOn, 1);
    }

    private void Employed(DateOnly employedOn, int by)
    {
        var total = AccompanyingPartnersEmployed.GetValueOrDefault(employedOn) + by;
        if (total == 0) AccompanyingPartnersEmployed.Remove(employedOn);
        else AccompanyingPartnersEmployed[employedOn] = total;
    }

    private void Change(bool? hasAccompanyingPartner, int by)
    {
        Placed += by;
        if (hasAccompanyingPartner == true) WithAccompanyingPartner += by;
        if (hasAccompanyingPartner is null) WithUnknownAccompanyingPartner += by;
    }
}

/// <summary>
/// Async, run by the daemon: many hire streams feed one document per region and start month, so inline, concurrent hires
/// of a region would contend for one row inside their commits. A metric may lag its writes by a moment: the answer says
/// how far it reflects, and a reader may wait for its own writes (ReadModelFreshness). The hire events after the first
/// carry the hire's start date (v3), so each finds its cohort without a lookup; whether the talent had a "+1" (for a
/// cancellation or the "+1" finding work) is looked up in the hire's own stream (<see cref="HireFactContext"/>).
/// </summary>
public sealed class RegionRetentionCountsProjection : MultiStreamProjection<RegionRetentionCounts, string>
{
    public const string ProjectionName = "RegionRetentionCounts";

    public RegionRetentionCountsProjection()
    {
        Name = ProjectionName;
        Identity<HireRecorded>(e => RegionRetentionCounts.IdFor(e.RegionId, e.StartsOn));
        Identity<HireCancelled>(e => RegionRetentionCounts.IdFor(e.RegionId, e.StartsOn));
        Identity<EmploymentEnded>(e => RegionRetentionCounts.IdFor(e.RegionId, e.StartsOn));
        Identity<AccompanyingPartnerEmployed>(e => RegionRetentionCounts.IdFor(e.RegionId, e.StartsOn));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every event.
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
    }

    public override Task EnrichEventsAsync(SliceGroup<RegionRetentionCounts, string> group, IQuerySession querySession, CancellationToken cancellation) =>
        HireFactContext.EnrichAsync(group, querySession, cancellation);

    public override async ValueTask<RegionRetentionCounts?> EvolveAsync(
        RegionRetentionCounts? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        // An employment that ended inside the region keeps the talent in the region: nothing changes, nothing to look up.
        if (e.Data is EmploymentEnded { LeftRegion: false } || !HireFactContext.IsHireFact(e.Data) && e.Data is not HireFactInContext) return snapshot;
        var context = await HireFactContext.OfAsync(e, session, cancellation);
        var recorded = context.Recorded;
        var counts = snapshot ?? (context.Fact is HireRecorded ? RegionRetentionCounts.Empty(recorded.RegionId, recorded.StartsOn) : null);
        if (counts is null || !counts.Takes(e.Sequence)) return counts;

        switch (context.Fact)
        {
            case HireRecorded: counts.Record(recorded.TalentHasAccompanyingPartner); break;
            case HireCancelled: counts.Cancel(recorded.TalentHasAccompanyingPartner, context.AccompanyingPartnerEmployedBefore); break;
            case EmploymentEnded { LeftRegion: true } ended: counts.Leave(recorded.StartsOn, ended.EndedOn); break;
            case AccompanyingPartnerEmployed employed: counts.AccompanyingPartnerEmployed(recorded.TalentHasAccompanyingPartner, employed.EmployedOn); break;
        }
        return counts;
    }
}
