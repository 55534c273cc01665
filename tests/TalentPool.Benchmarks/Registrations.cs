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
            $"Talent {n}", $"talent.{n}.{Guid.NewGuid():N}@example.com", "+47 400 00 000", Countries[n % Countries.Length], null,
            ["en"], [Areas[n % Areas.Length]], EducationLevel.Master, n % 20, ["3403"],
            n % 3 == 0 ? new AccompanyingPartner("Teacher") : null, HeardAboutUsChannel.JobBoard, null, null,
            ShareWithPartners: true, ShareWithMunicipalities: n % 2 == 0);
    }
}
