using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Vacancies;

namespace TalentPool.Metrics;

/// <summary>
/// One of a partner's own hires as dated facts, with no talent named: the shape a hire takes in the partner's counts
/// (<see cref="PartnerDashboardCounts.Count(PartnerHireFact)"/>). <c>DaysToHire</c> is set when the hire names a vacancy the
/// partner posted. <c>LeftRegionOn</c> is the end of an employment after which the talent left the region.
/// </summary>
public sealed record PartnerHireFact(
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Money Fee,
    int? DaysToHire,
    DateOnly? CancelledOn = null,
    Money? CreditedFee = null,
    DateOnly? LeftRegionOn = null);

/// <summary>
/// A partner's dashboard as counts, so that a read costs the same whatever the partner's history: its open vacancies,
/// each with its candidacies not rejected counted per stage (the current pipeline, which closing a vacancy empties: bounded
/// by the open vacancies, not by their candidacies), and its hires counted by the days the figures ask about — hire date,
/// start date, cancellation, departure from the region, days from posting to hire, fees and credits — and the hire dates of
/// its employees whom another member hired. Every count is keyed by months (each holding its days' counts in one array:
/// <see cref="DaysByMonth{T}"/>, <see cref="FewDaysByMonth"/>), days to hire and retention marks, never by hire or by day, so
/// the document is bounded by the months its history spans; every day's count is kept, so "as of any day" reads as before
/// and still sees a hire cancelled later as it stood then (<see cref="MonthlyDatedCounts{TDays}"/>). No personal data, no
/// talent, hire or other member named: erasing a talent changes nothing here.
/// </summary>
public sealed class PartnerDashboardCounts : CountsDocument
{
    public Guid Id { get; set; }

    /// <summary>
    /// The open vacancies, each with how many of its candidacies, not rejected, are at each stage (index: the
    /// <see cref="CandidateStage"/>): a stage move or rejection knows the stage it leaves from the candidacy's own stream
    /// (<see cref="CandidacyFactContext"/>), so no candidacy is kept here.
    /// </summary>
    public Dictionary<Guid, int[]> OpenVacancies { get; set; } = [];

    /// <summary>Candidacies of the open vacancies, not rejected, at this stage.</summary>
    public int CandidatesAt(CandidateStage stage) =>
        OpenVacancies.Values.Sum(stages => (int)stage < stages.Length ? stages[(int)stage] : 0);

    /// <summary>Hires by hire date, withdrawn on cancellation.</summary>
    public MonthlyDatedCounts<DaysByMonth<int>> Hired { get; set; } = new();

    /// <summary>Internal hires (of another member's employees) by hire date, withdrawn on cancellation.</summary>
    public MonthlyDatedCounts<DaysByMonth<int>> InternalHired { get; set; } = new();

    /// <summary>Hires by start date, withdrawn on cancellation: the placements retention reads.</summary>
    public MonthlyDatedCounts<DaysByMonth<int>> Started { get; set; } = new();

    /// <summary>
    /// For each retention mark (<see cref="PartnerDashboardFigures.RetentionMonths"/>), the hires whose talent left the region
    /// on or before start + that many months, by start date (a cancelled hire never ends). Whether a departure is within a
    /// mark does not depend on the day asked about, so only the start day is kept. A new mark needs a rebuild.
    /// </summary>
    public Dictionary<int, DaysByMonth<int>> LeftRegionWithin { get; set; } = [];

    /// <summary>Hires of the partner's own vacancies, by days from posting to hire, then by hire date; withdrawn on cancellation.</summary>
    public Dictionary<int, MonthlyDatedCounts<FewDaysByMonth>> DaysToHire { get; set; } = [];

    /// <summary>Fees by currency and hire date (every hire's, as a statement bills it), and credits by currency and cancellation date.</summary>
    public Dictionary<string, DaysByMonth<decimal>> Fees { get; set; } = [];

    public Dictionary<string, DaysByMonth<decimal>> Credits { get; set; } = [];

    /// <summary>The hire dates of the partner's employees whom another member hired.</summary>
    public DaysByMonth<int> EmployeesHiredAway { get; set; } = new();

    public static PartnerDashboardCounts Empty(Guid partnerId) => new() { Id = partnerId };

    /// <summary>The counts of these hires, each as <see cref="Count(PartnerHireFact)"/> counts it.</summary>
    public static PartnerDashboardCounts Of(Guid partnerId, IEnumerable<PartnerHireFact> hires, IEnumerable<DateOnly>? employeesHiredAwayOn = null)
    {
        var counts = Empty(partnerId);
        foreach (var hire in hires) counts.Count(hire);
        foreach (var day in employeesHiredAwayOn ?? []) counts.HiredAway(day);
        return counts;
    }

