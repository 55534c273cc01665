using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>
/// The facet counts a search with no filter reads (kept by the database beside the shared base, Talents/SharedTalentFacetCounts.cs)
/// against the same counts made over every match, and the bounded counts of a filtered search that matches more than it
/// counts. Each test has a database of its own (<see cref="ClockedTalentPool"/>), so "no filter" means its talents only.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTalentFacetCountTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<Guid> RegisterAsync(ClockedTalentPool pool, Func<RegisterTalent, RegisterTalent> change)
    {
        var registration = change(TalentRequests.Registration() with { ShareWithPartners = true, ShareWithMunicipalities = false });
        var result = await pool.Host.Scenario(s =>
        {
            s.Post.Json(registration).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<SharedTalentFacets> FacetsAsync(ClockedTalentPool pool, string query = "")
    {
        var result = await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Admin)).Get.Url($"/api/v1/shared-talents?limit=1{query}"));
        return (await result.ReadAsJsonAsync<SharedTalentPage>())!.Facets;
    }

    /// <summary>The kept counts (no filter) and the counts made over every match (a filter every talent passes).</summary>
    private static async Task ShouldAgreeAsync(ClockedTalentPool pool, string scope, int talents)
    {
        var kept = await FacetsAsync(pool, $"&scope={scope}");
        var counted = await FacetsAsync(pool, $"&scope={scope}&minYearsOfExperience=0");
        JsonSerializer.Serialize(kept).ShouldBe(JsonSerializer.Serialize(counted));
        kept.Exact.ShouldBeTrue();
        kept.CountedTalents.ShouldBe(talents);
    }

    private static async Task<List<string>> CountRowsAsync(ClockedTalentPool pool, string? from = null)
    {
        await using var connection = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            $"select scope || ' ' || span || ' ' || start || ' ' || facet || ' ' || value || ' ' || sum(talents) "
            + $"from {from ?? $"talentpool.{SharedTalentFacetCounts.TableName}"} "
            + "group by scope, span, start, facet, value having sum(talents) <> 0 order by 1", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public async Task The_kept_counts_equal_the_counts_over_every_match_through_updates_consents_withdrawals_and_erasure()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        var registration = TalentRequests.Registration() with
        {
            CompetenceAreas = ["Welding", "Nursing"], Languages = ["nb", "en"], PreferredMunicipalities = ["3403", "3405"],
            ShareWithPartners = true, ShareWithMunicipalities = true,
        };
        var updated = await RegisterAsync(pool, _ => registration);
        await RegisterAsync(pool, r => r with { CountryOfResidence = "IN", Languages = ["en"], EducationLevel = EducationLevel.Doctorate });
        pool.Clock.MoveTo(Start.AddDays(3));
        var withdrawn = await RegisterAsync(pool, r => r with { CompetenceAreas = ["Software"], ShareWithMunicipalities = true });
        var erased = await RegisterAsync(pool, r => r with { CountryOfResidence = "SE", Languages = ["sv"] });
        var later = await RegisterAsync(pool, r => r with { ShareWithPartners = false, CompetenceAreas = ["Teaching"] });
        await ShouldAgreeAsync(pool, "partners", 4);
        await ShouldAgreeAsync(pool, "municipalities", 2);

        var own = pool.TokenFor(Roles.Talent, updated);
        await pool.Host.Scenario(s => s.As(own).Put.Json(TalentRequests.ProfileUpdate(registration, 1) with
        {
            CompetenceAreas = ["Welding", "Automation"], CountryOfResidence = "PL", Languages = ["pl"],
        }).ToUrl($"/api/v1/talents/{updated}/profile"));
        await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, withdrawn)).Delete.Url($"/api/v1/talents/{withdrawn}/consents/partners"));
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, erased)).Post.Json(new { }).ToUrl($"/api/v1/talents/{erased}/erasure");
            s.StatusCodeShouldBe(204);
        });
        pool.Clock.MoveTo(Start.AddDays(5));
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, later)).Post.Json(new GiveConsent(ConsentScope.Partners)).ToUrl($"/api/v1/talents/{later}/consents");
            s.StatusCodeShouldBe(200);
        });

        await ShouldAgreeAsync(pool, "partners", 3);
        await ShouldAgreeAsync(pool, "municipalities", 2);
        var partners = await FacetsAsync(pool);
        partners.CompetenceAreas.ShouldContain(new FacetCount("Automation", 1));
        partners.CompetenceAreas.ShouldNotContain(c => c.Value == "Software" || c.Value == "Nursing");
        partners.Countries.ShouldNotContain(c => c.Value == "SE");

        // What the trigger kept is what counting the documents again gives.
        var kept = await CountRowsAsync(pool);
        kept.ShouldNotBeEmpty();
        var documents = SharedTalentFacetCounts.CountedFromDocumentsSql("talentpool", "talentpool.mt_doc_shared_talent");
        (await CountRowsAsync(pool, $"({documents}) as counted"))
            .ShouldBe(kept);
    }

    [Fact]
    public async Task Writers_at_once_never_touch_a_count_row_and_folding_their_changes_moves_no_answer()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Welding"] });
        var store = pool.Host.Services.GetRequiredService<IDocumentStore>();
        await SharedTalentFacetFolding.FoldAsync(store, CancellationToken.None);
        await using var other = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        async Task<long> ChangesAsync()
        {
            await using var command = new NpgsqlCommand($"select count(*) from talentpool.{SharedTalentFacetCounts.ChangesTableName}", other);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        (await ChangesAsync()).ShouldBe(0);

        // Another transaction holds every count row: 12 registrations at once, a withdrawal and a profile change meanwhile wait for nobody.
        var withdrawn = await RegisterAsync(pool, r => r with { CompetenceAreas = ["Teaching"] });
        await using (var open = await other.BeginTransactionAsync())
        {
            await using (var hold = new NpgsqlCommand($"select count(*) from (select 1 from talentpool.{SharedTalentFacetCounts.CountedTableName} for update) as held", other, open))
            {
                ((long)(await hold.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
            }
            Task[] writes =
            [
                .. Enumerable.Range(0, 12).Select(i => RegisterAsync(pool, r => r with
                {
                    CompetenceAreas = ["Welding", i % 2 == 0 ? "Nursing" : "Teaching"], CountryOfResidence = "SE", ShareWithMunicipalities = i % 3 == 0,
                })),
                pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, withdrawn)).Delete.Url($"/api/v1/talents/{withdrawn}/consents/partners")),
            ];
            await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));
            await open.RollbackAsync();
        }
        await ShouldAgreeAsync(pool, "partners", 13);
        await ShouldAgreeAsync(pool, "municipalities", 4);
        var documents = SharedTalentFacetCounts.CountedFromDocumentsSql("talentpool", "talentpool.mt_doc_shared_talent");
        var before = await CountRowsAsync(pool);
        (await CountRowsAsync(pool, $"({documents}) as counted")).ShouldBe(before);

        // The fold moves every change into the counts: the same sums, nothing left to fold.
        await SharedTalentFacetFolding.FoldAsync(store, CancellationToken.None);
        (await ChangesAsync()).ShouldBe(0);
        (await CountRowsAsync(pool, $"talentpool.{SharedTalentFacetCounts.CountedTableName}")).ShouldBe(before);
        (await FacetsAsync(pool)).CompetenceAreas.ShouldBe(
            [new FacetCount("Welding", 13), new FacetCount("Nursing", 6), new FacetCount("Teaching", 6)]);
        await ShouldAgreeAsync(pool, "partners", 13);
    }

    [Fact]
    public async Task The_filter_tokens_made_for_documents_written_before_the_column_existed_equal_those_written_with_the_document()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await RegisterAsync(pool, r => r);
        await RegisterAsync(pool, r => r with
        {
            AccompanyingPartner = null, CompetenceAreas = ["Civil engineering: bridges", "Welding"], Languages = ["nb"],
            PreferredMunicipalities = [], CountryOfResidence = "se", EducationLevel = EducationLevel.Vocational,
        });
        await using var connection = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        async Task<List<string>> TokensAsync()
        {
            await using var read = new NpgsqlCommand(
                "select array_to_string(array(select t from unnest(filter_tokens) as t order by t), '|') from talentpool.mt_doc_shared_talent order by id",
                connection);
            var rows = new List<string>();
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            return rows;
        }
        // Seven indexes a registration keeps: one GIN index over the tokens answers every equality filter.
        await using (var indexes = new NpgsqlCommand(
            "select string_agg(indexname, ' ' order by indexname) from pg_indexes where schemaname = 'talentpool' and tablename = 'mt_doc_shared_talent'",
            connection))
        {
            ((string)(await indexes.ExecuteScalarAsync())!).Split(' ').ShouldBe([
                "mt_doc_shared_talent_idx_facets", "mt_doc_shared_talent_idx_filter_tokens", "mt_doc_shared_talent_idx_registered_at",
                "mt_doc_shared_talent_idx_search_vector", "mt_doc_shared_talent_idx_shared_with_municipalities_since",
                "mt_doc_shared_talent_idx_shared_with_partners_since", "pkey_mt_doc_shared_talent_tenant_id_id",
            ]);
        }
        var written = await TokensAsync();
        written[1].ShouldBe("competenceArea:Civil engineering: bridges|competenceArea:Welding|country:SE|education:Vocational|language:nb|plusOne:false");

        await using (var forget = new NpgsqlCommand(
            "update talentpool.mt_doc_shared_talent set filter_tokens = case when registered_at = (select min(registered_at) from talentpool.mt_doc_shared_talent) "
            + $"then null::text[] else '{{}}'::text[] end; select talentpool.{SharedTalentFacetCounts.FillFilterTokensFunction}()", connection))
        {
            await forget.ExecuteNonQueryAsync();
        }
        (await TokensAsync()).ShouldBe(written);
        var found = await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Admin)).Get.Url(
            "/api/v1/shared-talents?competenceArea=Civil%20engineering:%20bridges&country=SE&hasAccompanyingPartner=false"));
        var page = (await found.ReadAsJsonAsync<SharedTalentPage>())!;
        page.Items.ShouldHaveSingleItem();
        page.Facets.CompetenceAreas.ShouldBe([new FacetCount("Civil engineering: bridges", 1), new FacetCount("Welding", 1)]);
    }

    [Fact]
    public async Task The_triggers_that_keep_the_counts_and_the_search_text_survive_the_schema_being_applied_again_at_the_next_start()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await RegisterAsync(pool, r => r with { About = "Glassblower from Murano." });

        await pool.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await pool.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var later = await RegisterAsync(pool, r => r with { About = "Glassblowing and kiln work.", CompetenceAreas = ["Crafts"] });
        await ShouldAgreeAsync(pool, "partners", 2);
        var found = await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Admin)).Get.Url("/api/v1/shared-talents?search=kiln"));
        (await found.ReadAsJsonAsync<SharedTalentPage>())!.Items.ShouldHaveSingleItem().Id.ShouldBe(later);
    }

    [Fact]
    public async Task Time_alone_changes_the_kept_counts_month_by_month_day_by_day_and_within_the_first_day()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Welding"] });                 // 10 March, 09:00
        pool.Clock.MoveTo(Start.AddHours(6));
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Nursing"] });                 // 10 March, 15:00
        pool.Clock.MoveTo(Start.AddDays(2));
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Software"], ShareWithMunicipalities = true }); // 12 March
        pool.Clock.MoveTo(Start.AddMonths(1));
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Teaching"] });                // 10 April
        var eventsBefore = (await pool.Store.Advanced.FetchEventStoreStatistics()).EventCount;
        async Task<List<string>> AreasAsync() => [.. (await FacetsAsync(pool)).CompetenceAreas.Select(c => c.Value)];

        // An admin reads by the default validity of 24 months: consents given up to 24 months ago are in force.
        pool.Clock.MoveTo(Start.AddMonths(24).AddHours(-1));
        (await AreasAsync()).ShouldBe(["Nursing", "Software", "Teaching", "Welding"]);
        await ShouldAgreeAsync(pool, "partners", 4);

        pool.Clock.MoveTo(Start.AddMonths(24).AddHours(1)); // the 09:00 consent ran out, the 15:00 one of the same day not yet
        (await AreasAsync()).ShouldBe(["Nursing", "Software", "Teaching"]);
        await ShouldAgreeAsync(pool, "partners", 3);

        pool.Clock.MoveTo(Start.AddMonths(24).AddDays(1)); // a day later: the 12 March consent, and April's
        (await AreasAsync()).ShouldBe(["Software", "Teaching"]);
        await ShouldAgreeAsync(pool, "partners", 2);
        await ShouldAgreeAsync(pool, "municipalities", 1);

        pool.Clock.MoveTo(Start.AddMonths(24).AddDays(3)); // into the month after: April's alone
        (await FacetsAsync(pool)).CompetenceAreas.ShouldBe([new FacetCount("Teaching", 1)]);
        await ShouldAgreeAsync(pool, "partners", 1);
        await ShouldAgreeAsync(pool, "municipalities", 0);

        pool.Clock.MoveTo(Start.AddMonths(25).AddDays(1));
        (await FacetsAsync(pool)).ShouldSatisfyAllConditions(
            f => f.CountedTalents.ShouldBe(0), f => f.CompetenceAreas.ShouldBeEmpty(), f => f.Exact.ShouldBeTrue());
        (await pool.Store.Advanced.FetchEventStoreStatistics()).EventCount.ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task A_filtered_search_matching_more_than_it_counts_counts_the_newest_matches_and_says_the_counts_are_not_exact()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Welding"], CountryOfResidence = "SE" });
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Welding"], CountryOfResidence = "IN" });
        await RegisterAsync(pool, r => r with { CompetenceAreas = ["Welding", "Nursing"], CountryOfResidence = "IN" });
        var filter = new SharedTalentFilter(ConsentScope.Partners, Start.AddDays(-1), CompetenceArea: "Welding");

        await using var session = pool.RegionSession();
        var (page, bounded) = await SharedTalentSearch.RunAsync(session, filter, null, 1, CancellationToken.None, exactFacetLimit: 2);
        page.Count.ShouldBe(2); // the page's own limit + 1: the page is never bounded by the facets
        bounded.Exact.ShouldBeFalse();
        bounded.CountedTalents.ShouldBe(2);
        bounded.Countries.ShouldBe([new FacetCount("IN", 2)]); // the two newest; the Swede registered first
        bounded.CompetenceAreas.ShouldBe([new FacetCount("Welding", 2), new FacetCount("Nursing", 1)]);

        var (_, exact) = await SharedTalentSearch.RunAsync(session, filter, null, 1, CancellationToken.None, exactFacetLimit: 3);
        exact.Exact.ShouldBeTrue();
        exact.CountedTalents.ShouldBe(3);
        exact.Countries.ShouldBe([new FacetCount("IN", 2), new FacetCount("SE", 1)]);

        // With no filter but the consent, the kept counts count every match, whatever the bound of a filtered search.
        var (_, kept) = await SharedTalentSearch.RunAsync(
            session, filter with { CompetenceArea = null }, null, 1, CancellationToken.None, exactFacetLimit: 2);
        kept.Exact.ShouldBeTrue();
        kept.CountedTalents.ShouldBe(3);
        kept.Countries.ShouldBe(exact.Countries);
    }
}
