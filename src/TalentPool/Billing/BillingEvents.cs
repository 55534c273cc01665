using TalentPool.Common;

namespace TalentPool.Billing;

/// <summary>A region's month is closed: these statements are final and are never recomputed.</summary>
public sealed record BillingPeriodClosed(Guid RegionId, BillingMonth Month, DateTimeOffset ClosedAt, IReadOnlyList<Statement> Statements);

/// <summary>
/// A closed month opened again, because it was closed by mistake: its frozen statements are withdrawn and it is
/// billed as an open month until it is closed again. Only the last closed month reopens, so no later month's
/// corrections ever rest on a month that is no longer closed.
/// </summary>
public sealed record BillingPeriodReopened(Guid RegionId, BillingMonth Month, string Reason, DateTimeOffset ReopenedAt);
