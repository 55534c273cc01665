using Marten;
using TalentPool.Common;

namespace TalentPool.Municipalities;

// The shapes stored before these events carried the municipality's region: read, never written. Each reads as
// today's event with the region of the municipality's MunicipalityJoined (Common/StreamKeys.cs).

public sealed record MunicipalityPopulationUpdatedV1(Guid MunicipalityId, int Population, int CountedIn, DateOnly EffectiveFrom);

public sealed record MunicipalityPayerChangedV1(Guid MunicipalityId, LicencePayer PaidBy, DateOnly EffectiveFrom);

public sealed record MunicipalityPopulationCorrectedV1(Guid MunicipalityId, int Population, int CountedIn, DateOnly EffectiveFrom, string Reason);

public sealed record MunicipalityPayerCorrectedV1(Guid MunicipalityId, LicencePayer PaidBy, DateOnly EffectiveFrom, string Reason);

public sealed record MunicipalityLeftV1(Guid MunicipalityId, DateOnly LeftOn, string Reason);

public sealed record MunicipalityRejoinedV1(Guid MunicipalityId, DateOnly RejoinedOn);

public static class MunicipalityEventsV1
{
    public static void UpcastMunicipalityEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityPopulationUpdatedV1, MunicipalityPopulationUpdated>("municipality_population_updated.v1",
            keys, old => old.MunicipalityId, (old, at) => new MunicipalityPopulationUpdated(
                old.MunicipalityId, at.RegionId, old.Population, old.CountedIn, old.EffectiveFrom)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityPayerChangedV1, MunicipalityPayerChanged>("municipality_payer_changed.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityPayerChanged(old.MunicipalityId, at.RegionId, old.PaidBy, old.EffectiveFrom)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityPopulationCorrectedV1, MunicipalityPopulationCorrected>("municipality_population_corrected.v1",
            keys, old => old.MunicipalityId, (old, at) => new MunicipalityPopulationCorrected(
                old.MunicipalityId, at.RegionId, old.Population, old.CountedIn, old.EffectiveFrom, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityPayerCorrectedV1, MunicipalityPayerCorrected>("municipality_payer_corrected.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityPayerCorrected(old.MunicipalityId, at.RegionId, old.PaidBy, old.EffectiveFrom, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityLeftV1, MunicipalityLeft>("municipality_left.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityLeft(old.MunicipalityId, at.RegionId, old.LeftOn, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityRejoinedV1, MunicipalityRejoined>("municipality_rejoined.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityRejoined(old.MunicipalityId, at.RegionId, old.RejoinedOn)));
    }
}
