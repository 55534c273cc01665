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

public sealed record PartnerTierChanged(Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil);

public sealed record PartnerMembershipCancelled(Guid PartnerId, DateOnly EffectiveOn, string Reason);

public sealed record PartnerRejoined(Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly RejoinedOn, DateOnly? CommittedUntil);

/// <summary>
/// The tier fact recorded from <c>EffectiveOn</c> was wrong and is replaced by this one. A correction is its own
/// event, with its reason, so the history shows that a fact was replaced, by whom and why.
/// </summary>
public sealed record PartnerTierCorrected(
    Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil, string Reason);
