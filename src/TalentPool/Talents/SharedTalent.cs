using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Schema;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace TalentPool.Talents;

/// <summary>
/// The shared talent base: one document per talent who shares with partners or municipalities (a consent given and
/// not withdrawn), holding what a member is shown (name, how to get in touch, the profile) and what filtering needs
/// (since when each consent is given, when the talent registered, the text that free-text search reads). Nothing else
/// of the talent is copied: not how the talent heard of us in their own words, not the talent's history. A talent
/// who shares with nobody, or is erased, has no document. Whether a consent is still in force (younger than the
/// reading member's region's validity) is decided when reading (<see cref="SharedTalentSearch"/>).
/// </summary>
public sealed record SharedTalent(
    Guid Id,
    string FullName,
    string Email,
    string? Phone,
    string? About,
    TalentProfile Profile,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? SharedWithPartnersSince,
    DateTimeOffset? SharedWithMunicipalitiesSince)
{
    /// <summary>Whether the talent has a "+1" (a filter: <see cref="FilterTokens"/>), not the occupation inside the profile.</summary>
    public bool HasAccompanyingPartner => Profile.AccompanyingPartner is not null;

    /// <summary>
    /// The column every equality filter reads, through one GIN index: a token per facet value the talent has
    /// (<see cref="SharedTalentSearch.Token"/>: <c>competenceArea:Nursing</c>, <c>language:en</c>, <c>country:IN</c>,
    /// <c>education:Master</c>, <c>preferredMunicipality:3403</c>, <c>plusOne:true</c>). Several filters are one lookup that
    /// intersects their lists inside the index, and the filtered facets count these tokens. Not in the JSON.
    /// </summary>
    [JsonIgnore]
    public string[] FilterTokens =>
    [
        .. Profile.CompetenceAreas.Select(area => SharedTalentSearch.Token(SharedTalentFacets.CompetenceAreaFacet, area)),
        .. Profile.Languages.Select(language => SharedTalentSearch.Token(SharedTalentFacets.LanguageFacet, language)),
        .. Profile.PreferredMunicipalities.Select(number => SharedTalentSearch.Token(SharedTalentFacets.PreferredMunicipalityFacet, number)),
        SharedTalentSearch.Token(SharedTalentFacets.CountryFacet, Profile.CountryOfResidence),
        SharedTalentSearch.Token(SharedTalentFacets.EducationFacet, Profile.EducationLevel.ToString()),
        SharedTalentSearch.Token(SharedTalentSearch.PlusOneFilter, HasAccompanyingPartner ? "true" : "false"),
        .. OtherRegionsSharing.TokensOf(OtherRegions),
    ];

    /// <summary>
    /// The other regions whose members may see the talent too (<see cref="OtherRegionsSharing"/>), null for its home region's
    /// only. Read through <see cref="FilterTokens"/> (<c>visibleIn:*</c>, <c>visibleIn:&lt;region&gt;</c>).
    /// </summary>
    public OtherRegionsConsent? OtherRegions { get; init; }

    /// <summary>What free-text search reads: the competence areas, the talent's own words, the "+1"'s occupation.</summary>
    public string SearchText => string.Join(' ', [.. Profile.CompetenceAreas, About, Profile.AccompanyingPartner?.Occupation]).Trim();

    /// <summary>
    /// The column free-text search reads: <see cref="SearchText"/> as a <c>tsvector</c>, made by the database when the document
    /// is written (<see cref="SharedTalentFacetCounts"/>'s trigger), so a search never computes it row by row. Not in the JSON.
    /// </summary>
    [JsonIgnore]
    public string? SearchVector => null;

    private bool SharesWithAnyone => SharedWithPartnersSince is not null || SharedWithMunicipalitiesSince is not null;

    /// <summary>The talent after one more of its events, whether or not it shares; null once erased.</summary>
    public static SharedTalent? Next(SharedTalent? talent, object @event) => (talent, @event) switch
    {
        (_, TalentRegistered registered) => Registered(registered),
        (not null, TalentProfileUpdated updated) => talent with
        {
            FullName = updated.Personal.FullName,
            Email = updated.Personal.Email,
            Phone = updated.Personal.Phone,
            About = updated.Personal.About,
            Profile = updated.Profile,
        },
        (not null, TalentConsentGiven { Scope: ConsentScope.Partners } given) => talent with { SharedWithPartnersSince = given.GivenAt },
        (not null, TalentConsentGiven given) => talent with { SharedWithMunicipalitiesSince = given.GivenAt },
        (not null, TalentConsentWithdrawn { Scope: ConsentScope.Partners }) => talent with { SharedWithPartnersSince = null },
        (not null, TalentConsentWithdrawn) => talent with { SharedWithMunicipalitiesSince = null },
        (not null, TalentOtherRegionsConsentGiven given) => talent with { OtherRegions = OtherRegionsConsent.From(given) },
        (not null, TalentOtherRegionsConsentWithdrawn) => talent with { OtherRegions = null },
        (_, TalentErased) => null,
        _ => talent,
    };

    /// <summary>What the shared base stores of the talent: the talent while it shares with anyone, else nothing.</summary>
    public SharedTalent? IfSharing() => SharesWithAnyone ? this : null;

    private static SharedTalent Registered(TalentRegistered registered)
    {
        var consents = TalentConsents.None.With(registered.ConsentsGiven, registered.RegisteredAt);
        return new SharedTalent(
            registered.TalentId,
            registered.Personal.FullName,
            registered.Personal.Email,
            registered.Personal.Phone,
            registered.Personal.About,
            registered.Profile,
            registered.RegisteredAt,
            consents.SharedWithPartnersSince,
            consents.SharedWithMunicipalitiesSince);
    }
}

