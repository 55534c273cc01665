using Marten;
using TalentPool.Common;

namespace TalentPool.Municipalities;

// The shapes stored before leaving and rejoining carried the municipality's region: read, never written. Each reads as
// today's event with the region of the municipality's MunicipalityJoined (Common/StreamKeys.cs).

public sealed record MunicipalityLeftV1(Guid MunicipalityId, DateOnly LeftOn, string Reason);

public sealed record MunicipalityRejoinedV1(Guid MunicipalityId, DateOnly RejoinedOn);

public static class MunicipalityEventsV1
{
    public static void UpcastMunicipalityEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityLeftV1, MunicipalityLeft>("municipality_left.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityLeft(old.MunicipalityId, at.RegionId, old.LeftOn, old.Reason)));
        options.Events.Upcast(new StreamKeysUpcaster<MunicipalityRejoinedV1, MunicipalityRejoined>("municipality_rejoined.v1", keys,
            old => old.MunicipalityId, (old, at) => new MunicipalityRejoined(old.MunicipalityId, at.RegionId, old.RejoinedOn)));
    }
}
