namespace TalentPool.Talents;

/// <summary>
/// A talent as the talent (and an admin) sees it, built only from the talent's events. It is also
/// the state the talent's decisions are taken on. Marten keeps it inline, in the same transaction
/// as the events, so a read never replays the stream.
/// </summary>
public sealed record Talent(
    Guid Id,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    TalentConsents Consents,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version: send it back as <c>version</c> to update the profile.</summary>
    public int Version { get; init; }

    public static Talent Create(TalentRegistered registered) => new(
        registered.TalentId,
        registered.Personal,
        registered.Profile,
        TalentConsents.None.With(registered.ConsentsGiven, registered.RegisteredAt),
        registered.RegisteredAt,
        registered.RegisteredAt);

    public Talent Apply(TalentProfileUpdated updated) =>
        this with { Personal = updated.Personal, Profile = updated.Profile, UpdatedAt = updated.UpdatedAt };

    public Talent Apply(TalentConsentGiven given) =>
        this with { Consents = Consents.With([given.Scope], given.GivenAt), UpdatedAt = given.GivenAt };

    public Talent Apply(TalentConsentWithdrawn withdrawn) =>
        this with { Consents = Consents.Without(withdrawn.Scope), UpdatedAt = withdrawn.WithdrawnAt };

    /// <summary>An erased talent leaves the read model entirely.</summary>
    public bool ShouldDelete(TalentErased erased) => true;
}

/// <summary>When each consent to share was last given; null while not in force.</summary>
public sealed record TalentConsents(DateTimeOffset? SharedWithPartnersSince, DateTimeOffset? SharedWithMunicipalitiesSince)
{
    public static readonly TalentConsents None = new(null, null);

    public bool IsGiven(ConsentScope scope) => Since(scope) is not null;

    /// <summary>Given, and given less than the region's consent validity ago (default 24 months).</summary>
    public bool InForce(ConsentScope scope, DateTimeOffset now, int validityMonths) =>
        Since(scope) is { } since && since.AddMonths(validityMonths) > now;

    /// <summary>The earliest moment a consent may have been given and still be in force now.</summary>
    public static DateTimeOffset InForceSince(DateTimeOffset now, int validityMonths) => now.AddMonths(-validityMonths);

    public DateTimeOffset? Since(ConsentScope scope) =>
        scope == ConsentScope.Partners ? SharedWithPartnersSince : SharedWithMunicipalitiesSince;

    public TalentConsents With(IEnumerable<ConsentScope> scopes, DateTimeOffset at) => scopes.Aggregate(this, (consents, scope) =>
        scope == ConsentScope.Partners ? consents with { SharedWithPartnersSince = at } : consents with { SharedWithMunicipalitiesSince = at });

    public TalentConsents Without(ConsentScope scope) =>
        scope == ConsentScope.Partners ? this with { SharedWithPartnersSince = null } : this with { SharedWithMunicipalitiesSince = null };
}
