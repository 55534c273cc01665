using TalentPool.Common;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.Tests.SavedSearches;

public sealed class SavedSearchDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Given_24_saved_searches_When_saving_one_more_Then_it_is_saved_with_its_filters_normalised_as_the_shared_base_reads_them()
    {
        var created = SavedSearchDecisions.Create(
            new SaveSearch(" Welders ", CompetenceArea: " Welding ", Language: "EN", Country: "se", Search: "  "), EmployerKind.Partner, Guid.NewGuid(), 24, Now);

        created.Name.ShouldBe("Welders");
        created.Filters.ShouldBe(new SavedSearchFilters("Welding", "en", "SE"));
        created.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Given_25_saved_searches_When_saving_one_more_Then_refused()
    {
        Should.Throw<RuleViolation>(() => SavedSearchDecisions.Create(new SaveSearch("One more"), EmployerKind.Partner, Guid.NewGuid(), 25, Now));
    }

    [Fact]
    public void A_saved_search_requires_the_tokens_of_its_equality_filters_and_reads_the_consent_of_its_members_kind()
    {
        var search = SavedSearch.Create(new SavedSearchCreated(Guid.NewGuid(), EmployerKind.Municipality, Guid.NewGuid(), "Nurses",
            new SavedSearchFilters("Nursing", "nb", "NO", "3403", EducationLevel.Bachelor, 3, true, null, "intensive"), Now));

        search.Scope.ShouldBe(ConsentScope.Municipalities);
        search.RequiredTokens.ShouldBe(
            ["competenceArea:Nursing", "language:nb", "preferredMunicipality:3403", "country:NO", "education:Bachelor", "plusOne:true"], ignoreOrder: true);
        SavedSearch.Create(new SavedSearchCreated(Guid.NewGuid(), EmployerKind.Partner, Guid.NewGuid(), "All", new SavedSearchFilters(), Now))
            .RequiredTokens.ShouldBeEmpty();
    }

    [Fact]
    public void A_queued_delivery_whose_talent_withdrew_is_never_sent_and_forgets_the_talent_one_already_sent_keeps_its_status()
    {
        var body = WebhookPayloads.TalentMatched(Now, [SavedSearch.Create(new SavedSearchCreated(Guid.NewGuid(), EmployerKind.Partner, Guid.NewGuid(), "All",
            new SavedSearchFilters(), Now))], Talent(), Guid.NewGuid());
        var queued = new WebhookDelivery { Status = WebhookDeliveryStatus.Retrying, NextAttemptAt = Now, Body = body, TalentId = Guid.NewGuid() };
        var sent = new WebhookDelivery { Status = WebhookDeliveryStatus.Delivered, Body = body, TalentId = Guid.NewGuid() };

        WebhookDeliveryDecisions.Withdraw(queued);
        WebhookDeliveryDecisions.Withdraw(sent);

        queued.Status.ShouldBe(WebhookDeliveryStatus.Withdrawn);
        queued.DueAt.ShouldBeNull();
        sent.Status.ShouldBe(WebhookDeliveryStatus.Delivered);
        foreach (var delivery in new[] { queued, sent })
        {
            delivery.Body.ShouldNotContain("Priya");
            delivery.Body.ShouldContain("\"talent\":null");
            delivery.Body.ShouldContain("\"savedSearches\":[{");
            Should.Throw<RuleViolation>(() => WebhookDeliveryDecisions.Replay(delivery));
        }
    }

    private static SharedTalent Talent() => new(Guid.NewGuid(), "Priya Raman", "priya@example.com", null, null,
        new TalentProfile("IN", null, ["en"], ["Nursing"], EducationLevel.Master, 5, [], null, HeardAboutUsChannel.Other), Now, Now, null);
}
