namespace TalentPool.Metrics;

/// <summary>
/// How many facts fall on each pair of days (a placement's start and the day its talent left the region; a hire's date and
/// the day it was cancelled). Keyed by days only, so it is bounded by the calendar the history spans, not by its facts.
/// Mutable, for projections that apply many facts to one document: see <see cref="CountsDocument"/>.
/// </summary>
public sealed class DayPairCounts
{
    public Dictionary<DateOnly, Dictionary<DateOnly, int>> Pairs { get; set; } = [];

    public void Add(DateOnly first, DateOnly then, int count = 1)
    {
        if (!Pairs.TryGetValue(first, out var thens)) Pairs[first] = thens = [];
        var total = thens.GetValueOrDefault(then) + count;
        // An emptied key goes, so that adding and taking away the same facts leaves what was there (rebuilt = live).
        if (total == 0) thens.Remove(then);
        else thens[then] = total;
        if (thens.Count == 0) Pairs.Remove(first);
    }

    public int Count(Func<DateOnly, DateOnly, bool> counted) =>
        Pairs.Sum(first => first.Value.Where(then => counted(first.Key, then.Key)).Sum(then => then.Value));
}

/// <summary>
/// How many facts are dated on each day (hires by hire date, placements by start date), and how many of those were
/// withdrawn on a later day (a hire cancelled): a figure as of a day counts the facts of the days it asks for less those
/// withdrawn on or before it, so a past day sees a fact withdrawn later as it stood then. Bounded by the calendar.
/// </summary>
public sealed class DatedCounts
{
    public Dictionary<DateOnly, int> Days { get; set; } = [];

    /// <summary>By the fact's own day, then the day it was withdrawn.</summary>
    public DayPairCounts Withdrawn { get; set; } = new();

    public void Add(DateOnly day, int count = 1)
    {
        var total = Days.GetValueOrDefault(day) + count;
        if (total == 0) Days.Remove(day);
        else Days[day] = total;
    }

    public void Withdraw(DateOnly day, DateOnly on) => Withdrawn.Add(day, on);

    /// <summary>The facts on the days <paramref name="dated"/> accepts, less those withdrawn on or before <paramref name="asOf"/>.</summary>
    public int Count(Func<DateOnly, bool> dated, DateOnly asOf) =>
        Days.Where(day => dated(day.Key)).Sum(day => day.Value) - Withdrawn.Count((day, on) => dated(day) && on <= asOf);

    /// <summary>The facts on the days <paramref name="dated"/> accepts, whatever was withdrawn (for counts kept net of withdrawals).</summary>
    public int Count(Func<DateOnly, bool> dated) => Days.Where(day => dated(day.Key)).Sum(day => day.Value);
}

/// <summary>
/// A read model of counts that one projection changes fact by fact. Counting is not idempotent, so each document keeps the
/// sequence of the last event it applied and skips any event at or below it: the daemon may hand a mutable document a
/// batch it has evolved already (RegionPlacedTalents), and a fact counted twice would stay wrong for good.
/// </summary>
public abstract class CountsDocument
{
    public long LastSequence { get; set; }

    /// <summary>Whether the event is new to this document (events without a sequence, in pure tests, always are).</summary>
    public bool Takes(long sequence)
    {
        if (sequence <= 0) return true;
        if (sequence <= LastSequence) return false;
        LastSequence = sequence;
        return true;
    }
}
