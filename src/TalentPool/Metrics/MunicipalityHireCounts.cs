using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>
/// One hire whose job is in the municipality, as dated facts with no talent named: the shape a hire takes in the
/// municipality's counts (<see cref="MunicipalityHireCounts.Count(MunicipalityHireFact)"/>). <c>TalentHasAccompanyingPartner</c>:
/// whether the talent's profile named a "+1" when hired (null: unknown, a hire recorded before hires said so).
/// <c>LeftRegionOn</c>: the end of an employment after which the talent left the region. <c>AccompanyingPartnerEmployedOn</c>:
/// when the "+1" found work in the region.
/// </summary>
public sealed record MunicipalityHireFact(
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    bool? TalentHasAccompanyingPartner,
    DateOnly? CancelledOn = null,
    DateOnly? LeftRegionOn = null,
    DateOnly? AccompanyingPartnerEmployedOn = null);

/// <summary>
/// The hires located in one municipality of a region (their workplace municipality is its number), as counts by day so that
/// a read costs the same whatever the history: hires by hire date (in all and per classification), newcomers (external
/// hires) by start date and by start date and the day they left the region, and for the "+1" figures hires by hire date
/// whose talent had a "+1" or whose "+1" is unknown, and by hire date and the day the "+1" found work. A cancelled hire is no
/// hire in any figure, whenever it was cancelled: a cancellation takes the hire out of every count it was in. Keyed by region
/// and number, as the hire events carry them (a municipality's number is unique within its region), so no lookup is needed
/// to find it and a hire in a municipality that is no member yet is kept for when it joins. No personal data.
/// </summary>
public sealed class MunicipalityHireCounts : CountsDocument
{
    public string Id { get; set; } = "";
    public Guid RegionId { get; set; }
    public string MunicipalityNumber { get; set; } = "";
    public Dictionary<HireClassification, DatedCounts> HiredByClassification { get; set; } = [];
    public DatedCounts NewcomersStarted { get; set; } = new();
    public DayPairCounts NewcomersLeftRegion { get; set; } = new();
    public DatedCounts HiredWithAccompanyingPartner { get; set; } = new();
    public DatedCounts HiredWithUnknownAccompanyingPartner { get; set; } = new();

    /// <summary>Hires whose talent had a "+1", by hire date and the day the "+1" found work.</summary>
    public DayPairCounts AccompanyingPartnersEmployed { get; set; } = new();

    public static string IdFor(Guid regionId, string municipalityNumber) => $"{regionId}/{municipalityNumber}";

    public static MunicipalityHireCounts Empty(Guid regionId, string municipalityNumber) =>
        new() { Id = IdFor(regionId, municipalityNumber), RegionId = regionId, MunicipalityNumber = municipalityNumber };

    /// <summary>The counts of these hires, each as <see cref="Count(MunicipalityHireFact)"/> counts it.</summary>
    public static MunicipalityHireCounts Of(Guid regionId, string municipalityNumber, IEnumerable<MunicipalityHireFact> hires)
    {
        var counts = Empty(regionId, municipalityNumber);
        foreach (var hire in hires) counts.Count(hire);
        return counts;
    }

    /// <summary>One hire with all that happened to it, in the order the rules allow (a "+1" finds work before a cancellation).</summary>
    public void Count(MunicipalityHireFact hire)
    {
        Record(hire.HiredOn, hire.StartsOn, hire.Classification, hire.TalentHasAccompanyingPartner);
        if (hire.AccompanyingPartnerEmployedOn is { } employedOn) AccompanyingPartnerEmployed(hire.HiredOn, hire.TalentHasAccompanyingPartner, employedOn);
        if (hire.LeftRegionOn is { } leftOn) Leave(hire.StartsOn, hire.Classification, leftOn);
        if (hire.CancelledOn is not null)
        {
            Cancel(hire.HiredOn, hire.StartsOn, hire.Classification, hire.TalentHasAccompanyingPartner, hire.AccompanyingPartnerEmployedOn);
        }
    }

    public void Record(DateOnly hiredOn, DateOnly startsOn, HireClassification classification, bool? hasAccompanyingPartner) =>
        Change(hiredOn, startsOn, classification, hasAccompanyingPartner, 1);

