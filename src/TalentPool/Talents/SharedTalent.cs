using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

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
    /// <summary>The "+1" filter reads a column of its own, not the occupation inside the profile.</summary>
    public bool HasAccompanyingPartner => Profile.AccompanyingPartner is not null;

    /// <summary>What free-text search reads: the competence areas, the talent's own words, the "+1"'s occupation.</summary>
    public string SearchText => string.Join(' ', [.. Profile.CompetenceAreas, About, Profile.AccompanyingPartner?.Occupation]).Trim();

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

    /// <summary>
    /// Every filter of the shared base is an index lookup: the consent, registration, education, experience and
    /// "+1" filters read duplicated columns with B-tree indexes; the list filters (competence area, language,
    /// preferred municipality) and country use the GIN index on the document (<c>@&gt;</c>); free text uses a GIN
    /// full-text index on <see cref="SharedTalent.SearchText"/>; paging walks the primary key.
    /// </summary>
    public static void AddSharedTalentBase(this StoreOptions options)
    {
        options.Projections.Add<SharedTalentProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SharedTalent>()
            .DocumentAlias("shared_talent")
            .Duplicate(x => x.SharedWithPartnersSince)
            .Duplicate(x => x.SharedWithMunicipalitiesSince)
            .Duplicate(x => x.RegisteredAt)
            .Duplicate(x => x.Profile.EducationLevel)
            .Duplicate(x => x.Profile.YearsOfExperience)
            .Duplicate(x => x.HasAccompanyingPartner)
            .GinIndexJsonData()
            .FullTextIndex(SearchConfiguration, x => x.SearchText);
    }
}
