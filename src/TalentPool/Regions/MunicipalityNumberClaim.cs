using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>
/// A region claims each of its municipality numbers in its country, once. A claim is a stream whose id
/// follows from country and number, so of two regions claiming one number (even at the same moment)
/// the database lets only one start the stream: the other registration is rolled back and answered 409.
/// </summary>
public sealed record MunicipalityNumberClaimed(Guid ClaimId, string Country, string Number, Guid RegionId);

public sealed record MunicipalityNumberClaim(Guid Id, string Country, string Number, Guid RegionId)
{
    public static Guid IdFor(string country, string number) => DeterministicId.From($"municipality-number:{country}:{number}");

    public static MunicipalityNumberClaim Create(MunicipalityNumberClaimed claimed) =>
        new(claimed.ClaimId, claimed.Country, claimed.Number, claimed.RegionId);
}
