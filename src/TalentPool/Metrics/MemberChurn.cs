using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>
/// Member churn of one kind of member (or all) over a span of days (PRODUCT.md: "Member churn: partners and
/// municipalities whose membership ended in the period / members at its start"). <c>MembersAtStart</c>: members on the
/// first day by a membership begun before it (one begun that day is counted in <c>Joined</c>); <c>Joined</c>: members
/// whose membership began on a day of the span; <c>Ended</c>: members whose membership's last day is a day of the span
/// (a cancellation in force from 1 February ends a membership on 31 January); <c>ChurnRate</c>: ended / members at
/// start, 4 decimals, null without members at start. So the next span starts with at start + joined − ended.
/// </summary>
public sealed record MemberChurnFigures(int MembersAtStart, int Joined, int Ended, decimal? ChurnRate);

public sealed record MemberChurnMonth(string Month, MemberChurnFigures Partners, MemberChurnFigures Municipalities, MemberChurnFigures Total);

public sealed record MemberChurnPeriod(string From, string To, MemberChurnFigures Partners, MemberChurnFigures Municipalities, MemberChurnFigures Total);

/// <summary>A region's member churn per month of the period and over the period; counts only, no member named.</summary>
public sealed record RegionMemberChurnAnswer(
    Guid RegionId, IReadOnlyList<MemberChurnMonth> Months, MemberChurnPeriod Period, ReadModelFreshness Freshness);

/// <summary>The arithmetic of member churn, pure: the region's members and their membership dates in, figures out.</summary>
public static class MemberChurn
{
    public static (IReadOnlyList<MemberChurnMonth> Months, MemberChurnPeriod Period) Compute(
        IReadOnlyList<BillingMonth> months, IReadOnlyList<MemberTerms> members)
    {
        var figures = months.Select(month =>
        {
            var (partners, municipalities, total) = ByKind(members, month.FirstDay, month.Next.FirstDay);
            return new MemberChurnMonth(month.ToString(), partners, municipalities, total);
        }).ToList();
        var (p, m, t) = ByKind(members, months[0].FirstDay, months[^1].Next.FirstDay);
        return (figures, new MemberChurnPeriod(months[0].ToString(), months[^1].ToString(), p, m, t));
    }

    /// <summary>The figures over the days from <paramref name="start"/> up to, not including, <paramref name="end"/>.</summary>
    public static (MemberChurnFigures Partners, MemberChurnFigures Municipalities, MemberChurnFigures Total) ByKind(
        IReadOnlyList<MemberTerms> members, DateOnly start, DateOnly end) => (
            Over(members.Where(m => m.Kind == MemberKind.Partner), start, end),
            Over(members.Where(m => m.Kind == MemberKind.Municipality), start, end),
            Over(members, start, end));

    public static MemberChurnFigures Over(IEnumerable<MemberTerms> members, DateOnly start, DateOnly end)
    {
        int atStart = 0, joined = 0, ended = 0;
        foreach (var member in members)
        {
            if (member.Terms.Any(t => t.From < start && t.Contains(start))) atStart++;
            if (member.Terms.Any(t => start <= t.From && t.From < end)) joined++;
            // The last day (Until − 1) within [start, end): Until within (start, end].
            if (member.Terms.Any(t => t.Until is { } until && start < until && until <= end)) ended++;
        }
        return new MemberChurnFigures(atStart, joined, ended, Rate(ended, atStart));
    }

    /// <summary>A share rounded to four decimals; none when there is nothing to share.</summary>
    public static decimal? Rate(int part, int whole) =>
        whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}
