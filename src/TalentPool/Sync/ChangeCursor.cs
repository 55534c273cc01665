using System.Text;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>
/// Where a mirror stands in one list's change feed: opaque to clients (base64url of the list and a position), checked on
/// every read, so a cursor that was cut, made up, or taken from another list is a 400, never a silently wrong page.
/// </summary>
public static class ChangeCursor
{
    /// <summary>Far longer than any cursor made here; a longer one is refused unread.</summary>
    public const int MaxLength = 100;

    public static string For(SyncList list, long position) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{list}.{position}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(SyncList list, string? cursor, out long position)
    {
        position = 0;
        if (cursor is null) return true;
        if (cursor.Length is 0 or > MaxLength || cursor.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return false;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = text.Split('.');
        return parts.Length == 2 && parts[0] == list.ToString()
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position)
            && For(list, position) == cursor;
    }

    /// <summary>The checks every change feed makes before reading: the page size and the cursor.</summary>
    public static ProblemDetails Check(SyncList list, string? after, int limit)
    {
        var limitProblem = Paging.CheckLimit(limit);
        if (!ReferenceEquals(limitProblem, WolverineContinue.NoProblems)) return limitProblem;
        return TryRead(list, after, out _)
            ? WolverineContinue.NoProblems
            : Problems.Invalid("after", "'after' is not a cursor of this change feed: pass the 'next' of its last page, or nothing to start from the beginning.");
    }
}
