namespace TalentPool.Talents;

/// <summary>
/// The state the talent's decisions are taken on (and the e-mail address kept unique), built only from the
/// talent's events. Marten keeps it inline, in the same transaction as the events, so a write never replays the stream.
/// Not an answer of the API itself: the talent reads <see cref="TalentProfileView"/>, made from it (this document carries
/// what that view needs, so a registration writes one talent document instead of two with the same data).
/// </summary>
public sealed record Talent(
    Guid Id,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    TalentConsents Consents)
{
    /// <summary>The stream version, checked against the <c>expectedVersion</c> a profile update sends.</summary>
    public int Version { get; init; }

    /// <summary>When the talent registered. Default (0001-01-01) only in a document stored before it was kept here.</summary>
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When the talent's profile or consents last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    public static Talent Create(TalentRegistered registered) => new(
        registered.TalentId,
        registered.Personal,
        registered.Profile,
        TalentConsents.None.With(registered.ConsentsGiven, registered.RegisteredAt))
    {
        RegisteredAt = registered.RegisteredAt,
        UpdatedAt = registered.RegisteredAt,
    };

    public Talent Apply(TalentProfileUpdated updated) =>
        this with { Personal = updated.Personal, Profile = updated.Profile, UpdatedAt = updated.UpdatedAt };

    public Talent Apply(TalentConsentGiven given) =>
        this with { Consents = Consents.With([given.Scope], given.GivenAt), UpdatedAt = given.GivenAt };

    public Talent Apply(TalentConsentWithdrawn withdrawn) =>
        this with { Consents = Consents.Without(withdrawn.Scope), UpdatedAt = withdrawn.WithdrawnAt };

    public Talent Apply(TalentOtherRegionsConsentGiven given) =>
        this with { Consents = Consents with { OtherRegions = OtherRegionsConsent.From(given) }, UpdatedAt = given.GivenAt };

    public Talent Apply(TalentOtherRegionsConsentWithdrawn withdrawn) =>
        this with { Consents = Consents with { OtherRegions = null }, UpdatedAt = withdrawn.WithdrawnAt };

    /// <summary>An erased talent leaves the write state entirely.</summary>
    public bool ShouldDelete(TalentErased erased) => true;
}

/// <summary>When each consent to share was last given; null while not in force.</summary>
public sealed record TalentConsents(DateTimeOffset? SharedWithPartnersSince, DateTimeOffset? SharedWithMunicipalitiesSince)
{
    public static readonly TalentConsents None = new(null, null);

    /// <summary>Which other regions' members may see the talent too (null: its home region's only). See <see cref="OtherRegionsConsent"/>.</summary>
    public OtherRegionsConsent? OtherRegions { get; init; }

    /// <summary>Whether the talent shares with partners or municipalities at all: what consent to other regions needs.</summary>
    public bool SharesWithAnyone => SharedWithPartnersSince is not null || SharedWithMunicipalitiesSince is not null;

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

/// <summary>
/// The talent's consent to be seen in other regions: in every region of the installation (<c>EveryRegion</c>, regions made
/// later included), or in the regions named. Members there see the talent as its home region's members do, under the
/// sharing consents (partners, municipalities) and nothing more.
/// </summary>
public sealed record OtherRegionsConsent(bool EveryRegion, IReadOnlyList<Guid> Regions, DateTimeOffset GivenAt)
{
    public static OtherRegionsConsent From(TalentOtherRegionsConsentGiven given) =>
        new(given.EveryRegion, given.EveryRegion ? [] : given.Regions, given.GivenAt);

    public bool Includes(Guid region) => EveryRegion || Regions.Contains(region);
}
