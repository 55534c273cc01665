using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TalentPool.Common;
using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>A month's change in the region's placed talents: talents who entered the placed set in it, and who left it by leaving the region.</summary>
public sealed record PlacedTalentsFlow(int Entered, int Left);

/// <summary>
/// A placement (a hire not cancelled) as the placed set needs it: its hire, its start, and when its employment ended
/// (null while employed) and whether the talent left the region then.
/// </summary>
public sealed record TalentPlacement(Guid HireId, DateOnly StartsOn, DateOnly? EndedOn, bool LeftRegion)
{
    [JsonIgnore] public DateOnly? LeftRegionOn => LeftRegion ? EndedOn : null;
    [JsonIgnore] public DateOnly? EndedInRegionOn => LeftRegion ? null : EndedOn;
}

/// <summary>A talent's unbroken stay among the region's placed talents: from a start to the day it left the region (null: not left).</summary>
public sealed record PlacedStay(DateOnly From, DateOnly? LeftOn);

/// <summary>
/// The region's placed talents, for monthly churn (PRODUCT.md: "placed talents who left the region in the month / placed
/// talents in the region at its start"), counted as talents, not placements: a talent is placed in the region from a
/// placement's start until it left the region, and its stays are its placements' times joined (an internal move, or two
/// placements at once, is one stay; a re-hire after leaving is a new one; see <see cref="StaysOf"/>). <c>Months</c> counts
/// per calendar month (yyyy-MM) the stays that began and that ended in it, so the talents in the region at a month's start
/// are a sum over the months before it. A read never loads this document: PostgreSQL keeps <c>Months</c> as rows with their
/// running total beside it (<see cref="RegionPlacedTalentsMonths"/>), and a read selects the months it asks for.
/// <para>
/// <c>Talents</c> holds each placed talent's placements, keyed by the talent's id, so that an event recomputes only that
/// talent's stays (its old stays are taken off the month counts, its new ones added). The id is the one every hire event
/// carries and keeps after an erasure as an anonymous fact (as <c>Hire</c> and <c>HireDetails</c> keep it); once the
/// talent is erased it names nobody. Nothing else of the talent is held: no name, no partner, no text. The document grows
/// with the region's placements (about a hundred bytes each), which the daemon writes once per batch; reads do not.
/// </para>
/// <para>
/// Mutable, unlike the other read models: the daemon hands the one document through every event of a batch, and copying
/// its talents per event would make each event cost the size of the region's history.
/// </para>
/// </summary>
public sealed class RegionPlacedTalents
{
    public Guid Id { get; set; }
    public Dictionary<string, PlacedTalentsFlow> Months { get; set; } = [];
    public Dictionary<Guid, List<TalentPlacement>> Talents { get; set; } = [];

    // Which talent a hire placed: the later hire events name the hire only. Built from Talents when first needed, not stored.
    private Dictionary<Guid, Guid>? _talentOfHire;

    public static RegionPlacedTalents Empty(Guid regionId) => new() { Id = regionId };

    public RegionPlacedTalents Placed(Guid talentId, Guid hireId, DateOnly startsOn)
    {
        // A hire is placed once: the daemon may hand this mutable document an event again (a batch built anew after a
        // failure re-evolves the same instance), and applying a fact twice must change nothing.
        if (TalentOfHire().ContainsKey(hireId)) return this;
        Changing(talentId, placements => placements.Add(new TalentPlacement(hireId, startsOn, null, false)));
        TalentOfHire()[hireId] = talentId;
        return this;
    }

    /// <summary>A cancelled hire is no placement: it is taken out, and with it whatever stay it made.</summary>
    public RegionPlacedTalents Cancelled(Guid hireId)
    {
        if (!TalentOfHire().Remove(hireId, out var talentId)) return this;
        Changing(talentId, placements => placements.RemoveAll(p => p.HireId == hireId));
        return this;
    }

    public RegionPlacedTalents Ended(Guid hireId, DateOnly endedOn, bool leftRegion)
    {
        if (!TalentOfHire().TryGetValue(hireId, out var talentId)) return this;
        Changing(talentId, placements =>
        {
            var at = placements.FindIndex(p => p.HireId == hireId);
            placements[at] = placements[at] with { EndedOn = endedOn, LeftRegion = leftRegion };
        });
        return this;
    }

