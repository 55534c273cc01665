using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Regions;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// <c>move-region {id} --to …</c>: a region's events and documents move to a database of its own (a second database on the test
/// server), where the service answers every read of it as before; the region left behind answers as before too.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MoveRegionTests(TalentPoolFixture fixture)
{
    private static readonly DemoDataPlan Moving = RegionAnswers.Plan;
    private static readonly DemoDataPlan Staying = RegionAnswers.Plan with { Seed = 12 };
    private static readonly Guid MovingRegion = new DemoHistory(Moving).RegionId;

    [Fact]
    public async Task A_region_moved_to_a_database_of_its_own_answers_there_as_before_and_the_region_left_behind_is_unaffected()
    {
        var source = await fixture.Postgres.CreateDatabaseAsync("move_source");
        var target = await fixture.Postgres.CreateDatabaseAsync("move_target");
        await RegionAnswers.AppendAsync(source, Moving, preTenancy: false);
        // The second region's municipality numbers would be the first's (one generator): it is appended without its
        // municipalities and their number claims, as two regions can never hold one number.
        await RegionAnswers.AppendAsync(source, Staying, preTenancy: false,
            include: s => s.Aggregate != typeof(MunicipalityNumberClaim) && s.Aggregate != typeof(TalentPool.Municipalities.Municipality));
        Dictionary<string, string> movingBefore, stayingBefore;
        await using (var service = await OperatorCommands.ServiceOnAsync(source))
        {
            movingBefore = await RegionAnswers.ReadAsync(service, Moving);
            stayingBefore = await RegionAnswers.ReadAsync(service, Staying);
        }
        var sourceSequence = await ScalarAsync(source, "select max(seq_id) from talentpool.mt_events");

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(source, "move-region", MovingRegion.ToString(), "--to", target);

        exitCode.ShouldBe(0, errors);
        var result = JsonDocument.Parse(output.Trim()).RootElement;
        result.GetProperty("outcome").GetString().ShouldBe("Moved");
        result.GetProperty("events").GetInt64().ShouldBeGreaterThan(250);
        errors.ShouldContain($"Removed region {MovingRegion} from the source database");
        var tenant = $"'{MovingRegion}'";
        (await ScalarAsync(source, $"select count(*) from talentpool.mt_events where tenant_id = {tenant}")).ShouldBe(0);
        (await ScalarAsync(source, $"select count(*) from talentpool.mt_doc_talent where tenant_id = {tenant}")).ShouldBe(0);
        // The shared base's probe rows (Talents/SharedTalentProbes.cs) follow their documents, kept by its trigger in each database.
        var probes = $"select count(*) from {SharedTalentProbes.Table("talentpool")} where tenant_id = {tenant}";
        var probesOfDocuments = $"select count(*) from ({SharedTalentProbes.RowsOfDocumentsSql("talentpool.mt_doc_shared_talent")}) as p where p.tenant_id = {tenant}";
        (await ScalarAsync(source, probes)).ShouldBe(0);
        (await ScalarAsync(target, probes)).ShouldBeGreaterThan(0);
        (await ScalarAsync(target, probes)).ShouldBe(await ScalarAsync(target, probesOfDocuments));
        (await ScalarAsync(target, $"select count(*) from talentpool.mt_events where tenant_id = {tenant}")).ShouldBe(result.GetProperty("events").GetInt64());
        (await ScalarAsync(target, "select last_value from talentpool.mt_events_sequence")).ShouldBeGreaterThanOrEqualTo(sourceSequence);

        movingBefore.Values.Count(answer => answer.StartsWith("200 ")).ShouldBe(movingBefore.Count);
        // The region's database named in the configuration: the one service reads and writes each region where it lives.
        var configured = new Dictionary<string, string> { [$"Regions:Databases:{MovingRegion}"] = target };
        await using (var service = await OperatorCommands.ServiceOnAsync(source, configured))
        {
            var movingAfter = await RegionAnswers.ReadAsync(service, Moving);
            foreach (var (url, answer) in movingBefore) movingAfter[url].ShouldBe(answer, url);
            var stayingAfter = await RegionAnswers.ReadAsync(service, Staying);
            foreach (var (url, answer) in stayingBefore) stayingAfter[url].ShouldBe(answer, url);

            // The region list asks every database: the moved region's own token finds it, the installation's admin finds both.
            var admin = service.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, MovingRegion);
            var ownList = await GetJsonAsync(service, "/api/v1/regions", admin);
            ownList.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldBe([MovingRegion]);
            var installationAdmin = service.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null);
            var everyRegion = await GetJsonAsync(service, "/api/v1/regions?limit=200", installationAdmin);
            everyRegion.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())
                .ShouldBe(new[] { MovingRegion, new DemoHistory(Staying).RegionId }.Order(), ignoreOrder: false);
            await service.Scenario(s =>
            {
                s.As(admin).Post.Json(new { regionId = MovingRegion, name = "Moved Along AS", organisationNumber = "923 609 016",
                    employeeCount = 12, founding = false, joinedOn = "2026-11-20" }).ToUrl("/api/v1/partners");
                s.StatusCodeShouldBe(201);
            });
            (await ScalarAsync(target, $"select count(*) from talentpool.mt_events where tenant_id = {tenant} and type = 'partner_joined.v1'"))
                .ShouldBe(Moving.Partners + 1);
            (await ScalarAsync(source, $"select count(*) from talentpool.mt_events where tenant_id = {tenant}")).ShouldBe(0);
            var joined = await ScalarAsync(target, "select max(seq_id) from talentpool.mt_events");
            joined.ShouldBeGreaterThan(sourceSequence);
            // Wolverine runs the async projections per database: the region's members read model goes on in the region's database.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await ScalarAsync(target, "select coalesce(max(last_seq_id), 0) from talentpool.mt_event_progression where name = 'RegionMembers:All'") < joined)
            {
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120), "the region database's RegionMembers projection did not reach the new partner");
                await Task.Delay(250);
            }
        }
        // Without that setting the region is simply not in the shared database any more.
        await using (var service = await OperatorCommands.ServiceOnAsync(source))
        {
            (await RegionAnswers.ReadAsync(service, Moving))[$"/api/v1/regions/{MovingRegion}"].ShouldStartWith("404 ");
        }

        var (again, secondOutput, secondErrors) = await OperatorCommands.RunAsync(source, "move-region", MovingRegion.ToString(), "--to", target);
        again.ShouldBe(0, secondErrors);
        JsonDocument.Parse(secondOutput.Trim()).RootElement.GetProperty("outcome").GetString().ShouldBe("AlreadyMoved");
        secondErrors.ShouldContain("Nothing to move");
    }

    [Fact]
    public async Task A_move_to_a_database_holding_another_region_is_refused_and_the_source_keeps_the_region()
    {
        var source = await fixture.Postgres.CreateDatabaseAsync("move_refused_source");
        var target = await fixture.Postgres.CreateDatabaseAsync("move_refused_target");
        await RegionAnswers.AppendAsync(source, Moving, preTenancy: false);
        await RegionAnswers.AppendAsync(target, Staying, preTenancy: false);
        var events = await ScalarAsync(source, "select count(*) from talentpool.mt_events");

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(source, "move-region", MovingRegion.ToString(), "--to", target);

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("The target database holds another region's events");
        (await ScalarAsync(source, "select count(*) from talentpool.mt_events")).ShouldBe(events);
        (await ScalarAsync(target, $"select count(*) from talentpool.mt_events where tenant_id = '{MovingRegion}'")).ShouldBe(0);
    }

    private static async Task<JsonElement> GetJsonAsync(IAlbaHost host, string url, string token)
    {
        var result = await host.Scenario(s =>
        {
            s.As(token).Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        return JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
