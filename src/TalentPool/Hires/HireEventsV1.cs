using Marten;
using TalentPool.Common;

namespace TalentPool.Hires;

// The shapes stored before these events carried the hire's partner and region: read, never written. Each reads as
// today's event with the partner and region of the hire's HireRecorded (Common/StreamKeys.cs).

public sealed record HireCancelledV1(Guid HireId, DateOnly CancelledOn, string Reason, Money CreditedFee);

public sealed record EmploymentEndedV1(Guid HireId, DateOnly EndedOn, bool LeftRegion, string Reason);

public sealed record AccompanyingPartnerEmployedV1(Guid HireId, DateOnly EmployedOn, Guid? EmployerPartnerId, string Occupation);

public static class HireEventsV1
{
    public static void UpcastHireEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<HireCancelledV1, HireCancelled>("hire_cancelled.v1", keys,
            old => old.HireId, (old, at) => new HireCancelled(old.HireId, PartnerOf(at), at.RegionId, old.CancelledOn, old.Reason, old.CreditedFee)));
        options.Events.Upcast(new StreamKeysUpcaster<EmploymentEndedV1, EmploymentEnded>("employment_ended.v1", keys,
            old => old.HireId, (old, at) => new EmploymentEnded(old.HireId, PartnerOf(at), at.RegionId, old.EndedOn, old.LeftRegion, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<AccompanyingPartnerEmployedV1, AccompanyingPartnerEmployed>("accompanying_partner_employed.v1", keys,
            old => old.HireId, (old, at) => new AccompanyingPartnerEmployed(
                old.HireId, PartnerOf(at), at.RegionId, old.EmployedOn, old.EmployerPartnerId, old.Occupation)));
    }

    private static Guid PartnerOf(StreamKeys keys) =>
        keys.PartnerId ?? throw new InvalidOperationException("A hire's first event names its partner.");
}
