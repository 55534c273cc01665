using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace TalentPool.Talents;

/// <summary>
/// The shared talent base: one document per registered, not erased talent, holding what a member is shown
/// (name, how to get in touch, the profile) and what filtering needs (since when each consent is in force,
/// when the talent registered, the text that free-text search reads). Nothing else of the talent is copied:
/// not how the talent heard of us in their own words, not the talent's history.
/// </summary>
/// <remarks>
/// A talent whose consents are both withdrawn keeps its document, with no consent in force, so that a consent
/// given again shows the talent at once: a consent event carries no profile. Members only ever read documents
/// with a consent in force (see <see cref="SharedTalentSearch"/>); erasure deletes the document.
/// </remarks>
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
}

/// <summary>
/// Builds <see cref="SharedTalent"/> from the talent's own stream. Inline, in the transaction that appends the
/// event: a talent who withdraws consent must vanish from the base at once, not when a daemon catches up, and
/// a registration or profile change costs one small document write. The projection reads no other stream, so
/// nothing would be gained by running it async.
/// </summary>
public sealed class SharedTalentProjection : SingleStreamProjection<SharedTalent, Guid>
{
    public SharedTalent Create(TalentRegistered registered)
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

    public SharedTalent Apply(TalentProfileUpdated updated, SharedTalent talent) => talent with
    {
        FullName = updated.Personal.FullName,
        Email = updated.Personal.Email,
        Phone = updated.Personal.Phone,
        About = updated.Personal.About,
        Profile = updated.Profile,
    };

    public SharedTalent Apply(TalentConsentGiven given, SharedTalent talent) => given.Scope == ConsentScope.Partners
        ? talent with { SharedWithPartnersSince = given.GivenAt }
        : talent with { SharedWithMunicipalitiesSince = given.GivenAt };

    public SharedTalent Apply(TalentConsentWithdrawn withdrawn, SharedTalent talent) => withdrawn.Scope == ConsentScope.Partners
        ? talent with { SharedWithPartnersSince = null }
        : talent with { SharedWithMunicipalitiesSince = null };

    /// <summary>An erased talent leaves the shared base entirely.</summary>
    public bool ShouldDelete(TalentErased erased) => true;
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
