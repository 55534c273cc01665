using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Matching;

/// <summary>
/// Paging through a ranking, best first (<see cref="MatchScoring.BestFirst"/>): the cursor is the last item's score and id
/// (<c>87_0193…</c>), so a page starts after it whatever was scored meanwhile, with no repeats; an item whose score changed
/// may move across the cursor (a ranking is a view of now, not a snapshot).
/// </summary>
public static class RankedPage
{
    /// <summary>The longest cursor: a score (at most 3 digits), "_", a Guid (36).</summary>
    public const int CursorLength = 40;

    /// <summary>A cursor's form: the score, "_", the id.</summary>
    public const string CursorPattern = "^[0-9]{1,3}_[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

    public static ProblemDetails Check(string? after, int limit) =>
        after is not null && Cursor(after) is null
            ? Problems.Invalid("after", "'after' is the 'next' of the previous page, such as 87_0193a1b2-….")
            : Paging.CheckLimit(limit);

    /// <summary>The page after the cursor, and the cursor of the page after it (null on the last page).</summary>
    public static (IReadOnlyList<T> Items, string? Next) Of<T>(
        IEnumerable<(MatchScore Score, Guid Id, T Item)> scored, string? after, int limit)
    {
        var ranked = scored.OrderBy(s => (s.Score.Total, s.Id), MatchScoring.BestFirst).AsEnumerable();
        if (after is not null && Cursor(after) is { } cursor) ranked = ranked.Where(s => MatchScoring.BestFirst.Compare((s.Score.Total, s.Id), cursor) > 0);
        var page = ranked.Take(limit + 1).ToList();
        var items = page.Take(limit).ToList();
        return ([.. items.Select(s => s.Item)], page.Count > limit ? Format(items[^1].Score.Total, items[^1].Id) : null);
    }

    private static string Format(int score, Guid id) => $"{score.ToString(CultureInfo.InvariantCulture)}_{id}";

    private static (int Score, Guid Id)? Cursor(string after) =>
        after.Length <= CursorLength && after.Split('_') is [var score, var id]
        && int.TryParse(score, NumberStyles.None, CultureInfo.InvariantCulture, out var points) && points <= MatchScoring.MaxScore
        && Guid.TryParseExact(id, "D", out var guid)
            ? (points, guid)
            : null;
}
