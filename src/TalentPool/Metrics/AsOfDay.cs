using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>
/// The optional <c>asOf</c> query parameter of a dashboard: the day its dated figures are computed as of, today (the
/// service's clock, UTC) when left out. A past day reads the history as it is known now, by the dates it records (a hire
/// recorded later with an earlier hire date counts on its date); current-state figures (what the read model keeps of
/// now only) stay today's. A day is written yyyy-MM-dd, from <see cref="BusinessDates.Earliest"/> to today: figures of a
/// day not yet lived would be guesses.
/// </summary>
public static class AsOfDay
{
    public const string Parameter = "asOf";

    /// <summary>The day asked for, or today.</summary>
    public static DateOnly Resolve(DateOnly? asOf, TimeProvider clock) => asOf ?? clock.Today();

    /// <summary>
    /// For a <c>Validate</c> method: a 400 naming <c>asOf</c> unless it is left out or a day written yyyy-MM-dd from
    /// 2000-01-01 to today. (Wolverine reads the value leniently, "11/25/2026" too, so the text sent is checked.)
    /// </summary>
    public static ProblemDetails Check(HttpContext http, DateOnly? asOf, TimeProvider clock)
    {
        if (asOf is not { } day) return WolverineContinue.NoProblems;
        var today = clock.Today();
        var sent = http.Request.Query[Parameter].ToString();
        if (!DateOnly.TryParseExact(sent, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || day < BusinessDates.Earliest || day > today)
        {
            return Problems.Invalid(Parameter,
                $"'{sent}' is not a day the figures can be as of: write it yyyy-MM-dd, from {BusinessDates.Earliest:yyyy-MM-dd} to today ({today:yyyy-MM-dd}).");
        }
        return WolverineContinue.NoProblems;
    }
}
