using TalentPool.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Benchmarks;

/// <summary>One request the soak sends: its kind, its HTTP status, and whether that status is what the kind expects.</summary>
public sealed record SoakOutcome(string Kind, int Status, bool Expected);

/// <summary>
/// The soak's traffic: what each kind of request sends, and the state it needs (talents, vacancies, candidacies and
/// hires made earlier in the run). Requests of one kind that find nothing to act on yet fall back to a shared-base search.
/// </summary>
public sealed class SoakTraffic(HttpClient client, TokenIssuer tokens)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly string[] Areas = ["Battery engineering", "Process chemistry", "Electrical engineering", "Nursing", "Software", "Welding"];
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Kinds and their share of the traffic, per 100 requests.</summary>
    public static readonly (string Kind, int Weight)[] Mix =
    [
        ("registration", 14), ("profile-update", 8), ("consent-change", 5), ("vacancy-post", 3), ("candidacy", 8),
        ("rejection", 3), ("hire", 6), ("hire-retry", 2), ("cancellation", 2), ("search", 15), ("partner-dashboard", 6),
        ("municipality-dashboard", 3), ("metric", 6), ("statement", 5), ("invalid", 3), ("oversized", 1),
    ];

    private readonly string _admin = tokens.Issue(Roles.Admin, null, name: "soak@secretariat");
    private string _recruiter = "";
    private Guid _region;
    private Guid _municipality;
    private string _municipalityToken = "";
    private string[] _numbers = [];
    private (Guid Id, string Token)[] _partners = [];

    private readonly ConcurrentQueue<RegisteredTalent> _profiles = new();
    private readonly ConcurrentQueue<Guid> _introducible = new();
    private readonly ConcurrentQueue<Guid> _hireable = new();
    private readonly ConcurrentQueue<(Guid Vacancy, int Partner)> _vacancies = new();
    private readonly ConcurrentQueue<(Guid Candidacy, int Partner)> _candidacies = new();
    private readonly ConcurrentQueue<Guid> _activeHires = new();
    private readonly ConcurrentQueue<(string Key, RecordHire Body)> _recordedHires = new();
    private int _counter;

    private sealed record RegisteredTalent(Guid Id, string Token, RegisterTalent Registration, int Version, bool SharesWithMunicipalities);

    /// <summary>A county, a region of two municipalities, three partners and one member municipality, as an admin sets them up.</summary>
    public async Task SeedAsync()
    {
        var suffix = Random.Shared.Next(100, 999);
        _numbers = [$"7{suffix}", $"8{suffix}"];
        var joined = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-2);
        var county = await CreateAsync("/api/v1/counties", new RegisterCounty("Soak county", "NO", _numbers), _admin);
        _region = await CreateAsync("/api/v1/regions", new RegisterRegion("Soak region", county, "NO", "NOK", _numbers), _admin);
        // Regions are tenants: the installation's administrator and anonymous registrations name the region.
        client.DefaultRequestHeaders.Add(RegionTenancy.HeaderName, _region.ToString());
        _recruiter = tokens.Issue(Roles.Recruiter, _region, name: "recruiter@secretariat");
        var partners = new List<(Guid, string)>();
        for (var i = 0; i < 3; i++)
        {
            var id = await CreateAsync("/api/v1/partners",
                new JoinPartner(_region, $"Soak partner {i}", $"91000000{i}", 120, false, joined), _admin);
            partners.Add((id, tokens.Issue(Roles.Partner, _region, id)));
        }
        _partners = [.. partners];
        _municipality = await CreateAsync("/api/v1/municipalities",
            new JoinMunicipality(_region, _numbers[0], "Soak kommune", 20_000, 2025, joined, LicencePayer.Municipality), _admin);
        _municipalityToken = tokens.Issue(Roles.Municipality, _region, _municipality);
        for (var i = 0; i < 6; i++) await SendAsync("vacancy-post");
    }

    public Task<SoakOutcome> SendAsync(string kind) => kind switch
    {
        "registration" => RegisterAsync(),
        "profile-update" when _profiles.TryDequeue(out var talent) => UpdateProfileAsync(talent),
        "consent-change" when _profiles.TryDequeue(out var talent) => ChangeConsentAsync(talent),
        "vacancy-post" => PostVacancyAsync(),
        "candidacy" when _introducible.TryDequeue(out var talent) && _vacancies.TryDequeue(out var vacancy) => IntroduceAsync(talent, vacancy),
        "rejection" when _candidacies.TryDequeue(out var candidacy) => RejectAsync(candidacy),
        "hire" when _hireable.TryDequeue(out var talent) => HireAsync(talent),
        "hire-retry" when _recordedHires.TryDequeue(out var hire) => RetryHireAsync(hire),
        "cancellation" when _activeHires.TryDequeue(out var hire) => CancelAsync(hire),
        "partner-dashboard" => PartnerDashboardAsync(),
        "municipality-dashboard" => ReadAsync(kind, $"/api/v1/municipalities/{_municipality}/dashboard?waitForWrites=true", _municipalityToken),
        "metric" => Next() % 2 == 0
            ? ReadAsync(kind, $"/api/v1/regions/{_region}/metrics/monthly?waitForWrites=true", _admin)
            : ReadAsync(kind, $"/api/v1/regions/{_region}/metrics/hires-per-month?waitForWrites=true", Partner().Token),
        "statement" => ReadAsync(kind, $"/api/v1/partners/{Partner().Id}/statements/{Today:yyyy-MM}", _admin),
        "invalid" => InvalidAsync(),
        "oversized" => OversizedAsync(),
        _ => SearchAsync(kind == "search" ? kind : $"search (for {kind})"),
    };

    private int Next() => Interlocked.Increment(ref _counter);

    private (Guid Id, string Token) Partner() => _partners[Next() % _partners.Length];

    private RegisterTalent Registration(int n) => new(
        $"Soak Talent {n}", $"soak.{n}.{Guid.NewGuid():N}@example.com", n % 3 == 0 ? "NO" : "IN", ["en", "no"], [Areas[n % Areas.Length]],
        EducationLevel.Master, n % 20, [_numbers[n % 2]], HeardAboutUsChannel.JobBoard, ShareWithPartners: true, ShareWithMunicipalities: n % 2 == 0,
        Phone: "+47 400 00 000", AccompanyingPartner: n % 4 == 0 ? new AccompanyingPartner("Teacher") : null, About: $"Soak talent number {n}.");

    private async Task<SoakOutcome> RegisterAsync()
    {
        var registration = Registration(Next());
        using var response = await SendJsonAsync(HttpMethod.Post, "/api/v1/talents", registration, token: null);
        if (response.StatusCode == System.Net.HttpStatusCode.Created)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            var id = body.GetProperty("id").GetGuid();
            _profiles.Enqueue(new RegisteredTalent(id, body.GetProperty("accessToken").GetString()!, registration, 1, registration.ShareWithMunicipalities));
            if (Next() % 2 == 0) _introducible.Enqueue(id); else _hireable.Enqueue(id);
        }
        return Outcome("registration", response, 201);
    }

    private async Task<SoakOutcome> UpdateProfileAsync(RegisteredTalent talent)
    {
        var from = talent.Registration;
        var update = new UpdateTalentProfile(talent.Version, from.FullName, from.Email, from.CountryOfResidence, from.Languages, from.CompetenceAreas,
            from.EducationLevel, from.YearsOfExperience + 1, from.PreferredMunicipalities, from.HeardAboutUsVia, from.Phone, null,
            from.AccompanyingPartner, null, $"Updated at {DateTime.UtcNow:O}");
        using var response = await SendJsonAsync(HttpMethod.Put, $"/api/v1/talents/{talent.Id}/profile", update, talent.Token);
        var version = talent.Version;
        if (response.IsSuccessStatusCode) version = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("version").GetInt32();
        _profiles.Enqueue(talent with { Version = version });
        return Outcome("profile-update", response, 200);
    }

    /// <summary>Withdraws or gives the municipality consent in turn; the partner consent, which candidacies need, stays.</summary>
    private async Task<SoakOutcome> ChangeConsentAsync(RegisteredTalent talent)
    {
        using var response = talent.SharesWithMunicipalities
            ? await SendJsonAsync(HttpMethod.Delete, $"/api/v1/talents/{talent.Id}/consents/municipalities", null, talent.Token)
            : await SendJsonAsync(HttpMethod.Post, $"/api/v1/talents/{talent.Id}/consents", new GiveConsent(ConsentScope.Municipalities), talent.Token);
        // Every consent write answers the talent's profile view, with its new version.
        if (response.IsSuccessStatusCode)
        {
            var version = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("version").GetInt32();
            talent = talent with { Version = version, SharesWithMunicipalities = !talent.SharesWithMunicipalities };
        }
        _profiles.Enqueue(talent);
        return Outcome("consent-change", response, 200);
    }

    private async Task<SoakOutcome> PostVacancyAsync()
    {
        var n = Next();
        var partner = n % _partners.Length;
        var details = new VacancyDetails($"Soak vacancy {n}", "Scale up cell production.", Areas[n % Areas.Length], _numbers[n % 2], 2,
            Today.AddMonths(3), ["en"]);
        using var response = await SendJsonAsync(HttpMethod.Post, "/api/v1/vacancies", new PostVacancy(details), _partners[partner].Token);
        if (response.StatusCode == System.Net.HttpStatusCode.Created)
        {
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
            for (var i = 0; i < 20; i++) _vacancies.Enqueue((id, partner)); // each vacancy takes twenty candidates
        }
        return Outcome("vacancy-post", response, 201);
    }

    private async Task<SoakOutcome> IntroduceAsync(Guid talent, (Guid Vacancy, int Partner) vacancy)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, $"/api/v1/vacancies/{vacancy.Vacancy}/candidates",
            new IntroduceCandidate(talent), _partners[vacancy.Partner].Token);
        if (response.StatusCode == System.Net.HttpStatusCode.Created)
        {
            _candidacies.Enqueue(((await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid(), vacancy.Partner));
        }
        _hireable.Enqueue(talent); // an introduced talent may be hired later
        return Outcome("candidacy", response, 201);
    }

    private async Task<SoakOutcome> RejectAsync((Guid Candidacy, int Partner) candidacy)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, $"/api/v1/candidates/{candidacy.Candidacy}/rejection",
            new RejectCandidate("Another candidate fitted the team better."), _partners[candidacy.Partner].Token);
        return Outcome("rejection", response, 200);
    }

    private async Task<SoakOutcome> HireAsync(Guid talent)
    {
        var hire = new RecordHire(talent, Partner().Id, Today.AddDays(14), WorkplaceMunicipality: _numbers[0]);
        var key = Guid.NewGuid().ToString();
        using var response = await SendJsonAsync(HttpMethod.Post, "/api/v1/hires", hire, _recruiter, key);
        if (response.StatusCode == System.Net.HttpStatusCode.Created)
        {
            _activeHires.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid());
            if (Next() % 3 == 0) _recordedHires.Enqueue((key, hire));
        }
        return Outcome("hire", response, 201);
    }

    /// <summary>The same hire sent again with its idempotency key (its answer was "lost"): the first answer again, nothing recorded twice.</summary>
    private async Task<SoakOutcome> RetryHireAsync((string Key, RecordHire Body) hire)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, "/api/v1/hires", hire.Body, _recruiter, hire.Key);
        return Outcome("hire-retry", response, 201);
    }

    private async Task<SoakOutcome> CancelAsync(Guid hire)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, $"/api/v1/hires/{hire}/cancellation",
            new CancelHire(Today, "Left during probation."), _recruiter);
        return Outcome("cancellation", response, 200);
    }

    private Task<SoakOutcome> SearchAsync(string kind)
    {
        var n = Next();
        var query = (n % 4) switch
        {
            0 => $"competenceArea={Uri.EscapeDataString(Areas[n % Areas.Length])}",
            1 => "language=no&minYearsOfExperience=5",
            2 => $"preferredMunicipality={_numbers[0]}&hasAccompanyingPartner=true",
            _ => "search=cell",
        };
        return n % 5 == 0
            ? ReadAsync(kind, $"/api/v1/shared-talents?{query}", _municipalityToken)
            : ReadAsync(kind, $"/api/v1/shared-talents?{query}", Partner().Token);
    }

    private Task<SoakOutcome> PartnerDashboardAsync()
    {
        var (partner, token) = Partner();
        return ReadAsync("partner-dashboard", $"/api/v1/partners/{partner}/dashboard?waitForWrites=true", token);
    }

    private async Task<SoakOutcome> ReadAsync(string kind, string url, string token)
    {
        using var response = await SendJsonAsync(HttpMethod.Get, url, null, token);
        await response.Content.ReadAsByteArrayAsync();
        return Outcome(kind, response, 200);
    }

    /// <summary>A registration with a property the API does not know, or a search with a limit out of range: 400.</summary>
    private async Task<SoakOutcome> InvalidAsync()
    {
        using var response = Next() % 2 == 0
            ? await SendRawAsync(HttpMethod.Post, "/api/v1/talents", """{"fullName":"X","email":"x@example.com","nickname":"x"}""", null)
            : await SendJsonAsync(HttpMethod.Get, "/api/v1/shared-talents?limit=0", null, Partner().Token);
        return Outcome("invalid", response, 400);
    }

    /// <summary>An anonymous registration of about 300 KB (a huge language list): refused before anything is read into the service.</summary>
    private async Task<SoakOutcome> OversizedAsync()
    {
        var body = JsonSerializer.Serialize(Registration(Next()) with { Languages = [.. Enumerable.Repeat("en", 60_000)] }, Json);
        using var response = await SendRawAsync(HttpMethod.Post, "/api/v1/talents", body, null);
        return Outcome("oversized", response, 413);
    }

    private async Task<Guid> CreateAsync(string url, object body, string token)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, url, body, token);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created) throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object? body, string? token, string? idempotencyKey = null) =>
        SendRawAsync(method, url, body is null ? null : JsonSerializer.Serialize(body, body.GetType(), Json), token, idempotencyKey);

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, string? body, string? token, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static SoakOutcome Outcome(string kind, HttpResponseMessage response, int expected) =>
        new(kind, (int)response.StatusCode, (int)response.StatusCode == expected);
}
