using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>A region's month is closed: these statements are final and are never recomputed.</summary>
public sealed record BillingPeriodClosed(Guid RegionId, BillingMonth Month, DateTimeOffset ClosedAt, IReadOnlyList<Statement> Statements);
