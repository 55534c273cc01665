using TalentPool.Talents;

namespace TalentPool.Tests.Talents;

/// <summary>Valid requests to start from; each test changes only what its rule is about.</summary>
public static class TalentRequests
{
    public static string UniqueEmail(string name = "talent") => $"{name}.{Guid.NewGuid():N}@example.com";

    public static RegisterTalent Registration(string? email = null) => new(
        FullName: "Priya Raman",
        Email: email ?? UniqueEmail("priya"),
        Phone: "+47 400 00 000",
        CountryOfResidence: "in",
        MunicipalityOfResidence: null,
        Languages: ["en", "HI", "en"],
        CompetenceAreas: [" Battery engineering ", "Process chemistry"],
        EducationLevel: EducationLevel.Master,
        YearsOfExperience: 7,
        PreferredMunicipalities: ["3403", "3405"],
        AccompanyingPartner: new AccompanyingPartner("Nurse"),
        HeardAboutUsVia: HeardAboutUsChannel.SocialMedia,
        HeardAboutUsDetails: "A LinkedIn post by a friend",
        About: "Cell chemistry, seven years in gigafactory start-ups.",
        ShareWithPartners: true,
        ShareWithMunicipalities: false);

    public static UpdateTalentProfile ProfileUpdate(RegisterTalent from, int version) => new(
        version, from.FullName, from.Email, from.CountryOfResidence, from.Languages, from.CompetenceAreas, from.EducationLevel,
        from.YearsOfExperience, from.PreferredMunicipalities, from.HeardAboutUsVia,
        from.Phone, from.MunicipalityOfResidence, from.AccompanyingPartner, from.HeardAboutUsDetails, from.About, from.WillingToRelocate);
}
