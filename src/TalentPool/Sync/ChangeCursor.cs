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
    public const int MaxLength = 200;

    /// <summary>The characters of a cursor: base64url without padding.</summary>
    public const string Pattern = "^[A-Za-z0-9_-]+$";

    /// <summary>
    /// The longest tie-break a cursor carries: a row's id after its list and audience (<c>{payerId}/{month}</c>), or the shared
    /// talents' positions in other databases (<see cref="SharedTalentsCursor"/>: five databases besides the reader's, with
    /// positions up to a trillion).
    /// </summary>
    public const int MaxTieBreakLength = 120;

    /// <param name="tieBreak">
    /// Where in its position the page stopped, when the page ended between rows of one event (the statements: one event
    /// changes many statements of one member): the last row's id after its list and audience. Null otherwise.
    /// </param>
    public static string For(SyncList list, long position, string? tieBreak = null) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(tieBreak is null ? $"{list}.{position}" : $"{list}.{position}.{tieBreak}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(SyncList list, string? cursor, out long position) => TryRead(list, cursor, out position, out _);

    public static bool TryRead(SyncList list, string? cursor, out long position, out string? tieBreak)
    {
        position = 0;
        tieBreak = null;
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
        if (parts.Length == 3)
        {
            if (parts[2].Length is 0 or > MaxTieBreakLength || parts[2].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '/'))) return false;
            tieBreak = parts[2];
        }
        return parts.Length is 2 or 3 && parts[0] == list.ToString()
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position)
            && For(list, position, tieBreak) == cursor;
    }

    /// <summary>The checks every change feed makes before reading: the page size and the cursor.</summary>
    public static ProblemDetails Check(SyncList list, string? after, int limit)
    {
        var limitProblem = Paging.CheckLimit(limit);
        if (!ReferenceEquals(limitProblem, WolverineContinue.NoProblems)) return limitProblem;
        return TryRead(list, after, out _, out var tieBreak) && (list != SyncList.SharedTalents || SharedTalentsCursor.IsValid(tieBreak))
            ? WolverineContinue.NoProblems
            : Problems.Invalid("after", "'after' is not a cursor of this change feed: pass the 'next' of its last page, or nothing to start from the beginning.");
    }
}
