using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Reporting;

namespace Ledger.Tests.Reporting;

[TestClass]
public sealed partial class FormatterTests
{
    private static readonly ToolInfo Tool = new("ledger", "1.2.3", new Uri("https://example.org/ledger"),
        new Uri("https://example.org/ledger/blob/main/docs/lint-rules.md"));

    /// <summary>The same findings for every format: one per severity, with characters each format must escape.</summary>
    private static readonly Diagnostic[] Findings =
    [
        RuleCatalog.InvalidVersion.Create(new SourceLocation("MIGRATIONS.md", 18, 4), "invalid version: '1.0.0.1' is not a version"),
        RuleCatalog.DestructiveStatement.Create(new SourceLocation("MIGRATIONS.md", 40, 1), "DROP TABLE users: 100% gone,\nreally"),
        RuleCatalog.PlaceholderTag.Create(new SourceLocation(@"db\MIGRATIONS,v2:x.md", 7, 12), "example tag"),
    ];

    private static string Render(IDiagnosticFormatter formatter)
    {
        var writer = new StringWriter { NewLine = "\n" };
        formatter.Write(writer, Findings);
        return writer.ToString();
    }

    [TestMethod]
    public void TextIsOneCompilerStyleLinePerFinding()
    {
        string[] lines = Render(new TextFormatter()).TrimEnd('\n').Split('\n');

        Assert.HasCount(3, lines);
        Assert.AreEqual("MIGRATIONS.md:18:4: error LDG003: invalid version: '1.0.0.1' is not a version", lines[0]);
        Assert.AreEqual("MIGRATIONS.md:40:1: warning LDG020: DROP TABLE users: 100% gone, really", lines[1]);
        Assert.StartsWith(@"db\MIGRATIONS,v2:x.md:7:12: info LDG005:", lines[2]);
    }

