using TalentPool.Regions;

namespace TalentPool.Partners;

// Dates: a membership runs from its first day up to, not including, the day a cancellation takes effect.

public sealed record PartnerJoined(
    Guid PartnerId,
    Guid RegionId,
    string Name,
    string OrganisationNumber,
    int EmployeeCount,
    PartnerTier Tier,
    DateOnly JoinedOn,
    DateOnly? CommittedUntil);

// The events after PartnerJoined carry the partner's region (v2), so a projection over a region needs no lookup.

public sealed record PartnerTierChanged(Guid PartnerId, Guid RegionId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil);

public sealed record PartnerMembershipCancelled(Guid PartnerId, Guid RegionId, DateOnly EffectiveOn, string Reason);

public sealed record PartnerRejoined(Guid PartnerId, Guid RegionId, PartnerTier Tier, int EmployeeCount, DateOnly RejoinedOn, DateOnly? CommittedUntil);

/// <summary>
/// The tier fact recorded from <c>EffectiveOn</c> was wrong and is replaced by this one. A correction is its own
/// event, with its reason, so the history shows that a fact was replaced, by whom and why.
/// </summary>
public sealed record PartnerTierCorrected(
    Guid PartnerId, Guid RegionId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil, string Reason);
