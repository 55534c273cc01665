using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Talents;

public static class TalentsConfiguration
{
    public const string UniqueEmailIndex = "talent_unique_email";

    public static void AddTalents(this StoreOptions options)
    {
        // Stable stored names: renaming a class must never orphan stored events.
        options.Events.MapEventType<TalentRegistered>("talent_registered.v1");
        options.Events.MapEventType<TalentProfileUpdated>("talent_profile_updated.v1");
        options.Events.MapEventType<TalentConsentGiven>("talent_consent_given.v1");
        options.Events.MapEventType<TalentConsentWithdrawn>("talent_consent_withdrawn.v1");
        options.Events.MapEventType<TalentErased>("talent_erased.v1");
        options.Events.MapEventType<TalentOtherRegionsConsentGiven>("talent_other_regions_consent_given.v1");
        options.Events.MapEventType<TalentOtherRegionsConsentWithdrawn>("talent_other_regions_consent_withdrawn.v1");

        // Erasure masks the personal details inside the stored events, and the occupation of the talent's accompanying
        // partner (free text about a third person); the anonymous facts beside them stay, the "+1" flag among them.
        options.Events.AddMaskingRuleForProtectedInformation<TalentRegistered>(e =>
            e with { Personal = TalentPersonalDetails.Erased, Profile = e.Profile.Erased() });
        options.Events.AddMaskingRuleForProtectedInformation<TalentProfileUpdated>(e =>
            e with { Personal = TalentPersonalDetails.Erased, Profile = e.Profile.Erased() });

        options.Projections.Snapshot<Talent>(SnapshotLifecycle.Inline);
        options.AddSharedTalentBase();
        options.Schema.For<Talent>()
            .DocumentAlias("talent")
            .Index(x => x.Personal.Email, index =>
            {
                index.Name = UniqueEmailIndex;
                index.IsUnique = true;
                // Within a region (tenant): a person may register in several regions, and a region's 409 says nothing
                // about another region's talents.
                index.TenancyScope = Marten.Schema.Indexing.Unique.TenancyScope.PerTenant;
                index.Casing = Marten.Schema.ComputedIndex.Casings.Lower;
            });
    }
}
