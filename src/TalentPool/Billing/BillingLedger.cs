using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>
/// What the first open month's corrections compare with: every licence line the standing closes billed, and the hire
/// lines (hire and kind) of closed months that no close billed. Nothing else differs between what closed months owe now
/// and what they billed: a close bills every difference there is, a hire's fee and dates never change, and a hire line is
/// billed once the fact behind it was recorded before a standing close.
/// </summary>
public sealed record Settlement(IReadOnlyList<BilledLicenceLine> BilledLicences, IReadOnlySet<(Guid HireId, LineKind Kind)> UnbilledHireLines)
{
    public static readonly Settlement None = new([], new HashSet<(Guid, LineKind)>());

    /// <summary>The settlement read from every closed period's statements and every hire (pure tests, and a check).</summary>
    public static Settlement FromHistory(BillingFacts facts, IReadOnlyList<ClosedBillingPeriod> closedPeriods)
    {
        var ordered = closedPeriods.OrderBy(p => p.Month).ToList();
        var billedHireLines = ordered.SelectMany(p => p.Statements).SelectMany(s => s.Lines)
            .Where(line => line.HireId is not null).Select(line => (line.HireId!.Value, line.Kind)).ToHashSet();
        var owedHireLines = ordered.SelectMany(p => BillingCalculator.Statements(facts, p.Month)).SelectMany(s => s.Lines)
            .Where(line => line.HireId is not null).Select(line => (line.HireId!.Value, line.Kind));
        return new Settlement(
            [.. ordered.SelectMany(p => RegionSettlement.LicenceLines(p.Month, p.Statements))],
            owedHireLines.Where(line => !billedHireLines.Contains(line)).ToHashSet());
    }
}

/// <summary>
/// What statements read for a region: the billing facts, which months are closed, the frozen statements of the closed
/// months asked for (and of the last closed month), and the settlement the first open month's corrections need.
/// </summary>
public sealed record RegionLedger(
    BillingFacts Facts, RegionBilling? Billing, IReadOnlyList<ClosedBillingPeriod> ClosedPeriods, Settlement Settlement);

/// <summary>
/// Statements once periods close. A closed month's statements are frozen; a fact that arrives later for a
/// closed month (a late hire, a back-dated cancellation) changes what that month should have billed, and the
/// difference is billed as correction lines in the first open month. A line is identified by payer, member,
/// kind and hire, so nothing is billed twice or lost: billed so far = frozen lines + earlier corrections.
/// </summary>
public static class BillingLedger
{
    /// <summary>From every closed period and every hire: the pure tests' way in, the same arithmetic as a bounded read.</summary>
    public static IReadOnlyList<Statement> StatementsFor(
        BillingMonth month, BillingFacts facts, RegionBilling? billing, IReadOnlyList<ClosedBillingPeriod> closedPeriods) =>
        StatementsFor(month, new RegionLedger(facts, billing, closedPeriods, Settlement.FromHistory(facts, closedPeriods)));

    public static IReadOnlyList<Statement> StatementsFor(BillingMonth month, RegionLedger ledger)
    {
        var facts = ledger.Facts;
        if (ledger.ClosedPeriods.FirstOrDefault(p => p.Month == month) is { } frozen)
        {
            return frozen.Statements;
        }

        var statements = BillingCalculator.Statements(facts, month);
        if (ledger.Billing?.FirstOpenMonth != month) return statements;

        var corrections = Corrections(facts, ledger.Billing.ClosedMonths, ledger.Settlement).ToList();
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

    /// <summary>
    /// Per closed month, what it owes now against what was billed for it, line by line. Licence lines are recomputed
    /// from the members' documents (a few per member and month); of the hire lines only those no close billed are read.
    /// </summary>
    private static IEnumerable<Correction> Corrections(BillingFacts facts, IReadOnlyList<BillingMonth> closedMonths, Settlement settlement)
    {
        foreach (var closed in closedMonths.Order())
        {
            var owed = Keyed(BillingCalculator.Statements(facts, closed), corrects: null)
                .Where(l => l.Key.HireId is not { } hire || settlement.UnbilledHireLines.Contains((hire, l.Key.Kind)));
            var billed = settlement.BilledLicences.Where(line => line.Corrects == closed)
                .Select(line => (new LineKey(line.PayerId, line.PayerKind, line.PayerName, line.Line.MemberId, line.Line.Kind, null), line.Line));

            var owedByKey = Totals(owed);
            var billedByKey = Totals(billed);
            foreach (var key in owedByKey.Keys.Union(billedByKey.Keys))
            {
                var difference = owedByKey.GetValueOrDefault(key).Amount - billedByKey.GetValueOrDefault(key).Amount;
                if (difference == 0m) continue;
                var sample = owedByKey.GetValueOrDefault(key).Line ?? billedByKey[key].Line!;
                yield return new Correction(key.PayerId, key.PayerKind, key.PayerName, sample with
                {
                    Description = $"Correction for {closed}: {sample.Description}",
                    Amount = new Money(difference, facts.Region.Currency),
                    Corrects = closed,
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
        BillingMonth month, BillingFacts facts, RegionBilling? billing, IReadOnlyList<ClosedBillingPeriod> closedPeriods, DateTimeOffset now) =>
        Close(month, new RegionLedger(facts, billing, closedPeriods, Settlement.FromHistory(facts, closedPeriods)), now);

    public static BillingPeriodClosed Close(BillingMonth month, RegionLedger ledger, DateTimeOffset now)
    {
        var billing = ledger.Billing;
        if (month.LastDay >= DateOnly.FromDateTime(now.UtcDateTime)) throw new RuleViolation($"{month} has not ended yet; it can be closed from {month.Next.FirstDay:yyyy-MM-dd}.");
        if (billing?.IsClosed(month) == true) throw new RuleViolation($"{month} is closed already.");
        if (billing?.FirstOpenMonth is { } open && open != month) throw new RuleViolation($"Months close in order: the next month to close is {open}.");

        var statements = StatementsFor(month, ledger).Select(s => s with { Closed = true }).ToList();
        return new BillingPeriodClosed(ledger.Facts.Region.Id, month, now, statements);
    }
}
