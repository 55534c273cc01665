using TalentPool.Talents;

namespace TalentPool.Seeding;

/// <summary>One generated talent: who registered when, from where, with what, sharing with whom.</summary>
public sealed record DemoTalent(Guid Id, TalentRegistered Registered, bool SharesWithPartners, bool SharesWithMunicipalities)
{
    /// <summary>What the talent did after registering: a profile update, consents renewed before they ran out, a withdrawal.</summary>
    public IReadOnlyList<object> Later { get; init; } = [];

    public IEnumerable<object> Events => Later.Prepend(Registered);

    public DateOnly RegisteredOn => DateOnly.FromDateTime(Registered.RegisteredAt.UtcDateTime);
    public TalentProfile Profile => Registered.Profile;
}

/// <summary>
/// Talent number <c>i</c> of a plan, made from a random sequence of its own (seed and number), so any talent can be made
/// again on its own — the hires ask for the talents they place without the generator keeping a million of them.
/// Talents register in number order, spread evenly over the plan's years.
/// </summary>
public sealed class DemoTalents(DemoDataPlan plan, IReadOnlyList<string> regionMunicipalities)
{
    private static readonly (string Country, string Language, int Weight, string[] First, string[] Last)[] Origins =
    [
        ("NO", "nb", 30, ["Ola", "Kari", "Ingrid", "Lars", "Sigrid", "Magnus"], ["Hansen", "Johansen", "Olsen", "Berg", "Haugen"]),
        ("SE", "sv", 8, ["Erik", "Anna", "Karin", "Johan"], ["Andersson", "Lindqvist", "Nilsson"]),
        ("IN", "hi", 12, ["Priya", "Arjun", "Ananya", "Rahul", "Deepa"], ["Sharma", "Iyer", "Patel", "Nair"]),
        ("PH", "tl", 8, ["Maria", "Jose", "Angelica", "Mark"], ["Santos", "Reyes", "Cruz", "Bautista"]),
        ("BR", "pt", 6, ["Lucas", "Beatriz", "Gabriel", "Larissa"], ["Silva", "Souza", "Oliveira"]),
        ("ES", "es", 6, ["Lucia", "Pablo", "Carmen", "Javier"], ["Garcia", "Martinez", "Lopez"]),
        ("PL", "pl", 10, ["Anna", "Piotr", "Katarzyna", "Tomasz"], ["Nowak", "Kowalski", "Wisniewska"]),
        ("UA", "uk", 6, ["Olena", "Andrii", "Iryna", "Dmytro"], ["Shevchenko", "Bondarenko", "Kovalenko"]),
        ("NG", "en", 5, ["Chinedu", "Amaka", "Tunde", "Ngozi"], ["Okafor", "Adeyemi", "Eze"]),
        ("DE", "de", 5, ["Jonas", "Lea", "Felix", "Hannah"], ["Muller", "Schmidt", "Weber"]),
        ("IT", "it", 4, ["Giulia", "Marco", "Chiara", "Luca"], ["Rossi", "Bianchi", "Romano"]),
    ];

    private static readonly string[] Areas =
    [
        "Battery engineering", "Process chemistry", "Electrical engineering", "Nursing", "Software", "Welding",
        "Automation", "Mechanical engineering", "Logistics", "Teaching", "Medicine", "Construction",
    ];

    private static readonly string[] Skills =
    [
        "cell production", "quality assurance", "PLC programming", "intensive care", "cloud platforms", "TIG welding",
        "robotics", "maintenance planning", "warehouse automation", "early childhood education", "general practice",
        "project management", "lean manufacturing", "electrolyte chemistry", "power electronics", "elderly care",
    ];

    private static readonly string[] Occupations = ["Teacher", "Nurse", "Engineer", "Accountant", "Chef", "Electrician", "Designer"];

    /// <summary>Outside the region but in Norway: a Norwegian who moves in from there is an external hire.</summary>
    private static readonly string[] ElsewhereInNorway = ["0301", "4601", "5001", "1103"];

    private static readonly int TotalWeight = Origins.Sum(o => o.Weight);

    public DemoTalent this[int number] => Make(number);

    public static Guid IdOf(int seed, int number) => DemoIds.Of(seed, "talent", number);

