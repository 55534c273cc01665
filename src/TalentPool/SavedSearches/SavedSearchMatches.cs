using JasperFx.Events;
using Marten;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.SavedSearches;

/// <summary>
/// Which saved searches a talent's change newly matches: read by <see cref="WebhookDispatch"/> for the talent's registration,
/// profile update and consent, in the talent's region. A search is matched by the talent as it stood <em>after</em> the event,
/// with the consent of the search's scope in force at the event's time, and is new when the talent as it stood just
/// <em>before</em> the event did not match it (or was not sharing): so an update that leaves the talent matching notifies
/// nothing again, while one that makes the talent match (again) does. Only searches saved before the event count, and only
/// while the talent still shares now (a talent who withdrew or was erased since is never sent).
/// </summary>
/// <remarks>
/// The searches a state matches are one SQL statement over the saved searches' GIN-indexed <c>required_tokens</c>
/// (<c>&lt;@</c> the talent's tokens): an index lookup that finds the searches whose every equality filter the talent has; the
/// few it finds are then held to the years, the registration date and the free text (PostgreSQL's own full-text match) in the
/// same statement. No search of the region is read into the service unless it matches.
/// </remarks>
public static class SavedSearchMatches
{
    /// <summary>The talent's changes among the events, one delivery per member whose searches it newly matches.</summary>
    public static async Task<IReadOnlyList<(IEvent Event, MemberEvent MemberEvent)>> OfAsync(
        IReadOnlyList<IEvent> events, IDocumentOperations operations, DateTimeOffset now, CancellationToken cancellation)
    {
        var changes = events.Where(e => e.Data is TalentRegistered or TalentProfileUpdated or TalentConsentGiven).ToList();
        if (changes.Count == 0 || !await operations.Query<SavedSearch>().AnyAsync(s => !s.Deleted, cancellation)) return [];

        var region = await operations.LoadAsync<Region>(Guid.Parse(operations.TenantId), cancellation);
        var validity = region?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths;
        var made = new List<(IEvent, MemberEvent)>();
        foreach (var change in changes)
        {
            var (before, after) = await StatesAroundAsync(change, operations, cancellation);
            var matched = await MatchingAsync(after, change.Timestamp, validity, operations, cancellation);
            if (matched.Count == 0) continue;
            var matchedBefore = (await MatchingAsync(before, change.Timestamp, validity, operations, cancellation)).Select(s => s.Id).ToHashSet();
            var fresh = matched.Where(s => !matchedBefore.Contains(s.Id)).ToList();
            if (fresh.Count == 0) continue;

            // Sent only while the talent still shares with the search's scope: a withdrawal or an erasure since ends it.
            var current = await operations.LoadAsync<SharedTalent>(after!.Id, cancellation);
            foreach (var ofMember in fresh.Where(s => InForce(current, s.Scope, now, validity)).GroupBy(s => s.MemberId))
            {
                var searches = ofMember.OrderBy(s => s.Id).ToList();
                made.Add((change, new MemberEvent(ofMember.Key, WebhookEventKind.TalentMatchedSavedSearch,
                    WebhookPayloads.TalentMatched(change.Timestamp, searches, after, region?.Id ?? Guid.Parse(operations.TenantId)), after.Id, searches[0].Scope)));
            }
        }
        return made;
    }

    /// <summary>The talent just before and just after the event (a registration has no before).</summary>
    internal static async Task<(SharedTalent? Before, SharedTalent? After)> StatesAroundAsync(
        IEvent change, IDocumentOperations operations, CancellationToken cancellation)
    {
        if (change.Data is TalentRegistered registered) return (null, SharedTalent.Next(null, registered));
        var history = await operations.Events.FetchStreamAsync(change.StreamId, change.Version, token: cancellation);
        var before = history.Where(e => e.Version < change.Version).Aggregate((SharedTalent?)null, (talent, e) => SharedTalent.Next(talent, e.Data));
        return (before, SharedTalent.Next(before, change.Data));
    }

    public static bool InForce(SharedTalent? talent, ConsentScope scope, DateTimeOffset at, int validityMonths) =>
        (scope == ConsentScope.Partners ? talent?.SharedWithPartnersSince : talent?.SharedWithMunicipalitiesSince) is { } since
        && since > TalentConsents.InForceSince(at, validityMonths);

    /// <summary>The saved searches (saved by then) that the talent as it stands matches at <paramref name="at"/>.</summary>
    internal static async Task<IReadOnlyList<SavedSearch>> MatchingAsync(
        SharedTalent? talent, DateTimeOffset at, int validityMonths, IQuerySession operations, CancellationToken cancellation)
    {
        if (talent is null) return [];
        string[] kinds =
        [
            .. InForce(talent, ConsentScope.Partners, at, validityMonths) ? [nameof(EmployerKind.Partner)] : Array.Empty<string>(),
            .. InForce(talent, ConsentScope.Municipalities, at, validityMonths) ? [nameof(EmployerKind.Municipality)] : Array.Empty<string>(),
        ];
        if (kinds.Length == 0) return [];
        return await operations.QueryAsync<SavedSearch>(MatchingSql(operations), cancellation,
            talent.FilterTokens, kinds, at, talent.Profile.YearsOfExperience, DateOnly.FromDateTime(talent.RegisteredAt.UtcDateTime), talent.SearchText);
    }

    /// <summary>
    /// Parameters: the talent's tokens, the member kinds whose consent is in force, the time, the years of experience, the day
    /// of registration (UTC), the talent's searchable text. Raw SQL is not filtered by Marten's tenancy: the region is written in.
    /// </summary>
    internal static string MatchingSql(IQuerySession session)
    {
        var table = session.DocumentStore.Options.Schema.For<SavedSearch>();
        const string language = SharedTalentConfiguration.SearchConfiguration;
        return $$"""
            select s.data from {{table}} as s
            where s.tenant_id = {{SharedTalentSearch.Tenant(session.TenantId)}} and s.required_tokens <@ ?::text[]
              and s.data ->> 'memberKind' = any(?) and (s.data ->> 'deleted')::boolean = false
              and (s.data ->> 'createdAt')::timestamptz <= ?
              and coalesce((s.data #>> '{filters,minYearsOfExperience}')::int, 0) <= ?
              and coalesce((s.data #>> '{filters,registeredSince}')::date, '-infinity'::date) <= ?
              and (s.data #>> '{filters,search}' is null
                or to_tsvector('{{language}}'::regconfig, ?) @@ websearch_to_tsquery('{{language}}'::regconfig, s.data #>> '{filters,search}'))
            """;
    }
}
