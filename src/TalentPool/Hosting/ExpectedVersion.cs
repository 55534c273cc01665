using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace TalentPool.Hosting;

/// <summary>
/// Optimistic concurrency for updates: the client sends the version it last read as
/// <c>expectedVersion</c>. A stale one is refused here, after the resource was found (so a missing
/// resource is still a 404); a write that races past this check is refused by Marten at commit.
/// </summary>
public static class ExpectedVersion
{
    public static ProblemDetails Check(int expected, int actual) => expected == actual
        ? WolverineContinue.NoProblems
        : Problems.Conflict(
            $"The resource is at version {actual}, not {expected}: it was changed by another request. Read it again and retry with its current version.");
}
