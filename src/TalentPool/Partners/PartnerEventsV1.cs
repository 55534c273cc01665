using Marten;
using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Partners;

// The shapes stored before these events carried the partner's region: read, never written. Each reads as today's
// event with the region of the partner's PartnerJoined (Common/StreamKeys.cs).

public sealed record PartnerTierChangedV1(Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil);

public sealed record PartnerTierCorrectedV1(
    Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly EffectiveOn, DateOnly? CommittedUntil, string Reason);

public sealed record PartnerMembershipCancelledV1(Guid PartnerId, DateOnly EffectiveOn, string Reason);

public sealed record PartnerRejoinedV1(Guid PartnerId, PartnerTier Tier, int EmployeeCount, DateOnly RejoinedOn, DateOnly? CommittedUntil);

public static class PartnerEventsV1
{
    public static void UpcastPartnerEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<PartnerTierChangedV1, PartnerTierChanged>("partner_tier_changed.v1", keys,
            old => old.PartnerId, (old, at) => new PartnerTierChanged(old.PartnerId, at.RegionId, old.Tier, old.EmployeeCount, old.EffectiveOn, old.CommittedUntil)));
        options.Events.Upcast(new StreamKeysUpcaster<PartnerTierCorrectedV1, PartnerTierCorrected>("partner_tier_corrected.v1", keys,
            old => old.PartnerId, (old, at) => new PartnerTierCorrected(
                old.PartnerId, at.RegionId, old.Tier, old.EmployeeCount, old.EffectiveOn, old.CommittedUntil, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<PartnerMembershipCancelledV1, PartnerMembershipCancelled>("partner_membership_cancelled.v1", keys,
            old => old.PartnerId, (old, at) => new PartnerMembershipCancelled(old.PartnerId, at.RegionId, old.EffectiveOn, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<PartnerRejoinedV1, PartnerRejoined>("partner_rejoined.v1", keys,
            old => old.PartnerId, (old, at) => new PartnerRejoined(old.PartnerId, at.RegionId, old.Tier, old.EmployeeCount, old.RejoinedOn, old.CommittedUntil)));
    }
}
