using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace TalentPool.Partners;

public static class PartnersConfiguration
{
    public const string UniqueOrganisationNumberIndex = "partner_unique_organisation_number";

    public static void AddPartners(this StoreOptions options)
    {
        options.Events.MapEventType<PartnerJoined>("partner_joined.v1");
        options.Events.MapEventType<PartnerTierChanged>("partner_tier_changed.v2");
        options.Events.MapEventType<PartnerTierCorrected>("partner_tier_corrected.v2");
        options.Events.MapEventType<PartnerMembershipCancelled>("partner_membership_cancelled.v2");
        options.Events.MapEventType<PartnerRejoined>("partner_rejoined.v2");

        options.Projections.Snapshot<Partner>(SnapshotLifecycle.Inline);
        // One company joins a region once: the partner document is written inline with its first event, so of two
        // racing joins one commits and the other is rolled back (ConflictExceptionHandler answers it 409).
        options.Schema.For<Partner>()
            .Index(x => x.RegionId)
            .UniqueIndex(UniqueIndexType.DuplicatedField, UniqueOrganisationNumberIndex, x => x.RegionId, x => x.OrganisationNumberKey);

        options.Projections.Add<PartnerHistoryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<PartnerHistory>().Index(x => x.RegionId);
    }
}
