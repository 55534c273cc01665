using Marten;
using Marten.Events.Aggregation;
using TalentPool.Common;

namespace TalentPool.Hires;

/// <summary>
/// A hire as recruiters and admins read it: who hired whom (by id), when, how it was classified and priced, and
/// what became of it (cancelled, ended and whether the person left the region, the "+1" employed).
/// </summary>
public sealed record HireDetails(
    Guid Id,
    Guid TalentId,
    Guid PartnerId,
    Guid RegionId,
    Guid? VacancyId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Guid? PreviousEmployerId,
    Money Fee,
    HireStatus Status,
    DateOnly? CancelledOn,
    DateOnly? EndedOn,
    bool? LeftRegion,
    DateOnly? AccompanyingPartnerEmployedOn)
{
    public int Version { get; init; }

    public static Task<HireDetails?> ReadAsync(Guid hireId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<HireDetails>(hireId, cancellation);
}

/// <summary>
/// Inline: each change to a hire answers with the hire as it now is, so the read model must be current when the
/// write commits; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class HireDetailsProjection : SingleStreamProjection<HireDetails, Guid>
{
    public static HireDetails Create(HireRecorded recorded) => new(
        recorded.HireId, recorded.TalentId, recorded.PartnerId, recorded.RegionId, recorded.VacancyId, recorded.HiredOn,
        recorded.StartsOn, recorded.Classification, recorded.PreviousEmployerId, recorded.Fee,
        HireStatus.Active, null, null, null, null);

    public static HireDetails Apply(HireCancelled cancelled, HireDetails hire) =>
        hire with { Status = HireStatus.Cancelled, CancelledOn = cancelled.CancelledOn };

    public static HireDetails Apply(EmploymentEnded ended, HireDetails hire) =>
        hire with { Status = HireStatus.Ended, EndedOn = ended.EndedOn, LeftRegion = ended.LeftRegion };

    public static HireDetails Apply(AccompanyingPartnerEmployed employed, HireDetails hire) =>
        hire with { AccompanyingPartnerEmployedOn = employed.EmployedOn };

    /// <summary>Holds no text to forget; handled so that the document's version counts the fact, live and rebuilt alike.</summary>
    public static HireDetails Apply(HireTextErased erased, HireDetails hire) => hire;
}
