using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>
/// Statements once periods close. A closed month's statements are frozen; a fact that arrives later for a
/// closed month (a late hire, a back-dated cancellation) changes what that month should have billed, and the
/// difference is billed as correction lines in the first open month. A line is identified by payer, member,
/// kind and hire, so nothing is billed twice or lost: billed so far = frozen lines + earlier corrections.
/// </summary>
public static class BillingLedger
{
    public static IReadOnlyList<Statement> StatementsFor(
        BillingMonth month, BillingFacts facts, RegionBilling? billing, IReadOnlyList<ClosedBillingPeriod> closedPeriods)
    {
        var frozen = closedPeriods.FirstOrDefault(p => p.Month == month);
        if (frozen is not null) return frozen.Statements;

        var statements = BillingCalculator.Statements(facts, month);
        if (billing?.FirstOpenMonth != month) return statements;

        var corrections = Corrections(facts, closedPeriods).ToList();
        if (corrections.Count == 0) return statements;

        var payers = statements.ToDictionary(s => (s.PayerId, s.PayerKind));
        foreach (var correction in corrections.GroupBy(c => (c.PayerId, c.PayerKind, c.PayerName)))
        {
            var existing = payers.GetValueOrDefault((correction.Key.PayerId, correction.Key.PayerKind));
            var lines = (existing?.Lines ?? []).Concat(correction.Select(c => c.Line)).ToList();
            payers[(correction.Key.PayerId, correction.Key.PayerKind)] =
                BillingCalculator.Statement(correction.Key.PayerId, correction.Key.PayerKind, correction.Key.PayerName, facts.Region, month, lines);
        }
        return payers.Values.OrderBy(s => s.PayerKind).ThenBy(s => s.PayerName).ToList();
    }

    private sealed record Correction(Guid PayerId, PayerKind PayerKind, string PayerName, StatementLine Line);

    private static IEnumerable<Correction> Corrections(BillingFacts facts, IReadOnlyList<ClosedBillingPeriod> closedPeriods)
    {
        foreach (var period in closedPeriods.OrderBy(p => p.Month))
        {
            var owed = Keyed(BillingCalculator.Statements(facts, period.Month), corrects: null);
            var billed = Keyed(period.Statements, corrects: null)
                .Concat(closedPeriods.SelectMany(later => Keyed(later.Statements, corrects: period.Month)));

            var owedByKey = Totals(owed);
            var billedByKey = Totals(billed);
            foreach (var key in owedByKey.Keys.Union(billedByKey.Keys))
            {
                var difference = owedByKey.GetValueOrDefault(key).Amount - billedByKey.GetValueOrDefault(key).Amount;
                if (difference == 0m) continue;
                var sample = owedByKey.GetValueOrDefault(key).Line ?? billedByKey[key].Line!;
                yield return new Correction(key.PayerId, key.PayerKind, key.PayerName, sample with
                {
                    Description = $"Correction for {period.Month}: {sample.Description}",
                    Amount = new Money(difference, facts.Region.Currency),
                    Corrects = period.Month,
                });
            }
        }
    }

    private sealed record LineKey(Guid PayerId, PayerKind PayerKind, string PayerName, Guid MemberId, LineKind Kind, Guid? HireId);

    private static IEnumerable<(LineKey Key, StatementLine Line)> Keyed(IEnumerable<Statement> statements, BillingMonth? corrects) =>
        statements.SelectMany(s => s.Lines
            .Where(line => line.Corrects == corrects)
            .Select(line => (new LineKey(s.PayerId, s.PayerKind, s.PayerName, line.MemberId, line.Kind, line.HireId), line)));

    private static Dictionary<LineKey, (decimal Amount, StatementLine? Line)> Totals(IEnumerable<(LineKey Key, StatementLine Line)> lines) =>
        lines.GroupBy(l => l.Key).ToDictionary(g => g.Key, g => (g.Sum(l => l.Line.Amount.Amount), (StatementLine?)g.First().Line));

    /// <summary>Only the last closed month reopens: every later month was billed on the assumption that it is closed.</summary>
    public static BillingPeriodReopened Reopen(BillingMonth month, RegionBilling? billing, string reason, Guid regionId, DateTimeOffset now)
    {
        if (billing?.IsClosed(month) != true) throw new RuleViolation($"{month} is not closed; only a closed month reopens.");
        var last = billing.ClosedMonths.Max();
        if (month != last) throw new RuleViolation($"Months reopen from the last closed one backwards: reopen {last} first.");
        return new BillingPeriodReopened(regionId, month, reason.Trim(), now);
    }

    /// <summary>Closing a month freezes its statements, corrections included. Months close in order, once each, after they end.</summary>
    public static BillingPeriodClosed Close(
        BillingMonth month, BillingFacts facts, RegionBilling? billing, IReadOnlyList<ClosedBillingPeriod> closedPeriods, DateTimeOffset now)
    {
        if (month.LastDay >= DateOnly.FromDateTime(now.UtcDateTime)) throw new RuleViolation($"{month} has not ended yet; it can be closed from {month.Next.FirstDay:yyyy-MM-dd}.");
        if (billing?.IsClosed(month) == true) throw new RuleViolation($"{month} is closed already.");
        if (billing?.FirstOpenMonth is { } open && open != month) throw new RuleViolation($"Months close in order: the next month to close is {open}.");

        var statements = StatementsFor(month, facts, billing, closedPeriods).Select(s => s with { Closed = true }).ToList();
        return new BillingPeriodClosed(facts.Region.Id, month, now, statements);
    }
}
