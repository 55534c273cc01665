using System.Text;
using System.Text.Json;
using Marten;
using TalentPool.Auth;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents.Import;

/// <summary>
/// <c>import-talents file.csv</c>: each row registered as <c>POST /api/v1/talents</c> registers it, a refused row named by line,
/// field and rule, the rest imported, and a second run of the same file importing nothing twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportTalentsCommandTests(TalentPoolFixture fixture) : IDisposable
{
    private const string Header =
        "fullName,email,phone,countryOfResidence,municipalityOfResidence,languages,competenceAreas,educationLevel,yearsOfExperience," +
        "preferredMunicipalities,accompanyingPartnerOccupation,heardAboutUsVia,heardAboutUsDetails,about,shareWithPartners,shareWithMunicipalities";

    private readonly Api _api = new(fixture);
    private readonly string _folder = Directory.CreateTempSubdirectory("talentpool-import-").FullName;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];
    private string Email(string name) => $"{name}.{_tag}@example.com";
    private string ConnectionString => OperatorCommands.ConnectionStringOf(fixture);

    private string FileOf(params string[] rows)
    {
        var path = Path.Combine(_folder, $"talents-{Guid.NewGuid():N}.csv");
        // As a spreadsheet saves it: a byte order mark, CRLF line ends.
        File.WriteAllText(path, string.Join("\r\n", [Header, .. rows]) + "\r\n", new UTF8Encoding(true));
        return path;
    }

    private async Task<List<Talent>> TalentsAsync(params string[] emails)
    {
        await using var session = fixture.RegionSession();
        var lowered = emails.Select(e => e.ToLowerInvariant()).ToArray();
        return [.. await session.Query<Talent>().Where(t => lowered.Contains(t.Personal.Email.ToLower())).ToListAsync()];
    }

    /// <summary>Imports into the test's region (the latest; one of its own when the test registered none).</summary>
    private async Task<(int ExitCode, string Output, string Errors)> ImportAsync(params string[] args)
    {
        var region = fixture.Regions.Latest ?? (await _api.RegionAsync()).Id;
        return await OperatorCommands.RunAsync(ConnectionString, ["import-talents", .. args, "--region", region.ToString()]);
    }

    private static JsonElement Counts(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"stdout was: {output}");
        return JsonDocument.Parse(lines[0]).RootElement;
    }

    [Fact]
    public async Task Valid_rows_are_registered_as_the_api_registers_them_and_refused_rows_are_named_by_line_field_and_rule()
    {
        var file = FileOf(
            $"Priya Raman,{Email("priya")},+47 400 00 000,IN,,en;hi,Battery engineering;Process chemistry,Master,7,3403;3405,,Employer,,,true,false",
            // Quoted cells holding commas, quotes and line breaks: the row starts on line 3 and ends on line 4.
            $"\"Lund, Åse\",{Email("ase")},,NO,3403,nb;en,Nursing,Bachelor,12,3403,Teacher,Event,\"Job fair, Hamar\",\"Line one\r\nline two, with \"\"quotes\"\"\",true,true",
            $"Bad Email,not-an-address-{_tag},,SE,,sv,Welding,Vocational,3,,,Other,,,false,false",
            $"Bad Level,{Email("level")},,SE,,sv,Welding,Expert,3,,,Other,,,false,false",
            $"Too Many Years,{Email("years")},,SE,,sv,Welding,Vocational,71,,,Other,,,false,false");
        var report = Path.Combine(_folder, "errors.csv");

        var (exitCode, output, errors) = await ImportAsync(file, "--report", report);

        exitCode.ShouldBe(2, errors);
        var counts = Counts(output);
        counts.GetProperty("imported").GetInt64().ShouldBe(2);
        counts.GetProperty("alreadyImported").GetInt64().ShouldBe(0);
        counts.GetProperty("rejected").GetInt64().ShouldBe(3);
        errors.ShouldContain("line 5: email: 'Email' must be an e-mail address");
        errors.ShouldContain("line 6: educationLevel: 'educationLevel' must be one of Primary, UpperSecondary");
        errors.ShouldContain("line 7: yearsOfExperience:");
        errors.ShouldContain("(InclusiveBetween)");
        var reported = File.ReadAllLines(report);
        reported[0].ShouldBe("line,field,rule,message");
        reported.Skip(1).Select(line => string.Join(',', line.Split(',').Take(3)))
            .ShouldBe(["5,email,Predicate", "6,educationLevel,OneOf", "7,yearsOfExperience,InclusiveBetween"]);
        (await TalentsAsync(Email("level"), Email("years"))).ShouldBeEmpty();

        var ase = (await TalentsAsync(Email("ase"))).ShouldHaveSingleItem();
        using var read = await _api.GetAsync<JsonDocument>($"/api/v1/talents/{ase.Id}", fixture.AdminToken());
        var talent = read.RootElement;
        talent.GetProperty("personal").GetProperty("fullName").GetString().ShouldBe("Lund, Åse");
        talent.GetProperty("personal").GetProperty("about").GetString().ShouldBe("Line one\r\nline two, with \"quotes\"");
        talent.GetProperty("personal").GetProperty("heardAboutUsDetails").GetString().ShouldBe("Job fair, Hamar");
        talent.GetProperty("profile").GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ShouldBe(["nb", "en"]);
        talent.GetProperty("profile").GetProperty("accompanyingPartner").GetProperty("occupation").GetString().ShouldBe("Teacher");
        talent.GetProperty("consents").GetProperty("sharedWithMunicipalitiesSince").ValueKind.ShouldBe(JsonValueKind.String);
        var priya = (await TalentsAsync(Email("priya"))).ShouldHaveSingleItem();
        priya.Profile.CompetenceAreas.ShouldBe(["Battery engineering", "Process chemistry"]);
        priya.Consents.SharedWithPartnersSince.ShouldNotBeNull();
        priya.Consents.SharedWithMunicipalitiesSince.ShouldBeNull();
    }

    [Fact]
    public async Task Running_the_same_file_again_imports_nothing_twice_and_reports_each_row_as_already_imported()
    {
        var file = FileOf(
            $"Ola Nordmann,{Email("ola")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true",
            $"Kari Nordmann,{Email("kari")},,NO,,nb,Nursing,Bachelor,9,,,Other,,,true,false");
        var first = await ImportAsync(file);
        first.ExitCode.ShouldBe(0, first.Errors);
        Counts(first.Output).GetProperty("imported").GetInt64().ShouldBe(2);
        await using var session = fixture.RegionSession();
        var events = await session.Events.QueryAllRawEvents().CountAsync();

        var (exitCode, output, errors) = await ImportAsync(file);

        exitCode.ShouldBe(0, errors);
        var counts = Counts(output);
        counts.GetProperty("imported").GetInt64().ShouldBe(0);
        counts.GetProperty("alreadyImported").GetInt64().ShouldBe(2);
        counts.GetProperty("rejected").GetInt64().ShouldBe(0);
        errors.ShouldContain($"line 2: already imported ({Email("ola")} is registered)");
        errors.ShouldContain($"line 3: already imported ({Email("kari")} is registered)");
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(events);
        (await TalentsAsync(Email("ola"), Email("kari"))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_second_row_with_an_address_of_an_earlier_row_is_refused_naming_that_row()
    {
        var file = FileOf(
            $"First,{Email("twice")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true",
            $"Second,{Email("twice").ToUpperInvariant()},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true");

        var (exitCode, output, errors) = await ImportAsync(file);

        exitCode.ShouldBe(2, errors);
        Counts(output).GetProperty("rejected").GetInt64().ShouldBe(1);
        errors.ShouldContain("line 3: email: The e-mail address is on line 2 already");
        (await TalentsAsync(Email("twice"))).ShouldHaveSingleItem().Personal.FullName.ShouldBe("First");
    }

    [Fact]
    public async Task A_file_with_an_unknown_column_imports_nothing_prints_nothing_and_exits_1()
    {
        var path = Path.Combine(_folder, "unknown-column.csv");
        File.WriteAllText(path, Header + ",favouriteColour\r\n" +
            $"Ola,{Email("colour")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true,blue\r\n");

        var (exitCode, output, errors) = await ImportAsync(path);

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("'favouriteColour' is not a column of a talent import.");
        (await TalentsAsync(Email("colour"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_row_breaking_the_quoting_rules_is_refused_by_its_line_and_the_rows_after_it_still_import()
    {
        var file = FileOf(
            $"Stray \"Quote,{Email("stray")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true",
            $"Short Row,{Email("short")},,NO",
            $"After,{Email("after")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true");

        var (exitCode, output, errors) = await ImportAsync(file);

        exitCode.ShouldBe(2, errors);
        Counts(output).GetProperty("imported").GetInt64().ShouldBe(1);
        errors.ShouldContain("line 2: (row): A quote inside an unquoted cell");
        errors.ShouldContain("line 3: (row): The row has 4 cells, the header 16");
        (await TalentsAsync(Email("stray"), Email("short"))).ShouldBeEmpty();
        (await TalentsAsync(Email("after"))).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_import_that_cannot_reach_the_database_prints_nothing_and_exits_non_zero()
    {
        var file = FileOf($"Ola,{Email("offline")},,NO,,nb,Welding,Vocational,4,,,JobBoard,,,true,true");
        var unreachable = $"Host=127.0.0.1;Port={TalentPool.Hosting.LocalPostgresCluster.FreePort()};Username=nobody;Database=none;Timeout=2";

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(unreachable, "import-talents", file);

        exitCode.ShouldNotBe(0);
        output.ShouldBeEmpty();
        errors.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_missing_file_exits_1_with_nothing_on_stdout()
    {
        var (exitCode, output, errors) = await ImportAsync(Path.Combine(_folder, "nowhere.csv"));

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("No file");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
