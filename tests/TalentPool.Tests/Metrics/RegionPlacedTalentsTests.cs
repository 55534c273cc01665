using System.Text.Json;
using JasperFx.Events;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The region's placed talents as the projection counts them from hire events, no database: monthly churn counts talents
/// (PRODUCT.md: "placed talents who left the region in the month / placed talents in the region at its start"), a talent
/// placed from a placement's start until it leaves the region by it, its placements' times joined into stays.
/// </summary>
public sealed class RegionPlacedTalentsTests
{
    private static readonly Guid Region = Guid.NewGuid();
    private static readonly RegionPlacedTalentsProjection Projection = new();
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static HireRecorded Hired(Guid talentId, DateOnly startsOn) => new(Guid.NewGuid(), talentId, Guid.NewGuid(), Region, null,
        startsOn, startsOn, HireClassification.Local, null, new Money(20_000m, "NOK"), "NO", ["Welding"], DateTimeOffset.UnixEpoch, false, null);

    private static EmploymentEnded Ended(HireRecorded hire, DateOnly endedOn, bool leftRegion) =>
        new(hire.HireId, hire.PartnerId, Region, hire.StartsOn, null, endedOn, leftRegion, "Moved on");

    private static HireCancelled Cancelled(HireRecorded hire, DateOnly cancelledOn) =>
        new(hire.HireId, hire.PartnerId, Region, hire.StartsOn, null, cancelledOn, "Probation", new Money(20_000m, "NOK"));

    private static RegionPlacedTalents? Apply(RegionPlacedTalents? document, params object[] events) =>
        events.Aggregate(document, (snapshot, e) => Projection.Evolve(snapshot, Region, new Event<object>(e)));

    private static (string Month, int Entered, int Left)[] Months(params (string Month, int Entered, int Left)[] months) => months;

