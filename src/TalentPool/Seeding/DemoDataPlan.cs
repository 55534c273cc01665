namespace TalentPool.Seeding;

/// <summary>
/// What to generate: one seed gives one history, event for event. <c>Until</c> is the last day of the history (the
/// generator never reads the clock), so a history made again with the same plan is the same whatever the day.
/// </summary>
/// <param name="Activity">How busy the region is: this many times the vacancies (with their candidates and hires) and the
/// direct hires — a long history for the dashboards without more talents (1M talents at 34: about 10M events).</param>
public sealed record DemoDataPlan(int Seed, int Talents, int Years, DateOnly Until, int? Members = null, int Activity = 1)
{
    public DateOnly From => Until.AddYears(-Years);

    /// <summary>Member companies: <c>Members</c> when given, else growing with the talent base: one per 400 talents, 5 to 500.</summary>
    public int Partners => Members ?? Math.Clamp(Talents / 400, 5, 500);

    /// <summary>One vacancy per 40 talents, at least 10, times the activity.</summary>
    public int Vacancies => (int)Math.Min(int.MaxValue, (long)Math.Max(10, Talents / 40) * Activity);

    /// <summary>Hires besides those that fill a vacancy: together about 8 % of the talents get a job (at activity 1).</summary>
    public int DirectHires => (int)Math.Min(int.MaxValue, (long)Talents * 5 / 100 * Activity);

    public void Check()
    {
        if (Talents is < 1 or > 20_000_000) throw new ArgumentException("--talents must be 1 to 20,000,000.");
        if (Years is < 1 or > 20) throw new ArgumentException("--years must be 1 to 20.");
        if (Members is < 1 or > 100_000) throw new ArgumentException("--members must be 1 to 100,000.");
        if (Activity is < 1 or > 1_000) throw new ArgumentException("--activity must be 1 to 1,000.");
    }
}