/// <summary>
/// Builds <see cref="SharedTalent"/> from the talent's own stream. Inline, in the transaction that appends the
/// event: a talent who withdraws consent must vanish from the base at once, not when a daemon catches up, and
/// a registration or profile change costs one small document write. The projection reads no other stream, so
/// nothing would be gained by running it async.
/// </summary>
/// <remarks>
/// A consent event carries no profile: when a talent who shared with nobody (so has no document) gives a consent,
/// the profile is rebuilt from the talent's earlier events. Only those: the current event is not committed yet
/// when inline, and a rebuild must not see the future (a known sequence bounds the history then). So a consent
/// appended in the same transaction as a registration that gave none would be missed inline; no endpoint does that.
/// </remarks>
public sealed class SharedTalentProjection : SingleStreamProjection<SharedTalent, Guid>
{
    public SharedTalentProjection()
    {
        // EvolveAsync names no event types: without these Marten feeds it every event of the store.
        IncludeType<TalentRegistered>();
        IncludeType<TalentProfileUpdated>();
        IncludeType<TalentConsentGiven>();
        IncludeType<TalentConsentWithdrawn>();
        IncludeType<TalentErased>();
        IncludeType<TalentOtherRegionsConsentGiven>();
        IncludeType<TalentOtherRegionsConsentWithdrawn>();
    }

    public override async ValueTask<SharedTalent?> EvolveAsync(
        SharedTalent? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        var talent = snapshot ?? (e.Data is TalentConsentGiven ? await HistoryBeforeAsync(id, e, session, cancellation) : null);
        return SharedTalent.Next(talent, e.Data)?.IfSharing();
    }

    private static async Task<SharedTalent?> HistoryBeforeAsync(
        Guid id, IEvent current, IQuerySession session, CancellationToken cancellation)
    {
        var history = await session.Events.FetchStreamAsync(id, token: cancellation);
        return history
            .Where(e => current.Sequence == 0 || e.Sequence < current.Sequence)
            .Aggregate((SharedTalent?)null, (talent, e) => SharedTalent.Next(talent, e.Data));
    }
}

public static class SharedTalentConfiguration
{
    public const string SearchConfiguration = "english";
    public const string FacetIndex = "mt_doc_shared_talent_idx_facets";

