using TalentPool.Talents;

namespace TalentPool.Benchmarks;

/// <summary>Realistic, distinct registrations: every e-mail is new, so none is refused.</summary>
public static class Registrations
{
    private static readonly string[] Countries = ["IN", "PH", "BR", "ES", "PL", "UA", "NG", "SE", "DE", "IT"];
    private static readonly string[] Areas = ["Battery engineering", "Process chemistry", "Electrical engineering", "Nursing", "Software", "Welding"];
    private static int _counter;

    public static RegisterTalent Next()
    {
        var n = Interlocked.Increment(ref _counter);
        return new RegisterTalent(
            $"Talent {n}", $"talent.{n}.{Guid.NewGuid():N}@example.com", Countries[n % Countries.Length],
            ["en"], [Areas[n % Areas.Length]], EducationLevel.Master, n % 20, ["3403"], HeardAboutUsChannel.JobBoard,
            ShareWithPartners: true, ShareWithMunicipalities: n % 2 == 0,
            Phone: "+47 400 00 000", AccompanyingPartner: n % 3 == 0 ? new AccompanyingPartner("Teacher") : null);
    }
}
