using TalentPool.Common;

namespace TalentPool.Hires;

/// <summary>
/// External: the talent lived outside the region when hired. Internal: the talent was employed by another
/// member in the region. Local: neither — already living in the region, not employed by a member.
/// </summary>
public enum HireClassification { External, Internal, Local }

/// <summary>
/// A hire, with the fee of the price list in force on the hire date, billed in the hire date's month.
/// The talent's country and competence areas are copied as anonymous facts for target-market metrics, and (v2) whether
/// the talent's profile named an accompanying partner (the "+1") when hired, and the municipality where the job is (the
/// vacancy's, or the one the recruiter gave; none when neither is known). A v1 hire reads with an unknown "+1" (null).
/// </summary>
public sealed record HireRecorded(
    Guid HireId,
    Guid TalentId,
    Guid PartnerId,
    Guid RegionId,
    Guid? VacancyId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Guid? PreviousEmployerId,
    Money Fee,
    string TalentCountry,
    IReadOnlyList<string> CompetenceAreas,
    DateTimeOffset RecordedAt,
    bool? TalentHasAccompanyingPartner,
    string? WorkplaceMunicipality);

// The events after HireRecorded carry the hire's partner and region (v2), and its start date and workplace municipality
// (v3), so a projection over a partner, a region, a start month or a municipality needs no lookup.

/// <summary>Cancelled (e.g. within probation): the fee is credited on the statement of the cancellation's month.</summary>
public sealed record HireCancelled(
    Guid HireId, Guid PartnerId, Guid RegionId, DateOnly StartsOn, string? WorkplaceMunicipality, DateOnly CancelledOn, string Reason, Money CreditedFee);

public sealed record EmploymentEnded(
    Guid HireId, Guid PartnerId, Guid RegionId, DateOnly StartsOn, string? WorkplaceMunicipality, DateOnly EndedOn, bool LeftRegion, string Reason);

/// <summary>
/// The talent was erased: the free text recruiters wrote in this hire (cancellation and ending reasons, the accompanying
/// partner's occupation) is masked in the stored events, and text written after this fact is stored masked
/// (<see cref="HireDecisions"/>). The anonymous facts (dates, fee, credit, left the region) stay.
/// </summary>
public sealed record HireTextErased(
    Guid HireId, Guid PartnerId, Guid RegionId, DateOnly StartsOn, string? WorkplaceMunicipality, DateTimeOffset ErasedAt);

public sealed record AccompanyingPartnerEmployed(
    Guid HireId, Guid PartnerId, Guid RegionId, DateOnly StartsOn, string? WorkplaceMunicipality, DateOnly EmployedOn, Guid? EmployerPartnerId, string Occupation);
