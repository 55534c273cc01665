using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Partners;

public static class PartnersConfiguration
{
    public static void AddPartners(this StoreOptions options)
    {
        options.Events.MapEventType<PartnerJoined>("partner_joined.v1");
        options.Events.MapEventType<PartnerTierChanged>("partner_tier_changed.v1");
        options.Events.MapEventType<PartnerMembershipCancelled>("partner_membership_cancelled.v1");
        options.Events.MapEventType<PartnerRejoined>("partner_rejoined.v1");

        options.Projections.Snapshot<Partner>(SnapshotLifecycle.Inline);
        options.Schema.For<Partner>().Index(x => x.RegionId);
    }
}
