using System.Numerics;

namespace TalentPool.Metrics;

/// <summary>
/// An amount per day (a count, a sum of fees) keyed by month: each month holds its days' amounts in one array (index: the
/// day of the month − 1, trailing empty days left out). Month keys, so a busy history does not fill the document with a
/// key per day, yet every day's amount is kept: a figure as of any day (`asOf` may be any day of the history) reads exactly
/// what day keys gave. Mutable, for projections that apply many facts to one document (<see cref="CountsDocument"/>).
/// </summary>
public sealed class DaysByMonth<T> : IDayCounts<T> where T : struct, INumber<T>
{
    /// <summary>By the month's first day.</summary>
    public Dictionary<DateOnly, T[]> Months { get; set; } = [];

    public void Add(DateOnly day, T amount)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        var days = Months.GetValueOrDefault(month) ?? [];
        if (days.Length < day.Day) Array.Resize(ref days, day.Day);
        days[day.Day - 1] += amount;
        // Emptied days and months go, so that adding and taking away the same facts leaves what was there (rebuilt = live).
        var length = days.Length;
        while (length > 0 && days[length - 1] == T.Zero) length--;
        if (length == 0) Months.Remove(month);
        else Months[month] = length == days.Length ? days : days[..length];
    }

    /// <summary>Every day with an amount.</summary>
    public IEnumerable<(DateOnly Day, T Amount)> Days() =>
        Months.SelectMany(month => month.Value.Select((amount, index) => (Day: month.Key.AddDays(index), Amount: amount)))
            .Where(day => day.Amount != T.Zero);

    /// <summary>The sum over the days <paramref name="dated"/> accepts.</summary>
    public T Sum(Func<DateOnly, bool> dated)
    {
        var sum = T.Zero;
        foreach (var (month, days) in Months)
        {
            for (var index = 0; index < days.Length; index++)
            {
                if (days[index] != T.Zero && dated(month.AddDays(index))) sum += days[index];
            }
        }
        return sum;
    }
}

/// <summary>An amount per day, keyed so that a document holding it is bounded by months, not by days.</summary>
public interface IDayCounts<T> where T : struct, INumber<T>
{
    void Add(DateOnly day, T amount);

    /// <summary>The sum over the days <paramref name="dated"/> accepts.</summary>
    T Sum(Func<DateOnly, bool> dated);
}

/// <summary>
/// <see cref="DaysByMonth{T}"/> for counts on a few days of each month (the hires of one value of days to hire): each month
/// holds only its days with a count, as <c>[day, count, day, count, …]</c> in day order, where an array of every day would be
/// mostly zeros.
/// </summary>
public sealed class FewDaysByMonth : IDayCounts<int>
{
    /// <summary>By the month's first day.</summary>
    public Dictionary<DateOnly, int[]> Months { get; set; } = [];

    public void Add(DateOnly day, int amount)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        var pairs = (Months.GetValueOrDefault(month) ?? []).ToList();
        var at = 0;
        while (at < pairs.Count && pairs[at] < day.Day) at += 2;
        if (at < pairs.Count && pairs[at] == day.Day) pairs[at + 1] += amount;
        else pairs.InsertRange(at, [day.Day, amount]);
        // An emptied day and month go, so that adding and taking away the same facts leaves what was there (rebuilt = live).
        if (pairs[at + 1] == 0) pairs.RemoveRange(at, 2);
        if (pairs.Count == 0) Months.Remove(month);
        else Months[month] = [.. pairs];
    }

    public int Sum(Func<DateOnly, bool> dated)
    {
        var sum = 0;
        foreach (var (month, pairs) in Months)
        {
            for (var at = 0; at < pairs.Length; at += 2)
            {
                if (dated(month.AddDays(pairs[at] - 1))) sum += pairs[at + 1];
            }
        }
        return sum;
    }
}

/// <summary>
/// <see cref="DatedCounts"/> with its days keyed by month (<see cref="DaysByMonth{T}"/>, or <see cref="FewDaysByMonth"/> for
/// sparse days): how many facts are dated on each day, and how many of those were withdrawn on a later day, a figure as of a
/// day counting the facts of the days it asks for less those withdrawn on or before it. Withdrawals (cancellations) are few
/// and stay pairs of days.
/// </summary>
public sealed class MonthlyDatedCounts<TDays> where TDays : IDayCounts<int>, new()
{
    public TDays Days { get; set; } = new();

    /// <summary>By the fact's own day, then the day it was withdrawn.</summary>
    public DayPairCounts Withdrawn { get; set; } = new();

    public void Add(DateOnly day) => Days.Add(day, 1);

    public void Withdraw(DateOnly day, DateOnly on) => Withdrawn.Add(day, on);

    /// <summary>The facts on the days <paramref name="dated"/> accepts, less those withdrawn on or before <paramref name="asOf"/>.</summary>
    public int Count(Func<DateOnly, bool> dated, DateOnly asOf) =>
        Days.Sum(dated) - Withdrawn.Count((day, on) => dated(day) && on <= asOf);
}