    /// <summary>The document's month counts in month order (a dictionary's order is no figure).</summary>
    private static (string Month, int Entered, int Left)[] CountsOf(RegionPlacedTalents document) =>
        [.. document.Months.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, m.Value.Entered, m.Value.Left))];

    private static MonthlyChurn Churn(RegionPlacedTalents? document, int year, int month) =>
        RegionRetention.Month(new BillingMonth(year, month), document?.Months, Day(2027, 1, 1));

    [Fact]
    public void An_internal_move_keeps_the_talent_placed_and_counts_it_once()
    {
        var talent = Guid.NewGuid();
        var atA = Hired(talent, Day(2026, 1, 10));
        var atB = Hired(talent, Day(2026, 3, 1)); // B hires the talent the day A's employment ends inside the region

        var document = Apply(null, atA, Ended(atA, Day(2026, 3, 1), leftRegion: false), atB).ShouldNotBeNull();

        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0)));
        document.Talents[talent].Count.ShouldBe(2);
        Churn(document, 2026, 4).ShouldBe(new MonthlyChurn("2026-04", 1, 0, 0m)); // per placement it would read 2
        // The talent leaves the region from B's job: one talent left. (A's employment, ended inside the region, kept the
        // talent there until the talent's next fact, B's start: it does not keep the talent placed for good.)
        document = Apply(document, Ended(atB, Day(2026, 6, 5), leftRegion: true)).ShouldNotBeNull();
        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0), ("2026-06", 0, 1)));
        Churn(document, 2026, 6).ShouldBe(new MonthlyChurn("2026-06", 1, 1, 1m));
    }

    [Fact]
    public void A_talent_who_leaves_by_one_of_two_placements_at_once_is_still_placed_until_the_other_leaves()
    {
        var talent = Guid.NewGuid();
        var atA = Hired(talent, Day(2026, 1, 10));
        var atB = Hired(talent, Day(2026, 2, 1));

        var document = Apply(null, atA, atB, Ended(atA, Day(2026, 5, 20), leftRegion: true)).ShouldNotBeNull();

        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0)));
        Churn(document, 2026, 5).ShouldBe(new MonthlyChurn("2026-05", 1, 0, 0m));
        document = Apply(document, Ended(atB, Day(2026, 7, 3), leftRegion: true)).ShouldNotBeNull();
        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0), ("2026-07", 0, 1)));
        Churn(document, 2026, 7).ShouldBe(new MonthlyChurn("2026-07", 1, 1, 1m));
        Churn(document, 2026, 8).ShouldBe(new MonthlyChurn("2026-08", 0, 0, null));
    }

    [Fact]
    public void A_cancellation_takes_the_start_back_and_a_talents_other_placement_begins_its_stay()
    {
        var talent = Guid.NewGuid();
        var atA = Hired(talent, Day(2026, 1, 10));
        var atB = Hired(talent, Day(2026, 3, 5));

        var document = Apply(null, atA, atB).ShouldNotBeNull();
        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0)));

        document = Apply(document, Cancelled(atA, Day(2026, 3, 20))).ShouldNotBeNull();
        CountsOf(document).ShouldBe(Months(("2026-03", 1, 0)));
        Churn(document, 2026, 3).ShouldBe(new MonthlyChurn("2026-03", 0, 0, null)); // a cancelled hire was never a placement

        document = Apply(document, Cancelled(atB, Day(2026, 4, 1))).ShouldNotBeNull();
        CountsOf(document).ShouldBeEmpty();
        document.Talents.ShouldBeEmpty();
    }

    [Fact]
    public void A_talent_rehired_after_leaving_the_region_enters_again_and_one_rehired_on_the_day_it_left_never_left()
    {
        var talent = Guid.NewGuid();
        var atA = Hired(talent, Day(2026, 1, 10));
        var document = Apply(null, atA, Ended(atA, Day(2026, 4, 2), leftRegion: true), Hired(talent, Day(2026, 6, 1))).ShouldNotBeNull();

        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0), ("2026-04", 0, 1), ("2026-06", 1, 0)));
        Churn(document, 2026, 4).ShouldBe(new MonthlyChurn("2026-04", 1, 1, 1m));
        Churn(document, 2026, 5).ShouldBe(new MonthlyChurn("2026-05", 0, 0, null));
        Churn(document, 2026, 7).ShouldBe(new MonthlyChurn("2026-07", 1, 0, 0m));

        var other = Guid.NewGuid();
        var atC = Hired(other, Day(2026, 1, 10));
        document = Apply(document, atC, Ended(atC, Day(2026, 4, 2), leftRegion: true), Hired(other, Day(2026, 4, 2))).ShouldNotBeNull();
        CountsOf(document).ShouldBe(Months(("2026-01", 2, 0), ("2026-04", 0, 1), ("2026-06", 1, 0)));
    }

    [Fact]
    public void A_placement_recorded_later_with_an_earlier_start_moves_the_stays_beginning()
    {
        var talent = Guid.NewGuid();
        var document = Apply(null, Hired(talent, Day(2026, 3, 1)), Hired(talent, Day(2026, 1, 15))).ShouldNotBeNull();

        CountsOf(document).ShouldBe(Months(("2026-01", 1, 0)));
    }

    [Fact]
    public void The_document_read_back_from_its_json_still_finds_the_talent_of_a_later_hire_event()
    {
        // The daemon stores the document after a batch and loads it for the next: the talent of a hire comes from Talents.
        var talent = Guid.NewGuid();
        var atA = Hired(talent, Day(2026, 1, 10));
        var atB = Hired(talent, Day(2026, 2, 1));
        var json = JsonSerializer.Serialize(Apply(null, atA, atB), JsonSerializerOptions.Web);
        var loaded = JsonSerializer.Deserialize<RegionPlacedTalents>(json, JsonSerializerOptions.Web);

        var document = Apply(loaded, Ended(atB, Day(2026, 3, 9), leftRegion: true), Cancelled(atA, Day(2026, 1, 20))).ShouldNotBeNull();

        CountsOf(document).ShouldBe(Months(("2026-02", 1, 0), ("2026-03", 0, 1)));
        document.Talents[talent].ShouldBe([new TalentPlacement(atB.HireId, Day(2026, 2, 1), Day(2026, 3, 9), LeftRegion: true)]);
    }

    [Fact]
    public void Facts_handed_again_to_the_same_document_change_nothing_whether_its_hire_index_was_built_or_read_back()
    {
        // The document is mutable and the daemon may evolve it again with events it already applied (a batch built anew
        // after a failure): found by the write-path benchmark, where a hire placed twice broke every later batch.
        var talent = Guid.NewGuid();
        var moved = Hired(talent, Day(2026, 1, 10));
        var left = Hired(talent, Day(2026, 4, 1));
        object[] history = [moved, Ended(moved, Day(2026, 3, 31), leftRegion: false), left, Ended(left, Day(2026, 6, 30), leftRegion: true)];
        var once = Apply(null, history).ShouldNotBeNull();
        var expected = JsonSerializer.Serialize(once, JsonSerializerOptions.Web);

        var twice = Apply(Apply(null, history), history).ShouldNotBeNull();
        JsonSerializer.Serialize(twice, JsonSerializerOptions.Web).ShouldBe(expected);

        var readBack = JsonSerializer.Deserialize<RegionPlacedTalents>(expected, JsonSerializerOptions.Web);
        JsonSerializer.Serialize(Apply(readBack, history).ShouldNotBeNull(), JsonSerializerOptions.Web).ShouldBe(expected);
        CountsOf(once).ShouldBe(Months(("2026-01", 1, 0), ("2026-06", 0, 1)));
    }

    [Fact]
    public void A_document_stored_with_a_hire_twice_still_applies_later_facts()
    {
        var talent = Guid.NewGuid();
        var hire = Hired(talent, Day(2026, 1, 10));
        var stored = Apply(null, hire).ShouldNotBeNull();
        stored.Talents[talent].Add(stored.Talents[talent][0]);
        var json = JsonSerializer.Serialize(stored, JsonSerializerOptions.Web);
        var loaded = JsonSerializer.Deserialize<RegionPlacedTalents>(json, JsonSerializerOptions.Web);

        Should.NotThrow(() => Apply(loaded, Hired(Guid.NewGuid(), Day(2026, 2, 1)), Ended(hire, Day(2026, 3, 9), leftRegion: true)));
    }

    [Fact]
    public void Stays_join_the_placements_that_overlap_or_follow_on_the_day_of_leaving()
    {
        TalentPlacement Placement(DateOnly starts, DateOnly? left = null) => new(Guid.NewGuid(), starts, left, LeftRegion: left is not null);

        RegionPlacedTalents.StaysOf([
            Placement(Day(2026, 5, 1), Day(2026, 8, 1)), Placement(Day(2026, 1, 1), Day(2026, 3, 1)),
            Placement(Day(2026, 2, 1), Day(2026, 4, 1)), Placement(Day(2026, 7, 1), Day(2026, 7, 15)),
            Placement(Day(2026, 8, 1), Day(2026, 9, 1)), Placement(Day(2026, 10, 1)), Placement(Day(2026, 11, 1), Day(2026, 12, 1)),
        ]).ShouldBe([
            new PlacedStay(Day(2026, 1, 1), Day(2026, 4, 1)),
            new PlacedStay(Day(2026, 5, 1), Day(2026, 9, 1)),
            new PlacedStay(Day(2026, 10, 1), null),
        ]);
    }

    [Fact]
    public void An_employment_ended_inside_the_region_keeps_the_talent_there_until_its_next_fact()
    {
        TalentPlacement Placement(DateOnly starts, DateOnly? ended = null, bool left = false) => new(Guid.NewGuid(), starts, ended, left);

        // Nothing after it: the talent stays (the service records no later job).
        RegionPlacedTalents.StaysOf([Placement(Day(2026, 1, 1), Day(2026, 3, 1))]).ShouldBe([new PlacedStay(Day(2026, 1, 1), null)]);
        // A later job that left the region: the talent left then, not before and not never.
        RegionPlacedTalents.StaysOf([Placement(Day(2026, 1, 1), Day(2026, 3, 1)), Placement(Day(2026, 6, 1), Day(2026, 9, 1), left: true)])
            .ShouldBe([new PlacedStay(Day(2026, 1, 1), Day(2026, 9, 1))]);
        // A job held alongside that left the region after this one ended: the talent left with it.
        RegionPlacedTalents.StaysOf([Placement(Day(2026, 1, 1), Day(2026, 3, 1)), Placement(Day(2026, 2, 1), Day(2026, 5, 1), left: true)])
            .ShouldBe([new PlacedStay(Day(2026, 1, 1), Day(2026, 5, 1))]);
        // One that left before this one ended says nothing of afterwards: this end, inside the region, is the later fact.
        RegionPlacedTalents.StaysOf([Placement(Day(2026, 1, 1), Day(2026, 6, 1)), Placement(Day(2026, 2, 1), Day(2026, 4, 1), left: true)])
            .ShouldBe([new PlacedStay(Day(2026, 1, 1), null)]);
    }
}