    private static readonly string[] Unindexed =
    [
        "profilecountry_of_residence", "profileeducation_level", "profileyears_of_experience", "profilecompetence_areas",
        "profilelanguages", "profilepreferred_municipalities",
    ];

    /// <summary>
    /// Every filter of the shared base reads a column (never a path into the JSON): the consent and registration filters
    /// B-tree indexes, every equality filter (competence area, language, preferred municipality, country, education, "+1")
    /// one GIN index over <see cref="SharedTalent.FilterTokens"/> (several filters intersect inside it), free text a GIN
    /// index over a stored <c>tsvector</c> of <see cref="SharedTalent.SearchText"/>; paging walks the primary key, a
    /// filtered search's facets an index in the same order that holds every column they read. Seven indexes a write
    /// keeps, where one per filter column made thirteen. The facet counts of the whole base
    /// are kept by the database beside the documents (<see cref="SharedTalentFacetCounts"/>).
    /// </summary>
    public static void AddSharedTalentBase(this StoreOptions options)
    {
        options.Projections.Add<SharedTalentProjection>(ProjectionLifecycle.Inline);
        static void Gin(DocumentIndex index) => index.Method = IndexMethod.gin;
        // Marten maps a list of strings to jsonb unless told: text[] is what `@>` on a GIN index and unnest() want.
        const string TextArray = "text[]";
        const NpgsqlDbType TextArrayParameter = NpgsqlDbType.Array | NpgsqlDbType.Text;
        options.Schema.For<SharedTalent>()
            .DocumentAlias("shared_talent")
            .Duplicate(x => x.SharedWithPartnersSince)
            .Duplicate(x => x.SharedWithMunicipalitiesSince)
            .Duplicate(x => x.RegisteredAt)
            .Duplicate(x => x.FilterTokens, TextArray, TextArrayParameter, Gin)
            // Written NULL by Marten, made by the database from SearchText (SharedTalentFacetCounts).
            .Duplicate(x => x.SearchVector, "tsvector", NpgsqlDbType.TsVector, Gin);
        // The newest matches a filtered search counts its facets over, read from one index alone (an index-only scan): the id
        // order of the paging, with every column a filter or a facet reads included, so walking it never fetches a document.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping is not DocumentMapping<SharedTalent> shared) return;
            // Columns without an index of their own (Marten gives every duplicated column one): the facet values the kept
            // counts are made of (SharedTalentFacetCounts.ValuesOf) and the experience the covering index below holds. The
            // filters read the tokens' GIN index, and each index costs every registration (README "The write path").
            shared.Duplicate(x => x.Profile.YearsOfExperience);
            shared.Duplicate(x => x.Profile.CountryOfResidence);
            shared.Duplicate(x => x.Profile.EducationLevel);
            shared.Duplicate(x => x.Profile.CompetenceAreas, TextArray, TextArrayParameter);
            shared.Duplicate(x => x.Profile.Languages, TextArray, TextArrayParameter);
            shared.Duplicate(x => x.Profile.PreferredMunicipalities, TextArray, TextArrayParameter);
            foreach (var index in mapping.Indexes.Where(index => index.Columns is [var column] && Unindexed.Contains(column)).ToList())
            {
                mapping.Indexes.Remove(index);
            }
            var newestFirst = mapping.AddIndex("id");
            newestFirst.Name = FacetIndex;
            // The tenant, for a search that reads other regions' consenting talents too (OtherRegionsSharing: "its own tenant's,
            // or another's holding its token"), and the stored tsvector, for free text combined with other filters: both walks
            // stay in this index alone, newest first, and stop at their limit (README "Shared-talent search at scale").
            newestFirst.IncludeColumns =
            [
                "tenant_id", "shared_with_partners_since", "shared_with_municipalities_since", "registered_at",
                "profileyears_of_experience", "filter_tokens", "search_vector",
            ];
        });
        options.Storage.Add(new SharedTalentFacetCounts(options));
        options.Storage.Add(new SharedTalentProbes(options));
    }
}
