using JasperFx.CommandLine;

namespace TalentPool.Auth;

public sealed class TokenInput : NetCoreInput
{
    [Description("Role: admin, partner, municipality, recruiter or talent")]
    public string Role { get; set; } = Roles.Admin;

    [Description("The partner, municipality or talent id the token speaks for (required for those roles)")]
    public Guid? IdFlag { get; set; }

    [Description("Display name put in the token")]
    public string? NameFlag { get; set; }

    [Description("Lifetime in hours (default 8)")]
    public int HoursFlag { get; set; } = 8;
}

[Description("Mint a bearer token for local use, signed with the configured (or local default) key", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public TokenCommand()
    {
        Usage("Mint a token for a role").Arguments(x => x.Role);
    }

    public override bool Execute(TokenInput input)
    {
        using var host = input.BuildHost();
        var issuer = host.Services.GetRequiredService<TokenIssuer>();
        try
        {
            Console.WriteLine(issuer.Issue(input.Role, input.IdFlag, input.NameFlag, TimeSpan.FromHours(input.HoursFlag)));
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
