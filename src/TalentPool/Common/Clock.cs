namespace TalentPool.Common;

public static class Clock
{
    /// <summary>Today's date, by the injected clock (UTC, like every stored instant), so tests can move time.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
