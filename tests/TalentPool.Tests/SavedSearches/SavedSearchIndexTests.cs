using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.SavedSearches;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.SavedSearches;

[Collection(PostgresCollection.Name)]
public sealed class SavedSearchIndexTests(TalentPoolFixture fixture)
{
    /// <summary>
    /// The statement that finds the saved searches a talent's change matches, planned with sequential scans priced out of reach:
    /// PostgreSQL would still scan the table if no index could answer it, so a plan without "Seq Scan" proves the GIN index on
    /// the searches' required tokens does — a talent's change never reads every saved search of its region.
    /// </summary>
    [Fact]
    public async Task The_saved_searches_a_talent_matches_are_found_through_an_index()
    {
        await using var session = fixture.RegionSession();
        var sql = SavedSearchMatches.MatchingSql(session);
        var number = 0;
        var positional = Regex.Replace(sql, @"\?", _ => $"${++number}");
        object[] parameters =
        [
            new[] { "competenceArea:Nursing", "language:en", "country:IN", "education:Master", "plusOne:false" }, new[] { "Partner" },
            DateTimeOffset.UtcNow, 7, new DateOnly(2026, 1, 1), "Nursing intensive care",
        ];
        number.ShouldBe(parameters.Length);

        await using var connection = await fixture.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand($"explain {positional}", connection);
        foreach (var parameter in parameters) explain.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        }

        var text = string.Join('\n', plan);
        text.ShouldNotContain("Seq Scan", customMessage: text);
        text.ShouldContain("required_tokens", customMessage: text);
    }
}
