using TalentPool.Candidates;
using TalentPool.Sync;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Sync;

/// <summary>Which feed rows an event writes, and the cursor's checks: pure, no database.</summary>
public sealed class SyncChangesTests
{
    private static readonly Guid Talent = Guid.NewGuid(), Partner = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, SyncChange> Apply(params object[] events)
    {
        var rows = new Dictionary<string, SyncChange>();
        for (var i = 0; i < events.Length; i++)
        {
            foreach (var change in SyncChanges.Of(events[i], i + 1, rows)) rows[change.Id] = change;
        }
        return rows;
    }

    private static TalentRegistered Registered(params ConsentScope[] consents) =>
        new(Talent, new TalentPersonalDetails("Priya", "p@example.com", null, null, null),
            new TalentProfile("IN", null, ["en"], ["Nursing"], EducationLevel.Master, 3, [], null, HeardAboutUsChannel.Other), consents, Now);

    [Fact]
    public void A_talent_sharing_with_nobody_writes_no_row_and_a_later_profile_change_none_either()
    {
        Apply(Registered(), new TalentProfileUpdated(Talent, TalentPersonalDetails.Erased, Registered().Profile, Now)).ShouldBeEmpty();
    }

    [Fact]
    public void A_withdrawal_tombstones_only_the_kind_of_member_it_withdraws_from_and_a_profile_change_reaches_only_those_still_shared_with()
    {
        var rows = Apply(
            Registered(ConsentScope.Partners, ConsentScope.Municipalities),
            new TalentConsentWithdrawn(Talent, ConsentScope.Partners, Now),
            new TalentProfileUpdated(Talent, TalentPersonalDetails.Erased, Registered().Profile, Now));

        rows.Values.Single(r => r.Audience == "Partners").ShouldSatisfyAllConditions(
            r => r.Kind.ShouldBe(ChangeKind.Tombstone), r => r.Position.ShouldBe(2));
        rows.Values.Single(r => r.Audience == "Municipalities").ShouldSatisfyAllConditions(
            r => r.Kind.ShouldBe(ChangeKind.Upsert), r => r.Position.ShouldBe(3));
    }

    [Fact]
    public void Erasure_tombstones_every_kind_of_member_the_talent_was_ever_shared_with_and_no_other()
    {
        var rows = Apply(Registered(ConsentScope.Partners), new TalentErased(Talent, ErasureRequester.Talent, Now));

        rows.Values.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.Audience.ShouldBe("Partners"), r => r.Kind.ShouldBe(ChangeKind.Tombstone), r => r.Position.ShouldBe(2));
    }

    [Fact]
    public void Each_change_of_a_vacancy_or_candidate_moves_its_one_row_to_the_latest_position_for_its_employer()
    {
        var vacancy = Guid.NewGuid();
        var candidacy = Guid.NewGuid();
        var details = new VacancyDetails("Welder", "Welds", "Welding", "3403", 1, new DateOnly(2027, 1, 1), ["en"]);
        var rows = Apply(
            new VacancyPosted(vacancy, EmployerKind.Partner, Partner, Guid.NewGuid(), details, Now),
            new CandidateIntroduced(candidacy, vacancy, Talent, EmployerKind.Partner, Partner, Now),
            new VacancyUpdated(vacancy, EmployerKind.Partner, Partner, details, Now),
            new CandidateRejected(candidacy, EmployerKind.Partner, Partner, "No", Now));

        rows.Values.Select(r => (r.List, r.Audience, r.ItemId, r.Position)).OrderBy(r => r.Position).ShouldBe(
        [
            (SyncList.Vacancies, Partner.ToString(), vacancy, 3L),
            (SyncList.Candidates, Partner.ToString(), candidacy, 4L),
        ]);
    }

    [Theory]
    [InlineData(null, true, 0)]
    [InlineData("SGlyZXMuNDI", true, 42)] // "Hires.42"
    [InlineData("SGlyZXMuNDI=", false, 0)] // padded: not the form the service writes
    [InlineData("VmFjYW5jaWVzLjQy", false, 0)] // "Vacancies.42": another list's
    [InlineData("SGlyZXMuLTE", false, 0)] // "Hires.-1"
    [InlineData("", false, 0)]
    [InlineData("not a cursor", false, 0)]
    public void A_cursor_is_read_only_when_it_is_one_this_list_wrote(string? cursor, bool read, long position)
    {
        ChangeCursor.TryRead(SyncList.Hires, cursor, out var at).ShouldBe(read);
        if (read) at.ShouldBe(position);
    }

    [Fact]
    public void A_shared_talents_cursor_over_several_databases_holds_a_position_per_database_and_one_database_keeps_the_plain_cursor()
    {
        SharedTalentsCursor.For(42, new Dictionary<string, long>()).ShouldBe(ChangeCursor.For(SyncList.SharedTalents, 42));

        var cursor = SharedTalentsCursor.For(42, new Dictionary<string, long> { ["0a1b2c3d"] = 7, ["ffee0011"] = 12_345_678_901 });
        ChangeCursor.Check(SyncList.SharedTalents, cursor, 50).ShouldBeSameAs(Wolverine.Http.WolverineContinue.NoProblems);
        ChangeCursor.TryRead(SyncList.SharedTalents, cursor, out var position, out var elsewhere).ShouldBeTrue();
        position.ShouldBe(42);
        SharedTalentsCursor.Positions(elsewhere).ShouldBe(new Dictionary<string, long> { ["0a1b2c3d"] = 7, ["ffee0011"] = 12_345_678_901 }, ignoreOrder: true);

        // Five databases besides the reader's, a trillion events each, fit in a cursor; a made-up part is a 400, never a wrong page.
        var five = Enumerable.Range(0, 5).ToDictionary(i => $"{i:x8}", _ => 999_999_999_999L);
        ChangeCursor.Check(SyncList.SharedTalents, SharedTalentsCursor.For(999_999_999_999L, five), 50).ShouldBeSameAs(Wolverine.Http.WolverineContinue.NoProblems);
        ChangeCursor.Check(SyncList.SharedTalents, ChangeCursor.For(SyncList.SharedTalents, 42, "nothex00-7"), 50)
            .ShouldNotBeSameAs(Wolverine.Http.WolverineContinue.NoProblems);
        ChangeCursor.Check(SyncList.SharedTalents, ChangeCursor.For(SyncList.SharedTalents, 42, "0a1b2c3d-7/0a1b2c3d-8"), 50)
            .ShouldNotBeSameAs(Wolverine.Http.WolverineContinue.NoProblems);
    }
}
