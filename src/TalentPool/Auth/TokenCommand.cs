using JasperFx.CommandLine;
using Spectre.Console;

namespace TalentPool.Auth;

public sealed class TokenInput
{
    [Description("Role: admin, partner, municipality, recruiter or talent")]
    public string Role { get; set; } = Roles.Admin;

    [Description("The partner, municipality or talent id the token speaks for (required for those roles)")]
    public Guid? IdFlag { get; set; }

    [Description("The region the token belongs to (required for every role but admin; an admin without one is the installation's administrator)")]
    public Guid? RegionFlag { get; set; }

    [Description("Display name put in the token")]
    public string? NameFlag { get; set; }

    [Description("Lifetime in hours (default 8)")]
    public int HoursFlag { get; set; } = 8;
}

/// <summary>
/// <c>token admin</c> prints a bearer token, and only the token, on stdout: <c>TOKEN=$(… token admin)</c> captures it.
/// A token needs nothing but the signing key, so the command runs before the web host is built
/// (<see cref="RunAsync"/>): no database is started or connected to.
/// </summary>
[Description("Mint a bearer token for local use, signed with the configured (or local default) key", Name = Name)]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public const string Name = "token";

    public TokenCommand()
    {
        Usage("Mint a token for a role").Arguments(x => x.Role);
    }

    public static bool IsRequested(string[] args) => args is [var command, ..] && command.Equals(Name, StringComparison.OrdinalIgnoreCase);

    public static Task<int> RunAsync(string[] args)
    {
        // Stdout is the token's alone: whatever JasperFx prints (usage, errors, blank lines) goes to stderr.
        Console.SetOut(Console.Error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return CommandExecutor.ExecuteCommandAsync<TokenCommand>(args);
    }

    public override bool Execute(TokenInput input)
    {
        try
        {
            // The service's own configuration sources and environment, without building its host.
            var service = WebApplication.CreateBuilder();
            var issuer = new TokenIssuer(SigningKey.Resolve(service.Configuration, service.Environment), TimeProvider.System);
            var token = issuer.Issue(input.Role, input.RegionFlag, input.IdFlag, input.NameFlag, TimeSpan.FromHours(input.HoursFlag));
            using var stdout = new StreamWriter(Console.OpenStandardOutput());
            stdout.WriteLine(token);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
