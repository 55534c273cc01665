using TalentPool.Partners;

namespace TalentPool.Municipalities;

public sealed record PopulationFrom(DateOnly From, int Population, int CountedIn);

public sealed record PayerFrom(DateOnly From, LicencePayer PaidBy);

/// <summary>A municipality's membership, population and payer over time, built only from its events.</summary>
public sealed record Municipality(
    Guid Id,
    string Number,
    string Name,
    Guid RegionId,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<PopulationFrom> Populations,
    IReadOnlyList<PayerFrom> Payers)
{
    public int Version { get; init; }

    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));

    public int PopulationOn(DateOnly day) => (Populations.LastOrDefault(p => p.From <= day) ?? Populations[0]).Population;

    public LicencePayer PayerOn(DateOnly day) => (Payers.LastOrDefault(p => p.From <= day) ?? Payers[0]).PaidBy;

    public static Municipality Create(MunicipalityJoined joined) => new(
        joined.MunicipalityId, joined.Number, joined.Name, joined.RegionId,
        [new Term(joined.JoinedOn, null)],
        [new PopulationFrom(joined.JoinedOn, joined.Population, joined.PopulationCountedIn)],
        [new PayerFrom(joined.JoinedOn, joined.PaidBy)]);

    // Population and payer are timelines: a dated fact takes its place by day and leaves later facts alone; a second
    // fact for the same day (a correction, or a stored duplicate from before duplicates were refused) replaces the first.
    public Municipality Apply(MunicipalityPopulationUpdated updated) =>
        WithPopulation(new(updated.EffectiveFrom, updated.Population, updated.CountedIn));

    public Municipality Apply(MunicipalityPopulationCorrected corrected) =>
        WithPopulation(new(corrected.EffectiveFrom, corrected.Population, corrected.CountedIn));

    public Municipality Apply(MunicipalityPayerChanged changed) => WithPayer(new(changed.EffectiveFrom, changed.PaidBy));

    public Municipality Apply(MunicipalityPayerCorrected corrected) => WithPayer(new(corrected.EffectiveFrom, corrected.PaidBy));

    private Municipality WithPopulation(PopulationFrom fact) =>
        this with { Populations = [.. Populations.Where(p => p.From != fact.From).Append(fact).OrderBy(p => p.From)] };

    private Municipality WithPayer(PayerFrom fact) =>
        this with { Payers = [.. Payers.Where(p => p.From != fact.From).Append(fact).OrderBy(p => p.From)] };

    public Municipality Apply(MunicipalityLeft left) => this with
    {
        Terms = [.. Terms.Take(Terms.Count - 1), Terms[^1] with { Until = left.LeftOn }],
    };

    public Municipality Apply(MunicipalityRejoined rejoined) => this with { Terms = [.. Terms, new Term(rejoined.RejoinedOn, null)] };
}
