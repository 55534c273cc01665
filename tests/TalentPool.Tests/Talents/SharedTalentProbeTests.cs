using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Matching;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>
/// The probe table (Talents/SharedTalentProbes.cs): one row per (filter value, talent), kept by a trigger with the shared base's
/// documents, walked newest-first by a filtered search and by matching's tiers. Held here: the rows are always what the documents
/// make, nothing of an erased talent remains, a search and a ranking answer the same with and without the walk, and the walk is
/// an index walk. Each test has a database of its own (<see cref="ClockedTalentPool"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTalentProbeTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<List<string>> RowsAsync(ClockedTalentPool pool, string sql)
    {
        await using var connection = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"select row(r.*)::text from ({sql}) as r order by 1", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static Task<List<string>> ProbeRowsAsync(ClockedTalentPool pool) => RowsAsync(pool,
        "select token, tenant_id, id, shared_with_partners_since, shared_with_municipalities_since, registered_at, profileyears_of_experience, " +
        $"filter_tokens, search_vector from {SharedTalentProbes.Table("talentpool")}");

    private static Task<List<string>> RowsOfDocumentsAsync(ClockedTalentPool pool) =>
        RowsAsync(pool, SharedTalentProbes.RowsOfDocumentsSql("talentpool.mt_doc_shared_talent"));

    private static async Task<Guid> RegisterAsync(ClockedTalentPool pool, RegisterTalent registration)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.Post.Json(registration with { Email = TalentRequests.UniqueEmail("probe") }).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_probe_rows_are_what_the_documents_make_through_every_change_and_nothing_of_an_erased_talent_remains()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        var registration = TalentRequests.Registration() with
        {
            CompetenceAreas = ["Welding", "Nursing"], Languages = ["nb", "en"], PreferredMunicipalities = ["3403", "3405"],
            ShareWithPartners = true, ShareWithMunicipalities = true,
        };
        var updated = await RegisterAsync(pool, registration);
        var withdrawn = await RegisterAsync(pool, registration with { CompetenceAreas = ["Software"], ShareWithMunicipalities = false });
        var erased = await RegisterAsync(pool, registration with { CountryOfResidence = "SE", Languages = ["sv"] });
        var later = await RegisterAsync(pool, registration with { ShareWithPartners = false, ShareWithMunicipalities = false, CompetenceAreas = ["Teaching"] });
        var rows = await ProbeRowsAsync(pool);
        rows.ShouldBe(await RowsOfDocumentsAsync(pool));
        // Areas, languages, municipalities, country, education: 2 + 2 + 2 + 1 + 1 rows for the first talent; none for the "+1".
        rows.Count(row => row.Contains(updated.ToString())).ShouldBe(8);
        rows.ShouldNotContain(row => row.StartsWith("(plusOne:"));
        rows.ShouldNotContain(row => row.Contains(later.ToString()));

        await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, updated)).Put.Json(TalentRequests.ProfileUpdate(registration, 1) with
        {
            CompetenceAreas = ["Welding", "Automation"], CountryOfResidence = "PL", Languages = ["pl"],
        }).ToUrl($"/api/v1/talents/{updated}/profile"));
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, updated)).Post.Json(new GiveOtherRegionsConsent(true)).ToUrl($"/api/v1/talents/{updated}/other-regions-consent");
            s.StatusCodeShouldBeSuccess();
        });
        await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, withdrawn)).Delete.Url($"/api/v1/talents/{withdrawn}/consents/partners"));
        pool.Clock.MoveTo(Start.AddDays(5));
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, later)).Post.Json(new GiveConsent(ConsentScope.Partners)).ToUrl($"/api/v1/talents/{later}/consents");
            s.StatusCodeShouldBe(200);
        });
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, erased)).Post.Json(new { }).ToUrl($"/api/v1/talents/{erased}/erasure");
            s.StatusCodeShouldBe(204);
        });

        rows = await ProbeRowsAsync(pool);
        rows.ShouldBe(await RowsOfDocumentsAsync(pool));
        rows.ShouldContain(row => row.StartsWith("(competenceArea:Automation,") && row.Contains(updated.ToString()) && row.Contains("visibleIn:*"));
        rows.ShouldNotContain(row => row.StartsWith("(competenceArea:Nursing,") && row.Contains(updated.ToString()));
        rows.ShouldNotContain(row => row.Contains(withdrawn.ToString()));
        rows.ShouldContain(row => row.Contains(later.ToString()));
        rows.ShouldNotContain(row => row.Contains(erased.ToString()));
        (await RowsAsync(pool, $"select 1 from {SharedTalentProbes.Table("talentpool")} where id = '{erased}'")).ShouldBeEmpty();

        // The next start applies the schema again: the table, its index and the triggers are left as they are (never made again,
        // which would refill millions of rows at each start), and they keep the next registration.
        var objects = $"select c.oid::text from pg_class as c where c.relname in ('{SharedTalentProbes.TableName}', '{SharedTalentProbes.WalkIndex}') " +
            "union all select t.oid::text from pg_trigger as t where t.tgname like 'mt_shared_talent_probes_%'";
        var before = await RowsAsync(pool, objects);
        before.Count.ShouldBe(6);
        await pool.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        (await RowsAsync(pool, objects)).ShouldBe(before);
        var next = await RegisterAsync(pool, registration with { CompetenceAreas = ["Crafts"] });
        rows = await ProbeRowsAsync(pool);
        rows.ShouldContain(row => row.StartsWith("(competenceArea:Crafts,") && row.Contains(next.ToString()));
        rows.ShouldBe(await RowsOfDocumentsAsync(pool));
    }

    [Fact]
    public async Task Searches_and_matching_tiers_answer_the_same_with_and_without_the_probe_walk_for_many_filter_combinations()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        var random = new Random(14);
        string[] areas = ["Nursing", "Welding", "Battery engineering", "Teaching"];
        string[] languages = ["en", "nb", "pl", "it"];
        string[] municipalities = ["3403", "3405", "3411", "3420"];
        string[] countries = ["IN", "NO", "IT"];
        string[] words = ["cell production", "welding robots", "intensive care", "production planning", "cell biology", "teaching maths"];
        T[] Some<T>(T[] values, int most) => [.. values.OrderBy(_ => random.Next()).Take(random.Next(1, most + 1))];
        DateTimeOffset? Maybe(int inPercent) => random.Next(100) < inPercent ? Start.AddDays(-random.Next(0, 900)) : null;
        var talents = Enumerable.Range(0, 320).Select(n =>
        {
            var registered = Start.AddDays(-random.Next(0, 900)).AddMinutes(n);
            return new SharedTalent(
                Guid.CreateVersion7(registered), $"Talent {n}", $"talent{n}@example.com", null,
                random.Next(3) == 0 ? null : string.Join(" and ", Some(words, 2)),
                new TalentProfile(countries[random.Next(countries.Length)], null, Some(languages, 3), Some(areas, 2),
                    (EducationLevel)random.Next(6), random.Next(0, 21), Some(municipalities, 2),
                    random.Next(3) == 0 ? new AccompanyingPartner(random.Next(2) == 0 ? "Nurse" : "Welder") : null, HeardAboutUsChannel.Other),
                registered, Maybe(85), Maybe(50));
        }).Where(t => t.IfSharing() is not null).ToList();
        await using (var write = pool.RegionWriteSession())
        {
            write.Store(talents.ToArray());
            await write.SaveChangesAsync();
        }

        var filters = new List<SharedTalentFilter>();
        foreach (var scope in Enum.GetValues<ConsentScope>())
        {
            filters.Add(new SharedTalentFilter(scope, Start.AddMonths(-24), CompetenceArea: "Nursing"));
            for (var i = 0; i < 40; i++)
            {
                filters.Add(new SharedTalentFilter(scope, Start.AddMonths(-random.Next(6, 30)),
                    CompetenceArea: random.Next(2) == 0 ? areas[random.Next(areas.Length)] : null,
                    Language: random.Next(3) == 0 ? languages[random.Next(languages.Length)] : null,
                    Country: random.Next(3) == 0 ? countries[random.Next(countries.Length)] : null,
                    PreferredMunicipality: random.Next(3) == 0 ? municipalities[random.Next(municipalities.Length)] : null,
                    EducationLevel: random.Next(4) == 0 ? (EducationLevel)random.Next(6) : null,
                    MinYearsOfExperience: random.Next(4) == 0 ? random.Next(0, 15) : null,
                    HasAccompanyingPartner: random.Next(4) == 0 ? random.Next(2) == 0 : null,
                    RegisteredSince: random.Next(5) == 0 ? DateOnly.FromDateTime(Start.AddDays(-random.Next(30, 600)).UtcDateTime) : null,
                    Search: random.Next(3) == 0 ? new[] { "\"cell production\"", "welding", "care -intensive", "production" }[random.Next(4)] : null));
            }
        }

        await using var session = pool.RegionSession();
        var walked = 0;
        var bounded = 0;
        foreach (var filter in filters)
        {
            var walks = SharedTalentProbes.WalkToken(SharedTalentSearch.TokensOf(filter)) is not null;
            if (walks) walked++;
            foreach (var facetLimit in new[] { 12, SharedTalentSearch.ExactFacetLimit })
            {
                var (withProbes, withProbesFacets) = await AllPagesAsync(session, filter, facetLimit, probes: true);
                var (withoutProbes, withoutProbesFacets) = await AllPagesAsync(session, filter, facetLimit, probes: false);
                withProbes.ShouldBe(withoutProbes, $"{filter}");
                JsonSerializer.Serialize(withProbesFacets).ShouldBe(JsonSerializer.Serialize(withoutProbesFacets), $"{filter}");
                if (walks && !withProbesFacets.Exact) bounded++;
            }
        }
        // Most filters walk the probe table, and several match more than the facets count (the bounded walk stops early).
        walked.ShouldBeGreaterThan(50);
        bounded.ShouldBeGreaterThan(5);

        foreach (var vacancy in new[]
                 {
                     new MatchRequirements("Nursing", ["en", "nb"], "3403", EducationLevel.Bachelor, 5),
                     new MatchRequirements("Welding", ["pl"], "3405", null, null),
                     new MatchRequirements("Teaching", [], "3411", EducationLevel.Doctorate, 12),
                 })
        {
            // Statistics that make a rare language's tiers too selective to walk (MatchCandidates.WalkLimit): those tiers read the
            // shared base, the others walk; the candidates are the same either way.
            Dictionary<string, double> rarePolish = new() { ["country:IN"] = 0.05, ["country:NO"] = 0.05, ["language:en"] = 0.05, ["language:pl"] = 0.0001 };
            foreach (var perTier in new[] { 3, 300 })
            foreach (var frequencies in new[] { null, rarePolish })
            {
                (await CandidatesAsync(session, vacancy, perTier, probes: true, frequencies))
                    .ShouldBe(await CandidatesAsync(session, vacancy, perTier, probes: false), $"{vacancy} {perTier}");
            }
        }
    }

    private static async Task<(List<Guid> Ids, SharedTalentFacets Facets)> AllPagesAsync(IQuerySession session, SharedTalentFilter filter, int facetLimit, bool probes)
    {
        var ids = new List<Guid>();
        SharedTalentFacets? facets = null;
        Guid? after = null;
        while (true)
        {
            var (page, pageFacets) = await SharedTalentSearch.RunAsync(session, filter, after, 7, CancellationToken.None, facetLimit, probes);
            facets ??= pageFacets;
            ids.AddRange(page.Take(7).Select(m => m.Talent.Id));
            if (page.Count <= 7) return (ids, facets);
            after = page[6].Talent.Id;
        }
    }

    private static async Task<List<string>> CandidatesAsync(
        IQuerySession session, MatchRequirements vacancy, int perTier, bool probes, IReadOnlyDictionary<string, double>? frequencies = null)
    {
        var batch = session.CreateBatchQuery();
        var candidates = MatchCandidates.ForVacancy(session, batch, vacancy, ConsentScope.Partners, Start.AddMonths(-24), perTier, probes, frequencies);
        await batch.Execute();
        return [.. (await candidates).Select(c => $"{c.Id} {JsonSerializer.Serialize(c.Profile)}")];
    }

    /// <summary>
    /// A filtered search's page and facets, and a matching tier, planned with sequential scans priced out of reach: the probe
    /// table's walk index answers them (an index scan of it, never a scan of the table), for every facet that has rows.
    /// </summary>
    [Fact]
    public async Task A_filtered_search_and_a_matching_tier_walk_the_probe_index()
    {
        var now = DateTimeOffset.UtcNow;
        var filters = new[]
        {
            new SharedTalentFilter(ConsentScope.Partners, now, CompetenceArea: "Battery engineering", Search: "\"cell production\""),
            new SharedTalentFilter(ConsentScope.Partners, now, Country: "IN", Language: "en"),
            new SharedTalentFilter(ConsentScope.Municipalities, now, EducationLevel: EducationLevel.Master, MinYearsOfExperience: 10),
            new SharedTalentFilter(ConsentScope.Partners, now, PreferredMunicipality: "3403", HasAccompanyingPartner: true),
            new SharedTalentFilter(ConsentScope.Partners, now, CompetenceArea: "Medicine", Country: "IT", EducationLevel: EducationLevel.Doctorate,
                OtherRegions: true, Now: now),
        };
        await using var session = fixture.RegionSession();
        await using var connection = await fixture.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        var table = fixture.Store.Options.Schema.For<SharedTalent>();
        foreach (var filter in filters)
        {
            var token = SharedTalentProbes.WalkToken(SharedTalentSearch.TokensOf(filter));
            token.ShouldNotBeNull();
            var (walked, conditions) = SharedTalentSearch.Walk(session, SharedTalentSearch.Conditions(filter, session.TenantId), token);
            var where = string.Join(" and ", conditions.Select(c => c.Sql));
            var parameters = SharedTalentSearch.ParametersOf(conditions);
            foreach (var (sql, values) in new (string, object[])[]
                     {
                         (SharedTalentSearch.PageSql(table, where, after: false, walked), [.. parameters, 26]),
                         (SharedTalentSearch.CountedSql(walked, where), [.. parameters, 1001, 1000]),
                     })
            {
                var plan = await PlanAsync(connection, sql, values);
                plan.ShouldNotContain($"Seq Scan on {SharedTalentProbes.TableName}", customMessage: plan);
                plan.ShouldContain(SharedTalentProbes.WalkIndex, customMessage: plan);
            }
        }
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, object[] values)
    {
        var number = 0;
        var positional = Regex.Replace(sql, @"\?", _ => $"${++number}");
        number.ShouldBe(values.Length);
        await using var explain = new NpgsqlCommand($"explain {positional}", connection);
        foreach (var value in values) explain.Parameters.Add(new NpgsqlParameter { Value = value });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        }
        return string.Join('\n', plan);
    }
}
