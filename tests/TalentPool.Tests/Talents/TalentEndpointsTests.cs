using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>The talent's API through the whole pipeline: routing, real JWTs, validation, Marten, JSON.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TalentEndpointsTests(TalentPoolFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    private async Task<TalentRegisteredResponse> RegisterAsync(RegisterTalent command)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(command).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(201);
        });
        var created = (await result.ReadAsJsonAsync<TalentRegisteredResponse>()).ShouldNotBeNull();
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/v1/talents/{created.Id}");
        return created;
    }

    private async Task<TalentProfileView> ReadAsync(Guid talentId, string token)
    {
        var result = await Host.Scenario(s => s.As(token).Get.Url($"/api/v1/talents/{talentId}"));
        return (await result.ReadAsJsonAsync<TalentProfileView>()).ShouldNotBeNull();
    }

    private async Task<long> EventCountAsync(Guid streamId)
    {
        await using var session = fixture.RegionSession();
        return (await session.Events.FetchStreamAsync(streamId)).Count;
    }

    [Fact]
    public async Task A_talent_registers_without_an_account_and_reads_itself_back_with_its_own_token()
    {
        var command = TalentRequests.Registration();

        var created = await RegisterAsync(command);
        var talent = await ReadAsync(created.Id, fixture.TokenFor(Roles.Talent, created.Id));

        talent.Id.ShouldBe(created.Id);
        talent.Version.ShouldBe(1);
        talent.Personal.Email.ShouldBe(command.Email);
        talent.Profile.CountryOfResidence.ShouldBe("IN");
        talent.Profile.AccompanyingPartner.ShouldBe(new AccompanyingPartner("Nurse"));
        talent.Consents.IsGiven(ConsentScope.Partners).ShouldBeTrue();
    }

    [Fact]
    public async Task The_wire_format_is_camelCase_with_enums_as_strings_and_ISO_8601_instants()
    {
        var created = await RegisterAsync(TalentRequests.Registration());

        var result = await Host.Scenario(s => s.As(fixture.AdminToken()).Get.Url($"/api/v1/talents/{created.Id}"));
        var json = await result.ReadAsTextAsync();

        json.ShouldContain("\"educationLevel\":\"Master\"");
        json.ShouldContain("\"heardAboutUsVia\":\"SocialMedia\"");
        json.ShouldMatch("\"registeredAt\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)\"");
    }

    [Fact]
    public async Task An_invalid_registration_is_a_400_naming_each_field_and_stores_nothing()
    {
        var command = TalentRequests.Registration() with { Email = "nope", CountryOfResidence = "Norway", YearsOfExperience = -2 };

        var result = await Host.Scenario(s =>
        {
            s.Post.Json(command).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(400);
        });

        var problem = await result.ReadValidationProblemAsync();
        problem.Errors.Keys.ShouldBe(["email", "countryOfResidence", "yearsOfExperience"], ignoreOrder: true);
        await using var session = fixture.RegionSession();
        (await session.Query<Talent>().AnyAsync(t => t.Personal.Email == "nope")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_problem()
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Text("{\"fullName\": 12").ToUrl("/api/v1/talents");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadProblemAsync()).Status.ShouldBe(400);
    }

    [Fact]
    public async Task Registering_the_same_email_twice_is_a_409_that_names_the_conflict()
    {
        var email = TalentRequests.UniqueEmail();
        await RegisterAsync(TalentRequests.Registration(email));

        var result = await Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration(email.ToUpperInvariant())).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(409);
        });

        (await result.ReadProblemAsync()).Detail.ShouldBe("A talent with this e-mail address is already registered.");
    }

    [Fact]
    public async Task Parallel_registrations_of_one_email_give_one_201_and_409s_for_the_rest()
    {
        var email = TalentRequests.UniqueEmail();
        using var client = Host.Server.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            (await client.PostAsJsonAsync("/api/v1/talents", TalentRequests.Registration(email), Json.Options)).StatusCode));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5);
    }

    [Fact]
    public async Task Reading_a_talent_needs_a_token()
    {
        var created = await RegisterAsync(TalentRequests.Registration());

        var result = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/v1/talents/{created.Id}");
            s.StatusCodeShouldBe(401);
        });

        (await result.ReadProblemAsync()).Status.ShouldBe(401);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var created = await RegisterAsync(TalentRequests.Registration());
        var foreignKey = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]);
        var forged = new TokenIssuer(foreignKey, TimeProvider.System).Issue(Roles.Admin, null);

        await Host.Scenario(s =>
        {
            s.As(forged).Get.Url($"/api/v1/talents/{created.Id}");
            s.StatusCodeShouldBe(401);
        });
    }

    [Theory]
    [InlineData(Roles.Talent)]
    [InlineData(Roles.Partner)]
    [InlineData(Roles.Municipality)]
    [InlineData(Roles.Recruiter)]
    public async Task Nobody_but_the_talent_and_an_admin_reads_a_talent(string role)
    {
        var created = await RegisterAsync(TalentRequests.Registration());
        var someoneElse = fixture.TokenFor(role, TalentPoolClaims.IdClaimFor(role) is null ? null : Guid.NewGuid());

        var result = await Host.Scenario(s =>
        {
            s.As(someoneElse).Get.Url($"/api/v1/talents/{created.Id}");
            s.StatusCodeShouldBe(403);
        });

        (await result.ReadProblemAsync()).Status.ShouldBe(403);
    }

    [Fact]
    public async Task Another_talent_is_refused_the_same_way_whether_or_not_the_id_exists()
    {
        var stranger = fixture.TokenFor(Roles.Talent, Guid.NewGuid());

        await Host.Scenario(s =>
        {
            s.As(stranger).Get.Url($"/api/v1/talents/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task An_unknown_talent_is_a_404_problem_for_an_admin()
    {
        var result = await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url($"/api/v1/talents/{Guid.NewGuid()}");
            s.StatusCodeShouldBe(404);
        });

        (await result.ReadProblemAsync()).Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_talent_updates_its_profile_at_the_version_it_read()
    {
        var command = TalentRequests.Registration();
        var created = await RegisterAsync(command);
        var token = fixture.TokenFor(Roles.Talent, created.Id);
        var update = TalentRequests.ProfileUpdate(command, version: 1) with { CountryOfResidence = "SE", YearsOfExperience = 8 };

        var result = await Host.Scenario(s => s.As(token).Put.Json(update).ToUrl($"/api/v1/talents/{created.Id}/profile"));

        var updated = (await result.ReadAsJsonAsync<TalentProfileView>()).ShouldNotBeNull();
        updated.Version.ShouldBe(2);
        updated.Profile.CountryOfResidence.ShouldBe("SE");
        (await ReadAsync(created.Id, token)).Profile.YearsOfExperience.ShouldBe(8);
    }

    [Fact]
    public async Task An_update_from_a_stale_version_is_a_409_and_appends_nothing()
    {
        var command = TalentRequests.Registration();
        var created = await RegisterAsync(command);
        var token = fixture.TokenFor(Roles.Talent, created.Id);
        await Host.Scenario(s => s.As(token).Put.Json(TalentRequests.ProfileUpdate(command, 1) with { YearsOfExperience = 8 })
            .ToUrl($"/api/v1/talents/{created.Id}/profile"));

        var result = await Host.Scenario(s =>
        {
            s.As(token).Put.Json(TalentRequests.ProfileUpdate(command, 1) with { YearsOfExperience = 9 }).ToUrl($"/api/v1/talents/{created.Id}/profile");
            s.StatusCodeShouldBe(409);
        });

        (await result.ReadProblemAsync()).Detail!.ShouldContain("current version");
        (await EventCountAsync(created.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task An_update_that_takes_another_talents_email_is_a_409()
    {
        var taken = TalentRequests.UniqueEmail();
        await RegisterAsync(TalentRequests.Registration(taken));
        var command = TalentRequests.Registration();
        var created = await RegisterAsync(command);

        await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Put.Json(TalentRequests.ProfileUpdate(command, 1) with { Email = taken })
                .ToUrl($"/api/v1/talents/{created.Id}/profile");
            s.StatusCodeShouldBe(409);
        });

        (await EventCountAsync(created.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_update_is_a_400_and_an_update_of_an_unknown_talent_a_404()
    {
        var command = TalentRequests.Registration();
        var created = await RegisterAsync(command);

        await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Put.Json(TalentRequests.ProfileUpdate(command, 1) with { Languages = [] })
                .ToUrl($"/api/v1/talents/{created.Id}/profile");
            s.StatusCodeShouldBe(400);
        });
        await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Put.Json(TalentRequests.ProfileUpdate(command, 1)).ToUrl($"/api/v1/talents/{Guid.NewGuid()}/profile");
            s.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task A_talent_gives_and_withdraws_consent_each_as_an_event()
    {
        var created = await RegisterAsync(TalentRequests.Registration());
        var token = fixture.TokenFor(Roles.Talent, created.Id);

        await Host.Scenario(s => s.As(token).Post.Json(new GiveConsent(ConsentScope.Municipalities)).ToUrl($"/api/v1/talents/{created.Id}/consents"));
        await Host.Scenario(s => s.As(token).Delete.Url($"/api/v1/talents/{created.Id}/consents/partners"));
        // Withdrawing what is not in force changes nothing.
        await Host.Scenario(s => s.As(token).Delete.Url($"/api/v1/talents/{created.Id}/consents/partners"));

        var talent = await ReadAsync(created.Id, token);
        talent.Consents.IsGiven(ConsentScope.Municipalities).ShouldBeTrue();
        talent.Consents.IsGiven(ConsentScope.Partners).ShouldBeFalse();
        talent.Version.ShouldBe(3);
    }

    [Fact]
    public async Task Consent_of_an_unknown_scope_is_a_400_and_of_an_unknown_talent_a_404()
    {
        var created = await RegisterAsync(TalentRequests.Registration());

        await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Post.Text("{\"scope\":\"everyone\"}").ToUrl($"/api/v1/talents/{created.Id}/consents");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });
        await Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Post.Json(new GiveConsent(ConsentScope.Partners)).ToUrl($"/api/v1/talents/{Guid.NewGuid()}/consents");
            s.StatusCodeShouldBe(404);
        });
    }
}