    /// <summary>One hire with all that happened to it, as the projection counts its events one by one.</summary>
    public void Count(PartnerHireFact hire)
    {
        Record(hire.HiredOn, hire.StartsOn, hire.Classification, hire.Fee, hire.DaysToHire);
        if (hire.CancelledOn is { } cancelledOn) Cancel(hire.HiredOn, hire.StartsOn, hire.Classification, hire.DaysToHire, cancelledOn, hire.CreditedFee!);
        if (hire.LeftRegionOn is { } leftOn) Leave(hire.StartsOn, leftOn);
    }

    public void Record(DateOnly hiredOn, DateOnly startsOn, HireClassification classification, Money fee, int? daysToHire)
    {
        Hired.Add(hiredOn);
        if (classification == HireClassification.Internal) InternalHired.Add(hiredOn);
        Started.Add(startsOn);
        if (daysToHire is { } days)
        {
            if (!DaysToHire.TryGetValue(days, out var hired)) DaysToHire[days] = hired = new();
            hired.Add(hiredOn);
        }
        AddMoney(Fees, fee, hiredOn);
    }

    public void Cancel(DateOnly hiredOn, DateOnly startsOn, HireClassification classification, int? daysToHire, DateOnly cancelledOn, Money credited)
    {
        Hired.Withdraw(hiredOn, cancelledOn);
        if (classification == HireClassification.Internal) InternalHired.Withdraw(hiredOn, cancelledOn);
        Started.Withdraw(startsOn, cancelledOn);
        if (daysToHire is { } days) DaysToHire[days].Withdraw(hiredOn, cancelledOn);
        AddMoney(Credits, credited, cancelledOn);
    }

    public void Leave(DateOnly startsOn, DateOnly leftOn)
    {
        foreach (var months in PartnerDashboardFigures.RetentionMonths.Where(months => leftOn <= startsOn.AddMonths(months)))
        {
            if (!LeftRegionWithin.TryGetValue(months, out var starts)) LeftRegionWithin[months] = starts = new();
            starts.Add(startsOn, 1);
        }
    }

    public void HiredAway(DateOnly hiredOn) => EmployeesHiredAway.Add(hiredOn, 1);

    private static void AddMoney(Dictionary<string, DaysByMonth<decimal>> sums, Money amount, DateOnly day)
    {
        if (!sums.TryGetValue(amount.Currency, out var days)) sums[amount.Currency] = days = new();
        days.Add(day, amount.Amount);
    }

    private static readonly int Stages = Enum.GetValues<CandidateStage>().Length;

    public void Posted(VacancyPosted posted) => OpenVacancies.TryAdd(posted.VacancyId, new int[Stages]);

    // A closed vacancy's pipeline is over: its counts leave the document, which so holds open pipelines only.
    public void Closed(VacancyClosed closed) => OpenVacancies.Remove(closed.VacancyId);

    public void Introduced(CandidateIntroduced introduced) => Shift(introduced.VacancyId, from: null, to: CandidateStage.Introduced);

    /// <summary>A candidacy of an open vacancy, not rejected before, moves on (<paramref name="before"/>: as it stood just before).</summary>
    public void Moved(Candidacy before, CandidateStage to)
    {
        if (!before.Rejected) Shift(before.VacancyId, before.Stage, to);
    }

    public void Rejected(Candidacy before)
    {
        if (!before.Rejected) Shift(before.VacancyId, before.Stage, to: null);
    }

    // A candidacy of a vacancy no longer (or never) open here is in no pipeline: nothing to count.
    private void Shift(Guid vacancyId, CandidateStage? from, CandidateStage? to)
    {
        if (!OpenVacancies.TryGetValue(vacancyId, out var stages)) return;
        if (stages.Length < Stages) OpenVacancies[vacancyId] = stages = [.. stages, .. new int[Stages - stages.Length]];
        if (from is { } left) stages[(int)left]--;
        if (to is { } entered) stages[(int)entered]++;
    }
}

