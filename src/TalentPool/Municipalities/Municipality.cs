using TalentPool.Partners;

namespace TalentPool.Municipalities;

public sealed record PopulationFrom(DateOnly From, int Population, int CountedIn);

public sealed record PayerFrom(DateOnly From, LicencePayer PaidBy);

/// <summary>
/// The state a municipality's decisions are taken on (and its number kept unique per region), built only from its
/// events; billing reads it too. Not an answer of the API: readers get <see cref="MunicipalityDetails"/>.
/// </summary>
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

    public static Municipality Create(MunicipalityJoined joined)
    {
        var timeline = MunicipalityTimeline.Of(joined);
        return new(
            joined.MunicipalityId, joined.Number, joined.Name, joined.RegionId, timeline.Terms, timeline.Populations, timeline.Payers);
    }

    public Municipality Apply(MunicipalityPopulationUpdated updated) => With(Timeline.Apply(updated));

    public Municipality Apply(MunicipalityPopulationCorrected corrected) => With(Timeline.Apply(corrected));

    public Municipality Apply(MunicipalityPayerChanged changed) => With(Timeline.Apply(changed));

    public Municipality Apply(MunicipalityPayerCorrected corrected) => With(Timeline.Apply(corrected));

    public Municipality Apply(MunicipalityLeft left) => With(Timeline.Apply(left));

    public Municipality Apply(MunicipalityRejoined rejoined) => With(Timeline.Apply(rejoined));

    private MunicipalityTimeline Timeline => new(Terms, Populations, Payers);

    private Municipality With(MunicipalityTimeline timeline) =>
        this with { Terms = timeline.Terms, Populations = timeline.Populations, Payers = timeline.Payers };
}

/// <summary>
/// A municipality's memberships, populations and payers as its events tell them: one rule for the write state and
/// for the municipality's read model.
/// </summary>
public sealed record MunicipalityTimeline(
    IReadOnlyList<Term> Terms, IReadOnlyList<PopulationFrom> Populations, IReadOnlyList<PayerFrom> Payers)
{
    public static MunicipalityTimeline Of(MunicipalityJoined joined) => new(
        [new Term(joined.JoinedOn, null)],
        [new PopulationFrom(joined.JoinedOn, joined.Population, joined.PopulationCountedIn)],
        [new PayerFrom(joined.JoinedOn, joined.PaidBy)]);

    // Population and payer are timelines: a dated fact takes its place by day and leaves later facts alone; a second
    // fact for the same day (a correction, or a stored duplicate from before duplicates were refused) replaces the first.
    public MunicipalityTimeline Apply(MunicipalityPopulationUpdated updated) =>
        WithPopulation(new(updated.EffectiveFrom, updated.Population, updated.CountedIn));

    public MunicipalityTimeline Apply(MunicipalityPopulationCorrected corrected) =>
        WithPopulation(new(corrected.EffectiveFrom, corrected.Population, corrected.CountedIn));

    public MunicipalityTimeline Apply(MunicipalityPayerChanged changed) => WithPayer(new(changed.EffectiveFrom, changed.PaidBy));

    public MunicipalityTimeline Apply(MunicipalityPayerCorrected corrected) => WithPayer(new(corrected.EffectiveFrom, corrected.PaidBy));

    public MunicipalityTimeline Apply(MunicipalityLeft left) => this with
    {
        Terms = [.. Terms.Take(Terms.Count - 1), Terms[^1] with { Until = left.LeftOn }],
    };

    public MunicipalityTimeline Apply(MunicipalityRejoined rejoined) =>
        this with { Terms = [.. Terms, new Term(rejoined.RejoinedOn, null)] };

    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));

    public PopulationFrom PopulationOn(DateOnly day) => Populations.LastOrDefault(p => p.From <= day) ?? Populations[0];

    public LicencePayer PayerOn(DateOnly day) => (Payers.LastOrDefault(p => p.From <= day) ?? Payers[0]).PaidBy;

    private MunicipalityTimeline WithPopulation(PopulationFrom fact) =>
        this with { Populations = [.. Populations.Where(p => p.From != fact.From).Append(fact).OrderBy(p => p.From)] };

    private MunicipalityTimeline WithPayer(PayerFrom fact) =>
        this with { Payers = [.. Payers.Where(p => p.From != fact.From).Append(fact).OrderBy(p => p.From)] };
}
