using JasperFx.Events.Projections;
using Marten;
using TalentPool.Common;

namespace TalentPool.Hires;

public static class HiresConfiguration
{
    public const string UniqueActiveHireIndex = "hire_unique_active_talent_partner";

    public static void AddHires(this StoreOptions options)
    {
        options.Events.MapEventType<HireRecorded>("hire_recorded.v2");
        options.Events.MapEventType<HireCancelled>("hire_cancelled.v3");
        options.Events.MapEventType<EmploymentEnded>("employment_ended.v3");
        options.Events.MapEventType<AccompanyingPartnerEmployed>("accompanying_partner_employed.v3");
        options.Events.MapEventType<HireTextErased>("hire_text_erased.v1");

        // The talent's erasure masks the free text recruiters wrote about the talent (and the talent's partner); the
        // anonymous facts beside it (dates, credited fee, left the region) stay, so statements and metrics do not change.
        // A stored older event is read upcast, masked in today's shape and written back into its own row under its old name:
        // the row then holds the old fields plus the keys the upcaster added, which reading it as the old shape ignores
        // (StoredV1EventsTests).
        options.Events.AddMaskingRuleForProtectedInformation<HireCancelled>(e => e with { Reason = ErasedText.Value });
        options.Events.AddMaskingRuleForProtectedInformation<EmploymentEnded>(e => e with { Reason = ErasedText.Value });
        options.Events.AddMaskingRuleForProtectedInformation<AccompanyingPartnerEmployed>(e => e with { Occupation = ErasedText.Value });

        options.Projections.Snapshot<Hire>(SnapshotLifecycle.Inline);
        // Hires are read by id and by talent only (the hire's context, erasure): no index by partner or region, each of which
        // cost every hire an index entry that no query read (README "The write path", session 9).
        options.Schema.For<Hire>().Index(x => x.TalentId)
            // "The talent is already hired by this partner" spans hire streams: two hires with different idempotency keys
            // can both pass the check in RecordHire. The hire document is written inline with its first event, so this
            // partial unique index lets one commit and rolls the other back (answered 409 by ConflictExceptionHandler).
            .Index([x => x.TalentId, x => x.PartnerId], index =>
            {
                index.Name = UniqueActiveHireIndex;
                index.IsUnique = true;
                index.Predicate = $"(data ->> 'status') = '{nameof(HireStatus.Active)}'";
            });
    }
}
