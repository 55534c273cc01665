using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace TalentPool.Hosting;

/// <summary>Cursor paging of lists: a page holds 1 to <see cref="MaxLimit"/> items; anything else is a 400, never silently clamped.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static ProblemDetails CheckLimit(int limit) => limit is >= 1 and <= MaxLimit
        ? WolverineContinue.NoProblems
        : Problems.Invalid("limit", $"'limit' must be between 1 and {MaxLimit}.");
}
