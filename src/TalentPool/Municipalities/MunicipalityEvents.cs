namespace TalentPool.Municipalities;

/// <summary>Who the licence invoice goes to; the line still names the municipality.</summary>
public enum LicencePayer { Municipality, RegionalCouncil }

public sealed record MunicipalityJoined(
    Guid MunicipalityId,
    string Number,
    string Name,
    Guid RegionId,
    int Population,
    int PopulationCountedIn,
    DateOnly JoinedOn,
    LicencePayer PaidBy);

// The events after MunicipalityJoined carry the municipality's region (v2), so a projection over a region needs no lookup.

public sealed record MunicipalityPopulationUpdated(Guid MunicipalityId, Guid RegionId, int Population, int CountedIn, DateOnly EffectiveFrom);

public sealed record MunicipalityPayerChanged(Guid MunicipalityId, Guid RegionId, LicencePayer PaidBy, DateOnly EffectiveFrom);

public sealed record MunicipalityLeft(Guid MunicipalityId, Guid RegionId, DateOnly LeftOn, string Reason);

public sealed record MunicipalityRejoined(Guid MunicipalityId, Guid RegionId, DateOnly RejoinedOn);

// Corrections replace the fact recorded for the same day, which was wrong; each is its own event with its reason,
// so the history shows what was replaced, by whom and why.

public sealed record MunicipalityPopulationCorrected(Guid MunicipalityId, Guid RegionId, int Population, int CountedIn, DateOnly EffectiveFrom, string Reason);

public sealed record MunicipalityPayerCorrected(Guid MunicipalityId, Guid RegionId, LicencePayer PaidBy, DateOnly EffectiveFrom, string Reason);
