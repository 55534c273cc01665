using TalentPool.Common;

namespace TalentPool.Hires;

public enum HireStatus { Active, Cancelled, Ended }

/// <summary>A hire as recruiters, billing and metrics read it, built only from its events.</summary>
public sealed record Hire(
    Guid Id,
    Guid TalentId,
    Guid PartnerId,
    Guid RegionId,
    Guid? VacancyId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Guid? PreviousEmployerId,
    Money Fee,
    HireStatus Status,
    DateOnly? CancelledOn,
    DateOnly? EndedOn,
    bool? LeftRegion,
    DateOnly? AccompanyingPartnerEmployedOn,
    string? WorkplaceMunicipality = null)
{
    public int Version { get; init; }

    /// <summary>The talent was erased: free text written about the hire from now on is stored masked.</summary>
    public bool TalentErased { get; init; }

    /// <summary>Employed by the partner on a day: started, not cancelled, not ended.</summary>
    public bool IsEmployedOn(DateOnly day) =>
        Status != HireStatus.Cancelled && StartsOn <= day && (EndedOn is null || day < EndedOn);

    public static Hire Create(HireRecorded recorded) => new(
        recorded.HireId, recorded.TalentId, recorded.PartnerId, recorded.RegionId, recorded.VacancyId, recorded.HiredOn,
        recorded.StartsOn, recorded.Classification, recorded.PreviousEmployerId, recorded.Fee,
        HireStatus.Active, null, null, null, null, recorded.WorkplaceMunicipality);

    public Hire Apply(HireCancelled cancelled) => this with { Status = HireStatus.Cancelled, CancelledOn = cancelled.CancelledOn };

    public Hire Apply(EmploymentEnded ended) => this with { Status = HireStatus.Ended, EndedOn = ended.EndedOn, LeftRegion = ended.LeftRegion };

    public Hire Apply(AccompanyingPartnerEmployed employed) => this with { AccompanyingPartnerEmployedOn = employed.EmployedOn };

    public Hire Apply(HireTextErased erased) => this with { TalentErased = true };

    /// <summary>Free text written about the talent, as it is stored: masked once the talent is erased.</summary>
    public string Stored(string text) => TalentErased ? ErasedText.Value : text.Trim();
}
