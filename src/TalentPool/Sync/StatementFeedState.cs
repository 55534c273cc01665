using TalentPool.Common;

namespace TalentPool.Sync;

/// <summary>
/// A month began in a region (<c>statement_month_began.v1</c>): from now on the statements feed covers it. Statements do not
/// depend on today (a month's licence is billed for the whole month whenever it is read), but the months a member mirrors
/// are the ones that have begun, so the first month a feed is read in is a change of every payer's list: recorded once per
/// region and month (a stream of its own, found from the region and month alone), the first time the region's statements
/// feed is read in that month.
/// </summary>
public sealed record StatementMonthBegan(Guid RegionId, BillingMonth Month)
{
    public static Guid StreamIdFor(Guid regionId, BillingMonth month) => DeterministicId.From($"statement-month:{regionId}:{month}");
}

/// <summary>
/// What the change feed keeps of a region's billing to know which (payer, month) statements an event can change: the
/// region's payers, the months that have begun (<see cref="CoveredThrough"/>), the earliest month any member fact touched
/// (no statement before it), and the closed months (a fact of a closed month changes the first open month's corrections).
/// Ids and months only. Written by <see cref="ChangeFeedProjection"/> in the region's tenant; a rebuild writes it again.
/// </summary>
public sealed class StatementFeedState
{
    /// <summary>The region's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant the region's events (and so this state and its rows) live in: the region's, or before a database's
    /// pre-tenancy migration Marten's default one (the migration then moves them with every other document).</summary>
    public string Tenant { get; set; } = "";
    public string Country { get; set; } = "";
    public Guid CountyId { get; set; }
    public List<Guid> Partners { get; set; } = [];
    public List<Guid> Municipalities { get; set; } = [];

    /// <summary>The latest month begun (<see cref="StatementMonthBegan"/>): the feed covers every month up to it.</summary>
    public BillingMonth? CoveredThrough { get; set; }

    /// <summary>The earliest month a member fact (a membership, a tier, a population, a payer, a hire) touched.</summary>
    public BillingMonth? EarliestMonth { get; set; }
    public List<BillingMonth> ClosedMonths { get; set; } = [];

    public BillingMonth? LastClosed => ClosedMonths.Count == 0 ? null : ClosedMonths.Max();

    /// <summary>A copy whose lists can change apart from this one's (as a fresh read from the database would be).</summary>
    public StatementFeedState Copy() => new()
    {
        Id = Id, Tenant = Tenant, Country = Country, CountyId = CountyId, Partners = [.. Partners], Municipalities = [.. Municipalities],
        CoveredThrough = CoveredThrough, EarliestMonth = EarliestMonth, ClosedMonths = [.. ClosedMonths],
    };

    public void Touched(BillingMonth month)
    {
        if (EarliestMonth is not { } earliest || month < earliest) EarliestMonth = month;
    }
}
