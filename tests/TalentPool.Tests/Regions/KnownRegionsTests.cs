using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions;

/// <summary>
/// A registration checks that its region exists (RegisterTalentEndpoint.ValidateAsync) through <see cref="KnownRegions"/>:
/// read once, then remembered, so a registration sends its write alone; a region that does not exist is never remembered.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KnownRegionsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Fact]
    public async Task A_region_found_once_is_not_read_again()
    {
        var region = await _api.RegionAsync();
        var known = new KnownRegions();

        await using (var first = fixture.RegionSession(region.Id))
        {
            (await known.ExistsAsync(region.Id, first, CancellationToken.None)).ShouldBeTrue();
            first.RequestCount.ShouldBe(1);
        }
        await using var second = fixture.RegionSession(region.Id);
        (await known.ExistsAsync(region.Id, second, CancellationToken.None)).ShouldBeTrue();
        second.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_region_that_does_not_exist_is_read_every_time_and_never_remembered()
    {
        var missing = Guid.NewGuid();
        var known = new KnownRegions();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var session = fixture.RegionSession(missing);
            (await known.ExistsAsync(missing, session, CancellationToken.None)).ShouldBeFalse();
            session.RequestCount.ShouldBe(1);
        }
    }
}
