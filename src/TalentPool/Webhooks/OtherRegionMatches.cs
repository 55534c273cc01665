using JasperFx.Events;
using Marten;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.SavedSearches;
using TalentPool.Talents;

namespace TalentPool.Webhooks;

/// <summary>
/// What a delivery to another region names, kept in the talent's <em>home</em> tenant: the delivery (its id, the
/// <c>webhook-id</c>), the talent, the region the delivery went to and the consent it rests on. The receiving region's delivery
/// holds the home region's id and this id only, so nothing of the talent, not even its id, is stored in that region's tenant.
/// Deleted when the talent withdraws the consent it rests on (or the consent to other regions) or is erased: the delivery then
/// points at nothing and is never sent (<see cref="OtherRegionMatches.CardAsync"/>).
/// </summary>
public sealed class OtherRegionMatch
{
    /// <summary>The delivery's id, in the receiving region.</summary>
    public Guid Id { get; set; }
    public Guid TalentId { get; set; }
    public Guid ReaderRegionId { get; set; }
    public ConsentScope Scope { get; set; }
}

/// <summary>A saved search of another region newly matched by a talent's change: the delivery's body is made without the card.</summary>
public sealed record OtherRegionMatchFound(IEvent Event, Guid ReaderRegionId, MemberEvent MemberEvent, Guid TalentId);

/// <summary>
/// Saved-search matches of talents consenting to be seen in other regions (<see cref="OtherRegionsSharing"/>), found by the
/// dispatch in the talent's home region: the searches of each region the talent consents to, in that region's tenant (and
/// database), held to the consent in force in both regions (the shorter validity). The delivery is made in the searching
/// region with a body that holds no card (<c>"talent":null</c>) and a reference filled from the home tenant at each send.
/// </summary>
public static class OtherRegionMatches
{
    /// <summary>The talent's changes that can make it newly match another region's searches.</summary>
    public static async Task<IReadOnlyList<OtherRegionMatchFound>> OfAsync(
        IReadOnlyList<IEvent> events, IDocumentOperations home, DateTimeOffset now, CancellationToken cancellation)
    {
        var changes = events.Where(e => e.Data is TalentProfileUpdated or TalentConsentGiven or TalentOtherRegionsConsentGiven).ToList();
        if (changes.Count == 0) return [];
        var homeRegion = RegionTenancy.RegionOf(home);
        var homeValidity = (await home.LoadAsync<Region>(homeRegion, cancellation))?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths;
        var store = home.DocumentStore;
        IReadOnlyList<Guid>? everyRegion = null;
        var found = new List<OtherRegionMatchFound>();
        foreach (var change in changes)
        {
            var (before, after) = await SavedSearchMatches.StatesAroundAsync(change, home, cancellation);
            if (after?.OtherRegions is not { } consent) continue;
            // Sent only while the talent still consents: a withdrawal or an erasure since ends it.
            var current = await home.LoadAsync<SharedTalent>(after.Id, cancellation);
            if (current?.OtherRegions is null) continue;
            var readers = consent.EveryRegion ? everyRegion ??= await AllRegionsAsync(store, cancellation) : consent.Regions;
            foreach (var reader in readers.Where(r => r != homeRegion && current.OtherRegions.Includes(r)).Distinct())
            {
                await using var searching = store.QuerySession(RegionTenancy.TenantOf(reader));
                if (!await searching.Query<SavedSearch>().AnyAsync(s => !s.Deleted, cancellation)) continue;
                var validity = Math.Min(homeValidity,
                    (await searching.LoadAsync<Region>(reader, cancellation))?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths);
                var matched = await SavedSearchMatches.MatchingAsync(after, change.Timestamp, validity, searching, cancellation);
                if (matched.Count == 0) continue;
                var matchedBefore = before?.OtherRegions?.Includes(reader) == true
                    ? (await SavedSearchMatches.MatchingAsync(before, change.Timestamp, validity, searching, cancellation)).Select(s => s.Id).ToHashSet()
                    : [];
                foreach (var ofMember in matched.Where(s => !matchedBefore.Contains(s.Id) && SavedSearchMatches.InForce(current, s.Scope, now, validity))
                             .GroupBy(s => s.MemberId))
                {
                    var searches = ofMember.OrderBy(s => s.Id).ToList();
                    var body = WebhookPayloads.TalentMatchedWithoutCard(change.Timestamp, searches);
                    found.Add(new OtherRegionMatchFound(change, reader,
                        new MemberEvent(ofMember.Key, WebhookEventKind.TalentMatchedSavedSearch, body, null, searches[0].Scope), after.Id));
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The card a delivery to another region carries now, read in the talent's home tenant (its database): null when the
    /// reference is gone (the talent withdrew or was erased), the talent no longer consents to the receiving region, or the
    /// consent the delivery rests on is not in force in either region.
    /// </summary>
    public static async Task<SharedTalentCard?> CardAsync(
        IDocumentStore store, WebhookDelivery delivery, Guid readerRegion, DateTimeOffset now, CancellationToken cancellation)
    {
        if (delivery.TalentHomeRegionId is not { } homeRegion || delivery.TalentWithdrawn) return null;
        await using var home = store.QuerySession(RegionTenancy.TenantOf(homeRegion));
        var batch = home.CreateBatchQuery();
        var loadingMatch = batch.Load<OtherRegionMatch>(delivery.Id);
        var loadingHome = batch.Load<Region>(homeRegion);
        await batch.Execute(cancellation);
        if (await loadingMatch is not { } match || match.ReaderRegionId != readerRegion) return null;
        var talent = await home.LoadAsync<SharedTalent>(match.TalentId, cancellation);
        if (talent?.OtherRegions?.Includes(readerRegion) != true) return null;

        await using var reader = store.QuerySession(RegionTenancy.TenantOf(readerRegion));
        var validity = Math.Min(
            (await loadingHome)?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths,
            (await reader.LoadAsync<Region>(readerRegion, cancellation))?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths);
        return SavedSearchMatches.InForce(talent, match.Scope, now, validity) ? SharedTalentCard.Of(talent, homeRegion) : null;
    }

    /// <summary>
    /// The talent withdrew a consent or was erased (<paramref name="scope"/> null: every match of the talent): the references in its
    /// home tenant go, so every delivery to another region resting on them is never sent (nor replayed) again.
    /// </summary>
    public static void Forget(IDocumentOperations home, Guid talentId, ConsentScope? scope)
    {
        if (scope is { } withdrawn) home.DeleteWhere<OtherRegionMatch>(m => m.TalentId == talentId && m.Scope == withdrawn);
        else home.DeleteWhere<OtherRegionMatch>(m => m.TalentId == talentId);
    }

    /// <summary>Every region of the installation, whichever database it lives in.</summary>
    private static async Task<IReadOnlyList<Guid>> AllRegionsAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var regions = new List<Guid>();
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var session = store.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));
            regions.AddRange(await session.Query<Region>().Where(r => r.AnyTenant()).Select(r => r.Id).ToListAsync(cancellation));
        }
        return regions;
    }
}
