using System.Globalization;
using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Hires;
using TalentPool.Talents;

namespace TalentPool.Metrics;

/// <summary>How many registrations or hires came from one country.</summary>
public sealed record CountryCount(string Country, int Count);

/// <summary>How many registrations or hires came from one country with one competence area.</summary>
public sealed record CountryCompetenceAreaCount(string Country, string CompetenceArea, int Count);

/// <summary>
/// One month of target markets for one scope: the talents registered in the whole installation (by their country of
/// residence and competence areas when they registered), or one region's hires (by the talent's country and competence
/// areas the hire recorded, in the hire date's month). Counts only: a talent is counted, never named, so an erased
/// talent's registration stays a fact here with nothing of the person in it. A talent with two competence areas counts
/// in both cells and once in its country.
/// </summary>
public sealed record TargetMarketMonth(
    string Id, Guid? RegionId, string Month, int Total, IReadOnlyList<CountryCount> ByCountry,
    IReadOnlyList<CountryCompetenceAreaCount> ByCountryAndCompetenceArea)
{
    /// <summary>Registrations are the installation's until regions are tenants: talents are not tied to a region yet.</summary>
    public static string RegistrationsId(DateOnly day) => $"registrations/{MonthOf(day)}";

    public static string HiresId(Guid regionId, DateOnly day) => $"hires/{regionId}/{MonthOf(day)}";

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static TargetMarketMonth Empty(string id, Guid? regionId, DateOnly day) => new(id, regionId, MonthOf(day), 0, [], []);

    public TargetMarketMonth With(string country, IReadOnlyList<string> competenceAreas)
    {
        var key = country.Trim().ToUpperInvariant();
        var byCountry = ByCountry.Any(c => c.Country == key)
            ? ByCountry.Select(c => c.Country == key ? c with { Count = c.Count + 1 } : c)
            : ByCountry.Append(new CountryCount(key, 1));
        var cells = ByCountryAndCompetenceArea.ToList();
        foreach (var area in competenceAreas.Distinct())
        {
            var at = cells.FindIndex(c => c.Country == key && c.CompetenceArea == area);
            if (at >= 0) cells[at] = cells[at] with { Count = cells[at].Count + 1 };
            else cells.Add(new CountryCompetenceAreaCount(key, area, 1));
        }
        return this with { Total = Total + 1, ByCountry = [.. byCountry], ByCountryAndCompetenceArea = cells };
    }
}

/// <summary>
/// Async, run by the daemon: every registration of the installation in a month lands on one document, and every hire
/// of a region in a month on another, so inline these registrations and hires would contend for the same rows inside
/// their commits; target markets are a monthly figure that may lag a moment (the answer carries its freshness).
/// Pre-aggregated per month, so a period's read loads a bounded number of small documents, never the events.
/// A hire counts in its hire date's month as recorded, like the region's monthly hires: a cancellation later does not
/// take it out (a cancellation carries neither the talent's country nor the hire's month).
/// </summary>
public sealed class TargetMarketMonthProjection : MultiStreamProjection<TargetMarketMonth, string>
{
    public const string ProjectionName = "TargetMarketMonth";

    public TargetMarketMonthProjection()
    {
        Name = ProjectionName;
        Identity<TalentRegistered>(e => TargetMarketMonth.RegistrationsId(DayOf(e.RegisteredAt)));
        Identity<HireRecorded>(e => TargetMarketMonth.HiresId(e.RegionId, e.HiredOn));
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<TalentRegistered>();
        IncludeType<HireRecorded>();
    }

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public override TargetMarketMonth? Evolve(TargetMarketMonth? snapshot, string id, IEvent e) => e.Data switch
    {
        TalentRegistered registered => (snapshot ?? TargetMarketMonth.Empty(id, null, DayOf(registered.RegisteredAt)))
            .With(registered.Profile.CountryOfResidence, registered.Profile.CompetenceAreas),
        HireRecorded recorded => (snapshot ?? TargetMarketMonth.Empty(id, recorded.RegionId, recorded.HiredOn))
            .With(recorded.TalentCountry, recorded.CompetenceAreas),
        _ => snapshot,
    };
}
