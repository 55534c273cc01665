using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>
/// One hire whose job is in the municipality, as dated facts with no talent named: what "this month", "this year",
/// newcomers still in the region and "+1" employment are computed from at read time (time passes with no event).
/// <c>TalentHasAccompanyingPartner</c>: whether the talent's profile named a "+1" when hired (null: unknown, a hire recorded
/// before hires said so). <c>LeftRegionOn</c>: the end of an employment after which the talent left the region.
/// <c>AccompanyingPartnerEmployedOn</c>: when the "+1" found work in the region.
/// </summary>
public sealed record MunicipalityHireFact(
    Guid HireId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    bool? TalentHasAccompanyingPartner,
    DateOnly? CancelledOn,
    DateOnly? LeftRegionOn,
    DateOnly? AccompanyingPartnerEmployedOn);

/// <summary>
/// The hires located in one municipality of a region: those whose workplace municipality is its number. Keyed by region
/// and number, as the hire events carry them (a municipality's number is unique within its region), so no lookup is needed
/// and a hire in a municipality that is no member yet is kept for when it joins. No personal data: erasing a talent
/// changes nothing here.
/// </summary>
public sealed record MunicipalityHires(string Id, Guid RegionId, string MunicipalityNumber, IReadOnlyList<MunicipalityHireFact> Hires)
{
    public static string IdFor(Guid regionId, string municipalityNumber) => $"{regionId}/{municipalityNumber}";

    public static MunicipalityHires Empty(Guid regionId, string municipalityNumber) =>
        new(IdFor(regionId, municipalityNumber), regionId, municipalityNumber, []);

    public MunicipalityHires With(HireRecorded recorded) => this with
    {
        Hires = [.. Hires, new MunicipalityHireFact(recorded.HireId, recorded.HiredOn, recorded.StartsOn, recorded.Classification,
            recorded.TalentHasAccompanyingPartner, null, null, null)],
    };

    public MunicipalityHires With(HireCancelled cancelled) =>
        Changing(cancelled.HireId, hire => hire with { CancelledOn = cancelled.CancelledOn });

    public MunicipalityHires With(EmploymentEnded ended) =>
        ended.LeftRegion ? Changing(ended.HireId, hire => hire with { LeftRegionOn = ended.EndedOn }) : this;

    public MunicipalityHires With(AccompanyingPartnerEmployed employed) =>
        Changing(employed.HireId, hire => hire with { AccompanyingPartnerEmployedOn = employed.EmployedOn });

    private MunicipalityHires Changing(Guid hireId, Func<MunicipalityHireFact, MunicipalityHireFact> change) =>
        this with { Hires = [.. Hires.Select(hire => hire.HireId == hireId ? change(hire) : hire)] };
}

/// <summary>
/// Async, run by the daemon: it gathers the events of many hire streams into one document per municipality, so inline it
/// would make concurrent hires located in one municipality contend for its row inside their commits. A dashboard may lag
/// its writes by a moment: its answer says how far it reflects, and a reader may wait for its own writes (ReadModelFreshness).
/// A hire with no known workplace (no vacancy and none given) is located nowhere and feeds no document.
/// </summary>
public sealed class MunicipalityHiresProjection : MultiStreamProjection<MunicipalityHires, string>
{
    public const string ProjectionName = "MunicipalityHires";

    public MunicipalityHiresProjection()
    {
        Name = ProjectionName;
        Identities<HireRecorded>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<HireCancelled>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<EmploymentEnded>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        Identities<AccompanyingPartnerEmployed>(e => KeysOf(e.RegionId, e.WorkplaceMunicipality));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
    }

    private static string[] KeysOf(Guid regionId, string? workplace) =>
        workplace is null ? [] : [MunicipalityHires.IdFor(regionId, workplace)];

    public override MunicipalityHires? Evolve(MunicipalityHires? snapshot, string id, IEvent e) => e.Data switch
    {
        HireRecorded recorded => (snapshot ?? MunicipalityHires.Empty(recorded.RegionId, recorded.WorkplaceMunicipality!)).With(recorded),
        HireCancelled cancelled => snapshot?.With(cancelled),
        EmploymentEnded ended => snapshot?.With(ended),
        AccompanyingPartnerEmployed employed => snapshot?.With(employed),
        _ => snapshot,
    };
}
