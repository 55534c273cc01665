namespace TalentPool.Talents;

/// <summary>The talent's rules as pure functions: state and command in, events out.</summary>
public static class TalentDecisions
{
    public static TalentRegistered Register(RegisterTalent command, Guid talentId, DateTimeOffset now)
    {
        var (personal, profile) = command.Normalize();
        var consents = new List<ConsentScope>();
        if (command.ShareWithPartners) consents.Add(ConsentScope.Partners);
        if (command.ShareWithMunicipalities) consents.Add(ConsentScope.Municipalities);
        return new TalentRegistered(talentId, personal, profile, consents, now);
    }

    /// <summary>An update that changes nothing records nothing.</summary>
    public static IEnumerable<object> UpdateProfile(Talent talent, UpdateTalentProfile command, DateTimeOffset now)
    {
        var (personal, profile) = command.Normalize();
        if (personal == talent.Personal && SameProfile(profile, talent.Profile)) yield break;
        yield return new TalentProfileUpdated(talent.Id, personal, profile, now);
    }

    /// <summary>Giving consent again renews it: its date is what a consent expiry counts from.</summary>
    public static TalentConsentGiven GiveConsent(Talent talent, ConsentScope scope, DateTimeOffset now) =>
        new(talent.Id, scope, now);

    /// <summary>Withdrawing a consent that is not in force records nothing.</summary>
    public static IEnumerable<object> WithdrawConsent(Talent talent, ConsentScope scope, DateTimeOffset now)
    {
        if (talent.Consents.IsGiven(scope)) yield return new TalentConsentWithdrawn(talent.Id, scope, now);
    }

    // Records compare lists by reference; a profile is the same when its lists hold the same values.
    private static bool SameProfile(TalentProfile a, TalentProfile b) =>
        a.CountryOfResidence == b.CountryOfResidence
        && a.MunicipalityOfResidence == b.MunicipalityOfResidence
        && a.Languages.SequenceEqual(b.Languages)
        && a.CompetenceAreas.SequenceEqual(b.CompetenceAreas)
        && a.EducationLevel == b.EducationLevel
        && a.YearsOfExperience == b.YearsOfExperience
        && a.PreferredMunicipalities.SequenceEqual(b.PreferredMunicipalities)
        && a.AccompanyingPartner == b.AccompanyingPartner
        && a.HeardAboutUsVia == b.HeardAboutUsVia
        && a.WillingToRelocate == b.WillingToRelocate;
}
