using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Hires;

public static class HiresConfiguration
{
    public const string UniqueActiveHireIndex = "hire_unique_active_talent_partner";

    public static void AddHires(this StoreOptions options)
    {
        options.Events.MapEventType<HireRecorded>("hire_recorded.v1");
        options.Events.MapEventType<HireCancelled>("hire_cancelled.v2");
        options.Events.MapEventType<EmploymentEnded>("employment_ended.v2");
        options.Events.MapEventType<AccompanyingPartnerEmployed>("accompanying_partner_employed.v2");

        options.Projections.Snapshot<Hire>(SnapshotLifecycle.Inline);
        options.Schema.For<Hire>().Index(x => x.TalentId).Index(x => x.PartnerId).Index(x => x.RegionId)
            // "The talent is already hired by this partner" spans hire streams: two hires with different idempotency keys
            // can both pass the check in RecordHire. The hire document is written inline with its first event, so this
            // partial unique index lets one commit and rolls the other back (answered 409 by ConflictExceptionHandler).
            .Index([x => x.TalentId, x => x.PartnerId], index =>
            {
                index.Name = UniqueActiveHireIndex;
                index.IsUnique = true;
                index.Predicate = $"(data ->> 'status') = '{nameof(HireStatus.Active)}'";
            });

        options.Projections.Add<HireDetailsProjection>(ProjectionLifecycle.Inline);
    }
}