    private DemoTalent Make(int number)
    {
        var random = DemoIds.RandomFor(plan.Seed, "talent", number);
        var span = (plan.Until.DayNumber - plan.From.DayNumber) * TimeSpan.TicksPerDay;
        var registeredAt = new DateTimeOffset(plan.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            .AddTicks((long)((number + random.NextDouble()) / plan.Talents * span));

        var origin = Pick(random);
        var first = origin.First[random.Next(origin.First.Length)];
        var last = origin.Last[random.Next(origin.Last.Length)];
        var areas = random.Next(4) == 0 ? new[] { Areas[random.Next(Areas.Length)], Areas[random.Next(Areas.Length)] } : [Areas[random.Next(Areas.Length)]];
        var languages = origin.Language == "en" ? new[] { "en" } : random.Next(3) == 0 ? [origin.Language] : [origin.Language, "en"];
        var years = random.Next(26);
        string? residence = origin.Country != "NO" ? null
            : random.Next(5) < 3 ? regionMunicipalities[random.Next(regionMunicipalities.Count)] : ElsewhereInNorway[random.Next(ElsewhereInNorway.Length)];
        var preferred = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => regionMunicipalities[random.Next(regionMunicipalities.Count)]).ToArray();
        var plusOne = random.Next(4) == 0 ? new AccompanyingPartner(Occupations[random.Next(Occupations.Length)]) : null;
        var about = $"{Skills[random.Next(Skills.Length)]} and {Skills[random.Next(Skills.Length)]}, {years} years in {areas[0].ToLowerInvariant()}";
        var noConsent = random.Next(100) < 8;
        var partners = !noConsent && random.Next(100) < 92;
        var municipalities = !noConsent && (!partners || random.Next(100) < 70);

        var command = new RegisterTalent(
            $"{first} {last}", $"{first}.{last}.{plan.Seed}.{number}@demo.example".ToLowerInvariant(), origin.Country, languages, areas,
            (EducationLevel)Math.Min(5, random.Next(7)), years, preferred, (HeardAboutUsChannel)random.Next(8), partners, municipalities,
            Phone: $"+47 4{random.Next(10_000_000):D7}", MunicipalityOfResidence: residence, AccompanyingPartner: plusOne, About: about);
        var id = IdOf(plan.Seed, number);
        var registered = TalentDecisions.Register(command, id, registeredAt);
        return new DemoTalent(id, registered, partners, municipalities) { Later = LaterEvents(random, registered) };
    }

    /// <summary>
    /// Later consents only from talents who gave one when registering (the shared base's inline projection builds a talent
    /// who shared with nobody from the committed history, and a seeded stream is appended whole).
    /// </summary>
    private List<object> LaterEvents(Random random, TalentRegistered registered)
    {
        var later = new List<object>();
        var until = new DateTimeOffset(plan.Until.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var at = registered.RegisteredAt;
        DateTimeOffset Later(int maxDays) => at.AddDays(1 + random.Next(maxDays)).AddMinutes(random.Next(600));

        if (random.Next(100) < 8 && Later(300) is var updatedAt && updatedAt < until)
        {
            at = updatedAt;
            later.Add(new TalentProfileUpdated(registered.TalentId, registered.Personal,
                registered.Profile with { YearsOfExperience = registered.Profile.YearsOfExperience + 1 }, updatedAt));
        }
        if (registered.ConsentsGiven.Count == 0) return later;
        // Consents last 24 months by default: most talents who stay renew theirs in the last months before they run out.
        for (var renewal = registered.RegisteredAt.AddMonths(22); renewal < until && random.Next(100) < 60; renewal = renewal.AddMonths(22))
        {
            if (renewal <= at) continue;
            at = renewal;
            later.AddRange(registered.ConsentsGiven.Select(scope => new TalentConsentGiven(registered.TalentId, scope, renewal)));
        }
        if (random.Next(100) < 4 && Later(400) is var withdrawnAt && withdrawnAt > at && withdrawnAt < until)
        {
            later.Add(new TalentConsentWithdrawn(registered.TalentId, registered.ConsentsGiven[0], withdrawnAt));
        }
        return later;
    }

    private static (string Country, string Language, int Weight, string[] First, string[] Last) Pick(Random random)
    {
        var roll = random.Next(TotalWeight);
        foreach (var origin in Origins)
        {
            if (roll < origin.Weight) return origin;
            roll -= origin.Weight;
        }
        return Origins[0];
    }
}