/// <summary>
/// Async, run by the daemon: it gathers events of many streams (the partner's vacancies and candidacies, its hires, and other
/// members' hires of its employees) into one document per partner, so inline it would make every hire of the partner, and
/// every hire away from it, contend for that row inside its commit. A dashboard may lag its writes by a moment: its answer
/// says how far it reflects, and a reader may wait for its own writes (ReadModelFreshness). A hire's later facts carry its
/// start date but not its hire date, classification or vacancy, and a candidacy's stage move or rejection not its vacancy or
/// the stage it leaves: each page of events looks those up in the hire's or candidacy's own stream
/// (<see cref="HireFactContext"/>, <see cref="CandidacyFactContext"/>) instead of the document keeping a list of hires or
/// candidacies.
/// </summary>
public sealed class PartnerDashboardCountsProjection : MultiStreamProjection<PartnerDashboardCounts, Guid>
{
    // V2: the pipeline as counts per open vacancy and stage (V1 kept every open candidacy); V3: month keys. Each version in a
    // table of its own (MetricsConfiguration): the daemon builds it from the first event, the older tables and progress rows
    // stay behind unused.
    public const string ProjectionName = "PartnerDashboardCountsV3";
    public const string DocumentAlias = "partnerdashboardcountsv3";

    public PartnerDashboardCountsProjection()
    {
        Name = ProjectionName;
        // A municipality's vacancy is no partner's: its employer id is grouped, and Evolve creates nothing for it (a
        // municipality's vacancy and candidacy events then find no document and change nothing).
        Identity<VacancyPosted>(e => e.EmployerId);
        Identity<VacancyClosed>(e => e.EmployerId);
        Identity<CandidateIntroduced>(e => e.EmployerId);
        Identity<CandidateMovedToStage>(e => e.EmployerId);
        Identity<CandidateRejected>(e => e.EmployerId);
        Identities<HireRecorded>(e => e.PreviousEmployerId is { } previous && previous != e.PartnerId ? [e.PartnerId, previous] : [e.PartnerId]);
        Identity<HireCancelled>(e => e.PartnerId);
        Identity<EmploymentEnded>(e => e.PartnerId);
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every event.
        IncludeType<VacancyPosted>();
        IncludeType<VacancyClosed>();
        IncludeType<CandidateIntroduced>();
        IncludeType<CandidateMovedToStage>();
        IncludeType<CandidateRejected>();
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
    }

    public override async Task EnrichEventsAsync(SliceGroup<PartnerDashboardCounts, Guid> group, IQuerySession querySession, CancellationToken cancellation)
    {
        await HireFactContext.EnrichAsync(group, querySession, cancellation);
        await CandidacyFactContext.EnrichAsync(group, querySession, cancellation);
    }

    public override async ValueTask<PartnerDashboardCounts?> EvolveAsync(
        PartnerDashboardCounts? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        var data = e.Data;
        if (data is VacancyPosted { EmployerKind: not EmployerKind.Partner }) return snapshot;
        // An employment ended inside the region changes no count: no lookup for it.
        if (data is EmploymentEnded { LeftRegion: false }) return snapshot;
        if (HireFactContext.IsHireFact(data)) data = await HireFactContext.OfAsync(e, session, cancellation);
        if (CandidacyFactContext.IsCandidacyFollowUp(data) && snapshot is not null) data = await CandidacyFactContext.OfAsync(e, session, cancellation);
        var creates = data is VacancyPosted or HireFactInContext { Fact: HireRecorded };
        var counts = snapshot ?? (creates ? PartnerDashboardCounts.Empty(id) : null);
        if (counts is null || !counts.Takes(e.Sequence)) return counts;

        switch (data)
        {
            case VacancyPosted posted: counts.Posted(posted); break;
            case VacancyClosed closed: counts.Closed(closed); break;
            case CandidateIntroduced introduced: counts.Introduced(introduced); break;
            case CandidacyFactInContext { Fact: CandidateMovedToStage moved, Before: var before }: counts.Moved(before, moved.Stage); break;
            case CandidacyFactInContext { Fact: CandidateRejected, Before: var before }: counts.Rejected(before); break;
            case HireFactInContext { Fact: HireRecorded recorded } when recorded.PartnerId != id: counts.HiredAway(recorded.HiredOn); break;
            case HireFactInContext { Fact: HireRecorded recorded } context:
                counts.Record(recorded.HiredOn, recorded.StartsOn, recorded.Classification, recorded.Fee, DaysToHire(context));
                break;
            case HireFactInContext { Fact: HireCancelled cancelled, Recorded: var recorded } context:
                counts.Cancel(recorded.HiredOn, recorded.StartsOn, recorded.Classification, DaysToHire(context), cancelled.CancelledOn, cancelled.CreditedFee);
                break;
            case HireFactInContext { Fact: EmploymentEnded { LeftRegion: true } ended, Recorded: var recorded }:
                counts.Leave(recorded.StartsOn, ended.EndedOn);
                break;
        }
        return counts;
    }

    private static int? DaysToHire(HireFactInContext context) =>
        context.OwnVacancyPostedOn is { } postedOn ? context.Recorded.HiredOn.DayNumber - postedOn.DayNumber : null;
}
