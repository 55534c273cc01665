using System.Text.Json;
using JasperFx.Events;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Webhooks;

/// <summary>
/// A delivery's body (Standard Webhooks' shape): <c>type</c>, <c>timestamp</c> (when the event happened) and <c>data</c>.
/// The data are ids, dates and amounts the member can already read through the API, and links to read the rest there:
/// never a talent's name, contact or free text, so an erasure leaves nothing personal in any delivery made or replayed.
/// </summary>
public sealed record WebhookPayload<T>(WebhookEventKind Type, DateTimeOffset Timestamp, T Data);

public sealed record CandidateIntroducedData(Guid CandidacyId, Guid VacancyId, DateTimeOffset IntroducedAt, string CandidateUrl);

public sealed record HireRecordedData(
    Guid HireId, Guid? VacancyId, Guid RegionId, DateOnly HiredOn, DateOnly StartsOn, HireClassification Classification, Money Fee);

public sealed record HireCancelledData(Guid HireId, Guid RegionId, DateOnly CancelledOn, Money CreditedFee);

public sealed record StatementClosedData(Guid RegionId, BillingMonth Month, Money Total, string StatementUrl);

/// <summary>One of the member's saved searches a talent came to match, and where to read it.</summary>
public sealed record MatchedSavedSearch(Guid Id, string Name, string Url);

/// <summary>
/// The saved searches of the member a talent came to match, and the talent as the shared base shows it (<see cref="SharedTalentCard"/>:
/// the shared fields only). <c>Talent</c> is null in a delivery whose talent withdrew the consent or was erased since.
/// </summary>
public sealed record TalentMatchedSavedSearchData(IReadOnlyList<MatchedSavedSearch> SavedSearches, SharedTalentCard? Talent);

/// <summary>
/// An event of a member's scope: whose it is, which kind, and the body its deliveries carry; for a talent's match, the talent
/// and the consent the delivery rests on.
/// </summary>
public sealed record MemberEvent(Guid MemberId, WebhookEventKind Kind, string Body, Guid? TalentId = null, ConsentScope? TalentScope = null);

public static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>The deliveries one stored event makes: one per member whose scope it is in (none for other events).</summary>
    public static IEnumerable<MemberEvent> Of(IEvent @event) => @event.Data switch
    {
        CandidateIntroduced introduced =>
        [
            new(introduced.EmployerId, WebhookEventKind.CandidateIntroduced, Body(WebhookEventKind.CandidateIntroduced, @event.Timestamp,
                new CandidateIntroducedData(introduced.CandidacyId, introduced.VacancyId, introduced.IntroducedAt, $"/api/v1/candidates/{introduced.CandidacyId}"))),
        ],
        HireRecorded hire =>
        [
            new(hire.PartnerId, WebhookEventKind.HireRecorded, Body(WebhookEventKind.HireRecorded, @event.Timestamp,
                new HireRecordedData(hire.HireId, hire.VacancyId, hire.RegionId, hire.HiredOn, hire.StartsOn, hire.Classification, hire.Fee))),
        ],
        HireCancelled cancelled =>
        [
            new(cancelled.PartnerId, WebhookEventKind.HireCancelled, Body(WebhookEventKind.HireCancelled, @event.Timestamp,
                new HireCancelledData(cancelled.HireId, cancelled.RegionId, cancelled.CancelledOn, cancelled.CreditedFee))),
        ],
        BillingPeriodClosed closed => closed.Statements
            .Where(statement => statement.PayerKind is PayerKind.Partner or PayerKind.Municipality)
            .Select(statement => new MemberEvent(statement.PayerId, WebhookEventKind.StatementClosed, Body(WebhookEventKind.StatementClosed, @event.Timestamp,
                new StatementClosedData(closed.RegionId, closed.Month, statement.Total, StatementUrl(statement))))),
        _ => [],
    };

    /// <summary>
    /// The body of <see cref="WebhookEventKind.TalentMatchedSavedSearch"/>: the one kind that carries personal data, the talent's
    /// shared card, which the member may already read in the shared base while the consent is in force.
    /// </summary>
    public static string TalentMatched(DateTimeOffset timestamp, IEnumerable<SavedSearch> searches, SharedTalent talent, Guid regionId) =>
        Body(WebhookEventKind.TalentMatchedSavedSearch, timestamp, new TalentMatchedSavedSearchData(
            [.. searches.Select(s => new MatchedSavedSearch(s.Id, s.Name, $"/api/v1/saved-searches/{s.Id}"))],
            SharedTalentCard.Of(talent, regionId)));

    /// <summary>
    /// The body kept for a match of another region's talent (<see cref="OtherRegionMatches"/>): the searches, no card
    /// (<c>"talent":null</c>); the card is read from the talent's home region when sent (<see cref="WithTalent"/>).
    /// </summary>
    public static string TalentMatchedWithoutCard(DateTimeOffset timestamp, IEnumerable<SavedSearch> searches) =>
        Body(WebhookEventKind.TalentMatchedSavedSearch, timestamp, new TalentMatchedSavedSearchData(
            [.. searches.Select(s => new MatchedSavedSearch(s.Id, s.Name, $"/api/v1/saved-searches/{s.Id}"))], null));

    /// <summary>The body as sent: the kept body with the talent's card as it is now.</summary>
    public static string WithTalent(string body, SharedTalentCard talent)
    {
        var payload = JsonSerializer.Deserialize<WebhookPayload<TalentMatchedSavedSearchData>>(body, Json)!;
        return Body(payload.Type, payload.Timestamp, payload.Data with { Talent = talent });
    }

    /// <summary>A <see cref="WebhookEventKind.TalentMatchedSavedSearch"/> body without its talent (withdrawn or erased).</summary>
    public static string WithoutTalent(string body)
    {
        var payload = JsonSerializer.Deserialize<WebhookPayload<TalentMatchedSavedSearchData>>(body, Json)!;
        return Body(payload.Type, payload.Timestamp, payload.Data with { Talent = null });
    }

    private static string StatementUrl(Statement statement) => statement.PayerKind == PayerKind.Partner
        ? $"/api/v1/partners/{statement.PayerId}/statements/{statement.Month}"
        : $"/api/v1/municipalities/{statement.PayerId}/statements/{statement.Month}";

    private static JsonSerializerOptions CreateJsonOptions()
    {
        // The API's own JSON: the same names, enums and dates a member reads from the endpoints.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        StrictJson.Configure(options);
        return options;
    }

    private static string Body<T>(WebhookEventKind kind, DateTimeOffset timestamp, T data) =>
        JsonSerializer.Serialize(new WebhookPayload<T>(kind, timestamp, data), Json);
}
