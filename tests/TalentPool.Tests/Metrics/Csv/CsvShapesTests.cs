using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics.Csv;

namespace TalentPool.Tests.Metrics.Csv;

/// <summary>The CSV a metric answer is written as: RFC 4180, safe to open in a spreadsheet, values as JSON writes them.</summary>
public sealed class CsvShapesTests
{
    private static readonly JsonSerializerOptions Options = StrictJsonOptions();

    private static JsonSerializerOptions StrictJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        StrictJson.Configure(options);
        return options;
    }

    private enum Stage { Introduced, Interview }

    private sealed record Month(string Name, int Hires, decimal? Rate, Money Fee, DateOnly FirstDay, bool Reached);

    private sealed record Item(Stage Stage, int Candidates);

    private sealed record Figures(DateOnly AsOf, int Open, decimal? Median, Money Fees, IReadOnlyList<Item> PerStage, IReadOnlyList<string> Areas);

    [Fact]
    public void A_table_has_a_header_row_and_CRLF_after_every_line()
    {
        var csv = new CsvTable(["a", "b"]).Add(CsvCell.Literal("1"), CsvCell.Text("x")).Add(CsvCell.Literal("2"), CsvCell.Empty).ToString();

        csv.ShouldBe("a,b\r\n1,x\r\n2,\r\n");
    }

    [Fact]
    public void A_field_with_a_comma_a_quote_or_a_line_break_is_quoted_and_its_quotes_doubled()
    {
        var csv = new CsvTable(["text"])
            .Add(CsvCell.Text("Welding, TIG")).Add(CsvCell.Text("the \"MIG\" kind")).Add(CsvCell.Text("two\r\nlines")).Add(CsvCell.Text("one\nline"))
            .ToString();

        csv.ShouldBe("text\r\n\"Welding, TIG\"\r\n\"the \"\"MIG\"\" kind\"\r\n\"two\r\nlines\"\r\n\"one\nline\"\r\n");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"\"http://x\"\")")]
    [InlineData("+47 400 00 000", "'+47 400 00 000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Nursing", "Nursing")]
    public void Text_a_spreadsheet_could_run_as_a_formula_is_prefixed_with_an_apostrophe(string text, string field)
    {
        var csv = new CsvTable(["text"]).Add(CsvCell.Text(text)).ToString();

        csv.ShouldBe($"text\r\n{(field.Contains('"') ? $"\"{field}\"" : field)}\r\n");
    }

    [Fact]
    public void A_negative_number_stays_a_number()
    {
        new CsvTable(["net"]).Add(CsvCell.Literal("-3")).ToString().ShouldBe("net\r\n-3\r\n");
    }

    [Fact]
    public void Rows_have_a_column_per_json_property_money_as_amount_and_currency_and_invariant_numbers_and_iso_dates()
    {
        var rows = new[]
        {
            new Month("=cmd", 2, 0.25m, new Money(1234.50m, "NOK"), new DateOnly(2026, 3, 1), false),
            new Month("2026-04", -1, null, new Money(-20000.00m, "SEK"), new DateOnly(2026, 4, 1), true),
        };

        var csv = CsvShapes.Rows(rows, Options).ToString();

        csv.ShouldBe(
            "name,hires,rate,fee.amount,fee.currency,firstDay,reached\r\n" +
            "'=cmd,2,0.25,1234.50,NOK,2026-03-01,false\r\n" +
            "2026-04,-1,,-20000.00,SEK,2026-04-01,true\r\n");
    }

    [Fact]
    public void Rows_of_an_empty_list_are_the_header_alone()
    {
        CsvShapes.Rows(Array.Empty<Month>(), Options).ToString().ShouldBe("name,hires,rate,fee.amount,fee.currency,firstDay,reached\r\n");
    }

    [Fact]
    public void Figures_are_one_value_a_row_named_by_their_json_path_with_list_items_told_apart_by_their_first_property()
    {
        var figures = new Figures(new DateOnly(2026, 11, 25), 2, null, new Money(60000.00m, "NOK"),
            [new Item(Stage.Introduced, 1), new Item(Stage.Interview, 0)], ["Welding, TIG", "=1+1"]);

        var csv = CsvShapes.Figures(figures, Options).ToString();

        csv.ShouldBe(
            "figure,breakdown,value,currency\r\n" +
            "asOf,,2026-11-25,\r\n" +
            "open,,2,\r\n" +
            "median,,,\r\n" +
            "fees,,60000.00,NOK\r\n" +
            "perStage.candidates,stage=Introduced,1,\r\n" +
            "perStage.candidates,stage=Interview,0,\r\n" +
            "areas,,\"Welding, TIG\",\r\n" +
            "areas,,'=1+1,\r\n");
    }

    private sealed record Cell(string Country, string CompetenceArea, int Count);

    private sealed record CohortMark(int Months, DateOnly KnownOn, int? StillInRegion);

    private sealed record Table(IReadOnlyList<Cell> Cells, IReadOnlyList<CohortMark> Marks);

    [Fact]
    public void An_item_named_by_text_is_named_by_every_text_property_right_after_the_first_so_each_count_says_which_cell_it_is()
    {
        var table = new Table([new Cell("IN", "Nursing", 2), new Cell("IN", "Welding", 1)], [new CohortMark(3, new DateOnly(2026, 6, 30), 4)]);

        var csv = CsvShapes.Figures(table, Options).ToString();

        // A number first names the item alone: a date after it is a figure.
        csv.ShouldBe(
            "figure,breakdown,value,currency\r\n" +
            "cells.count,country=IN; competenceArea=Nursing,2,\r\n" +
            "cells.count,country=IN; competenceArea=Welding,1,\r\n" +
            "marks.knownOn,months=3,2026-06-30,\r\n" +
            "marks.stillInRegion,months=3,4,\r\n");
    }

    [Theory]
    [InlineData(null, AnswerFormat.Json)]
    [InlineData("", AnswerFormat.Json)]
    [InlineData("*/*", AnswerFormat.Json)]
    [InlineData("application/json", AnswerFormat.Json)]
    [InlineData("application/*", AnswerFormat.Json)]
    [InlineData("text/csv", AnswerFormat.Csv)]
    [InlineData("TEXT/CSV; charset=utf-8", AnswerFormat.Csv)]
    [InlineData("text/*", AnswerFormat.Csv)]
    [InlineData("text/csv, application/json", AnswerFormat.Json)]
    [InlineData("text/csv, application/json;q=0.5", AnswerFormat.Csv)]
    [InlineData("text/csv;q=0.5, application/json;q=0.9", AnswerFormat.Json)]
    [InlineData("text/csv, */*;q=0.1", AnswerFormat.Csv)]
    [InlineData("text/csv;q=0, */*", AnswerFormat.Json)]
    [InlineData("application/json;q=0, */*", AnswerFormat.Csv)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", AnswerFormat.Json)]
    [InlineData("application/xml", AnswerFormat.Neither)]
    [InlineData("text/html", AnswerFormat.Neither)]
    [InlineData("application/problem+json", AnswerFormat.Neither)]
    [InlineData("application/json;q=0, text/csv;q=0", AnswerFormat.Neither)]
    public void The_accept_header_chooses_json_or_csv_or_neither(string? accept, AnswerFormat format)
    {
        var http = new DefaultHttpContext();
        if (accept is not null) http.Request.Headers.Accept = accept;

        ContentNegotiation.Choose(http.Request).ShouldBe(format);
    }
}
