using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>Which months of a region are closed: the stream every close of that region appends to.</summary>
public sealed record RegionBilling(Guid Id, Guid RegionId, IReadOnlyList<BillingMonth> ClosedMonths)
{
    public int Version { get; init; }

    /// <summary>Corrections of closed months land here: the month after the last closed one.</summary>
    public BillingMonth? FirstOpenMonth => ClosedMonths.Count == 0 ? null : ClosedMonths.Max().Next;

    public bool IsClosed(BillingMonth month) => ClosedMonths.Contains(month);

    public static RegionBilling Create(BillingPeriodClosed closed) => new(StreamIdFor(closed.RegionId), closed.RegionId, [closed.Month]);

    public RegionBilling Apply(BillingPeriodClosed closed) => this with { ClosedMonths = [.. ClosedMonths, closed.Month] };

    public RegionBilling Apply(BillingPeriodReopened reopened) => this with { ClosedMonths = [.. ClosedMonths.Where(m => m != reopened.Month)] };

    /// <summary>One billing stream per region, found from the region's id alone.</summary>
    public static Guid StreamIdFor(Guid regionId) => DeterministicId.From($"region-billing:{regionId}");
}

/// <summary>The frozen statements of one closed month of one region.</summary>
public sealed record ClosedBillingPeriod(string Id, Guid RegionId, BillingMonth Month, DateTimeOffset ClosedAt, IReadOnlyList<Statement> Statements)
{
    public static string IdFor(Guid regionId, BillingMonth month) => $"{regionId}/{month}";
}