    [TestMethod]
    public void JsonIsAnArrayOfFindingsWithEveryField()
    {
        using JsonDocument json = JsonDocument.Parse(Render(new JsonFormatter()));

        Assert.AreEqual(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.AreEqual(3, json.RootElement.GetArrayLength());
        JsonElement first = json.RootElement[0];
        Assert.AreEqual("LDG003", first.GetProperty("code").GetString());
        Assert.AreEqual("error", first.GetProperty("severity").GetString());
        Assert.AreEqual("invalid version: '1.0.0.1' is not a version", first.GetProperty("message").GetString());
        Assert.AreEqual("MIGRATIONS.md", first.GetProperty("path").GetString());
        Assert.AreEqual(18, first.GetProperty("line").GetInt32());
        Assert.AreEqual(4, first.GetProperty("column").GetInt32());
        Assert.AreEqual("DROP TABLE users: 100% gone,\nreally", json.RootElement[1].GetProperty("message").GetString());
        Assert.AreEqual("warning", json.RootElement[1].GetProperty("severity").GetString());
        Assert.AreEqual("info", json.RootElement[2].GetProperty("severity").GetString());
        Assert.AreEqual("db/MIGRATIONS,v2:x.md", json.RootElement[2].GetProperty("path").GetString());
    }

    [TestMethod]
    public void GitHubPrintsOneWorkflowCommandPerFinding()
    {
        string[] lines = Render(new GitHubFormatter()).TrimEnd('\n').Split('\n');

        Assert.HasCount(3, lines);
        foreach (string line in lines)
        {
            Assert.MatchesRegex(WorkflowCommand(), line);
        }

        Assert.AreEqual("::error file=MIGRATIONS.md,line=18,col=4,title=LDG003::invalid version: '1.0.0.1' is not a version", lines[0]);
        Assert.AreEqual("::warning file=MIGRATIONS.md,line=40,col=1,title=LDG020::DROP TABLE users: 100%25 gone,%0Areally", lines[1]);
        Assert.AreEqual("::notice file=db/MIGRATIONS%2Cv2%3Ax.md,line=7,col=12,title=LDG005::example tag", lines[2]);
    }

    [TestMethod]
    [DataRow("a%b", "a%25b")]
    [DataRow("a\r\nb", "a%0D%0Ab")]
    [DataRow("a:b,c", "a:b,c")]
    public void GitHubDataEscapesPercentAndLineBreaksOnly(string value, string escaped) =>
        Assert.AreEqual(escaped, GitHubFormatter.EscapeData(value));

    [TestMethod]
    [DataRow("a:b,c", "a%3Ab%2Cc")]
    [DataRow("50%\n", "50%25%0A")]
    public void GitHubPropertiesAlsoEscapeColonAndComma(string value, string escaped) =>
        Assert.AreEqual(escaped, GitHubFormatter.EscapeProperty(value));

    [TestMethod]
    public void SarifLeavesOutLinksTheBuildDoesNotKnow()
    {
        var withoutHome = new ToolInfo("ledger", "1.2.3", null, null);
        using JsonDocument sarif = JsonDocument.Parse(Render(new SarifFormatter(withoutHome)));
        JsonElement driver = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");

        Assert.IsFalse(driver.TryGetProperty("informationUri", out _));
        Assert.IsFalse(driver.GetProperty("rules")[0].TryGetProperty("helpUri", out _));
        StringAssert.Contains(driver.GetProperty("rules")[0].GetProperty("help").GetProperty("text").GetString(), "docs/lint-rules.md");
    }

    [TestMethod]
    public void SarifIsVersion210WithEveryRuleAndTheResults()
    {
        using JsonDocument sarif = JsonDocument.Parse(Render(new SarifFormatter(Tool)));
        JsonElement root = sarif.RootElement;

        Assert.AreEqual("2.1.0", root.GetProperty("version").GetString());
        Assert.AreEqual(SarifFormatter.SchemaUri, root.GetProperty("$schema").GetString());
        JsonElement run = root.GetProperty("runs")[0];
        JsonElement driver = run.GetProperty("tool").GetProperty("driver");
        Assert.AreEqual("ledger", driver.GetProperty("name").GetString());
        Assert.AreEqual("1.2.3", driver.GetProperty("semanticVersion").GetString());
        Assert.AreEqual("https://example.org/ledger", driver.GetProperty("informationUri").GetString());

        JsonElement rules = driver.GetProperty("rules");
        Assert.AreEqual(RuleCatalog.All.Count, rules.GetArrayLength());
        for (int i = 0; i < RuleCatalog.All.Count; i++)
        {
            DiagnosticDescriptor d = RuleCatalog.All[i];
            JsonElement rule = rules[i];
            Assert.AreEqual(d.Code, rule.GetProperty("id").GetString());
            Assert.AreEqual(d.Name, rule.GetProperty("name").GetString());
            Assert.AreEqual(d.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.IsFalse(string.IsNullOrEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.AreEqual($"https://example.org/ledger/blob/main/docs/lint-rules.md#{d.Code.ToLowerInvariant()}", rule.GetProperty("helpUri").GetString());
            string expectedLevel = d.DefaultSeverity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };
            Assert.AreEqual(expectedLevel, rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        }

        JsonElement results = run.GetProperty("results");
        Assert.AreEqual(3, results.GetArrayLength());
        string[] levels = ["error", "warning", "note"];
        for (int i = 0; i < 3; i++)
        {
            JsonElement result = results[i];
            Assert.AreEqual(Findings[i].Code, result.GetProperty("ruleId").GetString());
            int ruleIndex = result.GetProperty("ruleIndex").GetInt32();
            Assert.AreEqual(Findings[i].Code, rules[ruleIndex].GetProperty("id").GetString());
            Assert.AreEqual(levels[i], result.GetProperty("level").GetString());
            Assert.AreEqual(Findings[i].Message, result.GetProperty("message").GetProperty("text").GetString());
            JsonElement location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.AreEqual(Findings[i].Location.Line, location.GetProperty("region").GetProperty("startLine").GetInt32());
            Assert.AreEqual(Findings[i].Location.Column, location.GetProperty("region").GetProperty("startColumn").GetInt32());
        }

        Assert.AreEqual("MIGRATIONS.md", results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.AreEqual("db/MIGRATIONS%2Cv2%3Ax.md", results[2].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [TestMethod]
    [DataRow("text", typeof(TextFormatter))]
    [DataRow("JSON", typeof(JsonFormatter))]
    [DataRow("github", typeof(GitHubFormatter))]
    [DataRow("sarif", typeof(SarifFormatter))]
    public void FormatsAreFoundByName(string name, Type type) =>
        Assert.IsInstanceOfType(DiagnosticFormatters.Create(name, Tool), type);

    [TestMethod]
    public void AnUnknownFormatIsNull() => Assert.IsNull(DiagnosticFormatters.Create("xml", Tool));

    [TestMethod]
    public void SummaryCountsEachSeverity()
    {
        Assert.AreEqual("1 error, 1 warning, 1 info in 1 file", DiagnosticSummary.Describe(Findings, 1));
        Assert.AreEqual("0 errors, 0 warnings, 0 infos in 2 files", DiagnosticSummary.Describe([], 2));
    }

    [GeneratedRegex(@"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=LDG\d{3}::[^\r\n]*$")]
    private static partial Regex WorkflowCommand();
}
