using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace TalentPool.Talents;

/// <summary>
/// The talent's own profile as the talent (and an admin) reads it: who they are, what they offer, which consents
/// are in force, and the version to send back when updating. The talent edits their personal details here, so
/// this is the one read model that shows them in full.
/// </summary>
public sealed record TalentProfileView(
    Guid Id,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    TalentConsents Consents,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version: send it back as <c>expectedVersion</c> to update the profile.</summary>
    public int Version { get; init; }

    public static Task<TalentProfileView?> ReadAsync(Guid talentId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<TalentProfileView>(talentId, cancellation);
}

/// <summary>
/// Inline: the talent reads their profile right after changing it (the write answers with it), so it must be
/// current when the write commits; one stream, one document, written in the write's own transaction.
/// Deleted on erasure: the person leaves this read model with the rest of their personal data.
/// </summary>
public sealed partial class TalentProfileViewProjection : SingleStreamProjection<TalentProfileView, Guid>
{
    public static TalentProfileView Create(TalentRegistered registered) => new(
        registered.TalentId,
        registered.Personal,
        registered.Profile,
        TalentConsents.None.With(registered.ConsentsGiven, registered.RegisteredAt),
        registered.RegisteredAt,
        registered.RegisteredAt);

    public static TalentProfileView Apply(TalentProfileUpdated updated, TalentProfileView view) =>
        view with { Personal = updated.Personal, Profile = updated.Profile, UpdatedAt = updated.UpdatedAt };

    public static TalentProfileView Apply(TalentConsentGiven given, TalentProfileView view) =>
        view with { Consents = view.Consents.With([given.Scope], given.GivenAt), UpdatedAt = given.GivenAt };

    public static TalentProfileView Apply(TalentConsentWithdrawn withdrawn, TalentProfileView view) =>
        view with { Consents = view.Consents.Without(withdrawn.Scope), UpdatedAt = withdrawn.WithdrawnAt };

    public static TalentProfileView Apply(TalentOtherRegionsConsentGiven given, TalentProfileView view) =>
        view with { Consents = view.Consents with { OtherRegions = OtherRegionsConsent.From(given) }, UpdatedAt = given.GivenAt };

    public static TalentProfileView Apply(TalentOtherRegionsConsentWithdrawn withdrawn, TalentProfileView view) =>
        view with { Consents = view.Consents with { OtherRegions = null }, UpdatedAt = withdrawn.WithdrawnAt };

    public static bool ShouldDelete(TalentErased erased) => true;
}
