using Marten;
using TalentPool.Common;

namespace TalentPool.Hires;

/// <summary>
/// A hire as recruiters and admins read it: who hired whom (by id), when, how it was classified and priced, and
/// what became of it (cancelled, ended and whether the person left the region, the "+1" employed).
/// </summary>
/// <remarks>
/// Not a document of its own: read from the <see cref="Hire"/> snapshot, which Marten keeps inline with every hire event
/// and which holds all of this (and the workplace and erasure flag, which this answer leaves out). A third inline
/// document per hire, written in the same transaction with the same data, cost every hire write its upsert.
/// </remarks>
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

    public static HireDetails Of(Hire hire) => new(
        hire.Id, hire.TalentId, hire.PartnerId, hire.RegionId, hire.VacancyId, hire.HiredOn, hire.StartsOn, hire.Classification,
        hire.PreviousEmployerId, hire.Fee, hire.Status, hire.CancelledOn, hire.EndedOn, hire.LeftRegion, hire.AccompanyingPartnerEmployedOn)
    {
        Version = hire.Version,
    };

    public static async Task<HireDetails?> ReadAsync(Guid hireId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Hire>(hireId, cancellation) is { } hire ? Of(hire) : null;
}
