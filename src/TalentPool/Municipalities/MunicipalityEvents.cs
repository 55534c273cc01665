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

public sealed record MunicipalityPopulationUpdated(Guid MunicipalityId, int Population, int CountedIn, DateOnly EffectiveFrom);

public sealed record MunicipalityPayerChanged(Guid MunicipalityId, LicencePayer PaidBy, DateOnly EffectiveFrom);

// Leaving and rejoining carry the municipality's region (v2), so a projection over a region needs no lookup.
public sealed record MunicipalityLeft(Guid MunicipalityId, Guid RegionId, DateOnly LeftOn, string Reason);

public sealed record MunicipalityRejoined(Guid MunicipalityId, Guid RegionId, DateOnly RejoinedOn);

// Corrections replace the fact recorded for the same day, which was wrong; each is its own event with its reason,
// so the history shows what was replaced, by whom and why.

public sealed record MunicipalityPopulationCorrected(Guid MunicipalityId, int Population, int CountedIn, DateOnly EffectiveFrom, string Reason);

public sealed record MunicipalityPayerCorrected(Guid MunicipalityId, LicencePayer PaidBy, DateOnly EffectiveFrom, string Reason);
