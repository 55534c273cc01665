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

public sealed record MunicipalityLeft(Guid MunicipalityId, DateOnly LeftOn, string Reason);

public sealed record MunicipalityRejoined(Guid MunicipalityId, DateOnly RejoinedOn);
