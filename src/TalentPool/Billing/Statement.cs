using TalentPool.Common;

namespace TalentPool.Billing;

public enum PayerKind { Partner, Municipality, RegionalCouncil }

public enum LineKind { PartnerLicence, HireFee, HireFeeCredit, MunicipalityLicence }

/// <summary>
/// One billed amount, rounded once (see <see cref="Money.Billed"/>). A correction line carries the kind of
/// what it corrects and <c>Corrects</c>: the closed period whose billing it puts right.
/// </summary>
public sealed record StatementLine(
    Guid MemberId,
    string MemberName,
    LineKind Kind,
    Guid? HireId,
    string Description,
    Money Amount,
    BillingMonth? Corrects = null);

/// <summary>What one payer owes for one month in one region: its lines, their total and currency.</summary>
public sealed record Statement(
    Guid PayerId,
    PayerKind PayerKind,
    string PayerName,
    Guid RegionId,
    BillingMonth Month,
    string Currency,
    IReadOnlyList<StatementLine> Lines,
    Money Total,
    bool Closed)
{
    /// <summary>The same statement with other lines, and the total they add up to.</summary>
    public Statement WithLines(IReadOnlyList<StatementLine> lines) =>
        this with { Lines = lines, Total = Money.Sum(lines.Select(line => line.Amount), Currency) };

    public static IResult InvalidMonth(string month) => Results.Problem(Hosting.Problems.Invalid("month", BillingMonth.NotAMonth(month)));
}
