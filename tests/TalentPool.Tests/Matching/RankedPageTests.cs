using TalentPool.Matching;

namespace TalentPool.Tests.Matching;

public sealed class RankedPageTests
{
    private static (MatchScore, Guid, Guid) Item(int score, Guid id) => (new MatchScore(score, []), id, id);

    [Fact]
    public void Pages_follow_the_ranking_and_the_cursor_is_the_last_items_score_and_id()
    {
        var ids = Enumerable.Range(0, 5).Select(i => Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddDays(i))).ToArray();
        (MatchScore, Guid, Guid)[] scored = [Item(50, ids[0]), Item(90, ids[1]), Item(50, ids[2]), Item(70, ids[3]), Item(10, ids[4])];

        var (first, next) = RankedPage.Of(scored, null, 2);
        first.ShouldBe([ids[1], ids[3]]);
        next.ShouldBe($"70_{ids[3]}");
        var (second, last) = RankedPage.Of(scored, next, 2);
        second.ShouldBe([ids[2], ids[0]]);
        var (third, none) = RankedPage.Of(scored, last, 2);
        third.ShouldBe([ids[4]]);
        none.ShouldBeNull();
    }

    [Theory]
    [InlineData("70")]
    [InlineData("101_0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("-1_0193a1b2-0000-7000-8000-000000000000")]
    [InlineData("70_not-a-guid")]
    [InlineData("70_0193a1b2-0000-7000-8000-000000000000_1")]
    public void A_cursor_that_is_no_pages_next_is_refused(string after) =>
        RankedPage.Check(after, 10).Status.ShouldBe(400);

    [Fact]
    public void A_pages_next_and_a_limit_within_bounds_pass() =>
        RankedPage.Check($"70_{Guid.NewGuid()}", 200).Status.ShouldNotBe(400);
}
