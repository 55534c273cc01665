using JasperFx.Events;
using Marten.Events.Aggregation;
using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>One licence line as a closed month billed it: in its own statements, or as a correction of an earlier month.</summary>
public sealed record BilledLicenceLine(
    BillingMonth ClosedIn, BillingMonth Corrects, Guid PayerId, PayerKind PayerKind, string PayerName, StatementLine Line);

/// <summary>A close that still stands, and the number of the region's billing events once it was recorded.</summary>
public sealed record SettledClose(BillingMonth Month, int Change);

/// <summary>
/// What a region's closed months have billed, for the first open month's corrections: every licence line the standing
/// closes billed (a few per member and month, never per hire), and when each close happened in the region's billing
/// events. Hire lines are not copied here: a hire line of a closed month is billed unless its fact was recorded after
/// the last close, which the hire's <see cref="BillableHire"/> knows. Members' names only: nothing of a person.
/// </summary>
public sealed record RegionSettlement(
    Guid Id, Guid RegionId, int Changes, IReadOnlyList<SettledClose> Closes, IReadOnlyList<BilledLicenceLine> BilledLicences)
{
    public SettledClose? LastClose => Closes.Count == 0 ? null : Closes.MaxBy(c => c.Month);

    public static RegionSettlement First(BillingPeriodClosed closed) =>
        new RegionSettlement(RegionBilling.StreamIdFor(closed.RegionId), closed.RegionId, 0, [], []).After(closed);

    public RegionSettlement After(BillingPeriodClosed closed) => this with
    {
        Changes = Changes + 1,
        Closes = [.. Closes, new SettledClose(closed.Month, Changes + 1)],
        BilledLicences = [.. BilledLicences, .. LicenceLines(closed)],
    };

    /// <summary>A reopened month's statements are withdrawn: what it billed is billed no more.</summary>
    public RegionSettlement After(BillingPeriodReopened reopened) => this with
    {
        Changes = Changes + 1,
        Closes = [.. Closes.Where(c => c.Month != reopened.Month)],
        BilledLicences = [.. BilledLicences.Where(line => line.ClosedIn != reopened.Month)],
    };

    public static IEnumerable<BilledLicenceLine> LicenceLines(BillingMonth closedIn, IEnumerable<Statement> statements) =>
        statements.SelectMany(s => s.Lines
            .Where(line => line.HireId is null)
            .Select(line => new BilledLicenceLine(closedIn, line.Corrects ?? closedIn, s.PayerId, s.PayerKind, s.PayerName, line)));

    private static IEnumerable<BilledLicenceLine> LicenceLines(BillingPeriodClosed closed) => LicenceLines(closed.Month, closed.Statements);
}

/// <summary>
/// Inline, on the region's billing stream, in the close's own transaction: a statement read right after a close must
/// bill on it. One stream, so closes never contend with hires.
/// </summary>
public sealed class RegionSettlementProjection : SingleStreamProjection<RegionSettlement, Guid>
{
    public const string ProjectionName = "RegionSettlement";

    public RegionSettlementProjection()
    {
        Name = ProjectionName;
        // Evolve names no event types, so Marten would feed it every event of the store (a rebuild read all of them to
        // apply none, and every write loaded this document for every stream it appended to): only the billing events.
        IncludeType<BillingPeriodClosed>();
        IncludeType<BillingPeriodReopened>();
    }

    public override RegionSettlement? Evolve(RegionSettlement? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, BillingPeriodClosed closed) => RegionSettlement.First(closed),
        (not null, BillingPeriodClosed closed) => snapshot.After(closed),
        (not null, BillingPeriodReopened reopened) => snapshot.After(reopened),
        _ => snapshot,
    };
}
