using System.Text.Json;
using Spectre.Console;

namespace TalentPool.Hosting.CommandLine;

/// <summary>
/// The operator's commands (<c>seed</c>, <c>import-talents</c>, <c>export</c>, <c>rebuild</c>) print their result alone on
/// stdout, so a script captures it (<c>RESULT=$(… import-talents talents.csv)</c>); the host's logs, JasperFx's own output,
/// progress and diagnostics go to stderr. A failure exits non-zero and says why on stderr.
/// </summary>
public static class OperatorConsole
{
    public static readonly IReadOnlyList<string> Commands = ["seed", "import-talents", "export", "rebuild", "migrate-pre-tenancy", "move-region"];

    private static TextWriter _result = TextWriter.Null;

    public static bool IsRequested(string[] args) =>
        args is [var command, ..] && Commands.Contains(command, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stdout is the result's alone: whatever else writes to the console (logs, JasperFx, Spectre) writes to stderr.</summary>
    public static void KeepStdoutForTheResult()
    {
        _result = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.SetOut(Console.Error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    /// <summary>Progress bars only where someone watches them: a terminal. A redirected stderr (a log file, CI) gets plain lines.</summary>
    public static bool ShowsProgressBars => !Console.IsErrorRedirected;

    public static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    /// <summary>One line of the result on stdout.</summary>
    public static void WriteResult(string line) => _result.WriteLine(line);

    public static void WriteResultJson<T>(T result) => WriteResult(JsonSerializer.Serialize(result, ResultJson));

    private static int? _partialSuccess;

    /// <summary>A command that did its work but not all of it (an import with refused rows) exits with this code.</summary>
    public static void FinishWith(int exitCode) => _partialSuccess = exitCode;

    /// <summary>The process's exit code: JasperFx's (0 done, 1 failed), or the partial success a command finished with.</summary>
    public static int ExitCode(int commandExitCode) => commandExitCode == 0 && _partialSuccess is { } code ? code : commandExitCode;

    /// <summary>A diagnostic on stderr, as plain text (never markup).</summary>
    public static void Say(string line) => Console.Error.WriteLine(line);
}
