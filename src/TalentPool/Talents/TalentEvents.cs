namespace TalentPool.Talents;

// Versioned contracts: each event is stored under the name given in TalentsConfiguration and its
// meaning never changes; a new meaning is a new event type (or an upcaster).
//
// Personal data lives only in TalentPersonalDetails, so erasure masks one property per event in
// place (Marten's protected-information masking) and the anonymous facts beside it stay intact.

/// <summary>Who the talent is: the only personal data in the talent's events.</summary>
public sealed record TalentPersonalDetails(string FullName, string Email, string? Phone, string? About, string? HeardAboutUsDetails)
{
    public static readonly TalentPersonalDetails Erased = new("(erased)", "(erased)", null, null, null);
}

/// <summary>
/// What the talent offers and wants: anonymous facts that metrics and matching use.
/// <c>MunicipalityOfResidence</c> (a municipality number) was added later: older events read it as null (unknown).
/// <c>WillingToRelocate</c> (would the talent move within the region for a job, to a municipality not among the preferred
/// ones) was added for matching: older events read it as null (not said), which matching treats as "no".
/// </summary>
public sealed record TalentProfile(
    string CountryOfResidence,
    string? MunicipalityOfResidence,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> CompetenceAreas,
    EducationLevel EducationLevel,
    int YearsOfExperience,
    IReadOnlyList<string> PreferredMunicipalities,
    AccompanyingPartner? AccompanyingPartner,
    HeardAboutUsChannel HeardAboutUsVia,
    bool? WillingToRelocate = null)
{
    /// <summary>
    /// As erasure leaves it: the accompanying partner's occupation is free text the talent wrote about another person, so
    /// it goes; that there is a "+1" is an anonymous fact the metrics count, so it stays.
    /// </summary>
    public TalentProfile Erased() =>
        AccompanyingPartner is null ? this : this with { AccompanyingPartner = new AccompanyingPartner(Common.ErasedText.Value) };
}

/// <summary>The "+1": a partner who moves along and needs work too.</summary>
public sealed record AccompanyingPartner(string Occupation);

public enum EducationLevel { Primary, UpperSecondary, Vocational, Bachelor, Master, Doctorate }

public enum HeardAboutUsChannel { Employer, Ambassador, FriendOrFamily, SocialMedia, JobBoard, Event, University, Other }

public enum ConsentScope { Partners, Municipalities }

public sealed record TalentRegistered(
    Guid TalentId,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    IReadOnlyList<ConsentScope> ConsentsGiven,
    DateTimeOffset RegisteredAt);

public sealed record TalentProfileUpdated(
    Guid TalentId,
    TalentPersonalDetails Personal,
    TalentProfile Profile,
    DateTimeOffset UpdatedAt);

public sealed record TalentConsentGiven(Guid TalentId, ConsentScope Scope, DateTimeOffset GivenAt);

public sealed record TalentConsentWithdrawn(Guid TalentId, ConsentScope Scope, DateTimeOffset WithdrawnAt);

/// <summary>
/// Consent to be seen by the members of other regions of the installation (partners and municipalities there, each under the
/// consent to share with their kind that the talent gave): every region, now and later (<c>EveryRegion</c>), or the regions
/// named. Given again, it replaces the earlier one. It adds regions to the sharing consents, never a kind of member.
/// </summary>
public sealed record TalentOtherRegionsConsentGiven(Guid TalentId, bool EveryRegion, IReadOnlyList<Guid> Regions, DateTimeOffset GivenAt);

/// <summary>The talent is seen by its home region's members only again (withdrawn by the talent, or with the last sharing consent).</summary>
public sealed record TalentOtherRegionsConsentWithdrawn(Guid TalentId, DateTimeOffset WithdrawnAt);

public enum ErasureRequester { Talent, Admin }

/// <summary>The talent was forgotten. An audit fact with no personal data: who asked, and when.</summary>
public sealed record TalentErased(Guid TalentId, ErasureRequester RequestedBy, DateTimeOffset ErasedAt);
