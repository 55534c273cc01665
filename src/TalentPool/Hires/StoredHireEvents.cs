using Marten;
using TalentPool.Common;

namespace TalentPool.Hires;

// The shapes stored before today's: read, never written. Each reads as today's event, with what it lacked taken from the
// hire's own first event (Common/HireKeys.cs): the partner and region (v1 of the later events), the start date and the
// workplace municipality (v1 and v2 of the later events, and v1 of HireRecorded for its workplace).

/// <summary>A hire as stored before it said whether the talent had a "+1" and where the job is.</summary>
public sealed record HireRecordedV1(
    Guid HireId,
    Guid TalentId,
    Guid PartnerId,
    Guid RegionId,
    Guid? VacancyId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Guid? PreviousEmployerId,
    Money Fee,
    string TalentCountry,
    IReadOnlyList<string> CompetenceAreas,
    DateTimeOffset RecordedAt);

public sealed record HireCancelledV1(Guid HireId, DateOnly CancelledOn, string Reason, Money CreditedFee);

public sealed record EmploymentEndedV1(Guid HireId, DateOnly EndedOn, bool LeftRegion, string Reason);

public sealed record AccompanyingPartnerEmployedV1(Guid HireId, DateOnly EmployedOn, Guid? EmployerPartnerId, string Occupation);

public sealed record HireCancelledV2(Guid HireId, Guid PartnerId, Guid RegionId, DateOnly CancelledOn, string Reason, Money CreditedFee);

public sealed record EmploymentEndedV2(Guid HireId, Guid PartnerId, Guid RegionId, DateOnly EndedOn, bool LeftRegion, string Reason);

public sealed record AccompanyingPartnerEmployedV2(
    Guid HireId, Guid PartnerId, Guid RegionId, DateOnly EmployedOn, Guid? EmployerPartnerId, string Occupation);

public static class StoredHireEvents
{
    public static void UpcastStoredHireEvents(this StoreOptions options, HireKeysLookup keys)
    {
        // A v1 hire's "+1" was never recorded: unknown (null), and the +1 employment rate leaves such a hire out. Its
        // workplace is the municipality the vacancy it names stated when the hire was recorded; none without a vacancy.
        options.Events.Upcast(new HireKeysUpcaster<HireRecordedV1, HireRecorded>("hire_recorded.v1", keys, old => old.HireId,
            (old, at) => new HireRecorded(old.HireId, old.TalentId, old.PartnerId, old.RegionId, old.VacancyId, old.HiredOn,
                old.StartsOn, old.Classification, old.PreviousEmployerId, old.Fee, old.TalentCountry, old.CompetenceAreas,
                old.RecordedAt, TalentHasAccompanyingPartner: null, at.WorkplaceMunicipality)));

        options.Events.Upcast(new HireKeysUpcaster<HireCancelledV1, HireCancelled>("hire_cancelled.v1", keys, old => old.HireId,
            (old, at) => new HireCancelled(old.HireId, at.PartnerId, at.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.CancelledOn, old.Reason, old.CreditedFee)));
        options.Events.Upcast(new HireKeysUpcaster<EmploymentEndedV1, EmploymentEnded>("employment_ended.v1", keys, old => old.HireId,
            (old, at) => new EmploymentEnded(old.HireId, at.PartnerId, at.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.EndedOn, old.LeftRegion, old.Reason)));
        options.Events.Upcast(new HireKeysUpcaster<AccompanyingPartnerEmployedV1, AccompanyingPartnerEmployed>(
            "accompanying_partner_employed.v1", keys, old => old.HireId,
            (old, at) => new AccompanyingPartnerEmployed(old.HireId, at.PartnerId, at.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.EmployedOn, old.EmployerPartnerId, old.Occupation)));

        options.Events.Upcast(new HireKeysUpcaster<HireCancelledV2, HireCancelled>("hire_cancelled.v2", keys, old => old.HireId,
            (old, at) => new HireCancelled(old.HireId, old.PartnerId, old.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.CancelledOn, old.Reason, old.CreditedFee)));
        options.Events.Upcast(new HireKeysUpcaster<EmploymentEndedV2, EmploymentEnded>("employment_ended.v2", keys, old => old.HireId,
            (old, at) => new EmploymentEnded(old.HireId, old.PartnerId, old.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.EndedOn, old.LeftRegion, old.Reason)));
        options.Events.Upcast(new HireKeysUpcaster<AccompanyingPartnerEmployedV2, AccompanyingPartnerEmployed>(
            "accompanying_partner_employed.v2", keys, old => old.HireId,
            (old, at) => new AccompanyingPartnerEmployed(old.HireId, old.PartnerId, old.RegionId, at.StartsOn, at.WorkplaceMunicipality,
                old.EmployedOn, old.EmployerPartnerId, old.Occupation)));
    }
}
