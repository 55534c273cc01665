using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Hires;

public static class HiresConfiguration
{
    public static void AddHires(this StoreOptions options)
    {
        options.Events.MapEventType<HireRecorded>("hire_recorded.v1");
        options.Events.MapEventType<HireCancelled>("hire_cancelled.v1");
        options.Events.MapEventType<EmploymentEnded>("employment_ended.v1");
        options.Events.MapEventType<AccompanyingPartnerEmployed>("accompanying_partner_employed.v1");

        options.Projections.Snapshot<Hire>(SnapshotLifecycle.Inline);
        options.Schema.For<Hire>().Index(x => x.TalentId).Index(x => x.PartnerId).Index(x => x.RegionId);
    }
}