    /// <summary>
    /// A talent's stays in the region, its placements' times joined. A placement is the talent's time in the region from
    /// its start: while employed; until the day the talent left the region by it; and after an employment that ended inside
    /// the region, until the talent's next fact — another placement starting on or after that end, or leaving the region on
    /// or after it — or for good when there is none (the service records no later job, so the talent is taken to stay; but
    /// one who moved to another member and later left the region from that job has left). A placement that starts on or
    /// before the day an earlier stay ended continues it (there was no day without a placement).
    /// </summary>
    public static IReadOnlyList<PlacedStay> StaysOf(IReadOnlyCollection<TalentPlacement> placements)
    {
        DateOnly? Until(TalentPlacement placement)
        {
            if (placement.LeftRegionOn is { } left) return left;
            if (placement.EndedInRegionOn is not { } ended) return null;
            var next = placements.Where(other => other != placement)
                .SelectMany(other => other.LeftRegionOn is { } otherLeft ? [other.StartsOn, otherLeft] : new[] { other.StartsOn })
                .Where(day => day >= ended).ToList();
            return next.Count == 0 ? null : next.Min();
        }

        var stays = new List<PlacedStay>();
        foreach (var (from, until) in placements.Select(p => (From: p.StartsOn, Until: Until(p))).OrderBy(p => p.From))
        {
            if (stays.Count > 0 && stays[^1] is var last && (last.LeftOn is not { } lastLeft || from <= lastLeft))
            {
                stays[^1] = last with { LeftOn = last.LeftOn is { } a && until is { } b ? (a > b ? a : b) : null };
            }
            else
            {
                stays.Add(new PlacedStay(from, until));
            }
        }
        return stays;
    }

    private void Changing(Guid talentId, Action<List<TalentPlacement>> change)
    {
        var placements = Talents.TryGetValue(talentId, out var known) ? known : [];
        Count(StaysOf(placements), -1);
        change(placements);
        Count(StaysOf(placements), +1);
        if (placements.Count == 0) Talents.Remove(talentId);
        else Talents[talentId] = placements;
    }

    private void Count(IEnumerable<PlacedStay> stays, int change)
    {
        foreach (var stay in stays)
        {
            Add(stay.From, entered: change, left: 0);
            if (stay.LeftOn is { } left) Add(left, entered: 0, left: change);
        }
    }

    private void Add(DateOnly day, int entered, int left)
    {
        var month = BillingMonth.Of(day).ToString();
        var flow = Months.GetValueOrDefault(month) ?? new PlacedTalentsFlow(0, 0);
        flow = new PlacedTalentsFlow(flow.Entered + entered, flow.Left + left);
        // A month whose counts return to nothing is dropped, so the document is the same whatever came and went.
        if (flow is { Entered: 0, Left: 0 }) Months.Remove(month);
        else Months[month] = flow;
    }

    // Tolerates a hire stored twice (documents written before Placed was idempotent): the first one names the talent.
    private Dictionary<Guid, Guid> TalentOfHire() => _talentOfHire ??= Talents
        .SelectMany(talent => talent.Value.Select(placement => (placement.HireId, TalentId: talent.Key)))
        .DistinctBy(x => x.HireId)
        .ToDictionary(x => x.HireId, x => x.TalentId);
}

/// <summary>
/// Async, run by the daemon, for the reason <see cref="RegionRetentionCountsProjection"/> is: every hire of the region
/// feeds this one document. The hire events carry the region (v2), and the first one the talent, which the document
/// remembers per hire for the later ones: no lookup. (It replaces <c>RegionPlacementFlow</c>, which counted placements: a
/// new name, so the daemon builds it from the first event on an existing database with no manual rebuild.)
/// </summary>
public sealed class RegionPlacedTalentsProjection : MultiStreamProjection<RegionPlacedTalents, Guid>
{
    public const string ProjectionName = "RegionPlacedTalents";

    public RegionPlacedTalentsProjection()
    {
        Name = ProjectionName;
        Identity<HireRecorded>(e => e.RegionId);
        Identity<HireCancelled>(e => e.RegionId);
        Identity<EmploymentEnded>(e => e.RegionId);
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store.
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
    }

    public override RegionPlacedTalents? Evolve(RegionPlacedTalents? snapshot, Guid id, IEvent e) => e.Data switch
    {
        HireRecorded recorded => (snapshot ?? RegionPlacedTalents.Empty(id)).Placed(recorded.TalentId, recorded.HireId, recorded.StartsOn),
        HireCancelled cancelled => snapshot?.Cancelled(cancelled.HireId),
        EmploymentEnded ended => snapshot?.Ended(ended.HireId, ended.EndedOn, ended.LeftRegion),
        _ => snapshot,
    };
}
