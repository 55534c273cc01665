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

    /// <summary>
    /// Withdrawing a consent that is not in force records nothing. Withdrawing the last sharing consent withdraws the consent
    /// to other regions with it: sharing is what that consent extends, and a sharing consent given later must not revive it.
    /// </summary>
    public static IEnumerable<object> WithdrawConsent(Talent talent, ConsentScope scope, DateTimeOffset now)
    {
        if (!talent.Consents.IsGiven(scope)) yield break;
        yield return new TalentConsentWithdrawn(talent.Id, scope, now);
        if (talent.Consents.OtherRegions is not null && !talent.Consents.Without(scope).SharesWithAnyone)
            yield return new TalentOtherRegionsConsentWithdrawn(talent.Id, now);
    }

    /// <summary>
    /// Consent to be seen in other regions extends the consent to share: a talent who shares with no one is refused (409). The
    /// talent's own region is never "another region" (409 if named). Given again, it replaces the regions given before.
    /// </summary>
    public static TalentOtherRegionsConsentGiven GiveOtherRegionsConsent(
        Talent talent, Guid homeRegion, GiveOtherRegionsConsent command, DateTimeOffset now)
    {
        if (!talent.Consents.SharesWithAnyone)
            throw new Common.RuleViolation("Give consent to share with partners or municipalities first: being seen in other regions extends that consent.");
        var regions = command.EveryRegion ? [] : (command.Regions ?? []).Distinct().ToList();
        if (regions.Contains(homeRegion))
            throw new Common.RuleViolation($"Region {homeRegion} is the talent's own region: its members see the talent under the sharing consents already.");
        return new TalentOtherRegionsConsentGiven(talent.Id, command.EveryRegion, regions, now);
    }

    /// <summary>Withdrawing a consent to other regions that is not given records nothing.</summary>
    public static IEnumerable<object> WithdrawOtherRegionsConsent(Talent talent, DateTimeOffset now)
    {
        if (talent.Consents.OtherRegions is not null) yield return new TalentOtherRegionsConsentWithdrawn(talent.Id, now);
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