    /// <param name="accompanyingPartnerEmployedOn">When the hire's "+1" found work before the cancellation, if it did.</param>
    public void Cancel(DateOnly hiredOn, DateOnly startsOn, HireClassification classification, bool? hasAccompanyingPartner,
        DateOnly? accompanyingPartnerEmployedOn)
    {
        Change(hiredOn, startsOn, classification, hasAccompanyingPartner, -1);
        if (hasAccompanyingPartner == true && accompanyingPartnerEmployedOn is { } employedOn) AccompanyingPartnersEmployed.Add(hiredOn, employedOn, -1);
    }

    public void Leave(DateOnly startsOn, HireClassification classification, DateOnly leftOn)
    {
        if (classification == HireClassification.External) NewcomersLeftRegion.Add(startsOn, leftOn);
    }

    // Only a talent who had a "+1" counts in the "+1" figures.
    public void AccompanyingPartnerEmployed(DateOnly hiredOn, bool? hasAccompanyingPartner, DateOnly employedOn)
    {
        if (hasAccompanyingPartner == true) AccompanyingPartnersEmployed.Add(hiredOn, employedOn);
    }

    private void Change(DateOnly hiredOn, DateOnly startsOn, HireClassification classification, bool? hasAccompanyingPartner, int by)
    {
        if (!HiredByClassification.TryGetValue(classification, out var hired)) HiredByClassification[classification] = hired = new DatedCounts();
        hired.Add(hiredOn, by);
        if (classification == HireClassification.External) NewcomersStarted.Add(startsOn, by);
        if (hasAccompanyingPartner == true) HiredWithAccompanyingPartner.Add(hiredOn, by);
        if (hasAccompanyingPartner is null) HiredWithUnknownAccompanyingPartner.Add(hiredOn, by);
    }
}

/// <summary>
/// Async, run by the daemon: it gathers the events of many hire streams into one document per municipality, so inline it
/// would make concurrent hires located in one municipality contend for its row inside their commits. A dashboard may lag
/// its writes by a moment: its answer says how far it reflects, and a reader may wait for its own writes (ReadModelFreshness).
/// A hire with no known workplace (no vacancy and none given) is located nowhere and feeds no document. A hire's later facts
/// do not carry its hire date, classification or "+1": each page looks them up in the hire's own stream (<see cref="HireFactContext"/>).
/// </summary>
public sealed class MunicipalityHireCountsProjection : MultiStreamProjection<MunicipalityHireCounts, string>
{
    public const string ProjectionName = "MunicipalityHireCounts";

    public MunicipalityHireCountsProjection()
    {
        Name = ProjectionName;
        Identities<HireRecorded>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<HireCancelled>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<EmploymentEnded>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<AccompanyingPartnerEmployed>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every event.
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
    }

    private static string[] KeysOf(Guid regionId, string? workplace) =>
        workplace is null ? [] : [MunicipalityHireCounts.IdFor(regionId, workplace)];

    public override Task EnrichEventsAsync(SliceGroup<MunicipalityHireCounts, string> group, IQuerySession querySession, CancellationToken cancellation) =>
        HireFactContext.EnrichAsync(group, querySession, cancellation);

    public override async ValueTask<MunicipalityHireCounts?> EvolveAsync(
        MunicipalityHireCounts? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        // An employment ended inside the region changes no count: no lookup for it.
        if (e.Data is EmploymentEnded { LeftRegion: false } || !HireFactContext.IsHireFact(e.Data) && e.Data is not HireFactInContext) return snapshot;
        var context = await HireFactContext.OfAsync(e, session, cancellation);
        var recorded = context.Recorded;
        var counts = snapshot ?? (context.Fact is HireRecorded ? MunicipalityHireCounts.Empty(recorded.RegionId, recorded.WorkplaceMunicipality!) : null);
        if (counts is null || !counts.Takes(e.Sequence)) return counts;

        switch (context.Fact)
        {
            case HireRecorded:
                counts.Record(recorded.HiredOn, recorded.StartsOn, recorded.Classification, recorded.TalentHasAccompanyingPartner);
                break;
            case HireCancelled:
                counts.Cancel(recorded.HiredOn, recorded.StartsOn, recorded.Classification, recorded.TalentHasAccompanyingPartner,
                    context.AccompanyingPartnerEmployedBefore);
                break;
            case EmploymentEnded { LeftRegion: true } ended:
                counts.Leave(recorded.StartsOn, recorded.Classification, ended.EndedOn);
                break;
            case AccompanyingPartnerEmployed employed:
                counts.AccompanyingPartnerEmployed(recorded.HiredOn, recorded.TalentHasAccompanyingPartner, employed.EmployedOn);
                break;
        }
        return counts;
    }
}
