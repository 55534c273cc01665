using System.Security.Cryptography;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;
using Weasel.Core;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// Events stored before they carried their grouping keys (v1; for the later hire events also v2, before they carried the
/// hire's start and workplace), written exactly as the service wrote them then, read through today's store: each reads as
/// today's event with the keys of its stream's first event, and the async projection groups them by those keys — through
/// the daemon, and through the service's <c>projections rebuild</c> command.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoredV1EventsTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DateOnly March = new(2026, 3, 2), April = new(2026, 4, 10);
    private static readonly Guid RegionId = Guid.NewGuid();
    private string _connectionString = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await fixture.Postgres.CreateDatabaseAsync("stored_v1_events");
        _store = TalentPoolStores.For(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Appends a stream as an older service did: old names, written by the classes then named without "V1"/"V2".</summary>
    private Task StoreAsV1Async(Guid streamId, params object[] events) => WriteAsOlderServiceAsync(streamId, startsStream: true, events);

    private Task AppendAsV1Async(Guid streamId, params object[] events) => WriteAsOlderServiceAsync(streamId, startsStream: false, events);

    private async Task WriteAsOlderServiceAsync(Guid streamId, bool startsStream, object[] events)
    {
        await using (var before = DocumentStore.For(options =>
        {
            options.Connection(_connectionString);
            options.DatabaseSchemaName = DatabaseConfiguration.SchemaName;
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Events.MapEventType<PartnerJoined>("partner_joined.v1");
            options.Events.MapEventType<PartnerTierChangedV1>("partner_tier_changed.v1");
            options.Events.MapEventType<PartnerTierCorrectedV1>("partner_tier_corrected.v1");
            options.Events.MapEventType<PartnerMembershipCancelledV1>("partner_membership_cancelled.v1");
            options.Events.MapEventType<PartnerRejoinedV1>("partner_rejoined.v1");
            options.Events.MapEventType<MunicipalityJoined>("municipality_joined.v1");
            options.Events.MapEventType<MunicipalityPopulationUpdatedV1>("municipality_population_updated.v1");
            options.Events.MapEventType<MunicipalityPayerChangedV1>("municipality_payer_changed.v1");
            options.Events.MapEventType<MunicipalityPopulationCorrectedV1>("municipality_population_corrected.v1");
            options.Events.MapEventType<MunicipalityPayerCorrectedV1>("municipality_payer_corrected.v1");
            options.Events.MapEventType<MunicipalityLeftV1>("municipality_left.v1");
            options.Events.MapEventType<MunicipalityRejoinedV1>("municipality_rejoined.v1");
            options.Events.MapEventType<HireRecordedV1>("hire_recorded.v1");
            options.Events.MapEventType<HireRecorded>("hire_recorded.v2");
            options.Events.MapEventType<HireCancelledV1>("hire_cancelled.v1");
            options.Events.MapEventType<EmploymentEndedV1>("employment_ended.v1");
            options.Events.MapEventType<AccompanyingPartnerEmployedV1>("accompanying_partner_employed.v1");
            options.Events.MapEventType<HireCancelledV2>("hire_cancelled.v2");
            options.Events.MapEventType<EmploymentEndedV2>("employment_ended.v2");
            options.Events.MapEventType<AccompanyingPartnerEmployedV2>("accompanying_partner_employed.v2");
            options.Events.MapEventType<VacancyPosted>("vacancy_posted.v1");
            options.Events.MapEventType<VacancyUpdatedV1>("vacancy_updated.v1");
            options.Events.MapEventType<VacancyClosedV1>("vacancy_closed.v1");
            options.Events.MapEventType<CandidateIntroduced>("candidate_introduced.v1");
            options.Events.MapEventType<CandidateMovedToStageV1>("candidate_moved_to_stage.v1");
            options.Events.MapEventType<CandidateRejectedV1>("candidate_rejected.v1");
            // The schema is today's; the old service only writes into it.
            options.AutoCreateSchemaObjects = AutoCreate.None;
        }))
        await using (var session = before.LightweightSession())
        {
            if (startsStream) session.Events.StartStream(streamId, events);
            else session.Events.Append(streamId, events);
            await session.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"update {DatabaseConfiguration.SchemaName}.mt_events set mt_dotnet_type = regexp_replace(mt_dotnet_type, 'V[12], ', ', ') " +
            "where stream_id = @id and mt_dotnet_type ~ 'V[12], '",
            connection);
        command.Parameters.AddWithValue("id", streamId);
        (await command.ExecuteNonQueryAsync()).ShouldBe(events.Count(e => e.GetType().Name[^2..] is "V1" or "V2"));
    }

    private static HireRecordedV1 Recorded(Guid hireId, Guid partnerId, DateOnly hiredOn, Guid? vacancyId = null) => new(hireId, Guid.NewGuid(),
        partnerId, RegionId, vacancyId, hiredOn, hiredOn, HireClassification.External, null, new Money(20_000m, "NOK"), "IN", ["Nursing"],
        new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private static HireRecorded RecordedV2(Guid hireId, Guid partnerId, DateOnly startsOn, string? workplace) =>
        Upcast(Recorded(hireId, partnerId, startsOn), hasAccompanyingPartner: true, workplace);

    private static HireRecorded Upcast(HireRecordedV1 old, bool? hasAccompanyingPartner, string? workplace) => new(old.HireId, old.TalentId,
        old.PartnerId, old.RegionId, old.VacancyId, old.HiredOn, old.StartsOn, old.Classification, old.PreviousEmployerId, old.Fee,
        old.TalentCountry, old.CompetenceAreas, old.RecordedAt, hasAccompanyingPartner, workplace);

    private async Task<IReadOnlyList<object>> ReadAsync(Guid streamId)
    {
        await using var session = _store.QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task A_partners_v1_changes_read_with_the_region_it_joined()
    {
        var partnerId = Guid.NewGuid();
        await StoreAsV1Async(partnerId,
            new PartnerJoined(partnerId, RegionId, "Hamar Sykehus", "923609016", 400, PartnerTier.Founding, new DateOnly(2026, 1, 1), null),
            new PartnerTierChangedV1(partnerId, PartnerTier.Standard, 60, March, null),
            new PartnerTierCorrectedV1(partnerId, PartnerTier.Small, 40, March, null, "Counted wrong"),
            new PartnerMembershipCancelledV1(partnerId, April, "Moved away"),
            new PartnerRejoinedV1(partnerId, PartnerTier.Small, 40, new DateOnly(2026, 6, 1), null));

        var events = await ReadAsync(partnerId);

        events[1].ShouldBe(new PartnerTierChanged(partnerId, RegionId, PartnerTier.Standard, 60, March, null));
        events[2].ShouldBe(new PartnerTierCorrected(partnerId, RegionId, PartnerTier.Small, 40, March, null, "Counted wrong"));
        events[3].ShouldBe(new PartnerMembershipCancelled(partnerId, RegionId, April, "Moved away"));
        events[4].ShouldBe(new PartnerRejoined(partnerId, RegionId, PartnerTier.Small, 40, new DateOnly(2026, 6, 1), null));
        await using var session = _store.QuerySession();
        (await session.Events.AggregateStreamAsync<Partner>(partnerId)).ShouldNotBeNull().RegionId.ShouldBe(RegionId);
    }

    [Fact]
    public async Task A_municipalitys_v1_changes_read_with_the_region_it_joined()
    {
        var municipalityId = Guid.NewGuid();
        await StoreAsV1Async(municipalityId,
            new MunicipalityJoined(municipalityId, "3403", "Hamar", RegionId, 32_000, 2025, new DateOnly(2026, 1, 1), LicencePayer.Municipality),
            new MunicipalityPopulationUpdatedV1(municipalityId, 33_000, 2026, March),
            new MunicipalityPopulationCorrectedV1(municipalityId, 32_500, 2026, March, "Counted twice"),
            new MunicipalityPayerChangedV1(municipalityId, LicencePayer.RegionalCouncil, March),
            new MunicipalityPayerCorrectedV1(municipalityId, LicencePayer.Municipality, March, "Council declined"),
            new MunicipalityLeftV1(municipalityId, April, "Budget"),
            new MunicipalityRejoinedV1(municipalityId, new DateOnly(2026, 9, 1)));

        var events = await ReadAsync(municipalityId);

        events[1].ShouldBe(new MunicipalityPopulationUpdated(municipalityId, RegionId, 33_000, 2026, March));
        events[2].ShouldBe(new MunicipalityPopulationCorrected(municipalityId, RegionId, 32_500, 2026, March, "Counted twice"));
        events[3].ShouldBe(new MunicipalityPayerChanged(municipalityId, RegionId, LicencePayer.RegionalCouncil, March));
        events[4].ShouldBe(new MunicipalityPayerCorrected(municipalityId, RegionId, LicencePayer.Municipality, March, "Council declined"));
        events[5].ShouldBe(new MunicipalityLeft(municipalityId, RegionId, April, "Budget"));
        events[6].ShouldBe(new MunicipalityRejoined(municipalityId, RegionId, new DateOnly(2026, 9, 1)));
    }

    [Fact]
    public async Task A_hires_v1_events_read_with_the_partner_and_region_it_was_recorded_with()
    {
        var (cancelledHire, endedHire, partnerId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var fee = new Money(20_000m, "NOK");
        await StoreAsV1Async(cancelledHire, Recorded(cancelledHire, partnerId, March), new HireCancelledV1(cancelledHire, April, "Probation", fee));
        await StoreAsV1Async(endedHire, Recorded(endedHire, partnerId, March),
            new AccompanyingPartnerEmployedV1(endedHire, April, null, "Teacher"), new EmploymentEndedV1(endedHire, new DateOnly(2026, 9, 30), true, "Moved"));

        (await ReadAsync(cancelledHire))[1].ShouldBe(new HireCancelled(cancelledHire, partnerId, RegionId, March, null, April, "Probation", fee));
        var ended = await ReadAsync(endedHire);
        ended[1].ShouldBe(new AccompanyingPartnerEmployed(endedHire, partnerId, RegionId, March, null, April, null, "Teacher"));
        ended[2].ShouldBe(new EmploymentEnded(endedHire, partnerId, RegionId, March, null, new DateOnly(2026, 9, 30), true, "Moved"));
    }

    [Fact]
    public async Task A_v1_hire_reads_with_an_unknown_plus_one_and_the_municipality_its_vacancy_stated_when_hired()
    {
        var (vacancyId, partnerId, withVacancy, without) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await StoreAsV1Async(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, partnerId, RegionId, Details with { MunicipalityNumber = "3411" }, Posted),
            new VacancyUpdatedV1(vacancyId, Details with { MunicipalityNumber = "3405" }, Posted.AddDays(1)));
        var recorded = Recorded(withVacancy, partnerId, March, vacancyId);
        await StoreAsV1Async(withVacancy, recorded, new HireCancelledV1(withVacancy, April, "Probation", recorded.Fee));
        // Moved after the hire: the job the hire was recorded for was in 3405 still.
        await AppendAsV1Async(vacancyId, new VacancyUpdatedV1(vacancyId, Details with { MunicipalityNumber = "3403" }, Posted.AddDays(20)));
        var unplaced = Recorded(without, partnerId, March);
        await StoreAsV1Async(without, unplaced);

        var events = await ReadAsync(withVacancy);
        // The competence areas are a list, compared by reference in a record: the rest of the event is compared whole.
        var hire = events[0].ShouldBeOfType<HireRecorded>();
        hire.CompetenceAreas.ShouldBe(recorded.CompetenceAreas);
        hire.ShouldBe(Upcast(recorded with { CompetenceAreas = hire.CompetenceAreas }, hasAccompanyingPartner: null, "3405"));
        events[1].ShouldBe(new HireCancelled(withVacancy, partnerId, RegionId, March, "3405", April, "Probation", recorded.Fee));
        var unknown = (await ReadAsync(without))[0].ShouldBeOfType<HireRecorded>();
        unknown.ShouldBe(Upcast(unplaced with { CompetenceAreas = unknown.CompetenceAreas }, hasAccompanyingPartner: null, workplace: null));
    }

    [Fact]
    public async Task A_hires_v2_events_read_with_the_start_and_workplace_it_was_recorded_with()
    {
        var (cancelledHire, endedHire, partnerId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var fee = new Money(20_000m, "NOK");
        await StoreAsV1Async(cancelledHire, RecordedV2(cancelledHire, partnerId, March, "3403"),
            new HireCancelledV2(cancelledHire, partnerId, RegionId, April, "Probation", fee));
        await StoreAsV1Async(endedHire, RecordedV2(endedHire, partnerId, March, null),
            new AccompanyingPartnerEmployedV2(endedHire, partnerId, RegionId, April, null, "Teacher"),
            new EmploymentEndedV2(endedHire, partnerId, RegionId, new DateOnly(2026, 9, 30), false, "Moved on"));

        (await ReadAsync(cancelledHire))[1].ShouldBe(new HireCancelled(cancelledHire, partnerId, RegionId, March, "3403", April, "Probation", fee));
        var ended = await ReadAsync(endedHire);
        ended[1].ShouldBe(new AccompanyingPartnerEmployed(endedHire, partnerId, RegionId, March, null, April, null, "Teacher"));
        ended[2].ShouldBe(new EmploymentEnded(endedHire, partnerId, RegionId, March, null, new DateOnly(2026, 9, 30), false, "Moved on"));
    }

    [Fact]
    public async Task The_talents_erasure_masks_the_free_text_of_v1_events_in_their_own_rows_and_keeps_their_facts()
    {
        var (cancelledHire, endedHire, partnerId, candidacy) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var fee = new Money(20_000m, "NOK");
        await StoreAsV1Async(cancelledHire, Recorded(cancelledHire, partnerId, March), new HireCancelledV1(cancelledHire, April, "Kari failed probation", fee));
        await StoreAsV1Async(endedHire, Recorded(endedHire, partnerId, March),
            new AccompanyingPartnerEmployedV1(endedHire, April, null, "Married to Kari"), new EmploymentEndedV1(endedHire, new DateOnly(2026, 9, 30), true, "Kari moved"));
        await StoreAsV1Async(candidacy, new CandidateIntroduced(candidacy, Guid.NewGuid(), Guid.NewGuid(), EmployerKind.Partner, partnerId, Posted),
            new CandidateRejectedV1(candidacy, "Kari did not show up", Posted.AddDays(2)));

        await _store.Advanced.ApplyEventDataMasking(masking =>
        {
            foreach (var stream in new[] { cancelledHire, endedHire, candidacy }) masking.IncludeStream(stream);
        });

        (await ReadAsync(cancelledHire))[1].ShouldBe(new HireCancelled(cancelledHire, partnerId, RegionId, March, null, April, ErasedText.Value, fee));
        var ended = await ReadAsync(endedHire);
        ended[1].ShouldBe(new AccompanyingPartnerEmployed(endedHire, partnerId, RegionId, March, null, April, null, ErasedText.Value));
        ended[2].ShouldBe(new EmploymentEnded(endedHire, partnerId, RegionId, March, null, new DateOnly(2026, 9, 30), true, ErasedText.Value));
        (await ReadAsync(candidacy))[1].ShouldBe(new CandidateRejected(candidacy, EmployerKind.Partner, partnerId, ErasedText.Value, Posted.AddDays(2)));

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand(
            $"select type, data::text from {DatabaseConfiguration.SchemaName}.mt_events where stream_id = any(@ids) and version > 1", connection);
        rows.Parameters.AddWithValue("ids", new[] { cancelledHire, endedHire, candidacy });
        await using var reader = await rows.ExecuteReaderAsync();
        var stored = new List<(string Type, string Data)>();
        while (await reader.ReadAsync()) stored.Add((reader.GetString(0), reader.GetString(1)));
        stored.Select(row => row.Type).ShouldBe(["hire_cancelled.v1", "accompanying_partner_employed.v1", "employment_ended.v1", "candidate_rejected.v1"], ignoreOrder: true);
        stored.ShouldAllBe(row => !row.Data.Contains("Kari"));
    }

    [Fact]
    public async Task The_talents_erasure_masks_the_free_text_of_v2_hire_events_in_their_own_rows_and_keeps_their_start_and_workplace()
    {
        var (hireId, partnerId) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsV1Async(hireId, RecordedV2(hireId, partnerId, March, "3403"),
            new AccompanyingPartnerEmployedV2(hireId, partnerId, RegionId, April, null, "Married to Kari"),
            new EmploymentEndedV2(hireId, partnerId, RegionId, new DateOnly(2026, 9, 30), true, "Kari moved"));

        await _store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(hireId));

        var events = await ReadAsync(hireId);
        events[1].ShouldBe(new AccompanyingPartnerEmployed(hireId, partnerId, RegionId, March, "3403", April, null, ErasedText.Value));
        events[2].ShouldBe(new EmploymentEnded(hireId, partnerId, RegionId, March, "3403", new DateOnly(2026, 9, 30), true, ErasedText.Value));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand(
            $"select type, data::text from {DatabaseConfiguration.SchemaName}.mt_events where stream_id = @id and version > 1 order by version", connection);
        rows.Parameters.AddWithValue("id", hireId);
        await using var reader = await rows.ExecuteReaderAsync();
        var stored = new List<(string Type, string Data)>();
        while (await reader.ReadAsync()) stored.Add((reader.GetString(0), reader.GetString(1)));
        stored.Select(row => row.Type).ShouldBe(["accompanying_partner_employed.v2", "employment_ended.v2"]);
        stored.ShouldAllBe(row => !row.Data.Contains("Kari"));
    }

    private static readonly DateTimeOffset Posted = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly VacancyDetails Details = new("Site engineer", "Builds things", "Engineering", "3403", 2, April, ["en"]);

    [Fact]
    public async Task A_vacancys_and_a_candidacys_v1_events_read_with_the_employer_they_were_posted_and_introduced_with()
    {
        var (vacancyId, partnerId, talentId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (moved, rejected) = (Candidacy.IdFor(vacancyId, talentId), Candidacy.IdFor(vacancyId, Guid.NewGuid()));
        await StoreAsV1Async(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, partnerId, RegionId, Details, Posted),
            new VacancyUpdatedV1(vacancyId, Details with { Positions = 3 }, Posted.AddDays(1)), new VacancyClosedV1(vacancyId, VacancyClosure.Filled, Posted.AddDays(9)));
        await StoreAsV1Async(moved, new CandidateIntroduced(moved, vacancyId, talentId, EmployerKind.Partner, partnerId, Posted),
            new CandidateMovedToStageV1(moved, CandidateStage.Interview, Posted.AddDays(2)));
        await StoreAsV1Async(rejected, new CandidateIntroduced(rejected, vacancyId, Guid.NewGuid(), EmployerKind.Partner, partnerId, Posted),
            new CandidateRejectedV1(rejected, "Another profile", Posted.AddDays(2)));

        var vacancy = await ReadAsync(vacancyId);
        // Details hold a list, compared by reference in a record: the rest of the event is compared whole.
        var updated = vacancy[1].ShouldBeOfType<VacancyUpdated>();
        updated.Details.Positions.ShouldBe(3);
        updated.ShouldBe(new VacancyUpdated(vacancyId, EmployerKind.Partner, partnerId, updated.Details, Posted.AddDays(1)));
        vacancy[2].ShouldBe(new VacancyClosed(vacancyId, EmployerKind.Partner, partnerId, VacancyClosure.Filled, Posted.AddDays(9)));
        (await ReadAsync(moved))[1].ShouldBe(new CandidateMovedToStage(moved, EmployerKind.Partner, partnerId, CandidateStage.Interview, Posted.AddDays(2)));
        (await ReadAsync(rejected))[1].ShouldBe(new CandidateRejected(rejected, EmployerKind.Partner, partnerId, "Another profile", Posted.AddDays(2)));
    }

    [Fact]
    public async Task The_partner_dashboard_rebuilt_by_the_daemon_closes_a_v1_closed_vacancy_and_moves_a_v1_moved_candidate_of_its_partner()
    {
        var (closedId, openId, partnerId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var candidacy = Candidacy.IdFor(openId, Guid.NewGuid());
        await StoreAsV1Async(closedId, new VacancyPosted(closedId, EmployerKind.Partner, partnerId, RegionId, Details, Posted),
            new VacancyClosedV1(closedId, VacancyClosure.Withdrawn, Posted.AddDays(9)));
        await StoreAsV1Async(openId, new VacancyPosted(openId, EmployerKind.Partner, partnerId, RegionId, Details, Posted));
        await StoreAsV1Async(candidacy, new CandidateIntroduced(candidacy, openId, Guid.NewGuid(), EmployerKind.Partner, partnerId, Posted),
            new CandidateMovedToStageV1(candidacy, CandidateStage.Offer, Posted.AddDays(2)));

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<PartnerDashboardCountsProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        await using var session = _store.QuerySession();
        var dashboard = (await session.LoadAsync<PartnerDashboardCounts>(partnerId)).ShouldNotBeNull();
        dashboard.OpenVacancies.Keys.ShouldBe([openId]);
        dashboard.OpenVacancies[openId].ShouldBe([0, 0, 0, 1, 0]); // one candidacy, at Offer (the stage index)
        dashboard.CandidatesAt(CandidateStage.Offer).ShouldBe(1);
    }

    [Fact]
    public async Task The_regions_members_rebuilt_by_the_daemon_end_and_restart_memberships_from_v1_cancellations_leavings_and_rejoins()
    {
        var (partnerId, municipalityId) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsV1Async(partnerId,
            new PartnerJoined(partnerId, RegionId, "Nammo", "976727238", 30, PartnerTier.Small, new DateOnly(2025, 1, 1), null),
            new PartnerMembershipCancelledV1(partnerId, new DateOnly(2026, 2, 1), "Pause"),
            new PartnerRejoinedV1(partnerId, PartnerTier.Small, 30, new DateOnly(2026, 5, 1), null));
        await StoreAsV1Async(municipalityId,
            new MunicipalityJoined(municipalityId, "3403", "Hamar", RegionId, 32_000, 2025, new DateOnly(2025, 1, 1), LicencePayer.Municipality),
            new MunicipalityLeftV1(municipalityId, new DateOnly(2026, 3, 1), "Budget"),
            new MunicipalityRejoinedV1(municipalityId, new DateOnly(2026, 4, 1)));

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<RegionMembersProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        await using var session = _store.QuerySession();
        var members = (await session.LoadAsync<RegionMembers>(RegionId)).ShouldNotBeNull().Members;
        members.Select(m => (m.MemberId, m.Kind)).ShouldBe([(partnerId, MemberKind.Partner), (municipalityId, MemberKind.Municipality)]);
        members[0].Terms.ShouldBe([new Term(new DateOnly(2025, 1, 1), new DateOnly(2026, 2, 1)), new Term(new DateOnly(2026, 5, 1), null)]);
        members[1].Terms.ShouldBe([new Term(new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 1)), new Term(new DateOnly(2026, 4, 1), null)]);
    }

    [Fact]
    public async Task The_municipality_hires_rebuilt_by_the_daemon_place_a_v1_hire_where_its_vacancy_was_with_an_unknown_plus_one()
    {
        var (vacancyId, partnerId, placed, unplaced) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await StoreAsV1Async(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, partnerId, RegionId, Details with { MunicipalityNumber = "3405" }, Posted));
        await StoreAsV1Async(placed, Recorded(placed, partnerId, March, vacancyId),
            new AccompanyingPartnerEmployedV1(placed, April, null, "Teacher"), new EmploymentEndedV1(placed, new DateOnly(2026, 9, 30), true, "Moved"));
        await StoreAsV1Async(unplaced, Recorded(unplaced, partnerId, March));

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<MunicipalityHireCountsProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        // The hire without a vacancy named no workplace: located nowhere, it made no document.
        await using var session = _store.QuerySession();
        var loten = (await session.Query<MunicipalityHireCounts>().ToListAsync()).ShouldHaveSingleItem();
        loten.Id.ShouldBe(MunicipalityHireCounts.IdFor(RegionId, "3405"));
        var expected = MunicipalityHireCounts.Of(RegionId, "3405",
            [new MunicipalityHireFact(March, March, HireClassification.External, null, null, new DateOnly(2026, 9, 30), April)]);
        CountsJson.Of(_store, loten).ShouldBe(CountsJson.Of(_store, expected));
    }

    [Fact]
    public async Task The_async_projection_counts_a_v1_cancellation_in_its_hires_region_when_rebuilt_by_the_daemon_and_every_projection_by_the_command_line()
    {
        var (hireId, partnerId) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsV1Async(hireId, Recorded(hireId, partnerId, March), new HireCancelledV1(hireId, April, "Probation", new Money(20_000m, "NOK")));
        var expected = new[]
        {
            RegionHiresPerMonth.Empty(RegionId, March) with { Recorded = 1, External = 1 },
            RegionHiresPerMonth.Empty(RegionId, April) with { Cancelled = 1 },
        };

        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<RegionHiresPerMonthProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        (await MonthsAsync()).ShouldBe(expected);

        await using (var session = _store.LightweightSession())
        {
            session.DeleteWhere<RegionHiresPerMonth>(x => x.RegionId == RegionId);
            await session.SaveChangesAsync();
        }
        var (exitCode, output, errors) = await ServiceProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__TalentPool"] = _connectionString,
                ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            }, "projections", "rebuild");
        exitCode.ShouldBe(0, $"{output}\n{errors}");
        output.ShouldContain($"Finished rebuilding {RegionHiresPerMonthProjection.ProjectionName}");
        (await MonthsAsync()).ShouldBe(expected);
        // Every projection was rebuilt, the inline hire snapshot too: the old store never wrote it, v1 events built it now.
        await using var query = _store.QuerySession();
        (await query.LoadAsync<Hire>(hireId)).ShouldNotBeNull().Status.ShouldBe(HireStatus.Cancelled);
    }

    private async Task<IReadOnlyList<RegionHiresPerMonth>> MonthsAsync()
    {
        await using var session = _store.QuerySession();
        return await session.Query<RegionHiresPerMonth>().Where(x => x.RegionId == RegionId).OrderBy(x => x.Month).ToListAsync();
    }
}
