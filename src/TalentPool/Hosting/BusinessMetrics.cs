using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Talents;

namespace TalentPool.Hosting;

/// <summary>
/// The business counters, counted from the events a session has committed: a fact counts once, when it is stored,
/// whichever endpoint or command stored it. A refused or rolled-back write commits nothing, and an idempotent retry
/// answered from its first answer appends nothing, so neither counts. Labels are low-cardinality and anonymous:
/// a hire's classification, a fee's currency — never a person, member or region.
/// </summary>
public sealed class BusinessMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "TalentPool";

    private readonly Counter<long> _registrations;
    private readonly Counter<long> _hiresRecorded;
    private readonly Counter<long> _hiresCancelled;
    private readonly Counter<long> _feesBilled;
    private readonly Counter<long> _feesCredited;

    public BusinessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _registrations = meter.CreateCounter<long>("talentpool.talents.registered", "{talent}", "Talents registered.");
        _hiresRecorded = meter.CreateCounter<long>("talentpool.hires.recorded", "{hire}", "Hires recorded, by classification.");
        _hiresCancelled = meter.CreateCounter<long>("talentpool.hires.cancelled", "{hire}", "Hires cancelled (their fee credited).");
        // Money as whole minor units (øre, öre, cents): exact in a counter and in Prometheus' float64 up to 2^53.
        _feesBilled = meter.CreateCounter<long>("talentpool.hire_fees.billed.minor_units", null,
            "Per-hire fees billed, in minor units of the currency (1/100), by currency.");
        _feesCredited = meter.CreateCounter<long>("talentpool.hire_fees.credited.minor_units", null,
            "Per-hire fees credited by cancellations, in minor units of the currency (1/100), by currency.");
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var @event in commit.GetEvents()) Count(@event.Data);
        return Task.CompletedTask;
    }

    private void Count(object fact)
    {
        switch (fact)
        {
            case TalentRegistered:
                _registrations.Add(1);
                break;
            case HireRecorded hire:
                _hiresRecorded.Add(1, new KeyValuePair<string, object?>("classification", hire.Classification.ToString().ToLowerInvariant()));
                _feesBilled.Add(MinorUnits(hire.Fee), Currency(hire.Fee));
                break;
            case HireCancelled cancellation:
                _hiresCancelled.Add(1);
                _feesCredited.Add(MinorUnits(cancellation.CreditedFee), Currency(cancellation.CreditedFee));
                break;
        }
    }

    /// <summary>A fee is <see cref="Money.Billed"/>: two decimals at most, so its minor units are a whole number.</summary>
    internal static long MinorUnits(Money amount) => decimal.ToInt64(amount.Amount * 100m);

    private static KeyValuePair<string, object?> Currency(Money amount) => new("currency", amount.Currency);
}
